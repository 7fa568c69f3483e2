import { and, asc, count, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { bookings, members, placeHolds, workshops, workshopSeries, type Workshop } from "../../drizzle/schema";
import { buildInvitation, type InvitationMethod } from "~/lib/calendar.server";
import { getDb, inTransaction, preparedOnce, type Db } from "~/lib/db.server";
import { emails, workshopFacts } from "~/lib/email/templates";
import { promoteWaiting } from "./booking.server";
import { queueEmail } from "./outbox.server";

export type WorkshopInput = {
  title: string;
  topic: string;
  audienceTier: number;
  description: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  joiningUrl: string | null;
  capacity: number;
  bookingClosesAt: Date;
};

export function createWorkshop(
  {
    input,
    createdBy,
    seriesId = null,
    now = new Date(),
  }: { input: WorkshopInput; createdBy: number | null; seriesId?: number | null; now?: Date },
  db: Db = getDb(),
) {
  return db
    .insert(workshops)
    .values({ ...input, seriesId, createdBy, createdAt: now, updatedAt: now })
    .returning({ id: workshops.id })
    .get();
}

/** Creates every workshop of a series in one transaction: all or none. */
export function createWorkshopSeries(
  {
    title,
    rule,
    inputs,
    createdBy,
    now = new Date(),
  }: { title: string; rule: string; inputs: WorkshopInput[]; createdBy: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const series = tx
      .insert(workshopSeries)
      .values({ title, rule, createdBy, createdAt: now })
      .returning({ id: workshopSeries.id })
      .get();
    const ids = inputs.map((input) => createWorkshop({ input, createdBy, seriesId: series.id, now }, tx).id);
    return { seriesId: series.id, workshopIds: ids };
  }, db);
}

/** Per workshop: places booked, people waiting, and places held for a nominee (which count against capacity). */
function bookingCounts(db: Db, workshopIds: number[]) {
  if (workshopIds.length === 0) return new Map<number, { booked: number; waiting: number; held: number }>();
  const rows = db
    .select({ workshopId: bookings.workshopId, status: bookings.status, n: count() })
    .from(bookings)
    .where(and(inArray(bookings.workshopId, workshopIds), inArray(bookings.status, ["booked", "waiting"])))
    .groupBy(bookings.workshopId, bookings.status)
    .all();
  const holds = db
    .select({ workshopId: placeHolds.workshopId, n: count() })
    .from(placeHolds)
    .where(and(inArray(placeHolds.workshopId, workshopIds), eq(placeHolds.status, "held")))
    .groupBy(placeHolds.workshopId)
    .all();
  const counts = new Map<number, { booked: number; waiting: number; held: number }>();
  for (const id of workshopIds) counts.set(id, { booked: 0, waiting: 0, held: 0 });
  for (const row of rows) counts.get(row.workshopId)![row.status as "booked" | "waiting"] = row.n;
  for (const row of holds) counts.get(row.workshopId)!.held = row.n;
  return counts;
}

export type WorkshopWithCounts = Workshop & { booked: number; waiting: number; held: number };

function withCounts(db: Db, list: Workshop[]): WorkshopWithCounts[] {
  const counts = bookingCounts(
    db,
    list.map((w) => w.id),
  );
  return list.map((w) => ({ ...w, ...counts.get(w.id)! }));
}

/**
 * Workshops that have not ended. A workshop starts and ends on the same London
 * date, so none that started over 25 hours ago can still be running: that
 * bound lets the start-time index skip the thousands already held.
 */
function notYetEnded(now: Date) {
  return and(gt(workshops.startsAt, new Date(now.getTime() - 25 * 60 * 60 * 1000)), gt(workshops.endsAt, now))!;
}

export type WorkshopView = "upcoming" | "past" | "cancelled";

/** The coordinator's lists, `limit` from `offset`: upcoming (soonest first), past (latest first) and cancelled. */
export function listWorkshops(
  {
    view,
    now = new Date(),
    limit = 1000,
    offset = 0,
  }: { view: WorkshopView; now?: Date; limit?: number; offset?: number },
  db: Db = getDb(),
) {
  const [where, order] =
    view === "cancelled"
      ? [eq(workshops.status, "cancelled"), desc(workshops.startsAt)]
      : view === "upcoming"
        ? [and(eq(workshops.status, "scheduled"), notYetEnded(now)), asc(workshops.startsAt)]
        : // A workshop that has ended has started: lets the status and start index seek past the future ones.
          [
            and(eq(workshops.status, "scheduled"), lte(workshops.startsAt, now), lte(workshops.endsAt, now)),
            desc(workshops.startsAt),
          ];
  const list = db.select().from(workshops).where(where).orderBy(order).limit(limit).offset(offset).all();
  return withCounts(db, list);
}

