import { z } from "zod";
import { listDistricts } from "~/models/district.server";
import { listOrganisationChoices } from "~/models/organisation.server";
import { districtQueryParam } from "~/validation/params";

const districtQuery = z.object({ district: districtQueryParam });

/**
 * The organisations to offer in a form's select. A county network lists them
 * all; a national one (over 200) lists those of the district in `?district=`
 * (or `defaultDistrictId`), plus any already chosen, and offers the districts
 * to choose from (DistrictPicker).
 */
export function organisationChoicesFor(
  request: Request,
  {
    includeIds = [],
    defaultDistrictId,
  }: { includeIds?: Array<number | null | undefined>; defaultDistrictId?: string | null } = {},
) {
  const district =
    districtQuery.parse(Object.fromEntries(new URL(request.url).searchParams)).district ??
    defaultDistrictId ??
    undefined;
  const { organisations, narrowed } = listOrganisationChoices({ districtId: district, includeIds });
  return {
    organisations,
    narrowed,
    district: district ?? "",
    districts: narrowed ? listDistricts().map((d) => ({ id: d.id, name: d.name })) : [],
  };
}
