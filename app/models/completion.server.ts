import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { completions, members } from "../../drizzle/schema";
import { getDb, preparedOnce, type Db } from "~/lib/db.server";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** 130 random bits as 26 base32 characters: unguessable and easy to read out. */
export function generateCertificateCode() {
  const bytes = randomBytes(17);
  let bits = 0;
  let value = 0;
  let code = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && code.length < 26) {
      code += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return code;
}

/** "ABCD-EFGH-…" for display; verification accepts it with or without hyphens and spaces. */
export function formatCertificateCode(code: string) {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

export function normaliseCertificateCode(input: string) {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

/** A member's completions, newest first (prepared once: My learning and every module page ask for them). */
export function listCompletionsForMember({ memberId }: { memberId: number }, db: Db = getDb()) {
  return preparedOnce(db, "member-completions", () =>
    db
      .select()
      .from(completions)
      .where(eq(completions.memberId, sql.placeholder("memberId")))
      .orderBy(desc(completions.completedAt), desc(completions.id))
      .prepare(),
  ).all({ memberId });
}

/** A member's most recent completion of one module, or undefined. */
export function findLatestCompletion({ memberId, moduleId }: { memberId: number; moduleId: string }, db: Db = getDb()) {
  return db
    .select()
    .from(completions)
    .where(and(eq(completions.memberId, memberId), eq(completions.moduleId, moduleId)))
    .orderBy(desc(completions.completedAt), desc(completions.id))
    .limit(1)
    .get();
}

export function findCompletionByCode({ code }: { code: string }, db: Db = getDb()) {
  const normalised = normaliseCertificateCode(code);
  if (!/^[A-Z2-7]{26}$/.test(normalised)) return undefined;
  return db.select().from(completions).where(eq(completions.certificateCode, normalised)).get();
}

/** The completion is the member's latest of its module: a later one (a renewal) replaces it. */
const notRenewed = sql`NOT EXISTS (SELECT 1 FROM completions later WHERE later.member_id = ${completions.memberId}
  AND later.module_id = ${completions.moduleId} AND later.completed_at > ${completions.completedAt})`;

/**
 * Completions expiring in [from, to) that still matter: not renewed, held by
 * an active member who has reminders on, and with no email queued yet under
 * `dedupePrefix` + the completion's id. Read by the expiry index, so each run
 * of the reminder job touches only the completions in its window.
 */
export function listExpiringForReminder(
  { from, to, dedupePrefix }: { from: Date; to: Date; dedupePrefix: string },
  db: Db = getDb(),
) {
  return db
    .select({
      id: completions.id,
      memberId: completions.memberId,
      name: members.name,
      email: members.email,
      moduleId: completions.moduleId,
      moduleTitle: completions.moduleTitle,
      expiresAt: sql<Date>`${completions.expiresAt}`.mapWith(completions.expiresAt),
    })
    .from(completions)
    .innerJoin(members, eq(members.id, completions.memberId))
    .where(
      and(
        gte(completions.expiresAt, from),
        lt(completions.expiresAt, to),
        notRenewed,
        eq(members.status, "active"),
        eq(members.reminderEmails, true),
        sql`NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = ${dedupePrefix} || ${completions.id})`,
      ),
    )
    .orderBy(asc(completions.expiresAt), asc(completions.id))
    .all();
}

/** Whether a reminder about this completion still applies: not renewed, and its member active with reminders on. */
export function completionStillExpiring({ completionId }: { completionId: number }, db: Db = getDb()) {
  return (
    db
      .select({ id: completions.id })
      .from(completions)
      .innerJoin(members, eq(members.id, completions.memberId))
      .where(
        and(
          eq(completions.id, completionId),
          notRenewed,
          eq(members.status, "active"),
          eq(members.reminderEmails, true),
        ),
      )
      .get() !== undefined
  );
}

/**
 * The organisations' completions that expire in [from, to) and have not been
 * renewed, of their active members, by organisation and then by expiry: what
 * an organisation lead's weekly summary lists.
 */
export function listOrganisationExpiries(
  { organisationIds, from, to }: { organisationIds: number[]; from: Date; to: Date },
  db: Db = getDb(),
) {
  if (organisationIds.length === 0) return [];
  return db
    .select({
      organisationId: sql<number>`${members.organisationId}`,
      memberName: members.name,
      moduleTitle: completions.moduleTitle,
      expiresAt: sql<Date>`${completions.expiresAt}`.mapWith(completions.expiresAt),
    })
    .from(members)
    .innerJoin(completions, eq(completions.memberId, members.id))
    .where(
      and(
        inArray(members.organisationId, organisationIds),
        eq(members.status, "active"),
        gte(completions.expiresAt, from),
        lt(completions.expiresAt, to),
        notRenewed,
      ),
    )
    .orderBy(asc(members.organisationId), asc(completions.expiresAt), asc(members.name))
    .all();
}
