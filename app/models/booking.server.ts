import { and, asc, count, eq, gt, lte, max, ne } from "drizzle-orm";
import {
  bookings,
  members,
  organisations,
  placeHolds,
  workshops,
  type Booking,
  type BookingStatus,
} from "../../drizzle/schema";
import { buildInvitation, type InvitationMethod } from "~/lib/calendar.server";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { emails, workshopFacts } from "~/lib/email/templates";
import { queueEmail } from "./outbox.server";

/** A booking that cannot be made, with the reason a person can act on. */
export class BookingError extends Error {}

type Member = { id: number; name: string; email: string; tier: number };

function memberById(db: Db, id: number) {
  return db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      tier: members.tier,
      status: members.status,
      organisationId: members.organisationId,
    })
    .from(members)
    .where(eq(members.id, id))
    .get();
}

/** Places taken: booked ones, and ones held for someone until the cut-off (models/succession.server.ts). */
function bookedCount(db: Db, workshopId: number) {
  const held = db
    .select({ n: count() })
    .from(placeHolds)
    .where(and(eq(placeHolds.workshopId, workshopId), eq(placeHolds.status, "held")))
    .get()!.n;
  return (
    held +
    db
      .select({ n: count() })
      .from(bookings)
      .where(and(eq(bookings.workshopId, workshopId), eq(bookings.status, "booked")))
      .get()!.n
  );
}

type Workshop = typeof workshops.$inferSelect;

/**
 * Queues one email about a booking; keyed by the booking's change, so each change is told once. With a
 * calendar method it carries the member's calendar entry for the workshop: an invitation or its cancellation.
 */
function notify(
  db: Db,
  kind: string,
  member: Member,
  booking: Booking,
  message: { subject: string; body: string },
  now: Date,
  calendar?: { workshop: Workshop; method: InvitationMethod },
) {
  queueEmail(
    {
      dedupeKey: `${kind}:${booking.id}:${booking.updatedAt.getTime()}`,
      memberId: member.id,
      to: member.email,
      ...message,
      kind,
      calendar: calendar
        ? buildInvitation({
            entry: { workshop: calendar.workshop, memberId: member.id, calendarSequence: booking.calendarSequence },
            attendee: member,
            method: calendar.method,
            now,
          })
        : undefined,
      now,
    },
    db,
  );
}

/**
 * Gives free places to the people waiting longest, and tells them. Runs inside
 * the transaction that freed the place, so two cancellations cannot promote
 * the same person or overfill the workshop.
 */
export function promoteWaiting({ workshopId, now = new Date() }: { workshopId: number; now?: Date }, db: Db = getDb()) {
  const workshop = db.select().from(workshops).where(eq(workshops.id, workshopId)).get();
  if (!workshop || workshop.status !== "scheduled" || workshop.startsAt <= now) return [];
  const promoted: number[] = [];
  let free = workshop.capacity - bookedCount(db, workshopId);
  while (free > 0) {
    const next = db
      .select()
      .from(bookings)
      .where(and(eq(bookings.workshopId, workshopId), eq(bookings.status, "waiting")))
      .orderBy(asc(bookings.waitingSince), asc(bookings.id))
      .limit(1)
      .get();
    if (!next) break;
    db.update(bookings)
      .set({ status: "booked", waitingSince: null, updatedAt: now })
      .where(eq(bookings.id, next.id))
      .run();
    const member = memberById(db, next.memberId)!;
    notify(
      db,
      "promoted",
      member,
      { ...next, updatedAt: now },
      emails.promoted(member.name, workshopFacts(workshop)),
      now,
      { workshop, method: "REQUEST" },
    );
    promoted.push(next.memberId);
    free -= 1;
  }
  return promoted;
}

/**
 * The time a new arrival joins the waiting list: never earlier than anyone
 * already queued, so queue order is the order transactions ran in, even when
 * requests read the clock before waiting for the lock.
 */
function nextQueuePosition(db: Db, workshopId: number, now: Date) {
  const last = db
    .select({ at: max(bookings.waitingSince) })
    .from(bookings)
    .where(eq(bookings.workshopId, workshopId))
    .get()?.at;
  return last && last.getTime() >= now.getTime() ? new Date(last.getTime() + 1) : now;
}

export type BookingResult = { status: BookingStatus; bookingId: number; alreadyHad: boolean };

/**
 * Books a place, or a place on the waiting list when full. One transaction
 * (BEGIN IMMEDIATE) counts and writes, so simultaneous requests cannot overbook.
 */
