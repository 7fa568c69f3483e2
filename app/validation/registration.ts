import { z } from "zod";
import { emailField, jobTitleField, lineText, nameField, newPasswordField } from "./fields";

export const OTHER_ORGANISATION = "other";

export const registrationSchema = z
  .object({
    name: nameField,
    email: emailField,
    jobTitle: jobTitleField,
    password: newPasswordField,
    organisation: z
      .string({ error: "Select your organisation" })
      .trim()
      .min(1, "Select your organisation, or choose Other and type its name"),
    otherOrganisation: lineText().max(150, "Organisation name must be 150 characters or fewer").default(""),
  })
  .superRefine((value, ctx) => {
    if (value.organisation === OTHER_ORGANISATION && value.otherOrganisation === "") {
      ctx.addIssue({ code: "custom", path: ["otherOrganisation"], message: "Enter the name of your organisation" });
    } else if (value.organisation !== OTHER_ORGANISATION && !/^\d+$/.test(value.organisation)) {
      ctx.addIssue({ code: "custom", path: ["organisation"], message: "Select your organisation from the list" });
    }
  });
