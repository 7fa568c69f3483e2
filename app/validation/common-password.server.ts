import { z } from "zod";
import { isCommonPassword } from "~/lib/password.server";
import { newPasswordField } from "./fields";

/**
 * Refuses the commonest passwords, as a refinement of a form's schema. The word
 * list stays on the server, hence a .server module beside the shared schemas.
 */
export function refuseCommonPassword(value: { password: string }, ctx: z.RefinementCtx) {
  if (isCommonPassword(value.password)) {
    ctx.addIssue({
      code: "custom",
      path: ["password"],
      message: "This password is too common and easy to guess. Choose a different one.",
    });
  }
}

/** Setting a password (from an invitation): long enough, and not a common one. */
export const setPasswordSchema = z.object({ password: newPasswordField }).superRefine(refuseCommonPassword);
