import { and, eq } from "drizzle-orm";
import { checkAttempts, completions, members, organisations } from "../../drizzle/schema";
import type { LearningModule } from "~/lib/content/catalogue.server";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { expiryFor } from "~/lib/learning/completion-status";
import { scoreAnswers, validateAnswers, type Answers } from "~/lib/learning/scoring";
import { generateCertificateCode } from "./completion.server";

export type SubmittedAttempt = { attemptId: number; passed: boolean; score: number; repeated: boolean };

/**
 * Scores a knowledge check and records the attempt; a pass records a
 * completion with a certificate code, in the same transaction. The same
 * submission token twice (a double click, a resent form) records once.
 * Throws TamperedSubmissionError when the answers do not fit the module.
 */
export function submitCheckAttempt(
  {
    memberId,
    module,
    answers,
    submissionToken,
    now = new Date(),
  }: { memberId: number; module: LearningModule; answers: Answers; submissionToken: string; now?: Date },
  db: Db = getDb(),
): SubmittedAttempt {
  validateAnswers(module.check.questions, answers);
  const { score, passed } = scoreAnswers(module.check.questions, answers, module.passMark);
  return inTransaction((tx) => {
    const existing = tx
      .select({ id: checkAttempts.id, passed: checkAttempts.passed, score: checkAttempts.score })
      .from(checkAttempts)
      .where(and(eq(checkAttempts.memberId, memberId), eq(checkAttempts.submissionToken, submissionToken)))
      .get();
    if (existing) return { attemptId: existing.id, passed: existing.passed, score: existing.score, repeated: true };

    const attempt = tx
      .insert(checkAttempts)
      .values({
        memberId,
        moduleId: module.id,
        moduleVersion: module.version,
        contentHash: module.contentHash,
        submissionToken,
        answers: JSON.stringify(answers),
        score,
        passed,
        submittedAt: now,
      })
      .returning({ id: checkAttempts.id })
      .get();

    if (passed) {
      const learner = tx
        .select({ name: members.name, organisationName: organisations.name, otherOrganisationName: members.otherOrganisationName })
        .from(members)
        .leftJoin(organisations, eq(organisations.id, members.organisationId))
        .where(eq(members.id, memberId))
        .get();
      if (!learner) throw new Error("The member does not exist");
      tx.insert(completions)
        .values({
          memberId,
          moduleId: module.id,
          moduleVersion: module.version,
          contentHash: module.contentHash,
          attemptId: attempt.id,
          score,
          learnerName: learner.name,
          organisationName: learner.organisationName ?? learner.otherOrganisationName,
          moduleTitle: module.title,
          tier: module.tier,
          completedAt: now,
          expiresAt: expiryFor(now, module.validityMonths),
          certificateCode: generateCertificateCode(),
        })
        .run();
    }
    return { attemptId: attempt.id, passed, score, repeated: false };
  }, db);
}

/** An attempt, only if it belongs to this member and module. */
export function getAttempt(
  { attemptId, memberId, moduleId }: { attemptId: number; memberId: number; moduleId: string },
  db: Db = getDb(),
) {
  const attempt = db
    .select()
    .from(checkAttempts)
    .where(and(eq(checkAttempts.id, attemptId), eq(checkAttempts.memberId, memberId), eq(checkAttempts.moduleId, moduleId)))
    .get();
  if (!attempt) return undefined;
  const completion = db
    .select({ certificateCode: completions.certificateCode })
    .from(completions)
    .where(eq(completions.attemptId, attempt.id))
    .get();
  return { ...attempt, answers: JSON.parse(attempt.answers) as Answers, certificateCode: completion?.certificateCode ?? null };
}
