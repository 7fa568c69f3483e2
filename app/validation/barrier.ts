import { z } from "zod";
import { BARRIER_FREQUENCIES, BARRIER_STATUSES } from "~drizzle/schema/barriers";
import { lineText, paragraphText } from "./fields";
import { idParam } from "./params";
import { findPersonalData, type PersonalDataKind } from "./personal-data-check";

/** The field error for personal data found in a barrier: names the kinds, never the text. */
function barrierPersonalDataMessage(kinds: PersonalDataKind[]) {
  const list = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(", ")} and ${kinds[kinds.length - 1]}`;
  const article = /^[aeiou]/i.test(list) ? "an" : "a";
  return `This looks like it has ${article} ${list} in it. Take it out: a barrier holds no personal data.`;
}

/** Text with no email address, phone number, National Insurance number, postcode or date of birth in it. */
function withoutPersonalData<T extends z.ZodType<string>>(schema: T) {
  return schema.superRefine((value, ctx) => {
    const kinds = findPersonalData(value);
    if (kinds.length > 0) ctx.addIssue({ code: "custom", message: barrierPersonalDataMessage(kinds) });
  });
}

/** A field that may be posted once, several times or not at all, as a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(item),
  );

export const barrierSchema = z.object({
  title: withoutPersonalData(
    lineText({ error: "Enter a short summary of the barrier" })
      .min(1, "Enter a short summary of the barrier")
      .max(150, "The summary must be 150 characters or fewer"),
  ),
  whatHappened: withoutPersonalData(
    paragraphText({ error: "Describe what happened" })
      .min(1, "Describe what happened")
      .max(3000, "What happened must be 3,000 characters or fewer"),
  ),
  whereItHappens: withoutPersonalData(
    lineText({ error: "Say where it happens" })
      .min(1, "Say where it happens")
      .max(200, "Where it happens must be 200 characters or fewer"),
  ),
  frequency: z.enum(BARRIER_FREQUENCIES, { error: "Select how often it happens" }),
  organisationIds: list(idParam).pipe(
    z.array(z.number()).min(1, "Select at least one organisation involved").max(50, "Select at most 50 organisations"),
  ),
  districtIds: list(z.string().regex(/^[a-z0-9-]{1,40}$/, "Select districts from the list")),
});
export type BarrierInput = z.output<typeof barrierSchema>;

/** An optional id from a select: the empty choice means none. */
const optionalId = (message: string) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? null : value),
    z.coerce.number({ error: message }).int(message).positive(message).max(Number.MAX_SAFE_INTEGER, message).nullable(),
  );

export const triageSchema = z.object({
  status: z.enum(BARRIER_STATUSES, { error: "Select a status" }),
  note: withoutPersonalData(paragraphText().max(2000, "The note must be 2,000 characters or fewer")).default(""),
  workshopId: optionalId("Select a workshop from the list"),
  toolkitCardId: optionalId("Select a toolkit card from the list"),
});
export type TriageInput = z.output<typeof triageSchema>;

export const barrierStatusQuery = z.object({ status: z.enum(BARRIER_STATUSES).optional().catch(undefined) });
