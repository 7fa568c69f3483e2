import { z } from "zod";
import { emailField } from "./fields";

export const signInSchema = z.object({
  email: emailField,
  password: z
    .string({ error: "Enter your password" })
    .min(1, "Enter your password")
    .max(1024, "Password must be 1024 characters or fewer"),
  redirectTo: z.string().optional(),
});
