import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  attendance,
  attendanceChanges,
  bookings,
  members,
  organisations,
  workshops,
  type AttendanceStatus,
} from "../../drizzle/schema";
import { formatTime } from "~/lib/dates";
import { getDb, inTransaction, preparedOnce, type Db } from "~/lib/db.server";
import { tier1Currency, type Currency } from "~/lib/workshops/currency";

/** The register: everyone booked or with apologies, with their mark if taken. */
export function listRegister({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  const people = db
    .select({
      memberId: members.id,
      name: members.name,
      organisationName: organisations.name,
      bookingStatus: bookings.status,
      deputisingFor: bookings.deputisingFor,
    })
    .from(bookings)
    .innerJoin(members, eq(members.id, bookings.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(bookings.workshopId, workshopId), inArray(bookings.status, ["booked", "apologies"])))
    .orderBy(asc(members.name))
    .all();
  const marks = new Map(
    db
      .select()
      .from(attendance)
      .where(eq(attendance.workshopId, workshopId))
      .all()
      .map((m) => [m.memberId, m]),
  );
  return people.map((p) => ({ ...p, mark: marks.get(p.memberId)?.status ?? null }));
}

/** Changes to the register after the first marks, with who made them and when. */
export function listRegisterChanges({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  const changer = alias(members, "changer");
  return db
    .select({
      memberName: members.name,
      fromStatus: attendanceChanges.fromStatus,
      toStatus: attendanceChanges.toStatus,
      changedAt: attendanceChanges.changedAt,
      changedByName: changer.name,
    })
    .from(attendanceChanges)
    .innerJoin(members, eq(members.id, attendanceChanges.memberId))
    .leftJoin(changer, eq(changer.id, attendanceChanges.changedBy))
    .where(and(eq(attendanceChanges.workshopId, workshopId)))
    .orderBy(desc(attendanceChanges.changedAt), desc(attendanceChanges.id))
    .all()
    .filter((c) => c.fromStatus !== null);
}

export class RegisterError extends Error {}

/**
 * Whether people can be marked attended or absent yet: from the workshop's
 * start. The register itself opens at midnight on the day (London time), when
 * only apologies can be recorded: nobody has attended, or failed to, before it starts.
 */
export function canMarkPresence({ startsAt, now = new Date() }: { startsAt: Date; now?: Date }) {
  return startsAt.getTime() <= now.getTime();
}

/**
 * Saves register marks in one transaction. Every mark and every later change
 * is written to attendance_changes with who and when; unchanged marks are left
 * alone. Attended and absent are refused before the workshop starts.
 */
export function saveRegister(
  {
    workshopId,
    marks,
    markedBy,
    now = new Date(),
  }: { workshopId: number; marks: Array<{ memberId: number; status: AttendanceStatus }>; markedBy: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const workshop = tx.select({ startsAt: workshops.startsAt }).from(workshops).where(eq(workshops.id, workshopId)).get();
    if (!workshop) throw new RegisterError("We could not find that workshop.");
    if (!canMarkPresence({ startsAt: workshop.startsAt, now }) && marks.some((m) => m.status !== "apologies")) {
      throw new RegisterError(
        `People can be marked attended or absent from the start time, ${formatTime(workshop.startsAt)}. ` +
          "Until then you can record apologies.",
      );
    }
    const onRegister = new Set(listRegister({ workshopId }, tx).map((p) => p.memberId));
    let changed = 0;
    for (const mark of marks) {
      if (!onRegister.has(mark.memberId)) throw new RegisterError("Someone on the form is not booked on this workshop.");
      const existing = tx
        .select()
        .from(attendance)
        .where(and(eq(attendance.workshopId, workshopId), eq(attendance.memberId, mark.memberId)))
        .get();
      if (existing?.status === mark.status) continue;
      if (existing) {
        tx.update(attendance)
          .set({ status: mark.status, markedBy, markedAt: now })
          .where(and(eq(attendance.workshopId, workshopId), eq(attendance.memberId, mark.memberId)))
          .run();
      } else {
        tx.insert(attendance).values({ workshopId, memberId: mark.memberId, status: mark.status, markedBy, markedAt: now }).run();
      }
      tx.insert(attendanceChanges)
        .values({ workshopId, memberId: mark.memberId, fromStatus: existing?.status ?? null, toStatus: mark.status, changedBy: markedBy, changedAt: now })
        .run();
      changed += 1;
    }
    return { changed };
  }, db);
}

/** "Mark all booked as attended": everyone booked without a mark yet; apologies are marked as apologies. */
export function markAllBookedAttended(
  { workshopId, markedBy, now = new Date() }: { workshopId: number; markedBy: number; now?: Date },
  db: Db = getDb(),
) {
  const unmarked = listRegister({ workshopId }, db).filter((p) => p.mark === null);
  return saveRegister(
    {
      workshopId,
      marks: unmarked.map((p) => ({ memberId: p.memberId, status: p.bookingStatus === "apologies" ? "apologies" : "attended" })),
      markedBy,
      now,
    },
    db,
  );
}

/** A member's attendance marks, newest workshop first (My learning runs this on every visit, so it is prepared once). */
export function listMemberAttendance({ memberId }: { memberId: number }, db: Db = getDb()) {
  return preparedOnce(db, "member-attendance", () =>
    db
      .select({
        workshopId: workshops.id,
        title: workshops.title,
        audienceTier: workshops.audienceTier,
        startsAt: workshops.startsAt,
        endsAt: workshops.endsAt,
        status: attendance.status,
      })
      .from(attendance)
      .innerJoin(workshops, eq(workshops.id, attendance.workshopId))
      .where(eq(attendance.memberId, sql.placeholder("memberId")))
      .orderBy(desc(workshops.startsAt))
      .prepare(),
  ).all({ memberId });
}

/**
 * The last `window` Tier 1 workshops held whose register was taken, newest
 * first. Workshops with no register yet do not count against anyone.
 */
function recentTier1Workshops(db: Db, window: number, now: Date) {
  return db
    .select({ id: workshops.id })
    .from(workshops)
    .where(
      and(
        eq(workshops.audienceTier, 1),
        eq(workshops.status, "scheduled"),
        // A workshop that has ended has started: lets the index skip every future workshop.
        lte(workshops.startsAt, now),
        lte(workshops.endsAt, now),
        sql`EXISTS (SELECT 1 FROM attendance a WHERE a.workshop_id = ${workshops.id})`,
      ),
    )
    .orderBy(desc(workshops.startsAt))
    .limit(window)
    .all()
    .map((w) => w.id);
}

export type CurrencyRule = { attended: number; ofLast: number };

/** Tier 1 currency for many members at once: two queries (more only past 10,000 members). */
export function tier1CurrencyFor(
  { memberIds, rule, now = new Date() }: { memberIds: number[]; rule: CurrencyRule; now?: Date },
  db: Db = getDb(),
) {
  const recent = recentTier1Workshops(db, rule.ofLast, now);
  const result = new Map<number, { currency: Currency; attended: number; considered: number }>();
  if (recent.length === 0) return { workshopsConsidered: 0, byMember: result };
  const attendedBy = new Map<number, Set<number>>();
  const rows = [];
  // In batches, well within SQLite's limit on bound values, for a national list of champions.
  for (let start = 0; start < memberIds.length; start += 10_000) {
    const batch = memberIds.slice(start, start + 10_000);
    rows.push(
      ...db
        .select({ memberId: attendance.memberId, workshopId: attendance.workshopId })
        .from(attendance)
        .where(and(inArray(attendance.workshopId, recent), eq(attendance.status, "attended"), inArray(attendance.memberId, batch)))
        .all(),
    );
  }
  for (const row of rows) {
    if (!attendedBy.has(row.memberId)) attendedBy.set(row.memberId, new Set());
    attendedBy.get(row.memberId)!.add(row.workshopId);
  }
  for (const memberId of memberIds) {
    const flags = recent.map((id) => attendedBy.get(memberId)?.has(id) ?? false);
    result.set(memberId, { currency: tier1Currency(flags, rule), attended: flags.filter(Boolean).length, considered: recent.length });
  }
  return { workshopsConsidered: recent.length, byMember: result };
}

/** Active Tier 1 champions with their currency, for the coordinator. */
export function listTier1Currency({ rule, now = new Date() }: { rule: CurrencyRule; now?: Date }, db: Db = getDb()) {
  const champions = db
    .select({ id: members.id, name: members.name, organisationName: organisations.name })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(members.tier, 1), eq(members.status, "active")))
    .orderBy(asc(members.name))
    .all();
  const { workshopsConsidered, byMember } = tier1CurrencyFor({ memberIds: champions.map((c) => c.id), rule, now }, db);
  return {
    workshopsConsidered,
    champions: champions.map((c) => ({ ...c, ...(byMember.get(c.id) ?? { currency: null, attended: 0, considered: 0 }) })),
  };
}