export type WorkshopListRow = Pick<Workshop, "id" | "title" | "audienceTier" | "capacity"> & {
  startsAt: Date;
  endsAt: Date;
  booked: number;
  waiting: number;
};

/** Each view's workshops, in listWorkshops' order (see notYetEnded for :recent). */
const WORKSHOP_PAGE_WHERE: Record<WorkshopView, string> = {
  upcoming: "status = 'scheduled' AND starts_at > :recent AND ends_at > :now ORDER BY starts_at ASC",
  past: "status = 'scheduled' AND starts_at <= :now AND ends_at <= :now ORDER BY starts_at DESC",
  cancelled: "status = 'cancelled' ORDER BY starts_at DESC",
};

/**
 * A page of the coordinator's workshop list: the same workshops in the same order as listWorkshops, with only
 * the columns the list shows and each workshop's booked and waiting counts, in one statement prepared once per
 * connection. Building the query, reading 51 whole rows and counting their bookings apart was most of the
 * list's work at national size (decision note 002).
 */
export function listWorkshopPage(
  { view, now = new Date(), limit, offset = 0 }: { view: WorkshopView; now?: Date; limit: number; offset?: number },
  db: Db = getDb(),
): WorkshopListRow[] {
  const statement = preparedOnce(db, `workshop-page-${view}`, () =>
    db.$client.prepare(
      `SELECT id, title, audience_tier AS audienceTier, capacity, starts_at AS startsAt, ends_at AS endsAt,
        (SELECT count(*) FROM bookings b WHERE b.workshop_id = w.id AND b.status = 'booked') AS booked,
        (SELECT count(*) FROM bookings b WHERE b.workshop_id = w.id AND b.status = 'waiting') AS waiting
      FROM workshops w WHERE ${WORKSHOP_PAGE_WHERE[view]} LIMIT :limit OFFSET :offset`,
    ),
  );
  const at = now.getTime();
  // Each view binds only the times its statement names.
  const times =
    view === "upcoming" ? { now: at, recent: at - 25 * 60 * 60 * 1000 } : view === "past" ? { now: at } : {};
  const rows = statement.all({ limit, offset, ...times }) as Array<
    Omit<WorkshopListRow, "startsAt" | "endsAt"> & { startsAt: number; endsAt: number }
  >;
  return rows.map((row) => ({ ...row, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt) }));
}

/** Upcoming workshops a member of this tier may book (their tier's, and those for wider audiences). */
export function listUpcomingForMember(
  {
    memberId,
    tier,
    now = new Date(),
    limit = 50,
    offset = 0,
  }: { memberId: number; tier: number; now?: Date; limit?: number; offset?: number },
  db: Db = getDb(),
) {
  const list = db
    .select()
    .from(workshops)
    .where(and(eq(workshops.status, "scheduled"), notYetEnded(now), sql`${workshops.audienceTier} >= ${tier}`))
    .orderBy(asc(workshops.startsAt))
    .limit(limit)
    .offset(offset)
    .all();
  const mine = new Map(
    db
      .select({ workshopId: bookings.workshopId, status: bookings.status })
      .from(bookings)
      .where(eq(bookings.memberId, memberId))
      .all()
      .map((b) => [b.workshopId, b.status]),
  );
  return withCounts(db, list).map((w) => ({ ...w, myBooking: mine.get(w.id) ?? null }));
}

/** The member's own upcoming booked or waiting places, however far down the list they are. */
export function listMyUpcoming({ memberId, now = new Date() }: { memberId: number; now?: Date }, db: Db = getDb()) {
  return db
    .select({
      id: workshops.id,
      title: workshops.title,
      startsAt: workshops.startsAt,
      endsAt: workshops.endsAt,
      status: bookings.status,
    })
    .from(bookings)
    .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
    .where(
      and(
        eq(bookings.memberId, memberId),
        inArray(bookings.status, ["booked", "waiting"]),
        eq(workshops.status, "scheduled"),
        gt(workshops.endsAt, now),
      ),
    )
    .orderBy(asc(workshops.startsAt))
    .all();
}

export function getWorkshop({ id }: { id: number }, db: Db = getDb()): WorkshopWithCounts | undefined {
  const workshop = db.select().from(workshops).where(eq(workshops.id, id)).get();
  return workshop ? withCounts(db, [workshop])[0] : undefined;
}

