import { createHash } from "node:crypto";
import type { Question } from "../content/schema";

/**
 * One attempt's paper: the questions it asks, in order, and each question's options in the order shown.
 * Drawn from a seed, so the same seed always gives the same paper.
 */
export type Paper = { questionId: string; optionIds: string[] }[];

/** A stream of random whole numbers from a seed: SHA-256 of the seed and a counter. */
function randomFrom(seed: string) {
  let counter = 0;
  let pool: number[] = [];
  return (below: number) => {
    if (pool.length === 0) {
      const block = createHash("sha256").update(`${seed}:${counter++}`).digest();
      pool = Array.from({ length: 8 }, (_, i) => block.readUInt32BE(i * 4));
    }
    // 32 random bits for lists of a few dozen: the bias of the remainder is far below anything a learner could use.
    return pool.pop()! % below;
  };
}

function shuffled<T>(items: readonly T[], random: (below: number) => number) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * Draws a paper: `count` of the questions, chosen at random but kept in the order the module gives them
 * (which follows its lessons), each with its options shuffled.
 */
export function drawPaper(questions: readonly Question[], count: number, seed: string): Paper {
  const random = randomFrom(seed);
  const chosen = new Set(shuffled(questions, random).slice(0, count));
  return questions
    .filter((question) => chosen.has(question))
    .map((question) => ({ questionId: question.id, optionIds: shuffled(question.options, random).map((o) => o.id) }));
}

/**
 * The questions of a paper, in its order and with their options in its order; undefined when the module's
 * questions have changed so that the paper no longer fits them.
 */
export function questionsOfPaper(questions: readonly Question[], paper: Paper): Question[] | undefined {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const result: Question[] = [];
  for (const { questionId, optionIds } of paper) {
    const question = byId.get(questionId);
    if (!question || question.options.length !== optionIds.length) return undefined;
    const options = optionIds.map((id) => question.options.find((o) => o.id === id));
    if (options.some((o) => o === undefined)) return undefined;
    result.push({ ...question, options: options as Question["options"] });
  }
  return result;
}
