import { createHash, randomBytes } from "node:crypto";
import { eq, lt, or, sql } from "drizzle-orm";
import { sessions, members, organisations } from "../../drizzle/schema";
import { getDb, preparedOnce, type Db } from "~/lib/db.server";

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** A session ends this long after sign-in, however active. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, to keep reads cheap. */
const TOUCH_INTERVAL_MS = 60 * 1000;

function digest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a session and returns the token for the cookie (only its digest is stored). */
export function createSession({ memberId, now = new Date() }: { memberId: number; now?: Date }, db: Db = getDb()) {
  const token = randomBytes(32).toString("base64url");
  db.insert(sessions)
    .values({
      id: digest(token),
      memberId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    })
    .run();
  return { token, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS) };
}

function sessionMemberQuery(db: Db) {
  return preparedOnce(db, "session-member", () =>
    db
      .select({
        sessionId: sessions.id,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        member: {
          id: members.id,
          name: members.name,
          email: members.email,
          role: members.role,
          tier: members.tier,
          organisationId: members.organisationId,
          status: members.status,
        },
        organisationSlug: organisations.slug,
        organisationDistrictId: organisations.districtId,
      })
      .from(sessions)
      .innerJoin(members, eq(members.id, sessions.memberId))
      .leftJoin(organisations, eq(organisations.id, members.organisationId))
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare(),
  );
}

/**
 * The active member behind a session token, with their organisation's slug
 * and district (find my contact starts from them), or null when the session
 * is unknown, idle too long, past its absolute expiry or the member is
 * deactivated. Every request runs this, so its query is prepared once.
 */
export function findSessionMember({ token, now = new Date() }: { token: string; now?: Date }, db: Db = getDb()) {
  const id = digest(token);
  const row = sessionMemberQuery(db).get({ id });
  if (!row) return null;
  const idleExpired = now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS;
  if (idleExpired || row.expiresAt <= now || row.member.status !== "active") {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id)).run();
  }
  return { ...row.member, organisationSlug: row.organisationSlug, organisationDistrictId: row.organisationDistrictId };
}

export function deleteSession({ token }: { token: string }, db: Db = getDb()) {
  db.delete(sessions)
    .where(eq(sessions.id, digest(token)))
    .run();
}

/** Ends every session of a member (deactivation, role change, password change). */
export function deleteMemberSessions({ memberId }: { memberId: number }, db: Db = getDb()) {
  db.delete(sessions).where(eq(sessions.memberId, memberId)).run();
}

/** Removes sessions past their absolute expiry or idle too long; returns how many. */
export function deleteExpiredSessions({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))))
    .run().changes;
}
