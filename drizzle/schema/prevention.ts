import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { PREVENTION_ACTIONS, PREVENTION_EARLINESS, PREVENTION_OUTCOMES } from "./constants";
import { circumstances } from "./directory";
import { members } from "./members";
import { districts, organisations } from "./organisations";

/**
 * One thing a champion did to help someone at risk of homelessness: no name,
 * date of birth, address or case number, only what the impact reports count.
 * A null outcome means not answered, which the reports count as unknown.
 */
export const preventionActions = sqliteTable(
  "prevention_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The champion who recorded it. */
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    /** The organisation it came through. */
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    districtId: text("district_id")
      .notNull()
      .references(() => districts.id),
    /** From the same list as "who do I call?". */
    circumstanceId: text("circumstance_id")
      .notNull()
      .references(() => circumstances.id),
    /** The day of the action, YYYY-MM-DD in Europe/London. */
    actionOn: text("action_on").notNull(),
    earliness: text("earliness", { enum: PREVENTION_EARLINESS }).notNull(),
    action: text("action", { enum: PREVENTION_ACTIONS }).notNull(),
    note: text("note"),
    outcome: text("outcome", { enum: PREVENTION_OUTCOMES }),
    outcomeAt: integer("outcome_at", { mode: "timestamp_ms" }),
    /** 56 days after the action: when the outcome email goes. */
    followUpDueAt: integer("follow_up_due_at", { mode: "timestamp_ms" }).notNull(),
    followUpSentAt: integer("follow_up_sent_at", { mode: "timestamp_ms" }),
    /** The one reminder, 14 days after the follow-up if still unanswered. */
    followUpRemindedAt: integer("follow_up_reminded_at", { mode: "timestamp_ms" }),
    /** A Duty to Refer referral acknowledged by the district's named housing contact. */
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    acknowledgedBy: integer("acknowledged_by").references(() => members.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("prevention_actions_action_on_idx").on(table.actionOn),
    index("prevention_actions_district_idx").on(table.districtId, table.actionOn),
    index("prevention_actions_organisation_idx").on(table.organisationId, table.actionOn),
    index("prevention_actions_member_idx").on(table.memberId, table.actionOn),
    // The follow-up job reads only the unanswered entries, by when they fall due.
    index("prevention_actions_follow_up_idx")
      .on(table.followUpDueAt)
      .where(sql`outcome is null`),
    // Network health: the entries due a follow-up whose outcome is unknown, and the follow-ups sent and not
    // answered, each counted from an index alone (at national size 65,000 and 51,000 entries read from the table).
    index("prevention_actions_unknown_idx")
      .on(table.actionOn)
      .where(sql`outcome is null or outcome = 'dont-know'`),
    index("prevention_actions_waiting_idx")
      .on(table.followUpDueAt)
      .where(sql`outcome is null and follow_up_sent_at is not null`),
    // A district's housing contact lists its unacknowledged Duty to Refer referrals.
    index("prevention_actions_unacknowledged_idx")
      .on(table.districtId, table.actionOn)
      .where(sql`action = 'duty-to-refer' and acknowledged_at is null`),
  ],
);

/** A training session a champion ran inside their own organisation (training cascaded). */
export const cascadeSessions = sqliteTable(
  "cascade_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** YYYY-MM-DD in Europe/London. */
    heldOn: text("held_on").notNull(),
    audienceSize: integer("audience_size").notNull(),
    /** Who came, in the champion's words (for example "reception and support workers"). */
    audienceRoles: text("audience_roles").notNull().default(""),
    /** Which tier's material: 1, 2 or 3. */
    tier: integer("tier").notNull(),
    lengthMinutes: integer("length_minutes").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    // The impact report sums a period's audiences from this index alone (app/models/impact.server.ts).
    index("cascade_sessions_held_on_audience_idx").on(table.heldOn, table.audienceSize),
    index("cascade_sessions_organisation_idx").on(table.organisationId, table.heldOn),
    index("cascade_sessions_member_idx").on(table.memberId, table.heldOn),
  ],
);

export type PreventionAction = typeof preventionActions.$inferSelect;
export type CascadeSession = typeof cascadeSessions.$inferSelect;
