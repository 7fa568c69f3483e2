import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { bookings, checkInCodes, checkIns, members, organisations, workshops } from "../../drizzle/schema";
import type { WalkInStatus } from "~drizzle/schema/constants";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { CHECK_IN_CODE_ALPHABET, CHECK_IN_CODE_LENGTH } from "~/validation/check-in";
import { writeMark } from "./attendance.server";
import { listMembers } from "./member.server";

/**
 * Self check-in at a workshop, and walk-ins. Check-in is open from 30 minutes
 * before the workshop starts until it ends (London or any other zone: these
 * are instants). A booked member who checks in is marked attended at once; a
 * member without a booking becomes a walk-in, marked attended only when the
 * coordinator confirms them. Either way the mark goes through writeMark, the
 * same as the register's, so Tier 1 currency counts it like any other.
 *
 * Capacity: a walk-in never takes a place. Places are for booking, and a
 * walk-in makes no booking, so nobody booked or waiting loses a place to one;
 * whether the room has space for them is the coordinator's call when they
 * confirm.
 */
export const CHECK_IN_OPENS_BEFORE_MS = 30 * 60 * 1000;

type Timed = { startsAt: Date; endsAt: Date; status: string };
export type CheckInState = "not-yet" | "open" | "closed" | "cancelled";

/** When check-in opens (30 minutes before the start) and closes (the end). */
export function checkInWindow({ startsAt, endsAt }: { startsAt: Date; endsAt: Date }) {
  return { opensAt: new Date(startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS), closesAt: endsAt };
}

/** Whether check-in is open now: from 30 minutes before the start, up to (not at) the end. */
export function checkInState({ workshop, now = new Date() }: { workshop: Timed; now?: Date }): CheckInState {
  if (workshop.status !== "scheduled") return "cancelled";
  const { opensAt, closesAt } = checkInWindow(workshop);
  if (now.getTime() < opensAt.getTime()) return "not-yet";
  if (now.getTime() >= closesAt.getTime()) return "closed";
  return "open";
}

function newCode() {
  const bytes = randomBytes(CHECK_IN_CODE_LENGTH);
  // 256 is a multiple of the alphabet's 32 characters, so every character is equally likely.
  return [...bytes].map((byte) => CHECK_IN_CODE_ALPHABET[byte % CHECK_IN_CODE_ALPHABET.length]).join("");
}

/** The workshop's check-in code, or null before the coordinator has shown check-in. */
export function getCheckInCode({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  return (
    db.select({ code: checkInCodes.code }).from(checkInCodes).where(eq(checkInCodes.workshopId, workshopId)).get()
      ?.code ?? null
  );
}

export type OpenCheckInResult =
  { ok: true; code: string; created: boolean } | { ok: false; state: Exclude<CheckInState, "open"> };

/**
 * Makes the workshop's check-in code, once, while check-in is open; answers
 * the code it already has when there is one. A new code is random and never
 * one any workshop has had (the unique index), so it names this workshop only.
 */
export function openCheckIn(
  { workshopId, createdBy, now = new Date() }: { workshopId: number; createdBy: number; now?: Date },
  db: Db = getDb(),
): OpenCheckInResult {
  return inTransaction((tx) => {
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
    if (!workshop) return { ok: false, state: "cancelled" };
    const state = checkInState({ workshop, now });
    if (state !== "open") return { ok: false, state };
    const existing = getCheckInCode({ workshopId }, tx);
    if (existing) return { ok: true, code: existing, created: false };
    // A clash with another workshop's code is about one in a million per workshop already given one: try again.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const code = newCode();
      const { changes } = tx
        .insert(checkInCodes)
        .values({ workshopId, code, createdBy, createdAt: now })
        .onConflictDoNothing()
        .run();
      if (changes === 1) return { ok: true, code, created: true };
    }
    throw new Error("Could not make a check-in code unlike every other.");
  }, db);
}

/** The workshop a code names (whether or not its check-in is open now), or undefined. */
export function findWorkshopByCheckInCode({ code }: { code: string }, db: Db = getDb()) {
  return db
    .select({
      id: workshops.id,
      title: workshops.title,
      startsAt: workshops.startsAt,
      endsAt: workshops.endsAt,
      venue: workshops.venue,
      status: workshops.status,
    })
    .from(checkInCodes)
    .innerJoin(workshops, eq(workshops.id, checkInCodes.workshopId))
    .where(eq(checkInCodes.code, code))
    .get();
}

export type CodeWorkshop = NonNullable<ReturnType<typeof findWorkshopByCheckInCode>>;

