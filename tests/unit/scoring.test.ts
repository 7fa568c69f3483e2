import { describe, expect, it } from "vitest";
import type { Question } from "~/lib/content/schema";
import { scoreAnswers, TamperedSubmissionError, validateAnswers } from "~/lib/learning/scoring";

const questions: Question[] = [
  {
    id: "single-one",
    type: "single",
    prompt: "Pick a",
    options: [
      { id: "a", text: "A", correct: true },
      { id: "b", text: "B", correct: false },
    ],
    explanation: "A is right",
  },
  {
    id: "multi-two",
    type: "multiple",
    prompt: "Pick a and c",
    options: [
      { id: "a", text: "A", correct: true },
      { id: "b", text: "B", correct: false },
      { id: "c", text: "C", correct: true },
    ],
    explanation: "A and C",
  },
  {
    id: "single-three",
    type: "single",
    prompt: "Pick b",
    options: [
      { id: "a", text: "A", correct: false },
      { id: "b", text: "B", correct: true },
    ],
    explanation: "B",
  },
];

describe("scoreAnswers", () => {
  it("scores 100 and passes when everything is right, in any order", () => {
    const result = scoreAnswers(questions, { "single-one": ["a"], "multi-two": ["c", "a"], "single-three": ["b"] }, 80);
    expect(result.score).toBe(100);
    expect(result.passed).toBe(true);
  });

  it("gives no credit for a partly right multiple-answer question and says it was partly right", () => {
    const result = scoreAnswers(questions, { "single-one": ["a"], "multi-two": ["a"], "single-three": ["b"] }, 80);
    expect(result.score).toBe(66);
    expect(result.passed).toBe(false);
    expect(result.results[1]).toMatchObject({ correct: false, partlyCorrect: true, correctOptions: ["a", "c"] });
  });

  it("gives no credit when a wrong option is added to the right ones", () => {
    const result = scoreAnswers(
      questions,
      { "single-one": ["a"], "multi-two": ["a", "b", "c"], "single-three": ["b"] },
      60,
    );
    expect(result.results[1].correct).toBe(false);
    expect(result.score).toBe(66);
    expect(result.passed).toBe(true);
  });

  it("passes exactly at the pass mark and fails just below it", () => {
    const twoRight = { "single-one": ["a"], "multi-two": ["a", "c"], "single-three": ["a"] };
    expect(scoreAnswers(questions, twoRight, 66).passed).toBe(true);
    expect(scoreAnswers(questions, twoRight, 67).passed).toBe(false);
  });
});

describe("validateAnswers", () => {
  it("lists unanswered questions", () => {
    expect(validateAnswers(questions, { "single-one": ["a"] }).unanswered).toEqual(["multi-two", "single-three"]);
  });

  it("refuses a question id from another module", () => {
    expect(() => validateAnswers(questions, { "single-one": ["a"], "someone-elses": ["a"] })).toThrow(
      TamperedSubmissionError,
    );
  });

  it("refuses an option that the question does not have", () => {
    expect(() => validateAnswers(questions, { "single-one": ["z"] })).toThrow(TamperedSubmissionError);
  });

  it("refuses two answers to a single-answer question, and the same option twice", () => {
    expect(() => validateAnswers(questions, { "single-one": ["a", "b"] })).toThrow(TamperedSubmissionError);
    expect(() => validateAnswers(questions, { "multi-two": ["a", "a"] })).toThrow(TamperedSubmissionError);
  });
});