/**
 * One member's Tier 1 attendance, for their pathway; null until a Tier 1
 * register has been taken. The same rule as tier1CurrencyFor in one prepared
 * query, since My learning asks it on every visit.
 */
export function getTier1Attendance({ memberId, rule, now = new Date() }: { memberId: number; rule: CurrencyRule; now?: Date }, db: Db = getDb()) {
  const recent = preparedOnce(db, "member-tier1-attendance", () =>
    db
      .select({
        attended: sql<number>`EXISTS (SELECT 1 FROM attendance a WHERE a.workshop_id = ${workshops.id} AND a.member_id = ${sql.placeholder("memberId")} AND a.status = 'attended')`,
      })
      .from(workshops)
      .where(
        and(
          eq(workshops.audienceTier, 1),
          eq(workshops.status, "scheduled"),
          lte(workshops.startsAt, sql.placeholder("now")),
          lte(workshops.endsAt, sql.placeholder("now")),
          sql`EXISTS (SELECT 1 FROM attendance a WHERE a.workshop_id = ${workshops.id})`,
        ),
      )
      .orderBy(desc(workshops.startsAt))
      .limit(sql.placeholder("window"))
      .prepare(),
  ).all({ memberId, now: now.getTime(), window: rule.ofLast });
  if (recent.length === 0) return null;
  const flags = recent.map((w) => Boolean(w.attended));
  return { currency: tier1Currency(flags, rule), attended: flags.filter(Boolean).length, considered: recent.length };
}

/**
 * Tier 1 members who count as current champions: current or at risk by
 * attendance. Before any Tier 1 register exists, every active Tier 1 member
 * counts. `memberIds` (active Tier 1 members) narrows the question to them,
 * for one organisation's page.
 */
export function currentChampionIds({ rule, memberIds, now = new Date() }: { rule: CurrencyRule; memberIds?: number[]; now?: Date }, db: Db = getDb()) {
  const countsAsCurrent = (currency: Currency | null | undefined) => currency === "current" || currency === "at-risk";
  if (memberIds) {
    const { workshopsConsidered, byMember } = tier1CurrencyFor({ memberIds, rule, now }, db);
    return new Set(memberIds.filter((id) => workshopsConsidered === 0 || countsAsCurrent(byMember.get(id)?.currency)));
  }
  const { workshopsConsidered, champions } = listTier1Currency({ rule, now }, db);
  return new Set(champions.filter((c) => workshopsConsidered === 0 || countsAsCurrent(c.currency)).map((c) => c.id));
}
