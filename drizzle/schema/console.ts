import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * Every change made by a coordinator, organisation lead or administrator:
 * who, what, when, and the record before and after (JSON).
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => members.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    summary: text("summary").notNull(),
    before: text("before"),
    after: text("after"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("audit_events_created_idx").on(table.createdAt),
    index("audit_events_entity_idx").on(table.entityType, table.entityId),
    // The log of one kind of record, newest first, is a walk of this index (app/models/audit.server.ts).
    index("audit_events_type_created_idx").on(table.entityType, table.createdAt),
    // Search finds the entries of the people whose names match.
    index("audit_events_actor_idx").on(table.actorId),
  ],
);

/** A one-time link, valid for seven days, for a new member to set their password. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    /** SHA-256 of the token in the link. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: integer("invited_by").references(() => members.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("invitations_member_idx").on(table.memberId)],
);

export type AuditEvent = typeof auditEvents.$inferSelect;

/**
 * One row (id 1) whose version triggers move on a write that network health
 * reads and neither the directory's nor the currency version covers: bookings,
 * prevention actions, a workshop's title, and when a member joined or left
 * (migration 0041). The whole network's health figures are kept until one of
 * the three versions moves, or the minute (app/models/network-health.server.ts).
 */
export const healthVersion = sqliteTable("health_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});
