import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { circumstances } from "./directory";
import { members } from "./members";
import { districts } from "./organisations";

import { TOOLKIT_CARD_TYPES, TOOLKIT_VISIBILITIES } from "./toolkit-constants";

export * from "./toolkit-constants";

/**
 * A toolkit card: a procedure, checklist, local service, protocol, template or
 * guide the network keeps. The columns hold the current version; every edit
 * also writes a row to `toolkit_card_versions`.
 */
export const toolkitCards = sqliteTable(
  "toolkit_cards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    type: text("type", { enum: TOOLKIT_CARD_TYPES }).notNull(),
    /** Markdown, rendered and sanitised as lessons are. */
    body: text("body").notNull().default(""),
    visibility: text("visibility", { enum: TOOLKIT_VISIBILITIES }).notNull(),
    /** Free tags such as "health", as a JSON array of strings. */
    sectors: text("sectors").notNull().default("[]"),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => members.id),
    /** The date (YYYY-MM-DD) by which the owner should check the card is still right. */
    reviewOn: text("review_on").notNull(),
    currentVersion: integer("current_version").notNull().default(1),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("toolkit_cards_review_idx").on(table.reviewOn), index("toolkit_cards_owner_idx").on(table.ownerId)],
);

/** The districts a card is about; none means county-wide. */
export const toolkitCardDistricts = sqliteTable(
  "toolkit_card_districts",
  {
    cardId: integer("card_id")
      .notNull()
      .references(() => toolkitCards.id, { onDelete: "cascade" }),
    districtId: text("district_id")
      .notNull()
      .references(() => districts.id),
  },
  (table) => [
    primaryKey({ columns: [table.cardId, table.districtId] }),
    index("toolkit_card_districts_district_idx").on(table.districtId),
  ],
);

/** The circumstances ("someone leaving prison") a card helps with. */
export const toolkitCardCircumstances = sqliteTable(
  "toolkit_card_circumstances",
  {
    cardId: integer("card_id")
      .notNull()
      .references(() => toolkitCards.id, { onDelete: "cascade" }),
    circumstanceId: text("circumstance_id")
      .notNull()
      .references(() => circumstances.id, { onDelete: "cascade" }),
  },
  (table) => [
    primaryKey({ columns: [table.cardId, table.circumstanceId] }),
    index("toolkit_card_circumstances_circumstance_idx").on(table.circumstanceId),
  ],
);

/** Every version of a card as it was saved: who, when, why, and the whole card. */
export const toolkitCardVersions = sqliteTable(
  "toolkit_card_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cardId: integer("card_id")
      .notNull()
      .references(() => toolkitCards.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    type: text("type", { enum: TOOLKIT_CARD_TYPES }).notNull(),
    body: text("body").notNull(),
    visibility: text("visibility", { enum: TOOLKIT_VISIBILITIES }).notNull(),
    /** JSON arrays of district ids, circumstance ids and sector tags. */
    districts: text("districts").notNull(),
    circumstances: text("circumstances").notNull(),
    sectors: text("sectors").notNull(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => members.id),
    reviewOn: text("review_on").notNull(),
    editorId: integer("editor_id").references(() => members.id),
    note: text("note").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [uniqueIndex("toolkit_card_versions_card_number_idx").on(table.cardId, table.number)],
);

/** A file attached to a card (PDF, Word, spreadsheet), kept in the database. */
export const toolkitAttachments = sqliteTable(
  "toolkit_attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cardId: integer("card_id")
      .notNull()
      .references(() => toolkitCards.id, { onDelete: "cascade" }),
    /** The name it is downloaded as, already made safe. */
    fileName: text("file_name").notNull(),
    /** The kind found from the file's content: pdf, docx, doc, xlsx, xls, ods, odt or csv. */
    kind: text("kind").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    data: blob("data", { mode: "buffer" }).notNull(),
    uploadedById: integer("uploaded_by_id").references(() => members.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("toolkit_attachments_card_idx").on(table.cardId)],
);

/** "This is out of date": a member's flag on a card, open until the owner or coordinator resolves it. */
export const toolkitFlags = sqliteTable(
  "toolkit_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cardId: integer("card_id")
      .notNull()
      .references(() => toolkitCards.id, { onDelete: "cascade" }),
    raisedById: integer("raised_by_id").references(() => members.id),
    comment: text("comment").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    resolvedById: integer("resolved_by_id").references(() => members.id),
  },
  (table) => [index("toolkit_flags_card_idx").on(table.cardId, table.resolvedAt)],
);

export type ToolkitCard = typeof toolkitCards.$inferSelect;
export type ToolkitCardVersion = typeof toolkitCardVersions.$inferSelect;