export function bookPlace(
  { workshopId, memberId, now = new Date() }: { workshopId: number; memberId: number; now?: Date },
  db: Db = getDb(),
): BookingResult {
  return inTransaction((tx) => {
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
    if (!workshop) throw new BookingError("We could not find that workshop.");
    if (workshop.status === "cancelled") throw new BookingError("This workshop has been cancelled.");
    if (workshop.startsAt <= now)
      throw new BookingError("This workshop has already started, so it can no longer be booked.");
    if (workshop.bookingClosesAt <= now) throw new BookingError("Booking for this workshop has closed.");
    const member = memberById(tx, memberId);
    if (!member || member.status !== "active") throw new BookingError("Your account is not active.");
    if (member.tier > workshop.audienceTier) {
      throw new BookingError(`This workshop is for Tier ${workshop.audienceTier} members of the network.`);
    }
    const existing = tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.workshopId, workshopId), eq(bookings.memberId, memberId)))
      .get();
    // A place held for this member becomes their booking: taken up before counting, so it is theirs.
    const tookHold =
      existing?.status !== "booked" &&
      tx
        .update(placeHolds)
        .set({ status: "taken", updatedAt: now })
        .where(
          and(eq(placeHolds.workshopId, workshopId), eq(placeHolds.memberId, memberId), eq(placeHolds.status, "held")),
        )
        .returning({ id: placeHolds.id })
        .all().length > 0;
    if (existing && (existing.status === "booked" || (existing.status === "waiting" && !tookHold))) {
      return { status: existing.status, bookingId: existing.id, alreadyHad: true };
    }
    const status: BookingStatus = bookedCount(tx, workshopId) < workshop.capacity ? "booked" : "waiting";
    const values = {
      status,
      waitingSince: status === "waiting" ? nextQueuePosition(tx, workshopId, now) : null,
      deputisingFor: null,
      updatedAt: now,
    };
    // Booking again after cancelling: the new invitation must outrank the cancellation the member was sent.
    const booking = existing
      ? tx
          .update(bookings)
          .set({ ...values, calendarSequence: existing.calendarSequence + 1 })
          .where(eq(bookings.id, existing.id))
          .returning()
          .get()
      : tx
          .insert(bookings)
          .values({ ...values, workshopId, memberId, createdAt: now })
          .returning()
          .get();
    const facts = workshopFacts(workshop);
    if (status === "booked") {
      notify(tx, status, member, booking, emails.booked(member.name, facts), now, { workshop, method: "REQUEST" });
    } else {
      notify(tx, status, member, booking, emails.waiting(member.name, facts), now);
    }
    return { status, bookingId: booking.id, alreadyHad: false };
  }, db);
}

/**
 * Cancels a booking or a waiting-list place; a freed place goes to the first person waiting. A member who
 * gives up a place is sent the cancellation of their calendar entry, with a higher SEQUENCE than their
 * invitation (a waiting-list place never had one).
 */
export function cancelBooking(
  { workshopId, memberId, now = new Date() }: { workshopId: number; memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const booking = tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.workshopId, workshopId), eq(bookings.memberId, memberId)))
      .get();
    if (!booking || (booking.status !== "booked" && booking.status !== "waiting")) {
      throw new BookingError("You do not have a booking for this workshop.");
    }
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get()!;
    if (workshop.startsAt <= now)
      throw new BookingError(
        "The workshop has started: it is too late to cancel. The coordinator will record apologies.",
      );
    const cancelled = tx
      .update(bookings)
      .set({ status: "cancelled", waitingSince: null, calendarSequence: booking.calendarSequence + 1, updatedAt: now })
      .where(eq(bookings.id, booking.id))
      .returning()
      .get();
    if (booking.status === "booked") {
      const member = memberById(tx, memberId)!;
      notify(
        tx,
        "booking-cancelled",
        member,
        cancelled,
        emails.bookingCancelled(member.name, workshopFacts(workshop)),
        now,
        { workshop, method: "CANCEL" },
      );
    }
    const promoted = booking.status === "booked" ? promoteWaiting({ workshopId, now }, tx) : [];
    return { promoted };
  }, db);
}

/**
 * A champion who cannot attend sends apologies, and is sent the cancellation
 * of their calendar entry. A deputy from their own organisation, if named,
 * takes their place; otherwise the place goes to the first person waiting.
 */
