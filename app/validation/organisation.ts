import { z } from "zod";
import { SECTORS } from "~drizzle/schema/constants";
import { districtIdParam } from "./params";
import { lineText, optionalEmailField, paragraphText } from "./fields";

/** The details only the coordinator sets: what an organisation is called, what it is and where it works. */
export const organisationIdentitySchema = z.object({
  name: lineText({ error: "Enter the organisation's name" })
    .min(2, "Enter the organisation's name")
    .max(120, "The name must be 120 characters or fewer"),
  sector: z.enum(SECTORS, { error: "Choose the organisation's sector" }),
  /** An empty choice means the organisation works countywide. */
  districtId: z.union([z.literal(""), districtIdParam], { error: "Choose a district, or countywide" }).default(""),
  subjectToDutyToRefer: z
    .enum(["yes", "no"], { error: "Say whether the organisation is under the Duty to Refer" })
    .transform((v) => v === "yes"),
});

/** Everything about an organisation that the coordinator adds or edits. */
export const organisationSchema = organisationIdentitySchema.extend({
  description: paragraphText().max(2000, "Description must be 2,000 characters or fewer").default(""),
  publicInbox: optionalEmailField,
});

export type OrganisationInput = z.output<typeof organisationSchema>;
