import { z } from "zod";
import { lineText } from "./fields";

/** A situation for "Who do I call?", and the specialisms that answer it. */
export const circumstanceSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{0,60}$/)
    .default(""),
  label: lineText({ error: "Enter the situation" })
    .min(1, "Enter the situation")
    .max(120, "The situation must be 120 characters or fewer"),
  description: lineText().max(300, "The description must be 300 characters or fewer").default(""),
  specialismIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const specialismSchema = z.object({
  label: lineText({ error: "Enter the specialism" })
    .min(1, "Enter the specialism")
    .max(60, "The specialism must be 60 characters or fewer"),
});
