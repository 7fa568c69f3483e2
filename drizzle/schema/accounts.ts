import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * One-time links, valid for an hour, to set a new password (asked for on the
 * forgotten-password page or sent by a coordinator or organisation lead).
 * Only the SHA-256 of the token in the link is stored.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    /** Who sent the link on the member's behalf; null when the member asked for it. */
    requestedBy: integer("requested_by").references(() => members.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("password_resets_member_idx").on(table.memberId)],
);

/**
 * Requests made on the forgotten-password page, kept for a day, for
 * throttling by account and by address. `accountKey` is the same HMAC of the
 * email the sign-in throttle uses, so the table holds no addresses.
 */
export const passwordResetRequests = sqliteTable(
  "password_reset_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountKey: text("account_key").notNull(),
    ipAddress: text("ip_address").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("password_reset_requests_account_idx").on(table.accountKey, table.createdAt),
    index("password_reset_requests_ip_idx").on(table.ipAddress, table.createdAt),
    index("password_reset_requests_created_idx").on(table.createdAt),
  ],
);

/**
 * A member's request to move their account to a new email address. It takes
 * effect only when the link sent to the new address is used within 24 hours.
 * The old address is sent a "this wasn't me" link; a report is kept here for
 * the coordinator. Both links are stored only as SHA-256 digests.
 */
export const emailChanges = sqliteTable(
  "email_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    oldEmail: text("old_email").notNull(),
    newEmail: text("new_email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    reportTokenHash: text("report_token_hash").notNull().unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    reportedAt: integer("reported_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("email_changes_member_idx").on(table.memberId)],
);

export type PasswordReset = typeof passwordResets.$inferSelect;
export type EmailChange = typeof emailChanges.$inferSelect;
