import { z } from "zod";
import { getDb, type Db } from "./db.server";
import { formatDate } from "./dates";
import { londonToUtc } from "./dates";
import { attendanceRates, completionsByModule, feedbackRatings, refreshers, tierMembership, type ReportFilters } from "~/models/report.server";
import { districtQueryParam } from "~/validation/params";

/**
 * Every report, and what its From and To dates filter; `dates: null` means the
 * report is a snapshot of today and offers no dates.
 */
export const REPORTS = {
  completions: { title: "Completions by module and organisation", description: "Knowledge checks passed in the period.", dates: "Knowledge checks passed between these dates." },
  tiers: { title: "Tier membership by organisation", description: "Active members in each tier today.", dates: null },
  attendance: { title: "Workshop attendance rates", description: "Of the people booked on workshops held in the period, how many attended.", dates: "Workshops held between these dates." },
  refreshers: {
    title: "Refreshers due and expired",
    description: "Completions that have expired or expire in the next 90 days; with dates, those that expire between them.",
    dates: "Completions that expire between these dates. Without dates: everything expired, and everything due in the next 90 days.",
  },
  feedback: { title: "Feedback ratings per workshop", description: "Average rating out of 5 from attendees.", dates: "Workshops held between these dates." },
} as const;

export type ReportId = keyof typeof REPORTS;

export type ReportTable = { caption: string; columns: string[]; rows: Array<Array<string | number>> };
export type BuiltReport = {
  id: ReportId;
  title: string;
  description: string;
  dates: string | null;
  chart: { title: string; bars: Array<{ label: string; value: number }>; unit?: string; max?: number };
  tables: ReportTable[];
};

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

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
    from: query.from ? londonToUtc(query.from, "00:00") ?? undefined : undefined,
    to: to ? new Date(to.getTime() + 24 * 60 * 60 * 1000) : undefined,
    districtId: query.district,
    organisationId: query.organisation,
    tier: query.tier,
  };
}

/** A chart stays readable: at most this many bars (the most recent or largest). */
const CHART_BARS = 30;

const cache = new Map<string, { version: string; report: BuiltReport }>();
const CACHE_ENTRIES = 100;

/**
 * A version of the whole database: SQLite's data_version moves when another
 * connection commits, total_changes when this one writes. Any write at all
 * invalidates every cached report, so a cached report is never stale.
 */
function databaseVersion() {
  const sqlite = getDb().$client;
  return `${sqlite.pragma("data_version", { simple: true })}:${(sqlite.prepare("SELECT total_changes() AS n").get() as { n: number }).n}`;
}

/** The report, from cache when nothing in the database has changed since it was built. */
export function getReport(id: ReportId, filters: ReportFilters): BuiltReport {
  // A snapshot report has no dates: ones left in the address would only split the cache.
  if (REPORTS[id].dates === null) filters = { ...filters, from: undefined, to: undefined };
  const key = JSON.stringify([id, filters]);
  const version = databaseVersion();
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.report;
  const report = buildReport(id, filters);
  cache.delete(key);
  cache.set(key, { version, report });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return report;
}

export function buildReport(id: ReportId, filters: ReportFilters, db: Db = getDb()): BuiltReport {
  const base = { id, ...REPORTS[id] };
  switch (id) {
    case "completions": {
      const data = completionsByModule(filters, db);
      return {
        ...base,
        chart: { title: "Completions by module", bars: data.totals.slice(0, CHART_BARS) },
        tables: [{ caption: "Completions by organisation and module", columns: ["Organisation", "Module", "Completions"], rows: data.rows.map((r) => [r.organisation, r.module, r.completions]) }],
      };
    }
    case "tiers": {
      const data = tierMembership(filters, db);
      return {
        ...base,
        chart: { title: "Active members by tier", bars: data.totals },
        tables: [{ caption: "Active members by organisation and tier", columns: ["Organisation", "Tier 1", "Tier 2", "Tier 3"], rows: data.rows.map((r) => [r.organisation, r.tier1, r.tier2, r.tier3]) }],
      };
    }
    case "attendance": {
      const data = attendanceRates(filters, db);
      return {
        ...base,
        chart: {
          title: data.perWorkshop.length > CHART_BARS ? `Attendance rate at the last ${CHART_BARS} workshops (%)` : "Attendance rate per workshop (%)",
          bars: data.perWorkshop.slice(-CHART_BARS).map((w) => ({ label: `${formatDate(w.startsAt)}: ${w.title}`, value: w.rate })),
          unit: "%",
          max: 100,
        },
        tables: [
          {
            caption: "Attendance per workshop",
            columns: ["Workshop", "Date", "Booked", "Attended", "Rate (%)"],
            rows: data.perWorkshop.map((w) => [w.title, formatDate(w.startsAt), w.expected, w.attended, w.rate]),
          },
          { caption: "Attendance per organisation", columns: ["Organisation", "Booked", "Attended", "Rate (%)"], rows: data.perOrganisation.map((o) => [o.organisation, o.expected, o.attended, o.rate]) },
        ],
      };
    }
    case "refreshers": {
      const data = refreshers(filters, db);
      return {
        ...base,
        chart: { title: "Refreshers", bars: data.totals },
        tables: [
          {
            caption: "Completions expired or expiring",
            columns: ["Member", "Organisation", "Module", "Expires", "Status"],
            rows: data.rows.map((r) => [r.name, r.organisation, r.moduleTitle, formatDate(r.expiresAt), r.expired ? "Expired" : "Due"]),
          },
        ],
      };
    }
    case "feedback": {
      const data = feedbackRatings(filters, db);
      return {
        ...base,
        chart: {
          title: data.length > CHART_BARS ? `Average rating at the last ${CHART_BARS} workshops (out of 5)` : "Average rating per workshop (out of 5)",
          bars: data.slice(0, CHART_BARS).map((r) => ({ label: `${formatDate(r.startsAt)}: ${r.title}`, value: Number(r.average) })),
          max: 5,
        },
        tables: [{ caption: "Feedback per workshop", columns: ["Workshop", "Date", "Responses", "Average rating"], rows: data.map((r) => [r.title, formatDate(r.startsAt), r.responses, Number(r.average)]) }],
      };
    }
  }
}
