import { z } from "zod";
import { cachedDirectoryRead } from "~/lib/directory-cache.server";
import { listDistricts } from "~/models/district.server";
import {
  listOrganisationChoices,
  listOrganisationOptions,
  ORGANISATION_CHOICE_LIMIT,
} from "~/models/organisation.server";
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

/**
 * listOrganisationChoices for pages every member asks with different
 * answers (directory search, find my contact, reports), kept until the
 * directory changes: a district's organisations are kept once per district,
 * and an organisation chosen from elsewhere is added in its place in the
 * open organisations' order (by name, as listed), so a district and an
 * organisation from another district (3,000 by 300 at national size, which
 * rarely repeat) are not each a query of their own.
 */
export function keptOrganisationChoices({
  districtId,
  includeIds = [],
  version,
}: {
  districtId?: string | null;
  includeIds?: Array<number | null | undefined>;
  /** As for cachedDirectoryRead. */
  version?: string;
}) {
  const inDistrict = cachedDirectoryRead({
    timeless: true,
    version,
    key: ["organisation-choices", districtId ?? null],
    read: () => listOrganisationChoices({ districtId }),
  });
  const listed = new Set(inDistrict.organisations.map((o) => o.id));
  // Each once: the organisation chosen is often the member's own, and both are asked for.
  const wanted = [...new Set(includeIds)].filter((id): id is number => typeof id === "number" && !listed.has(id));
  if (!inDistrict.narrowed || wanted.length === 0) return inDistrict;
  const order = cachedDirectoryRead({
    timeless: true,
    version,
    key: ["organisation-order"],
    read: () => new Map(listOrganisationOptions().map((o, place) => [o.id, { ...o, place }])),
  });
  const extras = wanted.flatMap((id) => order.get(id) ?? []);
  if (extras.length === 0) return inDistrict;
  // Every organisation listed is open, so each has a place.
  const placeOf = (id: number) => order.get(id)!.place;
  const organisations = [...inDistrict.organisations, ...extras.map(({ id, name }) => ({ id, name }))]
    .sort((a, b) => placeOf(a.id) - placeOf(b.id))
    .slice(0, ORGANISATION_CHOICE_LIMIT);
  return { organisations, narrowed: true };
}
