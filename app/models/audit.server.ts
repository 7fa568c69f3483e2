import { and, asc, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { auditEvents, members } from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { logEvent } from "~/lib/log.server";

export type AuditInput = {
  actorId: number;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
  /** When it happened: the moment the change began when not given. */
  now?: Date;
};

/** Keys whose values are secrets (tokens, password hashes): never written to the audit log. */
const SECRET_KEY = /token|password|secret|hash/i;

/** A copy of a value with every secret-named key left out, at any depth. */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_KEY.test(key))
      .map(([key, v]) => [key, withoutSecrets(v)]),
  );
}

function insertAuditEvent(input: AuditInput, db: Db, now: Date) {
  db.insert(auditEvents)
    .values({
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
      summary: input.summary,
      before: input.before === undefined ? null : JSON.stringify(withoutSecrets(input.before)),
      after: input.after === undefined ? null : JSON.stringify(withoutSecrets(input.after)),
      createdAt: now,
    })
    .run();
}

/**
 * Makes a change and records it in the audit log in one transaction, so the
 * two are committed together or not at all: if the change throws, nothing is
 * recorded; if recording fails, the change is rolled back. `describe` turns
 * the change's result into the entry, or null when nothing changed. The log
 * line is written only once the transaction has committed.
 */
export function withAudit<T>(change: (tx: Db) => T, describe: (result: T) => AuditInput | null, db: Db = getDb()): T {
  const began = new Date();
  let entry: AuditInput | null = null;
  const result = inTransaction((tx) => {
    const result = change(tx);
    entry = describe(result);
    if (entry) insertAuditEvent(entry, tx, entry.now ?? began);
    return result;
  }, db);
  if (entry) logAdminChange(entry);
  return result;
}

function logAdminChange(input: AuditInput) {
  logEvent("admin-change", {
    actorId: input.actorId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
  });
}

/** Records an entry that is not tied to a change in the database (the change, if any, is made with `withAudit`). */
export function recordAudit(input: AuditInput, db: Db = getDb()) {
  withAudit(
    () => null,
    () => input,
    db,
  );
}

/** The audit log, newest first; `query` matches the summary, the actor's name, the action or the changed values. */
export function listAuditEvents(
  { query, entityType, limit = 100 }: { query?: string; entityType?: string; limit?: number },
  db: Db = getDb(),
) {
  return readAuditEvents({ query, entityType }, { limit, direction: "older" }, db);
}

/** Where a page of the audit log starts: after this entry (older ones), or before it (newer ones). */
export type AuditCursor = { after?: number; before?: number };

/**
 * One page of the audit log, newest first, read from the created index onwards from the entry a page starts
 * after (or back from the one it ends before), so a later page costs what the first does. A cursor naming no
 * entry, or past the end, gives the first page.
 */
export function pageAuditEvents(
  {
    query,
    entityType,
    after,
    before,
    limit = 50,
  }: { query?: string; entityType?: string; limit?: number } & AuditCursor,
  db: Db = getDb(),
) {
  const cursorId = before ?? after;
  const at = cursorId
    ? db
        .select({ createdAt: auditEvents.createdAt, id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.id, cursorId))
        .get()
    : undefined;
  const direction = at && before ? "newer" : "older";
  const rows = readAuditEvents({ query, entityType }, { limit: limit + 1, direction, from: at }, db);
  if (at && rows.length === 0) return pageAuditEvents({ query, entityType, limit }, db);
  const more = rows.length > limit;
  const events = rows.slice(0, limit);
  if (direction === "newer") events.reverse();
  const [first, last] = [events[0], events[events.length - 1]];
  const newer =
    direction === "newer"
      ? more
      : !!at && readAuditEvents({ query, entityType }, { limit: 1, direction: "newer", from: first }, db).length > 0;
  const older =
    direction === "older"
      ? more
      : readAuditEvents({ query, entityType }, { limit: 1, direction: "older", from: last }, db).length > 0;
  return { events, newerBefore: newer ? first.id : null, olderAfter: older ? last.id : null };
}