function isOnRegister(tx: Db, workshopId: number, memberId: number) {
  return !!tx
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.workshopId, workshopId),
        eq(bookings.memberId, memberId),
        inArray(bookings.status, ["booked", "apologies"]),
      ),
    )
    .get();
}

function checkInOf(tx: Db, workshopId: number, memberId: number) {
  return tx
    .select()
    .from(checkIns)
    .where(and(eq(checkIns.workshopId, workshopId), eq(checkIns.memberId, memberId)))
    .get();
}

/**
 * Where a member stands at a workshop: checked in (and, for a walk-in,
 * whether confirmed), and whether they are on the register (booked or with
 * apologies), so the page can say what checking in will do.
 */
export function getMemberCheckIn({ workshopId, memberId }: { workshopId: number; memberId: number }, db: Db = getDb()) {
  const row = checkInOf(db, workshopId, memberId);
  return {
    checkedInAt: row?.checkedInAt ?? null,
    walkInStatus: row?.walkInStatus ?? null,
    onRegister: isOnRegister(db, workshopId, memberId),
  };
}

export type CheckInResult =
  | { outcome: "unknown-code" }
  | { outcome: "not-yet" | "closed" | "cancelled"; workshop: CodeWorkshop }
  | { outcome: "inactive"; workshop: CodeWorkshop }
  | { outcome: "checked-in"; workshop: CodeWorkshop; walkInStatus: WalkInStatus | null; already: boolean };

/**
 * Checks a member in with a workshop's code, in one transaction: once only
 * (a second check-in answers `already` and changes nothing). Someone on the
 * register is marked attended; anyone else becomes a walk-in awaiting the
 * coordinator. Refused when the code names no workshop, or its check-in is
 * not open.
 */
export function checkIn(
  { code, memberId, now = new Date() }: { code: string; memberId: number; now?: Date },
  db: Db = getDb(),
): CheckInResult {
  return inTransaction((tx) => {
    const workshop = findWorkshopByCheckInCode({ code }, tx);
    if (!workshop) return { outcome: "unknown-code" };
    const state = checkInState({ workshop, now });
    if (state !== "open") return { outcome: state, workshop };
    const member = tx.select({ status: members.status }).from(members).where(eq(members.id, memberId)).get();
    if (member?.status !== "active") return { outcome: "inactive", workshop };
    const existing = checkInOf(tx, workshop.id, memberId);
    if (existing) return { outcome: "checked-in", workshop, walkInStatus: existing.walkInStatus, already: true };
    const booked = isOnRegister(tx, workshop.id, memberId);
    const walkInStatus = booked ? null : ("awaiting" as const);
    tx.insert(checkIns)
      .values({ workshopId: workshop.id, memberId, method: "code", walkInStatus, checkedInAt: now })
      .run();
    if (booked) writeMark({ workshopId: workshop.id, memberId, status: "attended", markedBy: memberId, now }, tx);
    return { outcome: "checked-in", workshop, walkInStatus, already: false };
  }, db);
}

