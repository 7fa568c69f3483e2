import { z } from "zod";
/**
 * The letters and digits a check-in code is made of: none that can be
 * mistaken for another (no 0 or O, no 1 or I).
 */
export const CHECK_IN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CHECK_IN_CODE_LENGTH = 6;

const CODE_MESSAGE = "Enter the 6-character code shown at the workshop, for example K7M2XP";

/**
 * A check-in code as a person types it: any case, with spaces or hyphens if
 * they like. Only the code's own characters are accepted (checked before the
 * letters are made capitals, so no other script's letter can turn into one).
 */
export const checkInCode = z
  .string({ error: "Enter the check-in code" })
  .max(40, CODE_MESSAGE)
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(
    z
      .string()
      .min(1, "Enter the check-in code")
      .regex(new RegExp(`^[${CHECK_IN_CODE_ALPHABET}${CHECK_IN_CODE_ALPHABET.toLowerCase()}]{6}$`), CODE_MESSAGE),
  )
  .transform((value) => value.toUpperCase());

/** The /check-in form: one code. */
export const checkInCodeSchema = z.object({ code: checkInCode });

/** Confirming, not confirming or adding a walk-in on the register: the member. */
export const walkInMemberSchema = z.object({
  memberId: z.coerce
    .number({ error: "Choose a person" })
    .int("Choose a person")
    .positive("Choose a person")
    .max(Number.MAX_SAFE_INTEGER, "Choose a person"),
});

/** The register's walk-in search (`?find=`): a name or email address; anything unusable is no search. */
export const walkInSearchSchema = z.object({
  find: z.string().trim().max(100).optional().catch(undefined),
});
