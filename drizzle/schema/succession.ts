import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { members } from "./members";
import { organisations } from "./organisations";
import { workshops } from "./workshops";

/** Why an organisation lost its current Tier 1 champion, as far as the app can tell. */
export const GAP_REASONS = ["moved", "left", "deactivated", "lapsed", "none"] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export const GAP_REASON_LABELS: Record<GapReason, string> = {
  moved: "Champion moved to another organisation",
  left: "Champion left",
  deactivated: "Champion's account deactivated",
  lapsed: "Champion's currency lapsed",
  none: "No current champion",
};

/**
 * A champion gap: a time when an organisation had no current Tier 1 champion.
 * At most one open gap (closedAt null) per organisation, enforced by a partial
 * unique index, so detection can run again and again without opening a second.
 */
export const championGaps = sqliteTable(
  "champion_gaps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
    reason: text("reason", { enum: GAP_REASONS }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    /** The successor nominated to close it; null when it closed because a champion became current again. */
    successorMemberId: integer("successor_member_id").references(() => members.id),
    /** Who nominated the successor; null when the detection job closed it. */
    closedBy: integer("closed_by").references(() => members.id),
  },
  (table) => [
    uniqueIndex("champion_gaps_one_open_idx")
      .on(table.organisationId)
      .where(sql`closed_at IS NULL`),
    index("champion_gaps_organisation_idx").on(table.organisationId, table.openedAt),
    // The open-gaps list pages by (opened_at, id); the report reads gaps by when they opened or closed.
    index("champion_gaps_open_idx").on(table.closedAt, table.openedAt, table.id),
    index("champion_gaps_opened_idx").on(table.openedAt),
  ],
);

export const PLACE_HOLD_STATUSES = ["held", "taken", "lapsed", "released"] as const;
export type PlaceHoldStatus = (typeof PLACE_HOLD_STATUSES)[number];

/**
 * A workshop place held for one member (a nominated successor, or a colleague
 * an organisation lead holds it for) until the booking cut-off. A held place
 * counts against the workshop's capacity; it becomes a booking when the member
 * takes it, lapses at the cut-off, or is released (by them or by whoever held it).
 */
export const placeHolds = sqliteTable(
  "place_holds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workshopId: integer("workshop_id")
      .notNull()
      .references(() => workshops.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    heldBy: integer("held_by").references(() => members.id),
    status: text("status", { enum: PLACE_HOLD_STATUSES }).notNull().default("held"),
    heldUntil: integer("held_until", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    uniqueIndex("place_holds_one_held_idx")
      .on(table.workshopId, table.memberId)
      .where(sql`status = 'held'`),
    index("place_holds_workshop_status_idx").on(table.workshopId, table.status),
    index("place_holds_member_idx").on(table.memberId),
    index("place_holds_status_until_idx").on(table.status, table.heldUntil),
  ],
);

export const NOMINATION_STATUSES = ["pending", "confirmed", "declined"] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/** "I'm moving on": a champion names their successor; the organisation lead confirms or declines. */
export const successorNominations = sqliteTable(
  "successor_nominations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    championId: integer("champion_id")
      .notNull()
      .references(() => members.id),
    successorId: integer("successor_id")
      .notNull()
      .references(() => members.id),
    status: text("status", { enum: NOMINATION_STATUSES }).notNull().default("pending"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    decidedBy: integer("decided_by").references(() => members.id),
  },
  (table) => [index("successor_nominations_organisation_idx").on(table.organisationId, table.status)],
);

export type ChampionGap = typeof championGaps.$inferSelect;
export type PlaceHold = typeof placeHolds.$inferSelect;
export type SuccessorNomination = typeof successorNominations.$inferSelect;
