import { z } from "zod";
import { MESSAGE_AUDIENCES } from "~drizzle/schema/messages";
import { lineText, paragraphText } from "./fields";

const optionalId = z
  .string()
  .trim()
  .default("")
  .transform((v) => (/^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : null));

/**
 * A coordinator's message: subject, text (plain text with markdown links,
 * rendered sanitised on pages and as text in the email) and audience. The
 * audiences that need a choice (a tier, an organisation, a district, a
 * workshop) report a missing one against its own field.
 */
export const messageSchema = z
  .object({
    subject: lineText({ error: "Enter a subject" })
      .min(1, "Enter a subject")
      .max(150, "Subject must be 150 characters or fewer"),
    body: paragraphText({ error: "Enter the message" })
      .min(1, "Enter the message")
      .max(5000, "Message must be 5,000 characters or fewer"),
    audience: z.enum(MESSAGE_AUDIENCES, { error: "Select who the message is for" }),
    tier: z
      .string()
      .default("")
      .transform((v) => (["1", "2", "3"].includes(v) ? Number(v) : null)),
    organisationId: optionalId,
    districtId: z
      .string()
      .trim()
      .default("")
      .transform((v) => (/^[a-z0-9-]{1,60}$/.test(v) ? v : null)),
    workshopId: optionalId,
  })
  .superRefine((m, ctx) => {
    const missing = {
      tier: m.audience === "tier" && m.tier === null ? "Select a tier" : null,
      organisationId: m.audience === "organisation" && m.organisationId === null ? "Select an organisation" : null,
      districtId: m.audience === "district" && m.districtId === null ? "Select a district" : null,
      workshopId: m.audience === "workshop" && m.workshopId === null ? "Select a workshop" : null,
    };
    for (const [field, message] of Object.entries(missing))
      if (message) ctx.addIssue({ code: "custom", path: [field], message });
  });

export type MessageInput = z.output<typeof messageSchema>;

/** The day of the month the digest goes out, and the month's paragraph. */
export const digestDaySchema = z.object({
  dayOfMonth: z.coerce
    .number({ error: "Enter a day from 1 to 28" })
    .int("Enter a day from 1 to 28")
    .min(1, "Enter a day from 1 to 28")
    .max(28, "Enter a day from 1 to 28"),
});

export const digestParagraphSchema = z.object({
  paragraph: paragraphText().max(1500, "The paragraph must be 1,500 characters or fewer").default(""),
});
