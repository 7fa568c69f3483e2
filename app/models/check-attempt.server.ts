import { createHmac } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { checkAttempts, completions, members, organisations } from "../../drizzle/schema";
import type { LearningModule } from "~/lib/content/catalogue.server";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { expiryFor } from "~/lib/learning/completion-status";
import { drawPaper, questionsOfPaper, type Paper } from "~/lib/learning/paper";
import { scoreAnswers, validateAnswers, type Answers } from "~/lib/learning/scoring";
import { generateCertificateCode } from "./completion.server";

export type SubmittedAttempt = { attemptId: number; passed: boolean; score: number; repeated: boolean };

/**
 * The paper a member answers next for a module: which questions (a bank asks some of them) and in what
 * order their options appear. The same until they submit it, however often the page is loaded, and a new
 * one for each attempt: its seed is a keyed hash of the member, the module's content and how many attempts
 * they have made, so it is kept nowhere and cannot be chosen or foreseen by the learner.
 */
export function getNextPaper({ memberId, module }: { memberId: number; module: LearningModule }, db: Db = getDb()) {
  const made = db
    .select({ attempts: count() })
    .from(checkAttempts)
    .where(and(eq(checkAttempts.memberId, memberId), eq(checkAttempts.moduleId, module.id)))
    .get()!.attempts;
  const seed = createHmac("sha256", getEnv().sessionSecrets[0])
    .update(`check-paper:${memberId}:${module.id}:${module.contentHash}:${made}`)
    .digest("hex");
  const paper = drawPaper(module.check.questions, module.check.questionsPerAttempt, seed);
  return { paper, questions: questionsOfPaper(module.check.questions, paper)! };
}

/** An attempt already recorded for this submission token (a form sent twice), if any. */
export function findAttemptBySubmission(
  { memberId, submissionToken }: { memberId: number; submissionToken: string },
  db: Db = getDb(),
) {
  return db
    .select({ id: checkAttempts.id, passed: checkAttempts.passed, score: checkAttempts.score })
    .from(checkAttempts)
    .where(and(eq(checkAttempts.memberId, memberId), eq(checkAttempts.submissionToken, submissionToken)))
    .get();
}

/**
 * Scores a knowledge check against the member's paper (getNextPaper) and records
 * the attempt with it; a pass records a completion with a certificate code, in
 * the same transaction. The same submission token twice (a double click, a
 * resent form) records once. Throws TamperedSubmissionError when the answers
 * do not fit the paper.
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
  return inTransaction((tx) => {
    const existing = findAttemptBySubmission({ memberId, submissionToken }, tx);
    if (existing) return { attemptId: existing.id, passed: existing.passed, score: existing.score, repeated: true };
    const { paper, questions } = getNextPaper({ memberId, module }, tx);
    validateAnswers(questions, answers);
    const { score, passed } = scoreAnswers(questions, answers, module.passMark);

    const attempt = tx
      .insert(checkAttempts)
      .values({
        memberId,
        moduleId: module.id,
        moduleVersion: module.version,
        contentHash: module.contentHash,
        submissionToken,
        answers: JSON.stringify(answers),
        paper: JSON.stringify(paper),
        score,
        passed,
        submittedAt: now,
      })
      .returning({ id: checkAttempts.id })
      .get();

    if (passed) {
      const learner = tx
        .select({
          name: members.name,
          organisationName: organisations.name,
          otherOrganisationName: members.otherOrganisationName,
        })
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
    .where(
      and(eq(checkAttempts.id, attemptId), eq(checkAttempts.memberId, memberId), eq(checkAttempts.moduleId, moduleId)),
    )
    .get();
  if (!attempt) return undefined;
  const completion = db
    .select({ certificateCode: completions.certificateCode })
    .from(completions)
    .where(eq(completions.attemptId, attempt.id))
    .get();
  return {
    ...attempt,
    answers: JSON.parse(attempt.answers) as Answers,
    paper: attempt.paper === null ? null : (JSON.parse(attempt.paper) as Paper),
    certificateCode: completion?.certificateCode ?? null,
  };
}
