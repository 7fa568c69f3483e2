import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";
import { districts, organisations } from "./organisations";

/**
 * A member's entry in the directory of named housing contacts. Optional
 * direct numbers are shown only when the member chooses.
 */
export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .unique()
      .references(() => members.id),
    /** The organisation's named "go-to" housing person. */
    isGoTo: integer("is_go_to", { mode: "boolean" }).notNull().default(false),
    howToContact: text("how_to_contact").notNull().default(""),
    directPhone: text("direct_phone"),
    showDirectPhone: integer("show_direct_phone", { mode: "boolean" }).notNull().default(false),
    mobile: text("mobile"),
    showMobile: integer("show_mobile", { mode: "boolean" }).notNull().default(false),
    lastConfirmedAt: integer("last_confirmed_at", { mode: "timestamp_ms" }).notNull(),
    /** SHA-256 of the secret in a re-confirmation email's link (the secret itself is never stored); replaced with each request. */
    confirmTokenHash: text("confirm_token_hash").unique(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    /**
     * Set when the member moved on: the entry leaves the directory and search,
     * and is shown as "moved on" to the old organisation's lead for 90 days.
     * Not deleted, so who viewed it and what it said are kept.
     */
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
    retiredReason: text("retired_reason", { enum: ["moved"] }),
    /** The organisation the member left: the entry is shown to its lead, not the new one's. */
    retiredFromOrganisationId: integer("retired_from_organisation_id").references(() => organisations.id),
  },
  (table) => [
    index("contacts_confirmed_idx").on(table.lastConfirmedAt),
    index("contacts_retired_from_idx").on(table.retiredFromOrganisationId, table.retiredAt),
  ],
);

/** The districts a contact covers; none means countywide. */
export const contactDistricts = sqliteTable(
  "contact_districts",
  {
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    districtId: text("district_id")
      .notNull()
      .references(() => districts.id),
  },
  (table) => [
    primaryKey({ columns: [table.contactId, table.districtId] }),
    index("contact_districts_district_idx").on(table.districtId),
  ],
);

/** Areas of expertise (hospital discharge, prison release, ...): data the coordinator edits. */
export const specialisms = sqliteTable("specialisms", {
  id: text("id").primaryKey(),
  label: text("label").notNull(),
});

export const contactSpecialisms = sqliteTable(
  "contact_specialisms",
  {
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    specialismId: text("specialism_id")
      .notNull()
      .references(() => specialisms.id),
  },
  (table) => [
    primaryKey({ columns: [table.contactId, table.specialismId] }),
    index("contact_specialisms_specialism_idx").on(table.specialismId),
  ],
);

/** "Someone leaving prison": a situation, and the specialisms that help with it. */
export const circumstances = sqliteTable("circumstances", {
  id: text("id").primaryKey(),
  label: text("label").notNull(),
  description: text("description").notNull().default(""),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const circumstanceSpecialisms = sqliteTable(
  "circumstance_specialisms",
  {
    circumstanceId: text("circumstance_id")
      .notNull()
      .references(() => circumstances.id, { onDelete: "cascade" }),
    specialismId: text("specialism_id")
      .notNull()
      .references(() => specialisms.id),
  },
  (table) => [primaryKey({ columns: [table.circumstanceId, table.specialismId] })],
);

/** Each district housing team's Duty to Refer arrangements. */
export const districtReferralDetails = sqliteTable("district_referral_details", {
  districtId: text("district_id")
    .primaryKey()
    .references(() => districts.id),
  referralRoute: text("referral_route").notNull().default(""),
  referralInbox: text("referral_inbox"),
  officeHours: text("office_hours").notNull().default(""),
  procedureSummary: text("procedure_summary").notNull().default(""),
  dutyToReferContactId: integer("duty_to_refer_contact_id").references(() => contacts.id),
  deputyContactId: integer("deputy_contact_id").references(() => contacts.id),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** Who looked at whose details, and exports: UK GDPR accountability. */
export const directoryAccessLog = sqliteTable(
  "directory_access_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    viewerId: integer("viewer_id")
      .notNull()
      .references(() => members.id),
    action: text("action", { enum: ["view-contact", "vcard", "export"] }).notNull(),
    contactId: integer("contact_id").references(() => contacts.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("directory_access_log_contact_idx").on(table.contactId),
    index("directory_access_log_viewer_idx").on(table.viewerId),
  ],
);

/**
 * One row whose number moves whenever anything the directory shows changes:
 * triggers on the directory's tables (migration 0007) bump it. Cached
 * directory reads are kept only while it stays the same.
 */
export const directoryVersion = sqliteTable("directory_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});

export type Contact = typeof contacts.$inferSelect;
