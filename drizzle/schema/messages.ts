import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/** Who a coordinator's message can be written to (app/models/message.server.ts finds them). */
export const MESSAGE_AUDIENCES = [
  "everyone",
  "tier",
  "lapsed",
  "at-risk",
  "org-leads",
  "organisation",
  "district",
  "workshop",
] as const;
export type MessageAudience = (typeof MESSAGE_AUDIENCES)[number];

/**
 * A message the coordinator wrote to an audience: plain text with markdown
 * links, queued in the outbox once per recipient (dedupe key
 * `message:<id>:<member>`), only to active members with messages on.
 * `audienceValue` names the tier, organisation, district or workshop when the
 * audience needs one; `audienceLabel` is how it read when sent.
 */
export const coordinatorMessages = sqliteTable(
  "coordinator_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    audience: text("audience", { enum: MESSAGE_AUDIENCES }).notNull(),
    audienceValue: integer("audience_value"),
    audienceLabel: text("audience_label").notNull(),
    /** How many were queued, and how many of the audience had turned messages off. */
    recipients: integer("recipients").notNull(),
    optedOut: integer("opted_out").notNull(),
    sentBy: integer("sent_by")
      .notNull()
      .references(() => members.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("coordinator_messages_created_idx").on(table.createdAt)],
);

/** The monthly digest's settings: one row (id 1), written by the coordinator. */
export const digestSettings = sqliteTable("digest_settings", {
  id: integer("id").primaryKey(),
  /** The day of the month (1 to 28, London time) on which the month's digest is queued. */
  dayOfMonth: integer("day_of_month").notNull().default(1),
  updatedBy: integer("updated_by").references(() => members.id),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const DIGEST_RUN_STATUSES = ["draft", "queuing", "done"] as const;

/**
 * One month's digest (`month` is "YYYY-MM" in London): the coordinator's
 * paragraph for it (a draft until the day comes), then its queuing's progress.
 * The job queues members in id order a batch at a time and records the last id
 * done, so after a restart it carries on from there; the outbox's dedupe key
 * (`digest:<month>:<member>`) makes a repeated batch queue nothing twice.
 */
export const digestRuns = sqliteTable("digest_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  month: text("month").notNull().unique(),
  paragraph: text("paragraph").notNull().default(""),
  status: text("status", { enum: DIGEST_RUN_STATUSES }).notNull().default("draft"),
  lastMemberId: integer("last_member_id").notNull().default(0),
  queued: integer("queued").notNull().default(0),
  startedAt: integer("started_at", { mode: "timestamp_ms" }),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  updatedBy: integer("updated_by").references(() => members.id),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export type CoordinatorMessage = typeof coordinatorMessages.$inferSelect;
export type DigestRun = typeof digestRuns.$inferSelect;
