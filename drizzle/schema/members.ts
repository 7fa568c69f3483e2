import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { MEMBER_STATUSES, ROLES } from "./constants";
import { organisations } from "./organisations";

export const members = sqliteTable(
  "members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-cased; unique. */
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    jobTitle: text("job_title").notNull().default(""),
    organisationId: integer("organisation_id").references(() => organisations.id),
    /** Set when a self-registered learner's organisation is not in the list. */
    otherOrganisationName: text("other_organisation_name"),
    role: text("role", { enum: ROLES }).notNull().default("learner"),
    tier: integer("tier").notNull().default(3),
    status: text("status", { enum: MEMBER_STATUSES }).notNull().default("active"),
    passwordHash: text("password_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
    /**
     * When they became a Tier 1 member (joined as one, or were moved to Tier 1);
     * null for other tiers. A Tier 1 member is "new", not lapsed, until the
     * currency rule's number of workshops has been held since then.
     */
    tier1Since: integer("tier1_since", { mode: "timestamp_ms" }),
    /**
     * Optional mail the member can turn off (My account, or the one-click
     * unsubscribe in each such email): the monthly digest, reminders before
     * learning or currency lapses, and the coordinator's messages. Essential
     * mail (bookings, changes to a booked workshop, account security) always goes.
     */
    digestEmails: integer("digest_emails", { mode: "boolean" }).notNull().default(true),
    reminderEmails: integer("reminder_emails", { mode: "boolean" }).notNull().default(true),
    messageEmails: integer("message_emails", { mode: "boolean" }).notNull().default(true),
  },
  (table) => [
    // The members list is read in name order (then id) from the index of its filter, a page at a time (keyset).
    index("members_organisation_idx").on(table.organisationId, table.name),
    index("members_role_idx").on(table.role, table.name),
    // Everyone in name order; the list's other filters and words in a name, email or job title are checked
    // in the index itself, so a page of a common filter or a search reads no rows it does not show.
    index("members_name_idx").on(
      table.name,
      table.id,
      table.status,
      table.tier,
      table.role,
      table.email,
      table.jobTitle,
    ),
    // Network health counts who joined and left this quarter.
    index("members_created_idx").on(table.createdAt),
    index("members_deactivated_idx").on(table.deactivatedAt),
    // Tier 1 champions (currency, network health, coverage) are a tenth of the members; listed by name, with all
    // the currency pages read of them, so listing 12,000 champions reads no member rows.
    index("members_tier_status_idx").on(table.tier, table.status, table.name, table.organisationId, table.tier1Since),
    // A member's organisation and tier by id without reading the member's row (about 220 bytes): the attendance
    // report looks up 100,000 bookings' members at national size.
    index("members_id_organisation_idx").on(table.id, table.organisationId, table.tier),
  ],
);

/**
 * The members list's version: triggers bump it whenever a member is added,
 * removed or changes in anything the list filters on, or an organisation
 * moves district (migration 0034), so the list's counts are kept until then.
 */
export const membersVersion = sqliteTable("members_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});

/**
 * Server-side sessions: the cookie carries a random token, the table holds its
 * SHA-256 digest, so a copy of the database cannot be replayed as cookies and
 * deleting the rows ends the sessions.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("sessions_member_idx").on(table.memberId)],
);

/** Sign-in attempts, kept for a day, for throttling by account and by address. */
export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** SHA-256 of the lower-cased email, so the table holds no addresses. */
    accountKey: text("account_key").notNull(),
    ipAddress: text("ip_address").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("sign_in_attempts_account_idx").on(table.accountKey, table.createdAt),
    index("sign_in_attempts_ip_idx").on(table.ipAddress, table.createdAt),
    index("sign_in_attempts_created_idx").on(table.createdAt),
  ],
);

export type Member = typeof members.$inferSelect;
export type NewMember = typeof members.$inferInsert;
export type Session = typeof sessions.$inferSelect;
