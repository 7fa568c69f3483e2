import { z } from "zod";
import { lineText } from "./fields";

export const IMPORT_COLUMNS = ["name", "email", "organisation", "jobTitle", "tier", "directory"] as const;

/** What a column can be matched to in the column matching step. */
export const COLUMN_CHOICES = [
  "name",
  "firstName",
  "lastName",
  "email",
  "organisation",
  "jobTitle",
  "tier",
  "directory",
  "skip",
] as const;

const cell = lineText().max(500);

/** The rows of a member import, as read from the file with the coordinator's fixes: each cell one line of plain text. */
export const importRowsSchema = z
  .array(
    z.object({
      line: z.number().int().positive(),
      name: cell,
      email: cell,
      organisation: cell,
      jobTitle: cell,
      tier: cell,
      directory: cell,
      skip: z.boolean().optional(),
    }),
  )
  .max(5000);

/** The upload id and the column choices carried by the matching and preview forms. */
export const importStepSchema = z.object({
  upload: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  choices: z.array(z.enum(COLUMN_CHOICES)).max(100),
});
