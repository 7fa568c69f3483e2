import { z } from "zod";
import { optionalEmailField } from "./fields";

export const organisationDetailsSchema = z.object({
  description: z
    .string()
    .trim()
    .max(2000, "Description must be 2,000 characters or fewer")
    .default(""),
  publicInbox: optionalEmailField,
});
