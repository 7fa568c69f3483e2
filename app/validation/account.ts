import { z } from "zod";
import { emailField, newPasswordField } from "./fields";

/** The forgotten-password page: the address to send a link to. */
export const forgottenPasswordSchema = z.object({ email: emailField });

const currentPasswordField = z
  .string({ error: "Enter your current password" })
  .min(1, "Enter your current password")
  .max(1024, "Password must be 1024 characters or fewer");

/** My account: a new password, with the current one (the server also refuses the commonest passwords). */
export const changePasswordSchema = z.object({ currentPassword: currentPasswordField, password: newPasswordField });

/** My account: a new email address, with the current password. */
export const changeEmailSchema = z.object({
  email: z
    .string({ error: "Enter your new email address" })
    .trim()
    .min(1, "Enter your new email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.org")),
  currentPassword: currentPasswordField,
});

/** A member's record: help them sign in, by a new invitation or a password reset link. */
export const signInHelpSchema = z.object({
  intent: z.enum(["reinvite", "reset"], { error: "Choose what to send" }),
});
