import { z } from "zod";
import type { ReportFilters } from "~/models/report.server";
import { londonToUtc } from "~/lib/dates";
import { districtQueryParam } from "./params";

/** Every report there is. Any other id in an address, "constructor" or "__proto__" among them, is not found. */
export const REPORT_IDS = ["completions", "tiers", "attendance", "refreshers", "feedback", "impact", "gaps"] as const;
export const reportIdParam = z.enum(REPORT_IDS);
export type ReportId = z.infer<typeof reportIdParam>;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** The filters in a report's address; a value that cannot be read is ignored. */
export const reportFiltersSchema = z.object({
  from: date,
  to: date,
  district: districtQueryParam,
  organisation: z.coerce.number().int().positive().optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
});

export type ReportQuery = z.infer<typeof reportFiltersSchema>;

/** Form values to model filters: London dates, the end date inclusive. */
export function toReportFilters(query: ReportQuery): ReportFilters {
  const to = query.to ? londonToUtc(query.to, "00:00") : null;
  return {
    from: query.from ? (londonToUtc(query.from, "00:00") ?? undefined) : undefined,
    to: to ? new Date(to.getTime() + 24 * 60 * 60 * 1000) : undefined,
    districtId: query.district,
    organisationId: query.organisation,
    tier: query.tier,
  };
}
