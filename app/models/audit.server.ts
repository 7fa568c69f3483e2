import { and, desc, eq, or, sql } from "drizzle-orm";
import { auditEvents, members } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { logEvent } from "~/lib/log.server";

export type AuditInput = {
  actorId: number;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
};

/** Records one change made by a coordinator, organisation lead or administrator. */
export function recordAudit(input: AuditInput, db: Db = getDb(), now: Date = new Date()) {
  db.insert(auditEvents)
    .values({
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
      summary: input.summary,
      before: input.before === undefined ? null : JSON.stringify(input.before),
      after: input.after === undefined ? null : JSON.stringify(input.after),
      createdAt: now,
    })
    .run();
  logEvent("admin-change", { actorId: input.actorId, action: input.action, entityType: input.entityType, entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId) });
}

/** The audit log, newest first; `query` matches the summary, the actor's name, the action or the changed values. */
export function listAuditEvents({ query, entityType, limit = 100, offset = 0 }: { query?: string; entityType?: string; limit?: number; offset?: number }, db: Db = getDb()) {
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
  return db
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
    .where(and(text, entityType ? eq(auditEvents.entityType, entityType) : undefined))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit)
    .offset(offset)
    .all();
}

