import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * A members file uploaded for import, kept on the server between the column
 * matching, preview and confirm steps so the browser never carries (or
 * alters) it. Only the coordinator who uploaded it can use it, for an hour.
 */
export const importUploads = sqliteTable(
  "import_uploads",
  {
    /** A random, unguessable id (32 bytes, base64url). */
    id: text("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    /** The file as UTF-8 text, exactly as uploaded. */
    text: text("text").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("import_uploads_expires_idx").on(table.expiresAt)],
);
