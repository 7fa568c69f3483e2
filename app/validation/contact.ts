import { z } from "zod";
import { lineText, paragraphText } from "./fields";
import { districtQueryParam } from "./params";

/** A UK phone number: 10 or 11 digits starting 0, or +44 and 9 or 10 digits; spaces allowed. */
export const UK_PHONE = /^(?:0\d{9,10}|\+44\d{9,10})$/;

const phoneField = (label: string) =>
  lineText()
    .max(30, `${label} must be 30 characters or fewer`)
    .default("")
    .refine(
      (v) => v === "" || UK_PHONE.test(v.replace(/[\s()-]/g, "")),
      `Enter ${label.toLowerCase()} as a UK phone number, like 01865 123456 or +44 7700 900123`,
    )
    .transform((v) => (v === "" ? null : v));

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().regex(/^[a-z0-9-]{1,60}$/, "Choose from the list")).max(20));

export const contactDetailsSchema = z.object({
  howToContact: paragraphText().max(300, "How to contact you must be 300 characters or fewer").default(""),
  directPhone: phoneField("Direct phone"),
  showDirectPhone: checkbox,
  mobile: phoneField("Mobile"),
  showMobile: checkbox,
  districtIds: idList,
  specialismIds: idList,
});

/** The organisation lead and the coordinator also choose the go-to person. */
export const managedContactSchema = contactDetailsSchema.extend({ isGoTo: checkbox });

export const newContactSchema = managedContactSchema.extend({
  memberId: z.coerce.number({ error: "Choose the member to add" }).int().positive("Choose the member to add"),
});

export const directorySearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  organisation: z.coerce.number().int().positive().optional().catch(undefined),
  sector: z.string().max(40).optional().catch(undefined),
  district: districtQueryParam,
  specialism: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional()
    .catch(undefined),
});
