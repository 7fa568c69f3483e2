import { z } from "zod";

const CODE_MESSAGE = "Enter the 6-digit code from your authenticator app";

/** A code from the authenticator app (for set-up, turning off and new recovery codes). */
export const appCodeSchema = z.object({
  code: z
    .string({ error: CODE_MESSAGE })
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "The code is 6 digits, from your authenticator app")),
});

/** The second step of signing in: a code from the app, or one of the recovery codes. */
export const secondStepSchema = z.object({
  code: z
    .string({ error: `${CODE_MESSAGE}, or a recovery code` })
    .trim()
    .min(1, `${CODE_MESSAGE}, or a recovery code`)
    .max(40, "The code is 6 digits, or a recovery code of 16 letters and numbers"),
});
