import type { Question } from "../content/schema";

/** What a learner chose: question id → option ids. */
export type Answers = Record<string, string[]>;

export type QuestionResult = {
  questionId: string;
  correct: boolean;
  /** Some right options chosen, but not exactly the right set. */
  partlyCorrect: boolean;
  selected: string[];
  correctOptions: string[];
};

export type ScoreResult = { score: number; passed: boolean; results: QuestionResult[] };

export class TamperedSubmissionError extends Error {}

/**
 * Checks that the answers fit the questions exactly: every question answered,
 * no unknown question or option ids, one option for a single-answer question.
 */
export function validateAnswers(questions: Question[], answers: Answers) {
  const known = new Map(questions.map((q) => [q.id, q]));
  for (const questionId of Object.keys(answers)) {
    if (!known.has(questionId))
      throw new TamperedSubmissionError(`The answers include a question that is not in this check.`);
  }
  const unanswered: string[] = [];
  for (const question of questions) {
    const selected = answers[question.id] ?? [];
    if (selected.length === 0) {
      unanswered.push(question.id);
      continue;
    }
    const optionIds = new Set(question.options.map((o) => o.id));
    if (selected.some((id) => !optionIds.has(id)) || new Set(selected).size !== selected.length) {
      throw new TamperedSubmissionError(`An answer does not match the options of its question.`);
    }
    if (question.type === "single" && selected.length > 1) {
      throw new TamperedSubmissionError(`A question that takes one answer was given several.`);
    }
  }
  return { unanswered };
}

/**
 * Each question scores when exactly the right options are chosen: a
 * multiple-answer question with some right and some missing (or an extra
 * wrong one) scores nothing, and is reported as partly correct.
 */
export function scoreAnswers(questions: Question[], answers: Answers, passMark: number): ScoreResult {
  const results = questions.map((question) => {
    const selected = [...(answers[question.id] ?? [])].sort();
    const correctOptions = question.options
      .filter((o) => o.correct)
      .map((o) => o.id)
      .sort();
    const correct = selected.length === correctOptions.length && selected.every((id, i) => id === correctOptions[i]);
    const partlyCorrect = !correct && selected.some((id) => correctOptions.includes(id));
    return { questionId: question.id, correct, partlyCorrect, selected, correctOptions };
  });
  const right = results.filter((r) => r.correct).length;
  const score = questions.length === 0 ? 0 : Math.floor((right * 100) / questions.length);
  return { score, passed: score >= passMark, results };
}
