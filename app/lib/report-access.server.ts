import { forbidden, requirePermission } from "./guards.server";
import { can } from "./permissions";
import { reportFiltersSchema, toReportFilters } from "~/validation/report-filters";

/**
 * Reads the report filters and applies the viewer's scope: an organisation
 * lead's reports are always their own organisation's; asking for another is 403.
 */
export async function requireReportAccess(request: Request) {
  const query = reportFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
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
  return { viewer, query, filters: toReportFilters(query), everywhere };
}
