import { and, count, eq, gt, gte, isNull, lt, ne } from "drizzle-orm";
import { members, passwordResetRequests, passwordResets, sessions } from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { accountEmails } from "~/lib/email/account-emails";
import { newLinkToken, sameDigest, tokenDigest } from "~/lib/tokens.server";
import { normaliseEmail } from "./member.server";
import { queueEmail } from "./outbox.server";
import { accountKeyFor } from "./sign-in-attempt.server";

/** A password reset link works once, for this long. */
export const RESET_VALID_MS = 60 * 60 * 1000;

/**
 * Forgotten-password requests are counted over a sliding window, like failed
 * sign-ins: an account (the HMAC of the email, whether or not a member has
 * it) gets at most RESET_ACCOUNT_LIMIT links per window and an address at most
 * RESET_ADDRESS_LIMIT requests. Refused requests are not counted, so the
 * block lifts by itself once the window has slid past the counted ones.
 */
export const RESET_WINDOW_MS = 15 * 60 * 1000;
export const RESET_ACCOUNT_LIMIT = 3;
export const RESET_ADDRESS_LIMIT = 20;
const KEEP_REQUESTS_MS = 24 * 60 * 60 * 1000;

function resetThrottled(
  db: Db,
  { accountKey, ipAddress, now }: { accountKey: string; ipAddress: string | null; now: Date },
) {
  const since = new Date(now.getTime() - RESET_WINDOW_MS);
  const byAccount = db
    .select({ n: count() })
    .from(passwordResetRequests)
    .where(and(eq(passwordResetRequests.accountKey, accountKey), gte(passwordResetRequests.createdAt, since)))
    .get();
  if ((byAccount?.n ?? 0) >= RESET_ACCOUNT_LIMIT) return true;
  // An unknown address (a proxy's) is never one shared limit for everyone behind it.
  if (ipAddress === null) return false;
  const byAddress = db
    .select({ n: count() })
    .from(passwordResetRequests)
    .where(and(eq(passwordResetRequests.ipAddress, ipAddress), gte(passwordResetRequests.createdAt, since)))
    .get();
  return (byAddress?.n ?? 0) >= RESET_ADDRESS_LIMIT;
}

