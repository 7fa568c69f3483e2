import { and, count, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { members, twoStepCredentials, twoStepRecoveryCodes } from "../../drizzle/schema";
import { roleNeedsTwoStep } from "~/lib/two-step-rule";
import { getDb, inTransaction, preparedOnce, type Db } from "~/lib/db.server";
import { twoStepEmails, type TwoStepChange } from "~/lib/email/two-step-emails";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  looksLikeRecoveryCode,
  matchingTotpStep,
  newRecoveryCode,
  newTotpSecret,
  recoveryCodeDigest,
  sameDigest,
} from "~/lib/totp.server";
import { withAudit } from "./audit.server";
import { queueEmail } from "./outbox.server";

export const RECOVERY_CODE_COUNT = 10;

function credentialQuery(db: Db) {
  return preparedOnce(db, "two-step-enabled", () =>
    db
      .select({ enabledAt: twoStepCredentials.enabledAt })
      .from(twoStepCredentials)
      .where(eq(twoStepCredentials.memberId, sql.placeholder("memberId")))
      .prepare(),
  );
}

/** Whether the member has a confirmed authenticator app (the staff guard asks this on every staff page). */
export function hasTwoStep({ memberId }: { memberId: number }, db: Db = getDb()) {
  return !!credentialQuery(db).get({ memberId })?.enabledAt;
}

/** What My account shows: on or off, a set-up waiting for its code, and how many recovery codes are left. */
export function getTwoStepStatus({ memberId }: { memberId: number }, db: Db = getDb()) {
  const row = db.select().from(twoStepCredentials).where(eq(twoStepCredentials.memberId, memberId)).get();
  const left =
    db
      .select({ n: count() })
      .from(twoStepRecoveryCodes)
      .where(and(eq(twoStepRecoveryCodes.memberId, memberId), isNull(twoStepRecoveryCodes.usedAt)))
      .get()?.n ?? 0;
  return {
    enabled: !!row?.enabledAt,
    enabledAt: row?.enabledAt ?? null,
    pendingSecret: row?.pendingSecret ? (decryptTotpSecret(row.pendingSecret)?.base32 ?? null) : null,
    recoveryCodesLeft: left,
  };
}

/**
 * Starts setting up an authenticator app: a new secret is kept as pending
 * until a code from it is given (confirmTwoStepSetUp). An app already in use
 * keeps working until then. Returns the new secret (base32).
 */
export function startTwoStepSetUp({ memberId, now = new Date() }: { memberId: number; now?: Date }, db: Db = getDb()) {
  const secret = newTotpSecret();
  const pendingSecret = encryptTotpSecret(secret);
  db.insert(twoStepCredentials)
    .values({ memberId, pendingSecret, pendingCreatedAt: now })
    .onConflictDoUpdate({ target: twoStepCredentials.memberId, set: { pendingSecret, pendingCreatedAt: now } })
    .run();
  return secret;
}

function replaceRecoveryCodes(tx: Db, memberId: number, now: Date) {
  tx.delete(twoStepRecoveryCodes).where(eq(twoStepRecoveryCodes.memberId, memberId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
  tx.insert(twoStepRecoveryCodes)
    .values(codes.map((code) => ({ memberId, codeHash: recoveryCodeDigest(code), createdAt: now })))
    .run();
  return codes;
}

function memberForEmail(tx: Db, memberId: number) {
  return tx
    .select({ name: members.name, email: members.email, role: members.role })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
}

function tellMember(tx: Db, memberId: number, change: TwoStepChange, now: Date) {
  const member = memberForEmail(tx, memberId);
  if (!member) return;
  const { subject, body } = twoStepEmails.changed(member.name, change, roleNeedsTwoStep(member.role));
  queueEmail(
    {
      dedupeKey: `two-step:${change}:${memberId}:${now.getTime()}`,
      memberId,
      to: member.email,
      subject,
      body,
      kind: "two-step-changed",
      now,
    },
    tx,
  );
}

/**
 * Confirms a pending set-up with a code from the new app: the new secret
 * takes effect, ten new recovery codes replace any old ones, and the member
 * is emailed. Returns the recovery codes (shown once, stored only as
 * digests), or null when the code is wrong or nothing is pending.
 */
export function confirmTwoStepSetUp(
  { memberId, code, now = new Date() }: { memberId: number; code: string; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const row = tx.select().from(twoStepCredentials).where(eq(twoStepCredentials.memberId, memberId)).get();
    const pending = row?.pendingSecret ? decryptTotpSecret(row.pendingSecret) : null;
    if (!row || !pending) return null;
    const step = matchingTotpStep({ base32: pending.base32, code: code.trim(), now });
    if (step === null) return null;
    tx.update(twoStepCredentials)
      .set({
        secret: encryptTotpSecret(pending.base32),
        enabledAt: now,
        lastUsedStep: step,
        pendingSecret: null,
        pendingCreatedAt: null,
      })
      .where(eq(twoStepCredentials.memberId, memberId))
      .run();
    const codes = replaceRecoveryCodes(tx, memberId, now);
    tellMember(tx, memberId, row.enabledAt ? "new-app" : "turned-on", now);
    return codes;
  }, db);
}

export type SecondStepResult = { ok: true; method: "code" | "recovery-code" } | { ok: false; reason: "wrong" | "used" };

function checkAppCode(tx: Db, memberId: number, code: string, now: Date): SecondStepResult {
  const row = tx.select().from(twoStepCredentials).where(eq(twoStepCredentials.memberId, memberId)).get();
  const secret = row?.enabledAt && row.secret ? decryptTotpSecret(row.secret) : null;
  if (!row || !secret) return { ok: false, reason: "wrong" };
  const step = matchingTotpStep({ base32: secret.base32, code, now });
  if (step === null) return { ok: false, reason: "wrong" };
  // A code is refused once it, or a later one, has been used: the step only moves forward.
  const claimed = tx
    .update(twoStepCredentials)
    .set({ lastUsedStep: step, ...(secret.current ? {} : { secret: encryptTotpSecret(secret.base32) }) })
    .where(
      and(
        eq(twoStepCredentials.memberId, memberId),
        or(isNull(twoStepCredentials.lastUsedStep), lt(twoStepCredentials.lastUsedStep, step)),
      ),
    )
    .run().changes;
  return claimed === 1 ? { ok: true, method: "code" } : { ok: false, reason: "used" };
}

function useRecoveryCode(tx: Db, memberId: number, code: string, now: Date): SecondStepResult {
  const digest = recoveryCodeDigest(code);
  const unused = tx
    .select({ id: twoStepRecoveryCodes.id, codeHash: twoStepRecoveryCodes.codeHash })
    .from(twoStepRecoveryCodes)
    .where(and(eq(twoStepRecoveryCodes.memberId, memberId), isNull(twoStepRecoveryCodes.usedAt)))
    .all();
  // Every unused code is compared, in constant time, so the time taken does not say which matched.
  let match: number | null = null;
  for (const row of unused) if (sameDigest(row.codeHash, digest)) match = row.id;
  if (match === null) return { ok: false, reason: "wrong" };
  const claimed = tx
    .update(twoStepRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(twoStepRecoveryCodes.id, match), isNull(twoStepRecoveryCodes.usedAt)))
    .run().changes;
  return claimed === 1 ? { ok: true, method: "recovery-code" } : { ok: false, reason: "wrong" };
}

