import { and, asc, count, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import {
  bookings,
  championGaps,
  members,
  organisations,
  placeHolds,
  successorNominations,
  workshops,
  type GapReason,
} from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { successionEmails } from "~/lib/email/succession-emails";
import { BookingError, bookPlace, promoteWaiting } from "./booking.server";
import { currentChampionIds } from "./currency.server";
import { inviteMember, unusablePasswordHash } from "./invitation.server";
import { createMember, memberEmailExists } from "./member.server";
import { queueEmail } from "./outbox.server";

const DAY = 24 * 60 * 60 * 1000;

/** A succession step that cannot be taken, with the reason a person can act on. */
export class SuccessionError extends Error {}

/** Whole days a gap has been open (or was open, when closed). */
export function daysOpen(gap: { openedAt: Date; closedAt: Date | null }, now: Date) {
  return Math.max(0, Math.floor(((gap.closedAt ?? now).getTime() - gap.openedAt.getTime()) / DAY));
}

/** Active Tier 1 members of the organisations given, by organisation. */
function activeTier1ByOrganisation(db: Db, organisationId?: number) {
  return db
    .select({ id: members.id, organisationId: members.organisationId })
    .from(members)
    .where(
      and(
        eq(members.tier, 1),
        eq(members.status, "active"),
        organisationId === undefined ? isNotNull(members.organisationId) : eq(members.organisationId, organisationId),
      ),
    )
    .all();
}

function hasCurrentChampion(db: Db, organisationId: number, now: Date) {
  const ids = activeTier1ByOrganisation(db, organisationId).map((m) => m.id);
  return ids.length > 0 && currentChampionIds({ memberIds: ids, now }, db).size > 0;
}

/**
 * Opens a gap for an organisation at once when a known event leaves it with no
 * current champion (a champion deactivated, moving on or moving away). Does
 * nothing when it still has one, a gap is already open or it has closed. In the caller's transaction.
 */
export function openGapIfNoChampion(
  { organisationId, reason, now = new Date() }: { organisationId: number; reason: GapReason; now?: Date },
  db: Db = getDb(),
) {
  if (hasCurrentChampion(db, organisationId, now)) return null;
  const open = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.id, organisationId), isNull(organisations.closedAt)))
    .get();
  if (!open) return null;
  return (
    db
      .insert(championGaps)
      .values({ organisationId, reason, openedAt: now })
      .onConflictDoNothing()
      .returning({ id: championGaps.id })
      .get() ?? null
  );
}

/**
 * An organisation has closed: its open champion gap closes (it stays in the
 * gaps report, with no successor) and champions' pending "I'm moving on"
 * nominations are declined, as nobody is left to confirm them. In the
 * caller's transaction.
 */
export function endSuccessionAtClosure(
  { organisationId, now = new Date() }: { organisationId: number; now?: Date },
  db: Db = getDb(),
) {
  const gaps = db
    .update(championGaps)
    .set({ closedAt: now })
    .where(and(eq(championGaps.organisationId, organisationId), isNull(championGaps.closedAt)))
    .run().changes;
  const nominations = db
    .update(successorNominations)
    .set({ status: "declined", decidedAt: now })
    .where(and(eq(successorNominations.organisationId, organisationId), eq(successorNominations.status, "pending")))
    .run().changes;
  return { gaps, nominations };
}

/**
 * The detection job, set-based: one pass over the active Tier 1 members (with
 * their currency) finds the organisations with a current champion. A gap opens
 * for each open organisation that has had a Tier 1 member but no current one
 * now, and an open gap closes when its organisation has a current champion
 * again. Running it twice changes nothing the second time.
 */
