import { parseForm, type FieldErrors, type FormValues } from "./forms";
import { listDistricts } from "~/models/district.server";
import { organisationNameClash, type OrganisationFields } from "~/models/organisation.server";
import { organisationSchema } from "~/validation/organisation";

export type OrganisationFormResult =
  { success: true; data: OrganisationFields } | { success: false; fieldErrors: FieldErrors; values: FormValues };

/**
 * The add or edit form, checked: the fields (validation/organisation.ts), a
 * district that exists, and a name no other organisation has or had.
 */
export function readOrganisationForm(
  formData: FormData,
  { exceptId }: { exceptId?: number } = {},
): OrganisationFormResult {
  const parsed = parseForm(organisationSchema, formData);
  if (!parsed.success) return parsed;
  const { districtId, ...rest } = parsed.data;
  const fieldErrors: FieldErrors = {};
  if (districtId !== "" && !listDistricts().some((d) => d.id === districtId))
    fieldErrors.districtId = "Choose a district from the list, or countywide";
  const clash = organisationNameClash({ name: rest.name, exceptId });
  if (clash) fieldErrors.name = clash;
  if (Object.keys(fieldErrors).length) return { success: false, fieldErrors, values: parsed.values };
  return { success: true, data: { ...rest, districtId: districtId === "" ? null : districtId } };
}
