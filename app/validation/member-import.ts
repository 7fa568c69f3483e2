import { z } from "zod";
import { lineText } from "./fields";

export const IMPORT_COLUMNS = ["name", "email", "organisation", "jobTitle", "tier", "directory"] as const;

const cell = lineText().max(500);

/** The rows of a member import, as uploaded or as carried by the preview form: each cell one line of plain text. */
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
