import { randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { completions } from "../../drizzle/schema";
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
