import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  attendance,
  attendanceChanges,
  bookings,
  checkIns,
  members,
  organisations,
  workshops,
  type AttendanceStatus,
} from "../../drizzle/schema";
import { formatTime } from "~/lib/dates";
import { getDb, inTransaction, preparedOnce, type Db } from "~/lib/db.server";

/**
 * The register: everyone booked or with apologies, and the walk-ins the
 * coordinator confirmed, by name, with their mark if taken and when they
 * checked in (null if they did not).
 */
export function listRegister({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  const booked = db
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
  const onBookings = new Set(booked.map((p) => p.memberId));
  const walkIns = db
    .select({ memberId: members.id, name: members.name, organisationName: organisations.name })
    .from(checkIns)
    .innerJoin(members, eq(members.id, checkIns.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(checkIns.workshopId, workshopId), eq(checkIns.walkInStatus, "confirmed")))
    .all()
    .filter((p) => !onBookings.has(p.memberId))
    .map((p) => ({ ...p, bookingStatus: null, deputisingFor: null }));
  // Names in the order SQLite sorts them (by code point), as the booked list already is.
  const people = [...booked, ...walkIns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const marks = new Map(
    db
      .select()
      .from(attendance)
      .where(eq(attendance.workshopId, workshopId))
      .all()
      .map((m) => [m.memberId, m]),
  );
  const checkedIn = new Map(
    db
      .select({ memberId: checkIns.memberId, checkedInAt: checkIns.checkedInAt })
      .from(checkIns)
      .where(eq(checkIns.workshopId, workshopId))
      .all()
      .map((c) => [c.memberId, c.checkedInAt]),
  );
  return people.map((p) => ({
    ...p,
    walkIn: p.bookingStatus === null,
    checkedInAt: checkedIn.get(p.memberId) ?? null,
    mark: marks.get(p.memberId)?.status ?? null,
  }));
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
    const workshop = tx
      .select({ startsAt: workshops.startsAt })
      .from(workshops)
      .where(eq(workshops.id, workshopId))
      .get();
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
      if (!onRegister.has(mark.memberId))
        throw new RegisterError("Someone on the form is not booked on this workshop.");
      if (writeMark({ workshopId, memberId: mark.memberId, status: mark.status, markedBy, now }, tx)) changed += 1;
    }
    return { changed };
  }, db);
}

/**
 * Writes one register mark, and the change to attendance_changes with who
 * and when; a mark that is already so is left alone (answers false). The one
 * way a mark is written: the register, a check-in and a confirmed walk-in all
 * come here, so Tier 1 currency counts them all alike. Run it inside the
 * caller's transaction.
 */
export function writeMark(
  {
    workshopId,
    memberId,
    status,
    markedBy,
    now,
  }: { workshopId: number; memberId: number; status: AttendanceStatus; markedBy: number; now: Date },
  tx: Db,
) {
  const existing = tx
    .select()
    .from(attendance)
    .where(and(eq(attendance.workshopId, workshopId), eq(attendance.memberId, memberId)))
    .get();
  if (existing?.status === status) return false;
  if (existing) {
    tx.update(attendance)
      .set({ status, markedBy, markedAt: now })
      .where(and(eq(attendance.workshopId, workshopId), eq(attendance.memberId, memberId)))
      .run();
  } else {
    tx.insert(attendance).values({ workshopId, memberId, status, markedBy, markedAt: now }).run();
  }
  tx.insert(attendanceChanges)
    .values({
      workshopId,
      memberId,
      fromStatus: existing?.status ?? null,
      toStatus: status,
      changedBy: markedBy,
      changedAt: now,
    })
    .run();
  return true;
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
      marks: unmarked.map((p) => ({
        memberId: p.memberId,
        status: p.bookingStatus === "apologies" ? "apologies" : "attended",
      })),
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
