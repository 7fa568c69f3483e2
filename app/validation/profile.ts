import { z } from "zod";
import { jobTitleField, nameField } from "./fields";

export const profileSchema = z.object({
  name: nameField,
  jobTitle: jobTitleField,
});
