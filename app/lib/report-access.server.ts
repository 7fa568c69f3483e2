import { forbidden, requirePermission } from "./guards.server";
import { canEverywhere } from "./permissions";
import { reportFiltersSchema, toReportFilters } from "./reports.server";

/**
 * Reads the report filters and applies the viewer's scope: an organisation
 * lead's reports are always their own organisation's; asking for another is 403.
 */
export async function requireReportAccess(request: Request) {
  const viewer = await requirePermission(request, "read:report");
  const query = reportFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const everywhere = canEverywhere(viewer, "read:report");
  if (!everywhere) {
    if (query.organisation && query.organisation !== viewer.organisationId) throw forbidden("You can only see reports for your own organisation.");
    if (!viewer.organisationId) throw forbidden("You can only see reports for your own organisation.");
    query.organisation = viewer.organisationId;
  }
  return { viewer, query, filters: toReportFilters(query), everywhere };
}
