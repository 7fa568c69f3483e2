import { z } from "zod";
import { PREVENTION_ACTIONS, PREVENTION_EARLINESS, PREVENTION_OUTCOMES } from "~drizzle/schema/constants";
import { lineText, paragraphText } from "./fields";
import { findPersonalData, personalDataMessage } from "./personal-data-check";

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

function isRealDay(value: string) {
  if (!DAY_FORMAT.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000;
}

/** A day no later than today (YYYY-MM-DD in London), as a date input sends it. */
const pastDay = (today: string, what: string) =>
  z
    .string({ error: `Enter the date ${what}` })
    .trim()
    .min(1, `Enter the date ${what}`)
    .refine(isRealDay, `Enter a real date ${what}, like 2026-11-30`)
    .refine((v) => v <= today, `The date ${what} cannot be in the future`);

/** A row's id from a select or a hidden field. */
const idChoice = (message: string) =>
  z.coerce.number({ error: message }).int(message).min(1, message).max(Number.MAX_SAFE_INTEGER, message);

const choice = (message: string) => lineText({ error: message }).min(1, message).max(100, message);

/** The one-minute log form. `today` is London's date; `now` dates the date-of-birth check. */
export function preventionSchema({ today, now }: { today: string; now: Date }) {
  return z.object({
    actionOn: pastDay(today, "of the action"),
    districtId: choice("Select the district").regex(/^[a-z0-9-]+$/, "Select the district"),
    organisationId: idChoice("Select the organisation it came through"),
    circumstanceId: choice("Select the circumstance").regex(/^[a-z0-9-]+$/, "Select the circumstance"),
    earliness: z.enum(PREVENTION_EARLINESS, { error: "Select how early help started" }),
    action: z.enum(PREVENTION_ACTIONS, { error: "Select what you did" }),
    note: paragraphText()
      .max(500, "Note must be 500 characters or fewer")
      .default("")
      .superRefine((value, ctx) => {
        const found = findPersonalData(value, { now });
        if (found.length > 0) ctx.addIssue({ code: "custom", message: personalDataMessage(found) });
      })
      .transform((v) => (v === "" ? null : v)),
  });
}

/** The outcome chosen from an email link's page. */
export const outcomeSchema = z.object({
  outcome: z.enum(PREVENTION_OUTCOMES, { error: "Choose an outcome" }),
});

/** An outcome in the link's query string; anything else shows all five to choose from. */
export const outcomeQuerySchema = z.object({ outcome: z.enum(PREVENTION_OUTCOMES).optional().catch(undefined) });

/** The acknowledgement button's form. */
export const acknowledgeSchema = z.object({
  intent: z.literal("acknowledge"),
  id: idChoice("Choose a referral"),
  districtId: z.string().regex(/^[a-z0-9-]{1,40}$/, "Choose a district"),
});

/** A training session the champion ran inside their organisation. */
export function cascadeSchema({ today }: { today: string }) {
  return z.object({
    heldOn: pastDay(today, "of the session"),
    organisationId: idChoice("Select the organisation"),
    audienceSize: z.coerce
      .number({ error: "Enter how many people came" })
      .int("Enter how many people came, as a whole number")
      .min(1, "Enter how many people came: at least 1")
      .max(1000, "Enter how many people came: 1,000 at most"),
    audienceRoles: lineText().max(200, "Roles must be 200 characters or fewer").default(""),
    tier: z.enum(["1", "2", "3"], { error: "Select which tier's material you used" }).transform(Number),
    lengthMinutes: z.coerce
      .number({ error: "Enter how long the session was, in minutes" })
      .int("Enter how long the session was, in whole minutes")
      .min(5, "Enter how long the session was: at least 5 minutes")
      .max(1440, "Enter how long the session was: 1,440 minutes at most"),
  });
}
