import { createHmac } from "node:crypto";
import { and, count, eq, gte, lt } from "drizzle-orm";
import { signInAttempts } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

/**
 * Throttling: failures are counted over a sliding window. An account accepts
 * at most ACCOUNT_LIMIT failures per window (so at most 40 an hour, well under
 * the 100 an hour ceiling) and an address at most ADDRESS_LIMIT. The block
 * lifts by itself when the window slides: the real owner is never locked out
 * for good.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_LIMIT = 10;
export const ADDRESS_LIMIT = 50;
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * The key attempts are counted under: an HMAC of the lower-cased email under
 * a key derived from the server secret (SESSION_SECRET), so a copy of the
 * table cannot be matched against a list of addresses without the secret.
 * `secret` defaults to the current one; a rotated-out secret's rows simply
 * stop counting (they are kept a day at most).
 */
export function accountKeyFor(email: string, secret: string = getEnv().sessionSecrets[0]) {
  const key = createHmac("sha256", secret).update("champions-network:sign-in-account-key").digest();
  return createHmac("sha256", key).update(email.trim().toLowerCase()).digest("hex");
}

/** The keys an email may have been counted under, one per configured secret (for erasure). */
export function accountKeysFor(email: string) {
  return getEnv().sessionSecrets.map((secret) => accountKeyFor(email, secret));
}

export type ThrottleState = { blocked: false } | { blocked: true; retryAfterSeconds: number };

function retryAfter(oldestInWindow: Date | null | undefined, now: Date) {
  const ends = (oldestInWindow?.getTime() ?? now.getTime()) + THROTTLE_WINDOW_MS;
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
}

export function checkSignInThrottle(
  { email, ipAddress, now = new Date() }: { email: string; ipAddress: string | null; now?: Date },
  db: Db = getDb(),
): ThrottleState {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const accountKey = accountKeyFor(email);
  const failures = (where: ReturnType<typeof and>) => db.select({ n: count() }).from(signInAttempts).where(where).get();
  const byAccount = failures(
    and(
      eq(signInAttempts.accountKey, accountKey),
      eq(signInAttempts.succeeded, false),
      gte(signInAttempts.createdAt, since),
    ),
  );
  if (byAccount && byAccount.n >= ACCOUNT_LIMIT) {
    return { blocked: true, retryAfterSeconds: retryAfter(oldestFailure(db, { accountKey, since }), now) };
  }
  // An unknown address (a proxy's, or this machine's) is never one shared limit for everyone behind it.
  if (ipAddress === null) return { blocked: false };
  const byAddress = failures(
    and(
      eq(signInAttempts.ipAddress, ipAddress),
      eq(signInAttempts.succeeded, false),
      gte(signInAttempts.createdAt, since),
    ),
  );
  if (byAddress && byAddress.n >= ADDRESS_LIMIT) {
    return { blocked: true, retryAfterSeconds: retryAfter(oldestFailure(db, { ipAddress, since }), now) };
  }
  return { blocked: false };
}

function oldestFailure(db: Db, where: { accountKey?: string; ipAddress?: string; since: Date }) {
  const row = db
    .select({ createdAt: signInAttempts.createdAt })
    .from(signInAttempts)
    .where(
      and(
        where.accountKey ? eq(signInAttempts.accountKey, where.accountKey) : undefined,
        where.ipAddress ? eq(signInAttempts.ipAddress, where.ipAddress) : undefined,
        eq(signInAttempts.succeeded, false),
        gte(signInAttempts.createdAt, where.since),
      ),
    )
    .orderBy(signInAttempts.createdAt)
    .limit(1)
    .get();
  return row?.createdAt;
}

export function recordSignInAttempt(
  {
    email,
    ipAddress,
    succeeded,
    now = new Date(),
  }: { email: string; ipAddress: string | null; succeeded: boolean; now?: Date },
  db: Db = getDb(),
) {
  db.insert(signInAttempts)
    .values({ accountKey: accountKeyFor(email), ipAddress: ipAddress ?? "unknown", succeeded, createdAt: now })
    .run();
  db.delete(signInAttempts)
    .where(lt(signInAttempts.createdAt, new Date(now.getTime() - KEEP_MS)))
    .run();
}