/** Ends a member's unused reset links (a newer link, or a new password, replaces them). */
function endResetLinks(db: Db, memberId: number, now: Date) {
  db.update(passwordResets)
    .set({ expiresAt: now })
    .where(and(eq(passwordResets.memberId, memberId), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .run();
}

/**
 * Makes a one-time reset link for an active member (ending any earlier one)
 * and queues the email with it, in the caller's transaction. Only the
 * token's digest is stored. `requestedBy` is the coordinator or lead who sent
 * it on the member's behalf, or null.
 */
export function issuePasswordReset(
  { memberId, requestedBy, now = new Date() }: { memberId: number; requestedBy: number | null; now?: Date },
  db: Db = getDb(),
) {
  const member = db
    .select({ name: members.name, email: members.email, status: members.status })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!member || member.status !== "active") return null;
  endResetLinks(db, memberId, now);
  const token = newLinkToken();
  const reset = db
    .insert(passwordResets)
    .values({
      memberId,
      tokenHash: tokenDigest(token),
      requestedBy,
      expiresAt: new Date(now.getTime() + RESET_VALID_MS),
      createdAt: now,
    })
    .returning({ id: passwordResets.id })
    .get();
  queueEmail(
    {
      dedupeKey: `password-reset:${reset.id}`,
      memberId,
      to: member.email,
      kind: "password-reset",
      ...accountEmails.passwordReset(member.name, token),
      now,
    },
    db,
  );
  return { token };
}

/**
 * The forgotten-password request. Every request, whether or not the address
 * is a member's, does the same work up to the last step: the HMAC of the
 * address, the throttle counts, the request row and the member lookup. Only
 * an active member who is not throttled is sent a link. The caller answers
 * the same sentence whatever this returns.
 */
export function requestPasswordReset(
  { email, ipAddress, now = new Date() }: { email: string; ipAddress: string | null; now?: Date },
  db: Db = getDb(),
) {
  const accountKey = accountKeyFor(email);
  return inTransaction((tx) => {
    const throttled = resetThrottled(tx, { accountKey, ipAddress, now });
    if (!throttled)
      tx.insert(passwordResetRequests)
        .values({ accountKey, ipAddress: ipAddress ?? "unknown", createdAt: now })
        .run();
    tx.delete(passwordResetRequests)
      .where(lt(passwordResetRequests.createdAt, new Date(now.getTime() - KEEP_REQUESTS_MS)))
      .run();
    const member = tx
      .select({ id: members.id, status: members.status })
      .from(members)
      .where(eq(members.email, normaliseEmail(email)))
      .get();
    if (throttled) return { outcome: "throttled" as const };
    if (!member || member.status !== "active") return { outcome: "no-link" as const };
    issuePasswordReset({ memberId: member.id, requestedBy: null, now }, tx);
    return { outcome: "sent" as const };
  }, db);
}

export type ResetLinkState =
  | { state: "valid"; memberId: number; name: string; email: string }
  | { state: "expired" | "used"; memberId: number }
  | { state: "unknown" };

/** What a reset link is now: usable (with its member), expired, used, or not one we sent. */
export function checkPasswordReset(
  { token, now = new Date() }: { token: string; now?: Date },
  db: Db = getDb(),
): ResetLinkState {
  const digest = tokenDigest(token);
  const row = db
    .select({
      tokenHash: passwordResets.tokenHash,
      memberId: passwordResets.memberId,
      expiresAt: passwordResets.expiresAt,
      usedAt: passwordResets.usedAt,
      name: members.name,
      email: members.email,
      status: members.status,
    })
    .from(passwordResets)
    .innerJoin(members, eq(members.id, passwordResets.memberId))
    .where(eq(passwordResets.tokenHash, digest))
    .get();
  if (!row || !sameDigest(row.tokenHash, digest)) return { state: "unknown" };
  if (row.usedAt) return { state: "used", memberId: row.memberId };
  if (row.expiresAt <= now || row.status !== "active") return { state: "expired", memberId: row.memberId };
  return { state: "valid", memberId: row.memberId, name: row.name, email: row.email };
}

/**
 * Sets the new password and ends everything that could open the account
 * before: every session (but the one whose token is `keepSessionToken`, when
 * given) and every reset link. Tells the member by email. Runs in the
 * caller's transaction.
 */
export function setNewPassword(
  {
    memberId,
    passwordHash,
    keepSessionToken,
    now = new Date(),
  }: { memberId: number; passwordHash: string; keepSessionToken?: string; now?: Date },
  db: Db = getDb(),
) {
  const member = db
    .select({ name: members.name, email: members.email })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!member) return;
  db.update(members).set({ passwordHash, updatedAt: now }).where(eq(members.id, memberId)).run();
  db.delete(sessions)
    .where(
      and(
        eq(sessions.memberId, memberId),
        keepSessionToken ? ne(sessions.id, tokenDigest(keepSessionToken)) : undefined,
      ),
    )
    .run();
  endResetLinks(db, memberId, now);
  queueEmail(
    {
      dedupeKey: `password-changed:${memberId}:${now.getTime()}`,
      memberId,
      to: member.email,
      kind: "password-changed",
      ...accountEmails.passwordChanged(member.name),
      now,
    },
    db,
  );
}

/** Uses a reset link once: sets the password (see setNewPassword). Null when the link is not usable any more. */
export function completePasswordReset(
  { token, passwordHash, now = new Date() }: { token: string; passwordHash: string; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const link = checkPasswordReset({ token, now }, tx);
    if (link.state !== "valid") return null;
    const used = tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, tokenDigest(token)), isNull(passwordResets.usedAt)))
      .run();
    if (used.changes !== 1) return null;
    setNewPassword({ memberId: link.memberId, passwordHash, now }, tx);
    return { memberId: link.memberId };
  }, db);
}

/** The stored password hash, to check the current password before a change. */
export function getPasswordHash({ memberId }: { memberId: number }, db: Db = getDb()) {
  return (
    db.select({ passwordHash: members.passwordHash }).from(members).where(eq(members.id, memberId)).get()
      ?.passwordHash ?? null
  );
}

/** A member changes their own password, staying signed in where they are: see setNewPassword. */
export function changePassword(
  {
    memberId,
    passwordHash,
    keepSessionToken,
    now = new Date(),
  }: { memberId: number; passwordHash: string; keepSessionToken: string | null; now?: Date },
  db: Db = getDb(),
) {
  inTransaction(
    (tx) => setNewPassword({ memberId, passwordHash, keepSessionToken: keepSessionToken ?? undefined, now }, tx),
    db,
  );
}
