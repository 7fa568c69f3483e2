import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";
import { districts, organisations } from "./organisations";
import { toolkitCards } from "./toolkit";
import { workshops } from "./workshops";

/** Where a barrier stands: the coordinator moves it along. */
export const BARRIER_STATUSES = ["open", "being_worked_on", "escalated", "resolved", "wont_fix"] as const;
export type BarrierStatus = (typeof BARRIER_STATUSES)[number];

export const BARRIER_STATUS_LABELS: Record<BarrierStatus, string> = {
  open: "Open",
  being_worked_on: "Being worked on",
  escalated: "Escalated to the board",
  resolved: "Resolved",
  wont_fix: "Won't fix",
};

/** How often the person raising it meets the barrier: a fixed list, so the board can compare. */
export const BARRIER_FREQUENCIES = ["once", "few_times_a_year", "monthly", "weekly", "most_days"] as const;
export type BarrierFrequency = (typeof BARRIER_FREQUENCIES)[number];

export const BARRIER_FREQUENCY_LABELS: Record<BarrierFrequency, string> = {
  once: "Once so far",
  few_times_a_year: "A few times a year",
  monthly: "About once a month",
  weekly: "Most weeks",
  most_days: "Most days",
};

/**
 * A system barrier a member has met: where a system fails people, told with no
 * personal data. The coordinator triages it (status), and links the workshop
 * where it was discussed and the toolkit card that records the remedy.
 */
export const barriers = sqliteTable(
  "barriers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    whatHappened: text("what_happened").notNull(),
    whereItHappens: text("where_it_happens").notNull(),
    frequency: text("frequency", { enum: BARRIER_FREQUENCIES }).notNull(),
    status: text("status", { enum: BARRIER_STATUSES }).notNull().default("open"),
    raisedBy: integer("raised_by")
      .notNull()
      .references(() => members.id),
    workshopId: integer("workshop_id").references(() => workshops.id),
    toolkitCardId: integer("toolkit_card_id").references(() => toolkitCards.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("barriers_status_idx").on(table.status, table.createdAt),
    index("barriers_raised_by_idx").on(table.raisedBy),
  ],
);

/** The organisations a barrier involves. */
export const barrierOrganisations = sqliteTable(
  "barrier_organisations",
  {
    barrierId: integer("barrier_id")
      .notNull()
      .references(() => barriers.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
  },
  (table) => [
    primaryKey({ columns: [table.barrierId, table.organisationId] }),
    index("barrier_organisations_organisation_idx").on(table.organisationId),
  ],
);

/** The districts a barrier involves (none: countywide). */
export const barrierDistricts = sqliteTable(
  "barrier_districts",
  {
    barrierId: integer("barrier_id")
      .notNull()
      .references(() => barriers.id),
    districtId: text("district_id")
      .notNull()
      .references(() => districts.id),
  },
  (table) => [primaryKey({ columns: [table.barrierId, table.districtId] })],
);

/** "This happens to us too": one row per member and barrier (the primary key stops a second). */
export const barrierSupports = sqliteTable(
  "barrier_supports",
  {
    barrierId: integer("barrier_id")
      .notNull()
      .references(() => barriers.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.barrierId, table.memberId] }),
    index("barrier_supports_member_idx").on(table.memberId),
  ],
);

/**
 * Each triage decision: the status it moved to, the coordinator's note and who
 * made it. Its id names the change in the dedupe key of the emails it sends.
 */
export const barrierUpdates = sqliteTable(
  "barrier_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    barrierId: integer("barrier_id")
      .notNull()
      .references(() => barriers.id),
    fromStatus: text("from_status", { enum: BARRIER_STATUSES }).notNull(),
    toStatus: text("to_status", { enum: BARRIER_STATUSES }).notNull(),
    note: text("note").notNull().default(""),
    changedBy: integer("changed_by")
      .notNull()
      .references(() => members.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("barrier_updates_barrier_idx").on(table.barrierId, table.createdAt)],
);
