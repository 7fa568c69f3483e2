import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, members } from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { emails } from "~/lib/email/templates";
import { createMember, type CreateMemberInput } from "./member.server";
import { queueEmail } from "./outbox.server";

export const INVITATION_VALID_MS = 7 * 24 * 60 * 60 * 1000;

function digest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** A password nobody knows, for a member who has not yet accepted their invitation. */
export function unusablePasswordHash() {
  return `invited:${randomBytes(16).toString("hex")}`;
}

/**
 * Creates a one-time invitation (valid seven days) and queues the email with
 * its link, in the caller's transaction. Only the token's digest is stored.
 */
export function inviteMember(
  { memberId, invitedBy, now = new Date() }: { memberId: number; invitedBy: number | null; now?: Date },
  db: Db = getDb(),
) {
  const member = db
    .select({ name: members.name, email: members.email })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!member) throw new Error("No such member");
  const token = randomBytes(32).toString("base64url");
  const invitation = db
    .insert(invitations)
    .values({
      memberId,
      tokenHash: digest(token),
      invitedBy,
      expiresAt: new Date(now.getTime() + INVITATION_VALID_MS),
      createdAt: now,
    })
    .returning({ id: invitations.id })
    .get();
  queueEmail(
    {
      dedupeKey: `invitation:${invitation.id}`,
      memberId,
      to: member.email,
      ...emails.invitation(member.name, token),
      kind: "invitation",
      now,
    },
    db,
  );
  return { token };
}

/** Creates a member who has no password yet and invites them, in one transaction. */
export function createInvitedMember(
  {
    member,
    invitedBy,
    now = new Date(),
  }: { member: Omit<CreateMemberInput, "passwordHash" | "now">; invitedBy: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const { id } = createMember({ ...member, passwordHash: unusablePasswordHash(), now }, tx);
    inviteMember({ memberId: id, invitedBy, now }, tx);
    return id;
  }, db);
}

/** The member an unused, unexpired invitation is for. */
export function findValidInvitation({ token, now = new Date() }: { token: string; now?: Date }, db: Db = getDb()) {
  return db
    .select({ id: invitations.id, memberId: invitations.memberId, name: members.name, email: members.email })
    .from(invitations)
    .innerJoin(members, eq(members.id, invitations.memberId))
    .where(
      and(
        eq(invitations.tokenHash, digest(token)),
        isNull(invitations.usedAt),
        gt(invitations.expiresAt, now),
        eq(members.status, "active"),
      ),
    )
    .get();
}

/** Sets the password and uses up the invitation, once: a second use finds nothing. */
export function acceptInvitation(
  { token, passwordHash, now = new Date() }: { token: string; passwordHash: string; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const invitation = findValidInvitation({ token, now }, tx);
    if (!invitation) return null;
    tx.update(invitations).set({ usedAt: now }).where(eq(invitations.id, invitation.id)).run();
    tx.update(members).set({ passwordHash, updatedAt: now }).where(eq(members.id, invitation.memberId)).run();
    return { memberId: invitation.memberId };
  }, db);
}

/**
 * How a member stands for signing in, for the coordinator or lead helping
 * them: whether they have ever set a password and, if not, when their newest
 * invitation stops (or stopped) working.
 */
export function getSignInState({ memberId, now = new Date() }: { memberId: number; now?: Date }, db: Db = getDb()) {
  const member = db
    .select({ passwordHash: members.passwordHash, status: members.status })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!member) return null;
  const awaitingInvitation = member.passwordHash.startsWith("invited:");
  const invitation = db
    .select({ expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.memberId, memberId), isNull(invitations.usedAt)))
    .orderBy(desc(invitations.id))
    .get();
  const expiresAt = awaitingInvitation ? (invitation?.expiresAt ?? null) : null;
  return {
    active: member.status === "active",
    awaitingInvitation,
    invitationExpiresAt: expiresAt,
    invitationExpired: !expiresAt || expiresAt <= now,
  };
}

/**
 * Sends a member a new seven-day invitation: every earlier unused one stops
 * working at once. In the caller's transaction.
 */
export function reinviteMember(
  { memberId, invitedBy, now = new Date() }: { memberId: number; invitedBy: number; now?: Date },
  db: Db = getDb(),
) {
  db.update(invitations)
    .set({ expiresAt: now })
    .where(and(eq(invitations.memberId, memberId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
    .run();
  return inviteMember({ memberId, invitedBy, now }, db);
}
