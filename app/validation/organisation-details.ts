import { z } from "zod";
import { optionalEmailField, paragraphText } from "./fields";

export const organisationDetailsSchema = z.object({
  description: paragraphText().max(2000, "Description must be 2,000 characters or fewer").default(""),
  publicInbox: optionalEmailField,
});
