import { z } from "zod";
import { UNIT_COST_APPLIES_TO } from "~drizzle/schema/impact";
import { lineText, paragraphText } from "./fields";

/** "451", "451.00", "£1,234.5": pounds and pence as typed; stored in pence. */
const pounds = z
  .string({ error: "Enter the cost per unit in pounds" })
  .trim()
  .transform((v) => v.replace(/^£/, "").replace(/,/g, ""))
  .pipe(
    z
      .string()
      .min(1, "Enter the cost per unit in pounds")
      .regex(/^\d{1,7}(\.\d{1,2})?$/, "Enter the cost in pounds, like 451 or 451.50, up to £9,999,999.99"),
  )
  .transform((v) => Math.round(Number(v) * 100));

/** One unit cost of the estimate of costs avoided, as the coordinator edits it. */
export const unitCostSchema = z.object({
  id: z.coerce.number({ error: "Choose a unit cost" }).int().positive("Choose a unit cost"),
  label: lineText({ error: "Enter what the cost is for" })
    .min(1, "Enter what the cost is for")
    .max(120, "What the cost is for must be 120 characters or fewer"),
  amount: pounds,
  unit: lineText({ error: "Enter the unit, like bed day or night" })
    .min(1, "Enter the unit, like bed day or night")
    .max(40, "The unit must be 40 characters or fewer"),
  unitsPerCase: z
    .string({ error: "Enter how many units one case avoids" })
    .trim()
    .regex(/^\d{1,4}(\.\d{1,2})?$/, "Enter how many units one case avoids, a number like 1 or 30.5, up to 9999")
    .transform(Number),
  appliesTo: z.enum(UNIT_COST_APPLIES_TO, { error: "Choose which cases the cost applies to" }),
  source: lineText({ error: "Enter the source, or say it is an assumption" })
    .min(1, "Enter the source, or say it is an assumption")
    .max(300, "The source must be 300 characters or fewer"),
  year: z
    .string({ error: "Enter the year the figure is for" })
    .trim()
    .regex(/^\d{4}$/, "Enter the year as 4 digits, like 2018")
    .transform(Number)
    .pipe(z.number().min(1990, "Enter a year from 1990").max(2100, "Enter a year before 2100")),
  isAssumption: z
    .enum(["yes", "no"], { error: "Say whether the figure is an assumption" })
    .transform((v) => v === "yes"),
  basis: paragraphText().max(1000, "The basis must be 1,000 characters or fewer").default(""),
});
