import { z } from "zod";
import { multiLine, singleLine } from "~/lib/plain-text";

/**
 * Text as it is stored, whatever reads it later (pages, vCards, calendars,
 * CSV, PDF, email): control characters are stripped rather than refused, as
 * they mostly arrive unseen in pasted text. One line of text: line breaks and
 * tabs become spaces. Several lines: every kind of line break becomes LF.
 * Both are trimmed; add length checks after.
 */
export const lineText = (params?: { error: string }) => z.string(params).overwrite(singleLine).trim();
export const paragraphText = (params?: { error: string }) => z.string(params).overwrite(multiLine).trim();

/** Field rules shared by several forms, each with the message a person sees. */
export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@example.org"));

export const nameField = lineText({ error: "Enter your full name" })
  .min(1, "Enter your full name")
  .max(100, "Full name must be 100 characters or fewer");

export const jobTitleField = lineText().max(100, "Job title must be 100 characters or fewer").default("");

export const newPasswordField = z
  .string({ error: "Enter a password" })
  .min(1, "Enter a password")
  .min(8, "Password must be 8 characters or more")
  .max(128, "Password must be 128 characters or fewer");

/** An optional email: an empty box means none. */
export const optionalEmailField = z
  .string()
  .trim()
  .max(254, "Email address must be 254 characters or fewer")
  .transform((v) => (v === "" ? null : v))
  .pipe(z.email("Enter an email address in the correct format, like name@example.org").nullable());
