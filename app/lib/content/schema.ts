import { z } from "zod";

const kebabId = z
  .string({ error: "is required" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case (lower-case letters, digits and hyphens)");

const isoDate = z
  .string({ error: "must be a date written as \"YYYY-MM-DD\" in quotes" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written as YYYY-MM-DD", abort: true })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "must be a real calendar date");

export const moduleFrontmatterSchema = z.object({
  id: kebabId,
  title: z.string({ error: "is required" }).min(1, "is required").max(120, "must be 120 characters or fewer"),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: "must be 1, 2 or 3" }),
  summary: z.string({ error: "is required" }).min(1, "is required").max(300, "must be 300 characters or fewer"),
  version: z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be 1 or more"),
  validityMonths: z.number({ error: "must be a whole number of months" }).int().positive().optional(),
  passMark: z.number({ error: "must be a percentage" }).int().min(1).max(100),
  estimatedMinutes: z.number({ error: "must be a whole number of minutes" }).int().positive(),
  /** When the module was last checked against the law and guidance, and by whom (a role, never a person's name). */
  checked: z.object(
    {
      date: isoDate,
      by: z.string({ error: "must name the role that checked it, such as Network coordinator" }).min(1, "must name the role that checked it"),
    },
    { error: "must say when the module was last checked against the law (date) and by whom (by)" },
  ),
  sources: z
    .array(
      z.object({
        title: z.string().min(1),
        url: z.url({ protocol: /^https?$/, error: "must be an http(s) address" }),
        /** The date of the version relied on: enacted, made, published or last updated. */
        date: isoDate.optional(),
      }),
    )
    .min(1, "must list at least one source"),
  changes: z
    .array(
      z.object({
        version: z.number().int().positive(),
        date: isoDate,
        summary: z.string().min(1),
        /** Ids of the lessons this version changed, so learners who completed an earlier version can read just those. */
        lessons: z.array(kebabId).default([]),
      }),
    )
    .min(1, "must describe at least the first version"),
});

export const lessonFrontmatterSchema = z.object({
  id: kebabId,
  title: z.string({ error: "is required" }).min(1, "is required").max(120),
});

const optionSchema = z.object({
  id: kebabId,
  text: z.string({ error: "is required" }).min(1, "is required"),
  correct: z.boolean({ error: "must be true or false" }),
});

export const questionSchema = z
  .object({
    id: kebabId,
    type: z.enum(["single", "multiple"], { error: "must be single or multiple" }),
    prompt: z.string({ error: "is required" }).min(1, "is required"),
    options: z.array(optionSchema).min(2, "must have at least two options"),
    explanation: z.string({ error: "is required" }).min(1, "is required"),
  })
  .superRefine((question, ctx) => {
    const correct = question.options.filter((o) => o.correct).length;
    if (question.type === "single" && correct !== 1) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `a single-answer question needs exactly one correct option (has ${correct})` });
    }
    if (question.type === "multiple" && correct < 1) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "a multiple-answer question needs at least one correct option" });
    }
    const ids = question.options.map((o) => o.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique within the question" });
    }
  });

export const checkFrontmatterSchema = z
  .object({
    /**
     * A question bank: each attempt asks this many of the questions, drawn at random, so a retake is not the
     * same paper. Without it every attempt asks every question.
     */
    questionsPerAttempt: z
      .number({ error: "must be a whole number of questions" })
      .int("must be a whole number of questions")
      .min(1, "must be 1 or more")
      .optional(),
    questions: z.array(questionSchema).min(1, "must have at least one question"),
  })
  .superRefine((check, ctx) => {
    if (check.questionsPerAttempt !== undefined && check.questionsPerAttempt > check.questions.length) {
      ctx.addIssue({
        code: "custom",
        path: ["questionsPerAttempt"],
        message: `must be at most the number of questions (${check.questions.length})`,
      });
    }
    check.questions.forEach((question, index) => {
      if (question.type === "multiple" && /select all that apply/i.test(question.prompt)) {
        ctx.addIssue({
          code: "custom",
          path: ["questions", index, "prompt"],
          message: 'must not say "Select all that apply": the page says it under every multiple-answer question',
        });
      }
    });
  });

const requirementSchema = z.object({
  tiers: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])).default([]),
  modules: z.array(kebabId).default([]),
  /** Tier 1: attend at least `attended` of the last `ofLast` workshops. */
  workshops: z
    .object({ attended: z.number().int().positive(), ofLast: z.number().int().positive() })
    .refine((w) => w.attended <= w.ofLast, "attended cannot be more than ofLast")
    .optional(),
});

export const pathwaysSchema = z.object({
  tiers: z
    .array(
      z.object({
        tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
        title: z.string().min(1),
        description: z.string().min(1),
        requires: requirementSchema,
      }),
    )
    .length(3, "must describe the three tiers"),
});

export type ModuleFrontmatter = z.infer<typeof moduleFrontmatterSchema>;
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Pathways = z.infer<typeof pathwaysSchema>;
