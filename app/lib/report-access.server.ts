import { forbidden, requirePermission } from "./guards.server";
import { chooseDistrict } from "./district-choice";
import { keptDistrictNames } from "./district-names.server";
import { can } from "./permissions";
import { reportFiltersSchema, toReportFilters } from "~/validation/report-filters";

/**
 * Reads the report filters and applies the viewer's scope: an organisation
 * lead's reports are always their own organisation's; asking for another is 403.
 * The district is found as the directory finds it (chooseDistrict): by id from
 * a select, or by a name typed at national size; `district.error` says when
 * the name typed matches no district or several, and then no district is set.
 */
export async function requireReportAccess(request: Request) {
  const url = new URL(request.url);
  const query = reportFiltersSchema.parse(Object.fromEntries(url.searchParams));
  const district = chooseDistrict(url.searchParams.get("district"), keptDistrictNames());
  query.district = district.id;
  // The organisation asked for, or the viewer's own when none is.
  const viewer = await requirePermission(
    request,
    "read:report",
    (member) => ({ organisationId: query.organisation ?? member.organisationId }),
    "You can only see reports for your own organisation.",
  );
  const everywhere = can(viewer, "read:report", "everywhere");
  if (!everywhere) {
    if (viewer.organisationId === null) throw forbidden("You can only see reports for your own organisation.");
    query.organisation = viewer.organisationId;
  }
  return { viewer, query, district, filters: toReportFilters(query), everywhere };
}