/**
 * Checks a second step: a code from the member's app (for the current time
 * step or one either side, and later than the last code used), or one of
 * their unused recovery codes, which is then used up.
 */
export function verifySecondStep(
  { memberId, code, now = new Date() }: { memberId: number; code: string; now?: Date },
  db: Db = getDb(),
): SecondStepResult {
  const typed = code.trim();
  return inTransaction((tx) => {
    if (/^\d{6}$/.test(typed.replace(/\s+/g, ""))) return checkAppCode(tx, memberId, typed.replace(/\s+/g, ""), now);
    if (looksLikeRecoveryCode(typed)) return useRecoveryCode(tx, memberId, typed, now);
    return { ok: false, reason: "wrong" } as const;
  }, db);
}

/** Ten new recovery codes in place of the old ones; the member is emailed. */
export function regenerateRecoveryCodes(
  { memberId, now = new Date() }: { memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const codes = replaceRecoveryCodes(tx, memberId, now);
    tellMember(tx, memberId, "new-recovery-codes", now);
    return codes;
  }, db);
}

function removeTwoStep(tx: Db, memberId: number) {
  const removed = tx.delete(twoStepCredentials).where(eq(twoStepCredentials.memberId, memberId)).run().changes;
  tx.delete(twoStepRecoveryCodes).where(eq(twoStepRecoveryCodes.memberId, memberId)).run();
  return removed > 0;
}

/** The member turns two-step sign-in off (the route allows it only for roles that do not need it). */
export function turnOffTwoStep({ memberId, now = new Date() }: { memberId: number; now?: Date }, db: Db = getDb()) {
  inTransaction((tx) => {
    if (removeTwoStep(tx, memberId)) tellMember(tx, memberId, "turned-off", now);
  }, db);
}

/**
 * An administrator resets another member's two-step sign-in (a lost phone):
 * the app and recovery codes stop working, the change is audited, and the
 * member is emailed. Returns false when there was nothing to reset.
 */
export function resetTwoStep(
  { actorId, memberId, now = new Date() }: { actorId: number; memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return withAudit(
    (tx) => {
      const wasEnabled = !!tx
        .select({ memberId: twoStepCredentials.memberId })
        .from(twoStepCredentials)
        .where(and(eq(twoStepCredentials.memberId, memberId), isNotNull(twoStepCredentials.enabledAt)))
        .get();
      const removed = removeTwoStep(tx, memberId);
      if (wasEnabled) tellMember(tx, memberId, "reset-by-admin", now);
      return { wasEnabled, removed, name: memberForEmail(tx, memberId)?.name ?? "" };
    },
    ({ wasEnabled, name }) =>
      wasEnabled
        ? {
            actorId,
            action: "two-step.reset",
            entityType: "member",
            entityId: memberId,
            summary: `Reset two-step sign-in for ${name}`,
            before: { twoStepEnabled: true },
            after: { twoStepEnabled: false },
            now,
          }
        : null,
    db,
  ).wasEnabled;
}

/**
 * Sets up two-step sign-in directly with a known secret, already confirmed:
 * for the demo data and test factories only, whose secrets are published.
 */
export function enableTwoStepWithSecret(
  { memberId, secret, now = new Date() }: { memberId: number; secret: string; now?: Date },
  db: Db = getDb(),
) {
  db.insert(twoStepCredentials)
    .values({ memberId, secret: encryptTotpSecret(secret), enabledAt: now, lastUsedStep: null })
    .onConflictDoUpdate({
      target: twoStepCredentials.memberId,
      set: { secret: encryptTotpSecret(secret), enabledAt: now, lastUsedStep: null, pendingSecret: null },
    })
    .run();
}
