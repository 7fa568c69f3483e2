import { z } from "zod";
import { idParam } from "./params";

const into = z.coerce
  .number({ error: "Choose the organisation to merge into" })
  .int({ error: "Choose the organisation to merge into" })
  .positive({ error: "Choose the organisation to merge into" })
  .max(Number.MAX_SAFE_INTEGER, { error: "Choose the organisation to merge into" });

/** The organisation to merge into, as chosen on the merge page (`?into=<id>`), and a district to narrow the list. */
export const mergeQuerySchema = z.object({
  into: z.string().optional(),
  district: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .catch(undefined),
});

export const mergeIntoParam = into;

/** The merge itself: the target, the preview's counts as seen, and who stays go-to when both have one. */
export const mergeFormSchema = z.object({
  into,
  fingerprint: z.string({ error: "Preview the merge first" }).min(1, "Preview the merge first").max(10_000),
  goTo: z.preprocess(
    (v) => (v === "" ? undefined : v),
    idParam.optional().catch(() => -1),
  ),
});
