import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * What a unit cost multiplies in the estimate of costs avoided: prevented
 * cases, prevented cases that came through a health organisation (sector
 * "health"), or relieved cases.
 */
export const UNIT_COST_APPLIES_TO = ["prevented", "prevented-through-health", "relieved"] as const;
export type UnitCostAppliesTo = (typeof UNIT_COST_APPLIES_TO)[number];

/**
 * The unit costs behind the impact report's estimate of costs avoided, each
 * with its source and year, and whether it is an assumption rather than a
 * published figure. The estimate is always shown as an estimate, with these
 * beside it. The coordinator edits them (every change is audited).
 */
export const unitCosts = sqliteTable("unit_costs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** A stable name for the line, for the seed and the audit log. */
  key: text("key").notNull().unique(),
  label: text("label").notNull(),
  /** The cost of one unit, in pence. */
  amountPence: integer("amount_pence").notNull(),
  /** What one unit is ("bed day", "night"). */
  unit: text("unit").notNull(),
  /** How many units one case avoids. */
  unitsPerCase: real("units_per_case").notNull(),
  appliesTo: text("applies_to", { enum: UNIT_COST_APPLIES_TO }).notNull(),
  source: text("source").notNull(),
  /** The year the figure is for (or was published). */
  year: integer("year").notNull(),
  isAssumption: integer("is_assumption", { mode: "boolean" }).notNull(),
  /** Why this figure, and how it is applied: shown beside the estimate. */
  basis: text("basis").notNull().default(""),
  sortOrder: integer("sort_order").notNull().default(0),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: integer("updated_by").references(() => members.id),
});

export type UnitCost = typeof unitCosts.$inferSelect;