export function detectChampionGaps({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return inTransaction((tx) => {
    const tier1 = activeTier1ByOrganisation(tx);
    const current = currentChampionIds({ memberIds: tier1.map((m) => m.id), now }, tx);
    const championed = new Set(tier1.filter((m) => current.has(m.id)).map((m) => m.organisationId!));
    const withActiveTier1 = new Set(tier1.map((m) => m.organisationId!));
    // Every open organisation that has had a Tier 1 member (active or deactivated), read once.
    const candidates = tx
      .selectDistinct({ organisationId: members.organisationId })
      .from(members)
      .innerJoin(organisations, eq(organisations.id, members.organisationId))
      .where(and(eq(members.tier, 1), isNull(organisations.closedAt)))
      .all();
    const open = tx
      .select({ id: championGaps.id, organisationId: championGaps.organisationId })
      .from(championGaps)
      .where(isNull(championGaps.closedAt))
      .all();
    const hasOpenGap = new Set(open.map((g) => g.organisationId));
    let opened = 0;
    for (const { organisationId } of candidates) {
      if (organisationId === null || championed.has(organisationId) || hasOpenGap.has(organisationId)) continue;
      const reason: GapReason = withActiveTier1.has(organisationId) ? "lapsed" : "deactivated";
      tx.insert(championGaps).values({ organisationId, reason, openedAt: now }).onConflictDoNothing().run();
      opened += 1;
    }
    const toClose = open.filter((g) => championed.has(g.organisationId)).map((g) => g.id);
    for (let start = 0; start < toClose.length; start += 10_000) {
      tx.update(championGaps)
        .set({ closedAt: now })
        .where(inArray(championGaps.id, toClose.slice(start, start + 10_000)))
        .run();
    }
    return { opened, closed: toClose.length };
  }, db);
}

export const GAPS_PER_PAGE = 50;

/**
 * Open gaps, longest open first, a page at a time (keyset on opened_at, id:
 * the index champion_gaps_open_idx), optionally for one organisation.
 */
export function listOpenGaps(
  {
    organisationId,
    after,
    limit = GAPS_PER_PAGE,
    now = new Date(),
  }: { organisationId?: number; after?: { openedAt: number; id: number }; limit?: number; now?: Date } = {},
  db: Db = getDb(),
) {
  const rows = db
    .select({
      id: championGaps.id,
      organisationId: championGaps.organisationId,
      organisationName: organisations.name,
      slug: organisations.slug,
      openedAt: championGaps.openedAt,
      closedAt: championGaps.closedAt,
      reason: championGaps.reason,
    })
    .from(championGaps)
    .innerJoin(organisations, eq(organisations.id, championGaps.organisationId))
    .where(
      and(
        isNull(championGaps.closedAt),
        organisationId === undefined ? undefined : eq(championGaps.organisationId, organisationId),
        after
          ? or(
              gt(championGaps.openedAt, new Date(after.openedAt)),
              and(eq(championGaps.openedAt, new Date(after.openedAt)), gt(championGaps.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(championGaps.openedAt), asc(championGaps.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit).map((g) => ({ ...g, daysOpen: daysOpen(g, now) }));
  const last = page.at(-1);
  return {
    gaps: page,
    next: rows.length > limit && last ? { openedAt: last.openedAt.getTime(), id: last.id } : null,
    total: db.select({ n: count() }).from(championGaps).where(isNull(championGaps.closedAt)).get()?.n ?? 0,
  };
}

/** The open gap of one organisation, if any. */
export function getOpenGap({ organisationId, now = new Date() }: { organisationId: number; now?: Date }, db = getDb()) {
  return listOpenGaps({ organisationId, limit: 1, now }, db).gaps[0] ?? null;
}

function heldPlaceFacts(db: Db, holdId: number) {
  const row = db
    .select({
      workshopId: workshops.id,
      title: workshops.title,
      startsAt: workshops.startsAt,
      endsAt: workshops.endsAt,
      heldUntil: placeHolds.heldUntil,
    })
    .from(placeHolds)
    .innerJoin(workshops, eq(workshops.id, placeHolds.workshopId))
    .where(eq(placeHolds.id, holdId))
    .get();
  return row ?? null;
}

/** Places taken on a workshop: booked ones and ones held for someone. */
function placesTaken(db: Db, workshopId: number) {
  const booked =
    db
      .select({ n: count() })
      .from(bookings)
      .where(and(eq(bookings.workshopId, workshopId), eq(bookings.status, "booked")))
      .get()?.n ?? 0;
  return booked + heldPlaces({ workshopId }, db);
}

/** How many places are held (not yet taken up) on a workshop. */
export function heldPlaces({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  return (
    db
      .select({ n: count() })
      .from(placeHolds)
      .where(and(eq(placeHolds.workshopId, workshopId), eq(placeHolds.status, "held")))
      .get()?.n ?? 0
  );
}

/**
 * Holds a place on a workshop for a member until its booking cut-off. The
 * count and the write are one transaction (BEGIN IMMEDIATE), and a held place
 * counts against capacity, so holds and bookings together cannot overfill it.
 */
export function holdPlace(
  {
    workshopId,
    memberId,
    heldBy,
    now = new Date(),
  }: { workshopId: number; memberId: number; heldBy: number | null; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
    if (!workshop || workshop.status !== "scheduled") throw new BookingError("We could not find that workshop.");
    if (workshop.bookingClosesAt <= now || workshop.startsAt <= now) {
      throw new BookingError("Booking for this workshop has closed.");
    }
    const member = tx.select().from(members).where(eq(members.id, memberId)).get();
    if (!member || member.status !== "active") throw new BookingError("That member's account is not active.");
    if (member.tier > workshop.audienceTier) {
      throw new BookingError(`This workshop is for Tier ${workshop.audienceTier} members of the network.`);
    }
    const booking = tx
      .select({ status: bookings.status })
      .from(bookings)
      .where(and(eq(bookings.workshopId, workshopId), eq(bookings.memberId, memberId)))
      .get();
    if (booking?.status === "booked") throw new BookingError(`${member.name} is already booked on this workshop.`);
    const existing = tx
      .select({ id: placeHolds.id })
      .from(placeHolds)
      .where(
        and(eq(placeHolds.workshopId, workshopId), eq(placeHolds.memberId, memberId), eq(placeHolds.status, "held")),
      )
      .get();
    if (existing) return { holdId: existing.id, alreadyHeld: true };
    if (placesTaken(tx, workshopId) >= workshop.capacity) throw new BookingError("This workshop is full.");
    const hold = tx
      .insert(placeHolds)
      .values({ workshopId, memberId, heldBy, heldUntil: workshop.bookingClosesAt, createdAt: now, updatedAt: now })
      .returning({ id: placeHolds.id })
      .get();
    return { holdId: hold.id, alreadyHeld: false };
  }, db);
}

/** The place held for a member on a workshop, if one still is. */
export function getHeldPlace({ workshopId, memberId }: { workshopId: number; memberId: number }, db: Db = getDb()) {
  return (
    db
      .select({ id: placeHolds.id, heldUntil: placeHolds.heldUntil, heldBy: placeHolds.heldBy })
      .from(placeHolds)
      .where(
        and(eq(placeHolds.workshopId, workshopId), eq(placeHolds.memberId, memberId), eq(placeHolds.status, "held")),
      )
      .get() ?? null
  );
}

/** The member books the place held for them (one click): the hold becomes a booking. */
export function takeHeldPlace(
  { workshopId, memberId, now = new Date() }: { workshopId: number; memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    if (!getHeldPlace({ workshopId, memberId }, tx)) throw new BookingError("There is no place held for you here.");
    // bookPlace uses up the member's own hold before counting, so their held place is theirs.
    return bookPlace({ workshopId, memberId, now }, tx);
  }, db);
}

/** Lets a held place go (the member, or whoever held it); the place goes to the first person waiting. */
export function releaseHeldPlace(
  { workshopId, memberId, now = new Date() }: { workshopId: number; memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const hold = getHeldPlace({ workshopId, memberId }, tx);
    if (!hold) throw new BookingError("There is no place held here.");
    tx.update(placeHolds).set({ status: "released", updatedAt: now }).where(eq(placeHolds.id, hold.id)).run();
    promoteWaiting({ workshopId, now }, tx);
    return hold;
  }, db);
}

/** The job: held places not taken up by the booking cut-off lapse, and go to whoever is waiting. */
export function lapseHeldPlaces({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return inTransaction((tx) => {
    const lapsed = tx
      .update(placeHolds)
      .set({ status: "lapsed", updatedAt: now })
      .where(and(eq(placeHolds.status, "held"), lte(placeHolds.heldUntil, now)))
      .returning({ workshopId: placeHolds.workshopId })
      .all();
    for (const workshopId of new Set(lapsed.map((h) => h.workshopId))) promoteWaiting({ workshopId, now }, tx);
    return lapsed.length;
  }, db);
}

/** The next Tier 1 workshop open for booking with a place free (counting held places). */
function nextTier1WorkshopWithPlace(db: Db, now: Date) {
  const upcoming = db
    .select({ id: workshops.id, capacity: workshops.capacity })
    .from(workshops)
    .where(
      and(
        eq(workshops.audienceTier, 1),
        eq(workshops.status, "scheduled"),
        gt(workshops.startsAt, now),
        gt(workshops.bookingClosesAt, now),
      ),
    )
    .orderBy(asc(workshops.startsAt))
    .limit(5)
    .all();
  return upcoming.find((w) => placesTaken(db, w.id) < w.capacity) ?? null;
}

export type Successor = { memberId: number } | { name: string; email: string; jobTitle: string };

/**
 * Closes an organisation's gap in one step: the successor (a member of the
 * organisation, or a new person invited by email) is set on the Tier 1
 * pathway, a place is held for them at the next Tier 1 workshop with room
 * until its cut-off, and they are emailed what it involves. The caller audits.
 */
export function nominateSuccessor(
  {
    organisationId,
    successor,
    actorId,
    now = new Date(),
  }: { organisationId: number; successor: Successor; actorId: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const organisation = tx.select().from(organisations).where(eq(organisations.id, organisationId)).get();
    if (!organisation) throw new SuccessionError("We could not find that organisation.");
    let memberId: number;
    let invited = false;
    if ("memberId" in successor) {
      const member = tx.select().from(members).where(eq(members.id, successor.memberId)).get();
      if (!member || member.status !== "active" || member.organisationId !== organisationId) {
        throw new SuccessionError("Choose an active member of this organisation.");
      }
      memberId = member.id;
    } else {
      if (memberEmailExists({ email: successor.email }, tx)) {
        throw new SuccessionError("Someone already has that email address: choose them from the members instead.");
      }
      memberId = createMember(
        {
          name: successor.name,
          email: successor.email,
          jobTitle: successor.jobTitle,
          organisationId,
          tier: 1,
          passwordHash: unusablePasswordHash(),
          now,
        },
        tx,
      ).id;
      inviteMember({ memberId, invitedBy: actorId, now }, tx);
      invited = true;
    }
    const member = tx.select().from(members).where(eq(members.id, memberId)).get()!;
    if (member.tier !== 1) {
      tx.update(members).set({ tier: 1, tier1Since: now, updatedAt: now }).where(eq(members.id, memberId)).run();
    }
    const gap = tx
      .update(championGaps)
      .set({ closedAt: now, successorMemberId: memberId, closedBy: actorId })
      .where(and(eq(championGaps.organisationId, organisationId), isNull(championGaps.closedAt)))
      .returning({ id: championGaps.id, openedAt: championGaps.openedAt })
      .get();
    const workshop = nextTier1WorkshopWithPlace(tx, now);
    const hold = workshop ? holdPlace({ workshopId: workshop.id, memberId, heldBy: actorId, now }, tx) : null;
    const place = hold ? heldPlaceFacts(tx, hold.holdId) : null;
    const actor = tx.select({ name: members.name }).from(members).where(eq(members.id, actorId)).get();
    queueEmail(
      {
        dedupeKey: `succession-nominated:${organisationId}:${memberId}:${now.getTime()}`,
        memberId,
        to: member.email,
        ...successionEmails.nominated(member.name, organisation.name, actor?.name ?? "Your organisation", place),
        kind: "succession-nominated",
        now,
      },
      tx,
    );
    return { memberId, name: member.name, invited, gapId: gap?.id ?? null, holdId: hold?.holdId ?? null, place };
  }, db);
}

/**
 * "I'm moving on": a Tier 1 champion steps down (to Tier 2, keeping their
 * record) and names a colleague to succeed them. A gap opens at once if the
 * organisation is left with no current champion; its leads are asked to
 * confirm the nomination.
 */
export function proposeSuccessor(
  { championId, successorId, now = new Date() }: { championId: number; successorId: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const champion = tx.select().from(members).where(eq(members.id, championId)).get();
    if (!champion || champion.tier !== 1 || champion.organisationId === null) {
      throw new SuccessionError("Only a Tier 1 champion with an organisation can name a successor.");
    }
    const successor = tx.select().from(members).where(eq(members.id, successorId)).get();
    if (
      !successor ||
      successor.id === championId ||
      successor.status !== "active" ||
      successor.organisationId !== champion.organisationId
    ) {
      throw new SuccessionError("Choose an active colleague from your own organisation.");
    }
    const organisationId = champion.organisationId;
    tx.update(members).set({ tier: 2, tier1Since: null, updatedAt: now }).where(eq(members.id, championId)).run();
    const nomination = tx
      .insert(successorNominations)
      .values({ organisationId, championId, successorId, createdAt: now })
      .returning()
      .get();
    openGapIfNoChampion({ organisationId, reason: "left", now }, tx);
    const slug = tx
      .select({ slug: organisations.slug })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .get()!.slug;
    const leads = tx
      .select({ id: members.id, name: members.name, email: members.email })
      .from(members)
      .where(
        and(eq(members.organisationId, organisationId), eq(members.role, "org_lead"), eq(members.status, "active")),
      )
      .all();
    for (const lead of leads) {
      queueEmail(
        {
          dedupeKey: `succession-moving-on:${nomination.id}:${lead.id}`,
          memberId: lead.id,
          to: lead.email,
          ...successionEmails.movingOn(lead.name, champion.name, successor.name, slug),
          kind: "succession-moving-on",
          now,
        },
        tx,
      );
    }
    return nomination;
  }, db);
}

/** Nominations waiting for an organisation lead, with the names. */
export function listPendingNominations({ organisationId }: { organisationId: number }, db: Db = getDb()) {
  const champion = sql<string>`(SELECT name FROM members WHERE id = ${successorNominations.championId})`;
  return db
    .select({
      id: successorNominations.id,
      championName: champion,
      successorId: successorNominations.successorId,
      successorName: members.name,
      createdAt: successorNominations.createdAt,
    })
    .from(successorNominations)
    .innerJoin(members, eq(members.id, successorNominations.successorId))
    .where(and(eq(successorNominations.organisationId, organisationId), eq(successorNominations.status, "pending")))
    .orderBy(asc(successorNominations.id))
    .all();
}

/** A pending nomination of one organisation (null for any other id: never another organisation's). */
export function getPendingNomination(
  { organisationId, nominationId }: { organisationId: number; nominationId: number },
  db: Db = getDb(),
) {
  return (
    db
      .select()
      .from(successorNominations)
      .where(
        and(
          eq(successorNominations.id, nominationId),
          eq(successorNominations.organisationId, organisationId),
          eq(successorNominations.status, "pending"),
        ),
      )
      .get() ?? null
  );
}

/** The lead confirms (the successor is nominated, closing the gap) or declines a pending nomination. */
export function decideNomination(
  {
    organisationId,
    nominationId,
    confirm,
    actorId,
    now = new Date(),
  }: { organisationId: number; nominationId: number; confirm: boolean; actorId: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const nomination = getPendingNomination({ organisationId, nominationId }, tx);
    if (!nomination) throw new SuccessionError("That nomination is no longer waiting for a decision.");
    tx.update(successorNominations)
      .set({ status: confirm ? "confirmed" : "declined", decidedAt: now, decidedBy: actorId })
      .where(eq(successorNominations.id, nomination.id))
      .run();
    const result = confirm
      ? nominateSuccessor({ organisationId, successor: { memberId: nomination.successorId }, actorId, now }, tx)
      : null;
    return { nomination, result };
  }, db);
}

/**
 * An organisation lead (or the coordinator) holds or books a workshop place
 * for one of the organisation's members, who is emailed and can cancel. The
 * route checks the organisation; this re-checks the member belongs to it.
 */
export function actForColleague(
  {
    organisationId,
    memberId,
    workshopId,
    action,
    actorId,
    now = new Date(),
  }: {
    organisationId: number;
    memberId: number;
    workshopId: number;
    action: "hold" | "book";
    actorId: number;
    now?: Date;
  },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const member = tx.select().from(members).where(eq(members.id, memberId)).get();
    if (!member || member.organisationId !== organisationId || member.status !== "active") {
      throw new SuccessionError("Choose an active member of this organisation.");
    }
    const actor = tx.select({ name: members.name }).from(members).where(eq(members.id, actorId)).get();
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
    if (!workshop) throw new BookingError("We could not find that workshop.");
    if (action === "hold") {
      const { holdId } = holdPlace({ workshopId, memberId, heldBy: actorId, now }, tx);
      queueEmail(
        {
          dedupeKey: `place-held-for-you:${holdId}`,
          memberId,
          to: member.email,
          ...successionEmails.actedForYou(member.name, actor?.name ?? "Your organisation lead", "held", {
            ...heldPlaceFacts(tx, holdId)!,
          }),
          kind: "place-held-for-you",
          now,
        },
        tx,
      );
      return { member: member.name, status: "held" as const };
    }
    const result = bookPlace({ workshopId, memberId, now }, tx);
    if (result.status !== "booked") {
      throw new BookingError("This workshop is full: hold a place on another, or ask them to join the waiting list.");
    }
    if (!result.alreadyHad) {
      queueEmail(
        {
          dedupeKey: `place-booked-for-you:${result.bookingId}:${now.getTime()}`,
          memberId,
          to: member.email,
          ...successionEmails.actedForYou(member.name, actor?.name ?? "Your organisation lead", "booked", {
            workshopId,
            title: workshop.title,
            startsAt: workshop.startsAt,
            endsAt: workshop.endsAt,
            heldUntil: workshop.bookingClosesAt,
          }),
          kind: "place-booked-for-you",
          now,
        },
        tx,
      );
    }
    return { member: member.name, status: "booked" as const };
  }, db);
}

