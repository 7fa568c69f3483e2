import { and, asc, count, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import {
  BARRIER_STATUS_LABELS,
  BARRIER_STATUSES,
  barrierDistricts,
  barrierOrganisations,
  barriers,
  barrierSupports,
  barrierUpdates,
  districts,
  members,
  organisations,
  toolkitCards,
  workshops,
  type BarrierStatus,
} from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { barrierEmails } from "~/lib/email/barrier-emails";
import type { BarrierInput, TriageInput } from "~/validation/barrier";
import { withAudit } from "./audit.server";
import { queueEmail } from "./outbox.server";
import { AGE_BANDS } from "~/lib/barrier-age";

const DAY = 86_400_000;

export type RaiseOutcome = { outcome: "raised"; id: number } | { outcome: "invalid"; field: string; message: string };

/** The ids among these that are not in the table: the form offered only real ones, so any left are stale or forged. */
function unknownOrganisations(ids: number[], db: Db) {
  if (ids.length === 0) return [];
  const found = new Set(
    db
      .select({ id: organisations.id })
      .from(organisations)
      .where(inArray(organisations.id, ids))
      .all()
      .map((r) => r.id),
  );
  return ids.filter((id) => !found.has(id));
}

function unknownDistricts(ids: string[], db: Db) {
  if (ids.length === 0) return [];
  const found = new Set(
    db
      .select({ id: districts.id })
      .from(districts)
      .where(inArray(districts.id, ids))
      .all()
      .map((r) => r.id),
  );
  return ids.filter((id) => !found.has(id));
}

/** A member raises a barrier: the barrier, its organisations and districts, and the audit entry, in one transaction. */
export function raiseBarrier(
  { memberId, input, now = new Date() }: { memberId: number; input: BarrierInput; now?: Date },
  db: Db = getDb(),
): RaiseOutcome {
  const organisationIds = [...new Set(input.organisationIds)];
  const districtIds = [...new Set(input.districtIds)];
  if (unknownOrganisations(organisationIds, db).length > 0)
    return { outcome: "invalid", field: "organisationIds", message: "Select organisations from the list" };
  if (unknownDistricts(districtIds, db).length > 0)
    return { outcome: "invalid", field: "districtIds", message: "Select districts from the list" };
  const id = withAudit(
    (tx) => {
      const { id } = tx
        .insert(barriers)
        .values({
          title: input.title,
          whatHappened: input.whatHappened,
          whereItHappens: input.whereItHappens,
          frequency: input.frequency,
          raisedBy: memberId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: barriers.id })
        .get();
      for (const organisationId of organisationIds)
        tx.insert(barrierOrganisations).values({ barrierId: id, organisationId }).run();
      for (const districtId of districtIds) tx.insert(barrierDistricts).values({ barrierId: id, districtId }).run();
      return id;
    },
    (id) => ({
      actorId: memberId,
      action: "barrier.raise",
      entityType: "barrier",
      entityId: id,
      summary: `Raised the system barrier “${input.title}”`,
      after: { ...input, organisationIds, districtIds },
      now,
    }),
    db,
  );
  return { outcome: "raised", id };
}

export type SupportOutcome = "added" | "already" | "raised-it" | "not-found";

/**
 * "This happens to us too", once per member: the primary key (barrier, member)
 * refuses a second row, so two clicks at once, even from two servers, count once.
 * The person who raised the barrier has already said it happens to them.
 */
export function supportBarrier(
  { barrierId, memberId, now = new Date() }: { barrierId: number; memberId: number; now?: Date },
  db: Db = getDb(),
): SupportOutcome {
  return inTransaction((tx) => {
    const barrier = tx.select({ raisedBy: barriers.raisedBy }).from(barriers).where(eq(barriers.id, barrierId)).get();
    if (!barrier) return "not-found";
    if (barrier.raisedBy === memberId) return "raised-it";
    const { changes } = tx
      .insert(barrierSupports)
      .values({ barrierId, memberId, createdAt: now })
      .onConflictDoNothing()
      .run();
    return changes === 1 ? "added" : "already";
  }, db);
}

export type TriageOutcome =
  | { outcome: "saved"; updateId: number | null; emailed: number }
  | { outcome: "not-found" }
  | { outcome: "invalid"; field: "workshopId" | "toolkitCardId"; message: string };

/**
 * The coordinator triages a barrier: its status, a note, the workshop where it
 * was discussed and the toolkit card that records the remedy. A new status, or
 * a note, is recorded as an update, and the person who raised the barrier and
 * everyone who supported it (active members, not the coordinator making the
 * change) are emailed about it, once each: the dedupe key names the barrier,
 * the update and the member.
 */
export function triageBarrier(
  {
    barrierId,
    actorId,
    input,
    now = new Date(),
  }: { barrierId: number; actorId: number; input: TriageInput; now?: Date },
  db: Db = getDb(),
): TriageOutcome {
  const before = db.select().from(barriers).where(eq(barriers.id, barrierId)).get();
  if (!before) return { outcome: "not-found" };
  if (
    input.workshopId !== null &&
    !db.select({ id: workshops.id }).from(workshops).where(eq(workshops.id, input.workshopId)).get()
  )
    return { outcome: "invalid", field: "workshopId", message: "Select a workshop from the list" };
  if (
    input.toolkitCardId !== null &&
    !db.select({ id: toolkitCards.id }).from(toolkitCards).where(eq(toolkitCards.id, input.toolkitCardId)).get()
  )
    return { outcome: "invalid", field: "toolkitCardId", message: "Select a toolkit card from the list" };
  const statusChanged = input.status !== before.status;
  const linksChanged = input.workshopId !== before.workshopId || input.toolkitCardId !== before.toolkitCardId;
  if (!statusChanged && !linksChanged && input.note === "") return { outcome: "saved", updateId: null, emailed: 0 };
  return withAudit(
    (tx) => {
      tx.update(barriers)
        .set({ status: input.status, workshopId: input.workshopId, toolkitCardId: input.toolkitCardId, updatedAt: now })
        .where(eq(barriers.id, barrierId))
        .run();
      if (!statusChanged && input.note === "") return { outcome: "saved" as const, updateId: null, emailed: 0 };
      const update = tx
        .insert(barrierUpdates)
        .values({
          barrierId,
          fromStatus: before.status,
          toStatus: input.status,
          note: input.note,
          changedBy: actorId,
          createdAt: now,
        })
        .returning({ id: barrierUpdates.id })
        .get();
      const people = peopleToTell({ barrierId, raisedBy: before.raisedBy, except: actorId }, tx);
      const remedy =
        input.toolkitCardId === null
          ? null
          : (tx
              .select({ title: toolkitCards.title, slug: toolkitCards.slug })
              .from(toolkitCards)
              .where(eq(toolkitCards.id, input.toolkitCardId))
              .get() ?? null);
      for (const person of people) {
        const email = barrierEmails.statusChanged(person.name, {
          barrier: { id: barrierId, title: before.title },
          raisedIt: person.id === before.raisedBy,
          from: before.status,
          to: input.status,
          note: input.note,
          remedy,
        });
        queueEmail(
          {
            dedupeKey: `barrier:${barrierId}:update:${update.id}:member:${person.id}`,
            memberId: person.id,
            to: person.email,
            kind: "barrier-update",
            now,
            ...email,
          },
          tx,
        );
      }
      return { outcome: "saved" as const, updateId: update.id, emailed: people.length };
    },
    () => ({
      actorId,
      action: "barrier.triage",
      entityType: "barrier",
      entityId: barrierId,
      summary: statusChanged
        ? `Moved the system barrier “${before.title}” from ${BARRIER_STATUS_LABELS[before.status]} to ${BARRIER_STATUS_LABELS[input.status]}`
        : `Updated the system barrier “${before.title}”`,
      before: { status: before.status, workshopId: before.workshopId, toolkitCardId: before.toolkitCardId },
      after: { ...input },
      now,
    }),
    db,
  );
}

/** Whom a change is told to: the person who raised the barrier and its supporters, active, not the one changing it. */
function peopleToTell(
  { barrierId, raisedBy, except }: { barrierId: number; raisedBy: number; except: number },
  db: Db,
) {
  const supporters = db
    .select({ id: barrierSupports.memberId })
    .from(barrierSupports)
    .where(eq(barrierSupports.barrierId, barrierId))
    .all()
    .map((r) => r.id);
  const ids = [...new Set([raisedBy, ...supporters])].filter((id) => id !== except);
  if (ids.length === 0) return [];
  return db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(members)
    .where(and(inArray(members.id, ids), eq(members.status, "active")))
    .orderBy(asc(members.id))
    .all();
}

function supporterCounts(db: Db) {
  return new Map(
    db
      .select({ barrierId: barrierSupports.barrierId, n: count() })
      .from(barrierSupports)
      .groupBy(barrierSupports.barrierId)
      .all()
      .map((r) => [r.barrierId, r.n]),
  );
}

function organisationNamesByBarrier(db: Db, barrierIds?: number[]) {
  const rows = db
    .select({ barrierId: barrierOrganisations.barrierId, id: organisations.id, name: organisations.name })
    .from(barrierOrganisations)
    .innerJoin(organisations, eq(organisations.id, barrierOrganisations.organisationId))
    .where(barrierIds ? inArray(barrierOrganisations.barrierId, barrierIds) : undefined)
    .orderBy(asc(organisations.name))
    .all();
  const map = new Map<number, Array<{ id: number; name: string }>>();
  for (const row of rows) map.set(row.barrierId, [...(map.get(row.barrierId) ?? []), { id: row.id, name: row.name }]);
  return map;
}

function districtNamesByBarrier(db: Db, barrierIds?: number[]) {
  const rows = db
    .select({ barrierId: barrierDistricts.barrierId, id: districts.id, name: districts.name })
    .from(barrierDistricts)
    .innerJoin(districts, eq(districts.id, barrierDistricts.districtId))
    .where(barrierIds ? inArray(barrierDistricts.barrierId, barrierIds) : undefined)
    .orderBy(asc(districts.name))
    .all();
  const map = new Map<number, Array<{ id: string; name: string }>>();
  for (const row of rows) map.set(row.barrierId, [...(map.get(row.barrierId) ?? []), { id: row.id, name: row.name }]);
  return map;
}

/** Barriers, newest first (optionally of one status), with their organisations and how many say it happens to them too. */
export function listBarriers({ status, memberId }: { status?: BarrierStatus; memberId: number }, db: Db = getDb()) {
  const rows = db
    .select({
      id: barriers.id,
      title: barriers.title,
      status: barriers.status,
      frequency: barriers.frequency,
      createdAt: barriers.createdAt,
      raisedBy: barriers.raisedBy,
    })
    .from(barriers)
    .where(status ? eq(barriers.status, status) : undefined)
    .orderBy(desc(barriers.createdAt), desc(barriers.id))
    .all();
  const supporters = supporterCounts(db);
  const ids = rows.map((r) => r.id);
  const organisationsOf = organisationNamesByBarrier(db, ids);
  const districtsOf = districtNamesByBarrier(db, ids);
  const mine = new Set(
    db
      .select({ id: barrierSupports.barrierId })
      .from(barrierSupports)
      .where(eq(barrierSupports.memberId, memberId))
      .all()
      .map((r) => r.id),
  );
  return rows.map((row) => ({
    ...row,
    raisedByMe: row.raisedBy === memberId,
    supportedByMe: mine.has(row.id),
    supporters: supporters.get(row.id) ?? 0,
    organisations: organisationsOf.get(row.id) ?? [],
    districts: districtsOf.get(row.id) ?? [],
  }));
}

/** One barrier with everything its page shows; undefined when there is none. */
export function getBarrier({ id, memberId }: { id: number; memberId: number }, db: Db = getDb()) {
  const barrier = db
    .select({
      id: barriers.id,
      title: barriers.title,
      whatHappened: barriers.whatHappened,
      whereItHappens: barriers.whereItHappens,
      frequency: barriers.frequency,
      status: barriers.status,
      raisedBy: barriers.raisedBy,
      raisedByName: members.name,
      raisedByOrganisation: organisations.name,
      workshopId: barriers.workshopId,
      toolkitCardId: barriers.toolkitCardId,
      createdAt: barriers.createdAt,
      updatedAt: barriers.updatedAt,
    })
    .from(barriers)
    .innerJoin(members, eq(members.id, barriers.raisedBy))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(eq(barriers.id, id))
    .get();
  if (!barrier) return undefined;
  const workshop =
    barrier.workshopId === null
      ? null
      : (db
          .select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt })
          .from(workshops)
          .where(eq(workshops.id, barrier.workshopId))
          .get() ?? null);
  const remedy =
    barrier.toolkitCardId === null
      ? null
      : (db
          .select({ id: toolkitCards.id, title: toolkitCards.title, slug: toolkitCards.slug })
          .from(toolkitCards)
          .where(eq(toolkitCards.id, barrier.toolkitCardId))
          .get() ?? null);
  const supporters =
    db.select({ n: count() }).from(barrierSupports).where(eq(barrierSupports.barrierId, id)).get()?.n ?? 0;
  const supportedByMe =
    db
      .select({ id: barrierSupports.memberId })
      .from(barrierSupports)
      .where(and(eq(barrierSupports.barrierId, id), eq(barrierSupports.memberId, memberId)))
      .get() !== undefined;
  const updates = db
    .select({
      id: barrierUpdates.id,
      fromStatus: barrierUpdates.fromStatus,
      toStatus: barrierUpdates.toStatus,
      note: barrierUpdates.note,
      createdAt: barrierUpdates.createdAt,
      by: members.name,
    })
    .from(barrierUpdates)
    .innerJoin(members, eq(members.id, barrierUpdates.changedBy))
    .where(eq(barrierUpdates.barrierId, id))
    .orderBy(asc(barrierUpdates.createdAt), asc(barrierUpdates.id))
    .all();
  return {
    ...barrier,
    workshop,
    remedy,
    supporters,
    supportedByMe,
    raisedByMe: barrier.raisedBy === memberId,
    organisations: organisationNamesByBarrier(db, [id]).get(id) ?? [],
    districts: districtNamesByBarrier(db, [id]).get(id) ?? [],
    updates,
  };
}

