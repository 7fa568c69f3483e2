import type { z } from "zod";
import { parseForm, type FieldErrors } from "./forms";
import { listDistricts } from "~/models/district.server";
import { listSpecialisms, type ContactDetails } from "~/models/contact.server";

/** The choices every contact form offers. */
export function contactFormChoices() {
  return { districts: listDistricts().map((d) => ({ id: d.id, name: d.name })), specialisms: listSpecialisms() };
}

/** A saved contact's details as the contact form shows them (empty strings for numbers not given). */
export function contactFormValues(record: ContactDetails) {
  return {
    isGoTo: record.isGoTo,
    howToContact: record.howToContact,
    directPhone: record.directPhone ?? "",
    showDirectPhone: record.showDirectPhone,
    mobile: record.mobile ?? "",
    showMobile: record.showMobile,
    districtIds: record.districtIds,
    specialismIds: record.specialismIds,
  };
}

/** Parses a contact form; unknown districts or specialisms are field errors, not stored. */
export function parseContactForm<S extends z.ZodType<Omit<ContactDetails, "isGoTo"> & { isGoTo?: boolean }>>(
  schema: S,
  form: FormData,
) {
  const parsed = parseForm(schema, form);
  const lists = {
    districtIds: form.getAll("districtIds").map(String),
    specialismIds: form.getAll("specialismIds").map(String),
  };
  if (!parsed.success) return { ok: false as const, fieldErrors: parsed.fieldErrors, values: parsed.values, lists };
  const { districts, specialisms } = contactFormChoices();
  const errors: FieldErrors = {};
  if (parsed.data.districtIds.some((id) => !districts.some((d) => d.id === id)))
    errors.districtIds = "Choose districts from the list";
  if (parsed.data.specialismIds.some((id) => !specialisms.some((s) => s.id === id)))
    errors.specialismIds = "Choose specialisms from the list";
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors, values: parsed.values, lists };
  return { ok: true as const, data: parsed.data as z.output<S>, values: parsed.values, lists };
}
