import { z } from "zod";

/** A ticked box posts "on"; an unticked one posts nothing. */
const choice = z
  .enum(["on"], { error: "Tick the box or leave it empty" })
  .optional()
  .transform((v) => v === "on");

/** My account, "Emails you receive": each kind of optional email on or off. */
export const emailPreferencesSchema = z.object({
  digest: choice,
  reminders: choice,
  messages: choice,
});
