import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { SECTORS } from "./constants";

export const districts = sqliteTable("districts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  councilName: text("council_name").notNull(),
  websiteUrl: text("website_url"),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull().unique(),
    sector: text("sector", { enum: SECTORS }).notNull(),
    /** Null means the organisation works countywide. */
    districtId: text("district_id").references(() => districts.id),
    subjectToDutyToRefer: integer("subject_to_duty_to_refer", { mode: "boolean" }).notNull().default(false),
    publicInbox: text("public_inbox"),
    description: text("description").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    /** When the organisation closed; null while it is open. A closed one leaves every choice list. */
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("organisations_district_idx").on(table.districtId)],
);

export const ORGANISATION_FORMER_NAME_REASONS = ["renamed", "merged"] as const;
export type OrganisationFormerNameReason = (typeof ORGANISATION_FORMER_NAME_REASONS)[number];

/**
 * Names (and addresses) an organisation used to have: its own before a rename,
 * or another organisation's merged into it. `organisationId` is the
 * organisation that carries the name now; `until` is when the name stopped.
 */
export const organisationFormerNames = sqliteTable(
  "organisation_former_names",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    until: integer("until", { mode: "timestamp_ms" }).notNull(),
    reason: text("reason", { enum: ORGANISATION_FORMER_NAME_REASONS }).notNull(),
  },
  (table) => [
    index("organisation_former_names_organisation_idx").on(table.organisationId),
    index("organisation_former_names_slug_idx").on(table.slug),
    // Reports list the merges since their period began (listMergesSince): without it, SQLite walked every
    // organisation to look for their merges.
    index("organisation_former_names_reason_until_idx").on(table.reason, table.until),
  ],
);

export type District = typeof districts.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
export type OrganisationFormerName = typeof organisationFormerNames.$inferSelect;
