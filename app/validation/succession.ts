import { z } from "zod";

/** A positive whole-number id from a form (hostile values such as "constructor" or "__proto__" fail). */
const formId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^[1-9]\d{0,15}$/, message)
    .transform(Number);

/** The organisation's succession page: one schema per intent. */
export const successionActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("nominate"), memberId: formId("Choose a member of the organisation") }),
  z.object({
    intent: z.literal("invite"),
    name: z.string().trim().min(1, "Enter their name").max(200, "Enter a shorter name"),
    email: z.email({ error: "Enter an email address like name@example.org" }).max(254),
    jobTitle: z.string().trim().max(200, "Enter a shorter job title").default(""),
  }),
  z.object({ intent: z.enum(["confirm", "decline"]), nominationId: formId("That nomination was not found") }),
  z.object({
    intent: z.enum(["hold", "book"]),
    memberId: formId("Choose a member of the organisation"),
    workshopId: formId("Choose a workshop"),
  }),
]);

/** "I'm moving on": the colleague who takes over. */
export const movingOnSchema = z.object({ successorId: formId("Choose the colleague who will take over") });

/** The held-place page: book it, or let it go. */
export const heldPlaceActionSchema = z.object({ intent: z.enum(["book", "release"], { error: "Choose what to do" }) });
