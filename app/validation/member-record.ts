import { z } from "zod";
import { MEMBER_STATUSES, ROLES } from "~drizzle/schema/constants";

/** Erasing a member's details needs a ticked confirmation. */
export const eraseMemberSchema = z.object({
  confirm: z.literal("yes", { error: "Confirm that you want to erase this person's details" }),
});

export const memberRecordSchema = z.object({
  role: z.enum(ROLES, { error: "Select a role" }),
  tier: z.coerce
    .number({ error: "Select a tier" })
    .int()
    .refine((t) => t === 1 || t === 2 || t === 3, "Select a tier"),
  organisationId: z
    .string()
    .trim()
    .regex(/^\d*$/, "Select an organisation from the list")
    .transform((v) => (v === "" ? null : Number(v))),
  status: z.enum(MEMBER_STATUSES, { error: "Select a status" }),
});