/**
 * A word in at most this many entries of the trigram index is searched through those entries alone: they are
 * gathered (about 0.3 µs each) and the log's index in time order is walked, testing each entry's id against them,
 * until a page is full. A word in more entries than this is common enough that the walk through the log itself,
 * testing each entry's text, fills a page soon.
 */
export const AUDIT_INDEX_CANDIDATES = 20_000;

/**
 * The entries that could match a search: those the trigram index (audit_events_fts, migration 0046) finds, and
 * those by actors whose names match. A superset of what LIKE matches, since the index folds case beyond ASCII.
 * Null when the index cannot answer: fewer than three characters, or a NUL, which its query syntax cannot hold.
 */
function auditCandidates(query: string, pattern: string) {
  if ([...query].length < 3 || query.includes("\0")) return null;
  const phrase = `"${query.replace(/"/g, '""')}"`;
  // The actors are found by seeking from one to the next in audit_events_actor_idx (a few hundred staff, not every
  // entry), then each is looked up by id: a plan that does not depend on the planner's statistics, which a log that
  // has just grown (an import, a restore) does not yet have.
  return sql`SELECT rowid FROM audit_events_fts WHERE audit_events_fts MATCH ${phrase}
    UNION ALL
    SELECT id FROM audit_events WHERE actor_id IN (
      WITH RECURSIVE actors(id) AS (
        SELECT min(actor_id) FROM audit_events
        UNION ALL
        SELECT (SELECT min(actor_id) FROM audit_events WHERE actor_id > actors.id) FROM actors WHERE actors.id IS NOT NULL
      )
      SELECT actors.id FROM actors CROSS JOIN members AS actor ON actor.id = actors.id
       WHERE actor.name LIKE ${pattern} ESCAPE '\\')`;
}

function readAuditEvents(
  { query, entityType }: { query?: string; entityType?: string },
  { limit, direction, from }: { limit: number; direction: "older" | "newer"; from?: { createdAt: Date; id: number } },
  db: Db,
) {
  const pattern = query ? `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const text = pattern
    ? or(
        sql`${auditEvents.summary} LIKE ${pattern} ESCAPE '\\'`,
        sql`${members.name} LIKE ${pattern} ESCAPE '\\'`,
        sql`${auditEvents.action} LIKE ${pattern} ESCAPE '\\'`,
        sql`coalesce(${auditEvents.before}, '') LIKE ${pattern} ESCAPE '\\'`,
        sql`coalesce(${auditEvents.after}, '') LIKE ${pattern} ESCAPE '\\'`,
      )
    : undefined;
  const position = !from
    ? undefined
    : direction === "older"
      ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${from.createdAt.getTime()}, ${from.id})`
      : sql`(${auditEvents.createdAt}, ${auditEvents.id}) > (${from.createdAt.getTime()}, ${from.id})`;
  const ofType = entityType ? eq(auditEvents.entityType, entityType) : undefined;
  const order =
    direction === "older"
      ? [desc(auditEvents.createdAt), desc(auditEvents.id)]
      : [asc(auditEvents.createdAt), asc(auditEvents.id)];
  const read = (within?: SQL) =>
    db
      .select({
        id: auditEvents.id,
        actorName: members.name,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        summary: auditEvents.summary,
        before: auditEvents.before,
        after: auditEvents.after,
        createdAt: auditEvents.createdAt,
      })
      .from(auditEvents)
      .leftJoin(members, eq(members.id, auditEvents.actorId))
      // The candidates first: testing an id needs only the index being walked, not the entry itself.
      .where(and(within, ofType, position, text))
      .orderBy(...order)
      .limit(limit)
      .all();
  const candidates = query && pattern ? auditCandidates(query, pattern) : null;
  if (!candidates) return read();
  const counted = db.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM (${candidates} LIMIT ${AUDIT_INDEX_CANDIDATES + 1})`,
  );
  if (counted.n > AUDIT_INDEX_CANDIDATES) return read();
  // "+id" keeps SQLite from looking each candidate up by id and sorting them all: it walks the log in time order.
  return read(sql`+${auditEvents.id} IN (${candidates})`);
}
