import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "~/lib/content/catalogue.server";
import { drawPaper, questionsOfPaper } from "~/lib/learning/paper";
import { scoreAnswers, TamperedSubmissionError, validateAnswers } from "~/lib/learning/scoring";

const module = loadCatalogue(path.resolve("content")).byId.get("homelessness-reduction-act")!;
const { questions } = module.check;

function rightAnswers(asked: typeof questions) {
  return Object.fromEntries(asked.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
}

describe("papers: the questions an attempt asks, and the order of their options", () => {
  it("is the same for the same seed and differs between seeds", () => {
    expect(drawPaper(questions, 8, "seed-1")).toEqual(drawPaper(questions, 8, "seed-1"));
    const papers = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(drawPaper(questions, 8, `seed-${i}`))));
    expect(papers.size).toBe(20);
  });

  it("asks the number of questions set, in the module's order, each with all its options", () => {
    for (let i = 0; i < 50; i++) {
      const paper = drawPaper(questions, 8, `seed-${i}`);
      expect(paper).toHaveLength(8);
      const positions = paper.map((p) => questions.findIndex((q) => q.id === p.questionId));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      for (const { questionId, optionIds } of paper) {
        const question = questions.find((q) => q.id === questionId)!;
        expect([...optionIds].sort()).toEqual(question.options.map((o) => o.id).sort());
      }
    }
  });

  it("puts every option of a question first on some paper, and every question on some paper", () => {
    const firsts = new Map<string, Set<string>>();
    const asked = new Set<string>();
    for (let i = 0; i < 200; i++) {
      for (const { questionId, optionIds } of drawPaper(questions, 8, `seed-${i}`)) {
        asked.add(questionId);
        firsts.set(questionId, (firsts.get(questionId) ?? new Set()).add(optionIds[0]));
      }
    }
    expect(asked.size).toBe(questions.length);
    for (const question of questions) expect(firsts.get(question.id)!.size, question.id).toBe(question.options.length);
  });

  it("scores by the options chosen, whatever order they were shown in, and refuses questions not on the paper", () => {
    const paper = drawPaper(questions, 8, "seed-scoring");
    const asked = questionsOfPaper(questions, paper)!;
    expect(asked.map((q) => q.options.map((o) => o.id))).toEqual(paper.map((p) => p.optionIds));
    expect(scoreAnswers(asked, rightAnswers(asked), 80)).toMatchObject({ score: 100, passed: true });
    const [first, ...rest] = asked;
    const oneWrong = { ...rightAnswers(rest), [first.id]: [first.options.find((o) => !o.correct)!.id] };
    expect(scoreAnswers(asked, oneWrong, 80)).toMatchObject({ score: 87, passed: true });
    expect(() => validateAnswers(asked, rightAnswers(questions))).toThrow(TamperedSubmissionError);
  });

  it("no longer fits once the module's questions change", () => {
    const paper = drawPaper(questions, 8, "seed-change");
    const removed = questions.filter((q) => q.id !== paper[0].questionId);
    expect(questionsOfPaper(removed, paper)).toBeUndefined();
  });
});
