import { z } from "zod";
import { TOOLKIT_CARD_TYPES, TOOLKIT_VISIBILITIES } from "~drizzle/schema/toolkit-constants";
import { lineText, paragraphText } from "./fields";

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().regex(/^[a-z0-9-]{1,60}$/, "Choose from the list")).max(20, "Choose 20 or fewer"));

/** Sectors are free tags, typed as a comma-separated list. */
const sectorList = lineText()
  .max(400, "Sectors must be 400 characters or fewer")
  .default("")
  .transform((v) =>
    [
      ...new Set(
        v
          .split(",")
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ].slice(0, 12),
  )
  .pipe(z.array(z.string().max(40, "Each sector must be 40 characters or fewer")));

const isoDate = z
  .string({ error: "Enter the review date" })
  .trim()
  .min(1, "Enter the review date")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the review date as a date, like 2027-03-31")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, "Enter a real date, like 2027-03-31");

/** A toolkit card as the coordinator or its owner edits it. */
export const toolkitCardSchema = z.object({
  title: lineText({ error: "Enter a title" }).min(1, "Enter a title").max(200, "Title must be 200 characters or fewer"),
  type: z.enum(TOOLKIT_CARD_TYPES, { error: "Choose the kind of card" }),
  body: paragraphText({ error: "Write the card" })
    .min(1, "Write the card")
    .max(30_000, "The card must be 30,000 characters or fewer"),
  visibility: z.enum(TOOLKIT_VISIBILITIES, { error: "Choose who can see the card" }),
  districtIds: idList,
  circumstanceIds: idList,
  sectors: sectorList,
  ownerId: z.coerce.number({ error: "Choose the card's owner" }).int().positive("Choose the card's owner"),
  reviewOn: isoDate,
  note: lineText().max(300, "What changed must be 300 characters or fewer").default(""),
});
export type ToolkitCardForm = z.output<typeof toolkitCardSchema>;

/** "This is out of date", and why. */
export const toolkitFlagSchema = z.object({
  comment: paragraphText({ error: "Say what is out of date" })
    .min(1, "Say what is out of date")
    .max(1000, "Your comment must be 1,000 characters or fewer"),
});

/** The toolkit's search box and filters; anything unknown is ignored. */
export const toolkitQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  type: z.enum(TOOLKIT_CARD_TYPES).optional().catch(undefined),
  district: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional()
    .catch(undefined),
  circumstance: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional()
    .catch(undefined),
});

/** Two version numbers to compare (`?from=1&to=3`). */
export const compareQuerySchema = z.object({
  from: z.coerce.number().int().positive().max(1_000_000).optional().catch(undefined),
  to: z.coerce.number().int().positive().max(1_000_000).optional().catch(undefined),
});