/** Walk-ins who checked in with the code, awaiting the coordinator or not confirmed, by name. */
export function listUndecidedWalkIns({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  return db
    .select({
      memberId: members.id,
      name: members.name,
      email: members.email,
      organisationName: organisations.name,
      walkInStatus: checkIns.walkInStatus,
      checkedInAt: checkIns.checkedInAt,
    })
    .from(checkIns)
    .innerJoin(members, eq(members.id, checkIns.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(checkIns.workshopId, workshopId), inArray(checkIns.walkInStatus, ["awaiting", "rejected"])))
    .orderBy(asc(checkIns.checkedInAt), asc(members.name))
    .all();
}

/** How many have checked in: booked people, and walk-ins by status; for the coordinator's check-in page. */
export function countCheckIns({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  const rows = db
    .select({ walkInStatus: checkIns.walkInStatus })
    .from(checkIns)
    .where(eq(checkIns.workshopId, workshopId))
    .all();
  const count = (status: WalkInStatus | null) => rows.filter((r) => r.walkInStatus === status).length;
  return { booked: count(null), awaiting: count("awaiting"), confirmed: count("confirmed") };
}

export type WalkInResult = { ok: true; changed: boolean; name: string } | { ok: false; message: string };

function memberName(tx: Db, memberId: number) {
  return tx.select({ name: members.name, status: members.status }).from(members).where(eq(members.id, memberId)).get();
}

/**
 * The coordinator confirms a walk-in who is awaiting them (marking them
 * attended, so they count toward currency) or does not (no mark). A walk-in
 * not confirmed can still be added on the register afterwards.
 */
export function decideWalkIn(
  {
    workshopId,
    memberId,
    decision,
    decidedBy,
    now = new Date(),
  }: { workshopId: number; memberId: number; decision: "confirmed" | "rejected"; decidedBy: number; now?: Date },
  db: Db = getDb(),
): WalkInResult {
  return inTransaction((tx) => {
    const row = checkInOf(tx, workshopId, memberId);
    const person = memberName(tx, memberId);
    if (!row || row.walkInStatus === null || !person)
      return { ok: false, message: "That person has not checked in to this workshop as a walk-in." };
    if (row.walkInStatus === decision) return { ok: true, changed: false, name: person.name };
    if (row.walkInStatus !== "awaiting")
      return {
        ok: false,
        message: `${person.name} has already been ${row.walkInStatus === "confirmed" ? "confirmed" : "turned down"}.`,
      };
    tx.update(checkIns)
      .set({ walkInStatus: decision, decidedBy, decidedAt: now })
      .where(and(eq(checkIns.workshopId, workshopId), eq(checkIns.memberId, memberId)))
      .run();
    if (decision === "confirmed") writeMark({ workshopId, memberId, status: "attended", markedBy: decidedBy, now }, tx);
    return { ok: true, changed: true, name: person.name };
  }, db);
}

/**
 * The coordinator adds someone who came without a booking (or without
 * checking in) to the register: a confirmed walk-in, marked attended. From
 * the moment check-in opens; never for a cancelled workshop.
 */
export function addWalkIn(
  {
    workshopId,
    memberId,
    addedBy,
    now = new Date(),
  }: { workshopId: number; memberId: number; addedBy: number; now?: Date },
  db: Db = getDb(),
): WalkInResult {
  return inTransaction((tx) => {
    const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
    if (!workshop) return { ok: false, message: "We could not find that workshop." };
    const state = checkInState({ workshop, now });
    if (state === "cancelled") return { ok: false, message: "This workshop was cancelled." };
    if (state === "not-yet")
      return { ok: false, message: "Walk-ins can be added from 30 minutes before the workshop starts." };
    const person = memberName(tx, memberId);
    if (!person || person.status !== "active") return { ok: false, message: "Choose an active member of the network." };
    if (isOnRegister(tx, workshopId, memberId))
      return { ok: false, message: `${person.name} is booked on this workshop: mark them on the register below.` };
    const row = checkInOf(tx, workshopId, memberId);
    if (row?.walkInStatus === "confirmed") return { ok: true, changed: false, name: person.name };
    if (row) {
      tx.update(checkIns)
        .set({ walkInStatus: "confirmed", decidedBy: addedBy, decidedAt: now })
        .where(and(eq(checkIns.workshopId, workshopId), eq(checkIns.memberId, memberId)))
        .run();
    } else {
      tx.insert(checkIns)
        .values({
          workshopId,
          memberId,
          method: "coordinator",
          walkInStatus: "confirmed",
          checkedInAt: now,
          decidedBy: addedBy,
          decidedAt: now,
        })
        .run();
    }
    writeMark({ workshopId, memberId, status: "attended", markedBy: addedBy, now }, tx);
    return { ok: true, changed: true, name: person.name };
  }, db);
}

/**
 * Active members matching a name or email, for adding a walk-in (ten at
 * most), each with where they stand at the workshop: booked (on the
 * register already), or their walk-in status, or null.
 */
export function findWalkInCandidates({ workshopId, query }: { workshopId: number; query: string }, db: Db = getDb()) {
  const found = listMembers({ query, status: "active" }, db, { limit: 10 });
  if (found.length === 0) return [];
  const ids = found.map((m) => m.id);
  const booked = new Set(
    db
      .select({ memberId: bookings.memberId })
      .from(bookings)
      .where(
        and(
          eq(bookings.workshopId, workshopId),
          inArray(bookings.memberId, ids),
          inArray(bookings.status, ["booked", "apologies"]),
        ),
      )
      .all()
      .map((b) => b.memberId),
  );
  const walkIns = new Map(
    db
      .select({ memberId: checkIns.memberId, walkInStatus: checkIns.walkInStatus })
      .from(checkIns)
      .where(
        and(eq(checkIns.workshopId, workshopId), inArray(checkIns.memberId, ids), isNotNull(checkIns.walkInStatus)),
      )
      .all()
      .map((c) => [c.memberId, c.walkInStatus]),
  );
  return found.map((m) => ({
    memberId: m.id,
    name: m.name,
    email: m.email,
    organisationName: m.organisationName ?? null,
    standing: booked.has(m.id) ? ("booked" as const) : (walkIns.get(m.id) ?? null),
  }));
}
