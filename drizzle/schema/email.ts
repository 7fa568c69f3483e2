import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { EMAIL_STATUSES } from "./constants";
import { members } from "./members";

/**
 * Every email goes through this outbox: requests only insert a row; the
 * background sender delivers it. `dedupeKey` is unique, so each email
 * (a reminder for one member and one workshop, say) is queued once.
 * A sender claims an email by moving it from `pending` to `sending`; while it
 * is `sending`, `nextAttemptAt` is when the sender's lease ends, and it becomes
 * `sent` only once the SMTP server has accepted it. A sent email's stored text
 * loses its secret links, and every finished email's text is cleared 30 days
 * after it was queued (app/models/outbox.server.ts).
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    dedupeKey: text("dedupe_key").notNull().unique(),
    memberId: integer("member_id").references(() => members.id),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    kind: text("kind").notNull(),
    /**
     * Extra header fields as a JSON object of name to value (List-Unsubscribe and
     * List-Unsubscribe-Post on optional mail); null for none. Cleared with the text.
     */
    headers: text("headers"),
    /**
     * An invitation calendars accept: the iCalendar text sent as an inline
     * `text/calendar; method=...` part, and its METHOD (REQUEST or CANCEL);
     * null when the email carries no event. Cleared with the text.
     */
    calendar: text("calendar"),
    calendarMethod: text("calendar_method", { enum: ["REQUEST", "CANCEL"] }),
    /**
     * 0 for one person's email (bookings, account security, reminders); 1 for bulk mail (the monthly digest,
     * coordinator messages), which is sent only when nothing with 0 is due, so it never delays essential mail.
     */
    priority: integer("priority").notNull().default(0),
    status: text("status", { enum: EMAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    index("outbox_status_next_idx").on(table.status, table.nextAttemptAt),
    // The sender's order: due emails by priority, then when due (the row id breaks ties).
    index("outbox_status_priority_next_idx").on(table.status, table.priority, table.nextAttemptAt),
    index("outbox_member_idx").on(table.memberId),
    // The emails still holding their text, for the retention job (clearExpiredEmailText): cleared ones drop out.
    index("outbox_text_created_idx")
      .on(table.createdAt)
      .where(sql`body <> ''`),
  ],
);

export type OutboxEmail = typeof outbox.$inferSelect;
