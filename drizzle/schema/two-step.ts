import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * A member's authenticator app (TOTP, RFC 6238). The secret is kept only on
 * the server, encrypted with AES-256-GCM under a key derived from
 * SESSION_SECRET (see app/lib/two-step-secret.server.ts). `secret` is the one
 * in use, set once it is confirmed with a code; `pendingSecret` is one being
 * set up and not yet confirmed (the old one keeps working until then).
 */
export const twoStepCredentials = sqliteTable("two_step_credentials", {
  memberId: integer("member_id")
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  secret: text("secret"),
  enabledAt: integer("enabled_at", { mode: "timestamp_ms" }),
  /** The last 30-second time step a code was accepted for: that code and older ones are refused. */
  lastUsedStep: integer("last_used_step"),
  pendingSecret: text("pending_secret"),
  pendingCreatedAt: integer("pending_created_at", { mode: "timestamp_ms" }),
});

/** Ten single-use recovery codes per set-up, stored only as SHA-256 digests. */
export const twoStepRecoveryCodes = sqliteTable(
  "two_step_recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("two_step_recovery_codes_member_idx").on(table.memberId)],
);

/**
 * Browsers a member has signed in from: the cookie holds a random token, this
 * table its SHA-256 digest. A staff sign-in from a browser not listed here
 * sends an email.
 */
export const knownBrowsers = sqliteTable(
  "known_browsers",
  {
    id: text("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("known_browsers_member_idx").on(table.memberId),
    index("known_browsers_seen_idx").on(table.lastSeenAt),
  ],
);

export type TwoStepCredential = typeof twoStepCredentials.$inferSelect;
