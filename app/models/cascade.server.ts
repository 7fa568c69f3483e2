import { desc, eq } from "drizzle-orm";
import { cascadeSessions, organisations } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { withAudit } from "./audit.server";

export type CascadeInput = {
  heldOn: string;
  organisationId: number;
  audienceSize: number;
  audienceRoles: string;
  tier: number;
  lengthMinutes: number;
};

/** Records a training session a champion ran inside their organisation, with its audit entry. */
export function recordCascadeSession(
  { memberId, input, now = new Date() }: { memberId: number; input: CascadeInput; now?: Date },
  db: Db = getDb(),
) {
  return withAudit(
    (tx) =>
      tx
        .insert(cascadeSessions)
        .values({ ...input, memberId, createdAt: now })
        .returning({ id: cascadeSessions.id })
        .get(),
    (row) => ({
      actorId: memberId,
      action: "cascade.record",
      entityType: "cascade_session",
      entityId: row.id,
      summary: `Recorded a training session for ${input.audienceSize} people`,
      after: input,
      now,
    }),
    db,
  );
}

/** A member's own sessions, newest first. */
export function listMemberCascadeSessions({ memberId }: { memberId: number }, db: Db = getDb()) {
  return db
    .select({
      id: cascadeSessions.id,
      heldOn: cascadeSessions.heldOn,
      organisation: organisations.name,
      audienceSize: cascadeSessions.audienceSize,
      audienceRoles: cascadeSessions.audienceRoles,
      tier: cascadeSessions.tier,
      lengthMinutes: cascadeSessions.lengthMinutes,
    })
    .from(cascadeSessions)
    .innerJoin(organisations, eq(organisations.id, cascadeSessions.organisationId))
    .where(eq(cascadeSessions.memberId, memberId))
    .orderBy(desc(cascadeSessions.heldOn), desc(cascadeSessions.id))
    .all();
}
