import { z } from "zod";
import { lineText, optionalEmailField, paragraphText } from "./fields";

const contactChoice = z
  .string()
  .regex(/^\d*$/, "Choose a contact from the list")
  .default("")
  .transform((v) => (v === "" ? null : Number(v)));

/** A district's referral details, kept by the coordinator. */
export const districtReferralSchema = z.object({
  referralRoute: paragraphText().max(1000, "The referral route must be 1,000 characters or fewer").default(""),
  referralInbox: optionalEmailField,
  officeHours: lineText().max(200, "Office hours must be 200 characters or fewer").default(""),
  procedureSummary: paragraphText().max(3000, "The procedure must be 3,000 characters or fewer").default(""),
  dutyToReferContactId: contactChoice,
  deputyContactId: contactChoice,
});