/** What the triage form offers: workshops (newest first, not cancelled) and the toolkit cards in use. */
export function listTriageChoices(db: Db = getDb()) {
  return {
    workshops: db
      .select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt })
      .from(workshops)
      .where(ne(workshops.status, "cancelled"))
      .orderBy(desc(workshops.startsAt))
      .limit(200)
      .all(),
    toolkitCards: db
      .select({ id: toolkitCards.id, title: toolkitCards.title })
      .from(toolkitCards)
      .where(isNull(toolkitCards.archivedAt))
      .orderBy(asc(toolkitCards.title))
      .all(),
  };
}

/** Age bands for the board: how long a barrier has been known. */
export function ageInDays(createdAt: Date, now: Date) {
  return Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / DAY));
}

function ageBand(days: number) {
  return AGE_BANDS.find((band) => days < band.max)!;
}

/**
 * The board's report: every barrier with its status, age and organisations
 * (by status, then oldest first), the count of each status by age band, and
 * each organisation's barriers by status.
 */
export function barrierReport({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  const rows = db
    .select({
      id: barriers.id,
      title: barriers.title,
      status: barriers.status,
      frequency: barriers.frequency,
      createdAt: barriers.createdAt,
      workshopTitle: workshops.title,
      remedyTitle: toolkitCards.title,
    })
    .from(barriers)
    .leftJoin(workshops, eq(workshops.id, barriers.workshopId))
    .leftJoin(toolkitCards, eq(toolkitCards.id, barriers.toolkitCardId))
    .all();
  const supporters = supporterCounts(db);
  const organisationsOf = organisationNamesByBarrier(db);
  const districtsOf = districtNamesByBarrier(db);
  const statusOrder = (s: BarrierStatus) => BARRIER_STATUSES.indexOf(s);
  const list = rows
    .map((row) => ({
      ...row,
      ageDays: ageInDays(row.createdAt, now),
      supporters: supporters.get(row.id) ?? 0,
      organisations: (organisationsOf.get(row.id) ?? []).map((o) => o.name),
      districts: (districtsOf.get(row.id) ?? []).map((d) => d.name),
    }))
    .sort((a, b) => statusOrder(a.status) - statusOrder(b.status) || b.ageDays - a.ageDays || a.id - b.id);
  const byStatus = BARRIER_STATUSES.map((status) => {
    const ofStatus = list.filter((b) => b.status === status);
    return {
      status,
      total: ofStatus.length,
      bands: AGE_BANDS.map((band) => ofStatus.filter((b) => ageBand(b.ageDays).id === band.id).length),
      oldestDays: ofStatus.length ? Math.max(...ofStatus.map((b) => b.ageDays)) : null,
    };
  });
  const organisationNames = [...new Set(list.flatMap((b) => b.organisations))].sort((a, b) => a.localeCompare(b));
  const byOrganisation = organisationNames.map((name) => {
    const involved = list.filter((b) => b.organisations.includes(name));
    return {
      organisation: name,
      total: involved.length,
      statuses: BARRIER_STATUSES.map((status) => involved.filter((b) => b.status === status).length),
    };
  });
  return { barriers: list, byStatus, byOrganisation };
}