/** Active members of an organisation, for the lead's choices. */
export function listOrganisationStaff({ organisationId }: { organisationId: number }, db: Db = getDb()) {
  return db
    .select({ id: members.id, name: members.name, tier: members.tier })
    .from(members)
    .where(and(eq(members.organisationId, organisationId), eq(members.status, "active")))
    .orderBy(asc(members.name))
    .limit(2000)
    .all();
}

/** Workshops open for booking, soonest first, for a lead holding or booking a place. */
export function listBookableWorkshops({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return db
    .select({
      id: workshops.id,
      title: workshops.title,
      startsAt: workshops.startsAt,
      audienceTier: workshops.audienceTier,
    })
    .from(workshops)
    .where(and(eq(workshops.status, "scheduled"), gt(workshops.startsAt, now), gt(workshops.bookingClosesAt, now)))
    .orderBy(asc(workshops.startsAt))
    .limit(50)
    .all();
}

/** Places held for an organisation's members, still waiting to be taken up. */
export function listHeldPlacesFor({ organisationId }: { organisationId: number }, db: Db = getDb()) {
  return db
    .select({
      workshopId: workshops.id,
      title: workshops.title,
      memberId: members.id,
      name: members.name,
      heldUntil: placeHolds.heldUntil,
    })
    .from(placeHolds)
    .innerJoin(members, eq(members.id, placeHolds.memberId))
    .innerJoin(workshops, eq(workshops.id, placeHolds.workshopId))
    .where(and(eq(placeHolds.status, "held"), eq(members.organisationId, organisationId)))
    .orderBy(asc(placeHolds.heldUntil))
    .all();
}

/**
 * Gaps for the report: those open at some time in [from, to), each with the
 * days it was open (to its close, or to the end of the period while open).
 * An organisation or a district narrows it (an organisation lead sees their own).
 */
export function gapsReport(
  {
    from,
    to,
    organisationId,
    districtId,
    now = new Date(),
  }: { from: Date; to: Date; organisationId?: number; districtId?: string; now?: Date },
  db: Db = getDb(),
) {
  // Driven from the gaps by when they opened (champion_gaps_opened_idx), each gap's names read by primary key.
  const rows = db
    .select({
      organisationName: sql<string>`(SELECT name FROM organisations WHERE id = ${championGaps.organisationId})`,
      reason: championGaps.reason,
      openedAt: championGaps.openedAt,
      closedAt: championGaps.closedAt,
      successor: sql<string | null>`(SELECT name FROM members WHERE id = ${championGaps.successorMemberId})`,
    })
    .from(championGaps)
    .where(
      and(
        lt(championGaps.openedAt, to),
        or(isNull(championGaps.closedAt), gte(championGaps.closedAt, from)),
        organisationId === undefined ? undefined : eq(championGaps.organisationId, organisationId),
        districtId === undefined
          ? undefined
          : inArray(
              championGaps.organisationId,
              db.select({ id: organisations.id }).from(organisations).where(eq(organisations.districtId, districtId)),
            ),
      ),
    )
    .orderBy(asc(championGaps.openedAt), asc(championGaps.id))
    .all();
  const end = to < now ? to : now;
  const gaps = rows.map((g) => ({
    ...g,
    days: daysOpen({ openedAt: g.openedAt, closedAt: g.closedAt && g.closedAt < end ? g.closedAt : end }, now),
  }));
  const opened = gaps.filter((g) => g.openedAt >= from).length;
  const closed = gaps.filter((g) => g.closedAt && g.closedAt < to).length;
  const closedDays = gaps.filter((g) => g.closedAt && g.closedAt < to).map((g) => g.days);
  const averageDaysToClose = closedDays.length
    ? Math.round(closedDays.reduce((a, b) => a + b, 0) / closedDays.length)
    : null;
  return {
    gaps,
    opened,
    closed,
    stillOpen: gaps.filter((g) => !g.closedAt || g.closedAt >= to).length,
    averageDaysToClose,
  };
}