export function sendApologies(
  {
    workshopId,
    memberId,
    deputyId = null,
    now = new Date(),
  }: { workshopId: number; memberId: number; deputyId?: number | null; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const booking = tx
      .select()
      .from(bookings)
      .where(and(eq(bookings.workshopId, workshopId), eq(bookings.memberId, memberId)))
      .get();
    if (!booking || booking.status !== "booked")
      throw new BookingError("You can only send apologies for a place you have booked.");
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get()!;
    if (workshop.startsAt <= now)
      throw new BookingError("The workshop has started: the coordinator will record apologies.");
    const champion = memberById(tx, memberId)!;
    let deputy: ReturnType<typeof memberById>;
    if (deputyId !== null) {
      deputy = memberById(tx, deputyId);
      if (
        !deputy ||
        deputy.status !== "active" ||
        deputy.organisationId === null ||
        deputy.organisationId !== champion.organisationId ||
        deputy.id === memberId
      ) {
        throw new BookingError("Your deputy must be an active member of your own organisation.");
      }
      const theirs = tx
        .select()
        .from(bookings)
        .where(and(eq(bookings.workshopId, workshopId), eq(bookings.memberId, deputyId)))
        .get();
      if (theirs?.status === "booked") throw new BookingError(`${deputy.name} is already booked on this workshop.`);
    }
    const apologised = tx
      .update(bookings)
      .set({ status: "apologies", calendarSequence: booking.calendarSequence + 1, updatedAt: now })
      .where(eq(bookings.id, booking.id))
      .returning()
      .get();
    notify(
      tx,
      "apologies-sent",
      champion,
      apologised,
      emails.apologiesSent(champion.name, workshopFacts(workshop), deputy?.name ?? null),
      now,
      { workshop, method: "CANCEL" },
    );
    if (deputy) {
      const existing = tx
        .select()
        .from(bookings)
        .where(and(eq(bookings.workshopId, workshopId), eq(bookings.memberId, deputy.id)))
        .get();
      const values = { status: "booked" as const, waitingSince: null, deputisingFor: memberId, updatedAt: now };
      const deputyBooking = existing
        ? tx
            .update(bookings)
            .set({ ...values, calendarSequence: existing.calendarSequence + 1 })
            .where(eq(bookings.id, existing.id))
            .returning()
            .get()
        : tx
            .insert(bookings)
            .values({ ...values, workshopId, memberId: deputy.id, createdAt: now })
            .returning()
            .get();
      notify(
        tx,
        "deputised",
        deputy,
        deputyBooking,
        emails.deputised(deputy.name, champion.name, workshopFacts(workshop)),
        now,
        { workshop, method: "REQUEST" },
      );
      return { deputy: deputy.name, promoted: [] as number[] };
    }
    return { deputy: null, promoted: promoteWaiting({ workshopId, now }, tx) };
  }, db);
}

export function getMemberBooking({ workshopId, memberId }: { workshopId: number; memberId: number }, db: Db = getDb()) {
  return db
    .select()
    .from(bookings)
    .where(and(eq(bookings.workshopId, workshopId), eq(bookings.memberId, memberId)))
    .get();
}

/** Who is booked, waiting (in order) or has sent apologies, for the coordinator. */
export function listWorkshopBookings({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  return db
    .select({
      bookingId: bookings.id,
      memberId: members.id,
      name: members.name,
      email: members.email,
      organisationName: organisations.name,
      status: bookings.status,
      waitingSince: bookings.waitingSince,
      deputisingFor: bookings.deputisingFor,
      updatedAt: bookings.updatedAt,
    })
    .from(bookings)
    .innerJoin(members, eq(members.id, bookings.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(bookings.workshopId, workshopId), ne(bookings.status, "cancelled")))
    .orderBy(asc(bookings.status), asc(bookings.waitingSince), asc(bookings.id))
    .all();
}

/** Active colleagues in the member's organisation who could deputise. */
export function listPossibleDeputies({ memberId }: { memberId: number }, db: Db = getDb()) {
  const me = memberById(db, memberId);
  if (!me?.organisationId) return [];
  return db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(and(eq(members.organisationId, me.organisationId), eq(members.status, "active"), ne(members.id, memberId)))
    .orderBy(asc(members.name))
    .all();
}

/** Who is told about a workshop: the workshop, and an active member's name and address. */
export type WorkshopRecipient = {
  workshop: typeof workshops.$inferSelect;
  memberId: number;
  name: string;
  email: string;
};

export const workshopRecipientColumns = {
  workshop: workshops,
  memberId: members.id,
  name: members.name,
  email: members.email,
};

/** Active members booked on a scheduled workshop that starts after `from` and by `to` (for reminders). */
export function listBookedStartingBetween(
  { from, to }: { from: Date; to: Date },
  db: Db = getDb(),
): WorkshopRecipient[] {
  return db
    .select(workshopRecipientColumns)
    .from(bookings)
    .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
    .innerJoin(members, eq(members.id, bookings.memberId))
    .where(
      and(
        eq(bookings.status, "booked"),
        eq(workshops.status, "scheduled"),
        gt(workshops.startsAt, from),
        lte(workshops.startsAt, to),
        eq(members.status, "active"),
      ),
    )
    .all();
}
