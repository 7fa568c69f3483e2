import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ATTENDANCE_STATUSES, BOOKING_STATUSES, TOPIC_STATUSES, WORKSHOP_STATUSES } from "./constants";
import { members } from "./members";

/** A set of workshops created together ("every second month on the third Tuesday"). */
export const workshopSeries = sqliteTable("workshop_series", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  rule: text("rule").notNull(),
  createdBy: integer("created_by").references(() => members.id),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

export const workshops = sqliteTable(
  "workshops",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    seriesId: integer("series_id").references(() => workshopSeries.id),
    title: text("title").notNull(),
    topic: text("topic").notNull(),
    /** 1 = Tier 1 champions' workshop; 2 = generalist session; 3 = open to all. Members of this tier or a higher one (lower number) may book. */
    audienceTier: integer("audience_tier").notNull(),
    description: text("description").notNull().default(""),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    venue: text("venue"),
    joiningUrl: text("joining_url"),
    capacity: integer("capacity").notNull(),
    bookingClosesAt: integer("booking_closes_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: WORKSHOP_STATUSES }).notNull().default("scheduled"),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    cancellationReason: text("cancellation_reason"),
    /** iCalendar SEQUENCE: goes up with every change people's calendars should pick up. */
    sequence: integer("sequence").notNull().default(0),
    createdBy: integer("created_by").references(() => members.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("workshops_starts_idx").on(table.startsAt),
    index("workshops_series_idx").on(table.seriesId),
    // Tier 1 currency: the latest held workshops of one tier, newest first.
    index("workshops_tier_status_starts_idx").on(table.audienceTier, table.status, table.startsAt),
    // The coordinator's past and cancelled lists, newest first.
    index("workshops_status_starts_idx").on(table.status, table.startsAt),
  ],
);

export const bookings = sqliteTable(
  "bookings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workshopId: integer("workshop_id")
      .notNull()
      .references(() => workshops.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    status: text("status", { enum: BOOKING_STATUSES }).notNull(),
    /** When the member joined the waiting list; the earliest waiting gets the next place. */
    waitingSince: integer("waiting_since", { mode: "timestamp_ms" }),
    /** Set on a deputy's booking: the champion whose place they took. */
    deputisingFor: integer("deputising_for").references(() => members.id),
    /**
     * Added to the workshop's sequence for the SEQUENCE of this member's calendar entry: goes up when they cancel
     * or book again, so each invitation or cancellation they are sent outranks the one before.
     */
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    uniqueIndex("bookings_workshop_member_idx").on(table.workshopId, table.memberId),
    index("bookings_workshop_status_idx").on(table.workshopId, table.status),
    index("bookings_member_idx").on(table.memberId),
    // The attendance report reads a workshop's bookings, their status and member, from the index alone.
    index("bookings_workshop_status_member_idx").on(table.workshopId, table.status, table.memberId),
  ],
);

export const attendance = sqliteTable(
  "attendance",
  {
    workshopId: integer("workshop_id")
      .notNull()
      .references(() => workshops.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    status: text("status", { enum: ATTENDANCE_STATUSES }).notNull(),
    markedBy: integer("marked_by").references(() => members.id),
    markedAt: integer("marked_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.workshopId, table.memberId] }),
    index("attendance_member_idx").on(table.memberId),
    // The attendance report reads each booking's mark from the index alone.
    index("attendance_workshop_member_status_idx").on(table.workshopId, table.memberId, table.status),
  ],
);

/** Every change to a register mark after it was first taken: who, when, from what to what. */
export const attendanceChanges = sqliteTable(
  "attendance_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workshopId: integer("workshop_id")
      .notNull()
      .references(() => workshops.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    fromStatus: text("from_status", { enum: ATTENDANCE_STATUSES }),
    toStatus: text("to_status", { enum: ATTENDANCE_STATUSES }).notNull(),
    changedBy: integer("changed_by").references(() => members.id),
    changedAt: integer("changed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("attendance_changes_workshop_idx").on(table.workshopId)],
);

/**
 * One row (id 1) whose version triggers move whenever Tier 1 currency could
 * change: attendance, a workshop's tier, status or times, and a member's name,
 * organisation, tier, status or Tier 1 start, or an organisation's name (the
 * currency page shows both names) (migration 0040). The kept currency list
 * (app/models/currency.server.ts) lasts until it moves, not until any write.
 */
export const currencyVersion = sqliteTable("currency_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});

export const workshopFeedback = sqliteTable(
  "workshop_feedback",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workshopId: integer("workshop_id")
      .notNull()
      .references(() => workshops.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    rating: integer("rating").notNull(),
    mostUseful: text("most_useful").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    uniqueIndex("workshop_feedback_once_idx").on(table.workshopId, table.memberId),
    index("workshop_feedback_member_idx").on(table.memberId),
  ],
);

export const topicProposals = sqliteTable(
  "topic_proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    details: text("details").notNull().default(""),
    proposedBy: integer("proposed_by")
      .notNull()
      .references(() => members.id),
    fromWorkshopId: integer("from_workshop_id").references(() => workshops.id),
    status: text("status", { enum: TOPIC_STATUSES }).notNull().default("open"),
    scheduledWorkshopId: integer("scheduled_workshop_id").references(() => workshops.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("topic_proposals_status_idx").on(table.status)],
);

export const topicSupports = sqliteTable(
  "topic_supports",
  {
    topicId: integer("topic_id")
      .notNull()
      .references(() => topicProposals.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.topicId, table.memberId] }),
    index("topic_supports_member_idx").on(table.memberId),
  ],
);

/**
 * A member's private calendar feed. The secret in its URL is stored only as its
 * SHA-256 (tokenHash), so the address is shown once, when it is made; making a
 * new one revokes the old one.
 */
export const calendarFeeds = sqliteTable("calendar_feeds", {
  memberId: integer("member_id")
    .primaryKey()
    .references(() => members.id),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
});

export type Workshop = typeof workshops.$inferSelect;
export type Booking = typeof bookings.$inferSelect;
export type AttendanceMark = typeof attendance.$inferSelect;
