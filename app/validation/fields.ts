import { z } from "zod";

/** Field rules shared by several forms, each with the message a person sees. */
export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@example.org"));

export const nameField = z
  .string({ error: "Enter your full name" })
  .trim()
  .min(1, "Enter your full name")
  .max(100, "Full name must be 100 characters or fewer");

export const jobTitleField = z
  .string()
  .trim()
  .max(100, "Job title must be 100 characters or fewer")
  .default("");

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
