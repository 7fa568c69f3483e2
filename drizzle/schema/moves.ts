import { index, integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { members } from "./members";
import { organisations } from "./organisations";

/**
 * A member who moved to another organisation: recorded by themselves or the
 * coordinator. Their learning record goes with them (it is keyed by member);
 * their directory entry at the old organisation is retired.
 */
export const memberMoves = sqliteTable(
  "member_moves",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    /** Null when the member had no organisation in the list before. */
    fromOrganisationId: integer("from_organisation_id").references(() => organisations.id),
    toOrganisationId: integer("to_organisation_id")
      .notNull()
      .references(() => organisations.id),
    movedAt: integer("moved_at", { mode: "timestamp_ms" }).notNull(),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => members.id),
  },
  (table) => [
    index("member_moves_member_idx").on(table.memberId),
    index("member_moves_from_idx").on(table.fromOrganisationId),
    index("member_moves_to_idx").on(table.toOrganisationId),
  ],
);

export type MemberMove = typeof memberMoves.$inferSelect;
