import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { CHECK_IN_METHODS, WALK_IN_STATUSES } from "./constants";
import { members } from "./members";
import { workshops } from "./workshops";

/**
 * A workshop's check-in code, made when the coordinator first shows check-in.
 * Random and unique across every workshop for ever: a code names one workshop,
 * so it can never let anyone check in to another. It works only while that
 * workshop's check-in is open (from 30 minutes before the start to the end).
 */
export const checkInCodes = sqliteTable("check_in_codes", {
  workshopId: integer("workshop_id")
    .primaryKey()
    .references(() => workshops.id),
  code: text("code").notNull().unique(),
  createdBy: integer("created_by").references(() => members.id),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Who checked in to a workshop, once each (the primary key). A booked member
 * is marked attended at once; someone without a booking is a walk-in
 * (walkInStatus set) and is marked attended only when the coordinator
 * confirms them. A walk-in the coordinator adds on the register is confirmed
 * from the start (method "coordinator").
 */
export const checkIns = sqliteTable(
  "check_ins",
  {
    workshopId: integer("workshop_id")
      .notNull()
      .references(() => workshops.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    method: text("method", { enum: CHECK_IN_METHODS }).notNull(),
    /** Null for someone who was on the register (booked or with apologies) when they checked in. */
    walkInStatus: text("walk_in_status", { enum: WALK_IN_STATUSES }),
    checkedInAt: integer("checked_in_at", { mode: "timestamp_ms" }).notNull(),
    decidedBy: integer("decided_by").references(() => members.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    primaryKey({ columns: [table.workshopId, table.memberId] }),
    index("check_ins_member_idx").on(table.memberId),
  ],
);

export type CheckIn = typeof checkIns.$inferSelect;
