import { z } from "zod";
import { ROLES } from "~drizzle/schema/constants";
import { emailField, jobTitleField, nameField } from "./fields";

export const inviteSchema = z.object({
  name: nameField,
  email: emailField,
  jobTitle: jobTitleField,
  organisationId: z.coerce.number({ error: "Choose their organisation" }).int().positive("Choose their organisation"),
  tier: z.enum(["1", "2", "3"], { error: "Choose their tier" }).transform(Number),
  role: z.enum(ROLES, { error: "Choose their role" }),
});