export class WorkshopChangeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function peopleWith(db: Db, workshopId: number, statuses: Array<"booked" | "waiting">) {
  return db
    .select({
      memberId: members.id,
      name: members.name,
      email: members.email,
      status: bookings.status,
      calendarSequence: bookings.calendarSequence,
    })
    .from(bookings)
    .innerJoin(members, eq(members.id, bookings.memberId))
    .where(and(eq(bookings.workshopId, workshopId), inArray(bookings.status, statuses)))
    .all();
}

/** The calendar entry of one person booked on the workshop, as an invitation or its cancellation. */
function invitation(
  workshop: Workshop,
  person: ReturnType<typeof peopleWith>[number],
  method: InvitationMethod,
  now: Date,
) {
  return buildInvitation({
    entry: { workshop, memberId: person.memberId, calendarSequence: person.calendarSequence },
    attendee: person,
    method,
    now,
  });
}

/**
 * Edits a workshop. A change people's calendars must show (time, place,
 * link, title) raises SEQUENCE and tells everyone still booked or waiting
 * (not those who cancelled), unless the workshop, as changed, is already over:
 * tidying up the record of a past workshop tells nobody. Capacity cannot go
 * below the places already booked; raising it promotes people waiting.
 */
export function updateWorkshop(
  { id, input, now = new Date() }: { id: number; input: WorkshopInput; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const current = getWorkshop({ id }, tx);
    if (!current) return null;
    if (current.status === "cancelled")
      throw new WorkshopChangeError("form", "A cancelled workshop cannot be changed.");
    if (input.capacity < current.booked) {
      throw new WorkshopChangeError(
        "capacity",
        `Capacity cannot be less than the ${current.booked} places already booked. Cancel bookings first, or keep the capacity.`,
      );
    }
    const visible =
      current.title !== input.title ||
      current.startsAt.getTime() !== input.startsAt.getTime() ||
      current.endsAt.getTime() !== input.endsAt.getTime() ||
      (current.venue ?? "") !== (input.venue ?? "") ||
      (current.joiningUrl ?? "") !== (input.joiningUrl ?? "");
    const sequence = visible ? current.sequence + 1 : current.sequence;
    tx.update(workshops)
      .set({ ...input, sequence, updatedAt: now })
      .where(eq(workshops.id, id))
      .run();
    const updated = tx.select().from(workshops).where(eq(workshops.id, id)).get()!;
    const people = visible && updated.endsAt > now ? peopleWith(tx, id, ["booked", "waiting"]) : [];
    for (const person of people) {
      const { subject, body } = emails.changed(
        person.name,
        workshopFacts(updated),
        person.status === "waiting" ? "waiting" : "booked",
      );
      queueEmail(
        {
          dedupeKey: `changed:${id}:${sequence}:${person.memberId}`,
          memberId: person.memberId,
          to: person.email,
          subject,
          body,
          kind: "changed",
          // Those booked have the workshop in their calendar: the invitation moves or renames the same entry.
          calendar: person.status === "booked" ? invitation(updated, person, "REQUEST", now) : undefined,
          now,
        },
        tx,
      );
    }
    if (input.capacity > current.capacity) promoteWaiting({ workshopId: id, now }, tx);
    return { notified: people.length };
  }, db);
}

/** Cancels a workshop: nothing is deleted; everyone booked or waiting is told. */
export function cancelWorkshop(
  { id, reason, now = new Date() }: { id: number; reason: string | null; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const current = tx.select().from(workshops).where(eq(workshops.id, id)).get();
    if (!current || current.status === "cancelled") return null;
    const people = peopleWith(tx, id, ["booked", "waiting"]);
    tx.update(workshops)
      .set({
        status: "cancelled",
        cancelledAt: now,
        cancellationReason: reason,
        sequence: current.sequence + 1,
        updatedAt: now,
      })
      .where(eq(workshops.id, id))
      .run();
    const cancelled = tx.select().from(workshops).where(eq(workshops.id, id)).get()!;
    for (const person of people) {
      const { subject, body } = emails.cancelled(person.name, workshopFacts(current), reason);
      queueEmail(
        {
          dedupeKey: `cancelled:${id}:${person.memberId}`,
          memberId: person.memberId,
          to: person.email,
          subject,
          body,
          kind: "cancelled",
          // A waiting-list place never had a calendar entry to cancel.
          calendar: person.status === "booked" ? invitation(cancelled, person, "CANCEL", now) : undefined,
          now,
        },
        tx,
      );
    }
    return { notified: people.length };
  }, db);
}
