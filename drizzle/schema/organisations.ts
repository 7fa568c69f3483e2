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
  },
  (table) => [index("organisations_district_idx").on(table.districtId)],
);

export type District = typeof districts.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
