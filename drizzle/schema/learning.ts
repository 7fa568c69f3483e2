import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * Learning records refer to content by its frontmatter id (never a file name)
 * and record the module version and content hash they were made against.
 */
export const lessonProgress = sqliteTable(
  "lesson_progress",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull(),
    lessonId: text("lesson_id").notNull(),
    moduleVersion: integer("module_version").notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.memberId, table.moduleId, table.lessonId] })],
);

export const checkAttempts = sqliteTable(
  "check_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull(),
    moduleVersion: integer("module_version").notNull(),
    contentHash: text("content_hash").notNull(),
    /** A one-time token from the check form, so a double submission records once. */
    submissionToken: text("submission_token").notNull(),
    /** JSON: question id → chosen option ids. */
    answers: text("answers").notNull(),
    /**
     * JSON: the paper this attempt answered, as lib/learning/paper.ts draws it (questions asked, options in the
     * order shown). Null for attempts made before papers were drawn, which answered every question.
     */
    paper: text("paper"),
    score: integer("score").notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    uniqueIndex("check_attempts_token_idx").on(table.memberId, table.submissionToken),
    index("check_attempts_member_module_idx").on(table.memberId, table.moduleId),
  ],
);

export const completions = sqliteTable(
  "completions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    moduleId: text("module_id").notNull(),
    moduleVersion: integer("module_version").notNull(),
    contentHash: text("content_hash").notNull(),
    attemptId: integer("attempt_id")
      .notNull()
      .unique()
      .references(() => checkAttempts.id),
    score: integer("score").notNull(),
    /** What the certificate shows, as it was when earned. */
    learnerName: text("learner_name").notNull(),
    organisationName: text("organisation_name"),
    moduleTitle: text("module_title").notNull(),
    tier: integer("tier").notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    /** 128 random bits, base32: the public verification code. */
    certificateCode: text("certificate_code").notNull().unique(),
  },
  (table) => [
    index("completions_member_module_idx").on(table.memberId, table.moduleId, table.completedAt),
    index("completions_module_idx").on(table.moduleId, table.completedAt),
    // Reminders before learning expires read completions by when they expire, never the whole table.
    index("completions_expires_idx").on(table.expiresAt),
    // The refreshers report reads each member's latest completions, their expiry and title, from the index alone.
    index("completions_member_module_expiry_idx").on(
      table.memberId,
      table.moduleId,
      table.completedAt,
      table.expiresAt,
      table.moduleTitle,
    ),
  ],
);

export type LessonProgress = typeof lessonProgress.$inferSelect;
export type CheckAttempt = typeof checkAttempts.$inferSelect;
export type Completion = typeof completions.$inferSelect;

/**
 * Versions of what the reports' kept facts read (app/models/completion-facts.server.ts,
 * refresher-facts.server.ts), moved by triggers (migrations 0042, 0043): id 1 when a
 * completion is added; id 2 when one is changed or removed; id 3 when an organisation is
 * added, removed, renamed or moved to another district; id 4 when a member's organisation
 * or tier changes; id 5 when a member's status changes.
 */
export const reportVersion = sqliteTable("report_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});
