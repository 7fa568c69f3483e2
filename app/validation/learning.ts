import { z } from "zod";

export const contentIdParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);

/** The knowledge check form: a one-time token and the chosen options per question. */
export const checkSubmissionSchema = z.object({
  submissionToken: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, "The form has expired. Reload the page and try again."),
  answers: z.record(z.string().max(100), z.array(z.string().max(100)).max(20)),
});

/**
 * Reads `answer:<questionId>` fields into question id → option ids. Collected
 * in a Map, so a field named `answer:constructor` or `answer:__proto__` is just
 * an unknown question, never a property every object inherits.
 */
export function answersFromForm(form: FormData) {
  const answers = new Map<string, string[]>();
  for (const [key, value] of form.entries()) {
    if (!key.startsWith("answer:") || typeof value !== "string") continue;
    const questionId = key.slice("answer:".length);
    answers.set(questionId, [...(answers.get(questionId) ?? []), value]);
  }
  return Object.fromEntries(answers);
}
