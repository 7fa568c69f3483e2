import { formatDate } from "~/lib/dates";
import { CHART_BARS } from "~/lib/report-chart";
import type { ReportData } from "~/models/report.server";
import type { ReportId } from "~/validation/report-filters";
import { shapeImpact } from "./impact-content";

/**
 * Every report's title and description, and what its From and To dates
 * filter; `dates: null` means the report is a snapshot of today and offers no
 * dates.
 */
export const REPORTS: Record<ReportId, { title: string; description: string; dates: string | null }> = {
  completions: {
    title: "Completions by module and organisation",
    description: "Knowledge checks passed in the period.",
    dates: "Knowledge checks passed between these dates.",
  },
  tiers: { title: "Tier membership by organisation", description: "Active members in each tier today.", dates: null },
  attendance: {
    title: "Workshop attendance rates",
    description: "Of the people booked on workshops held in the period, how many attended.",
    dates: "Workshops held between these dates.",
  },
  refreshers: {
    title: "Refreshers due and expired",
    description:
      "Completions that have expired or expire in the next 90 days; with dates, those that expire between them.",
    dates:
      "Completions that expire between these dates. Without dates: everything expired, and everything due in the next 90 days.",
  },
  feedback: {
    title: "Feedback ratings per workshop",
    description: "Average rating out of 5 from attendees.",
    dates: "Workshops held between these dates.",
  },
  impact: {
    title: "Impact: prevention outcomes and reach",
    description:
      "What champions' actions prevented, by outcome and by how early help started, with the share of unknown outcomes, Duty to Refer response times, people reached and an estimate of costs avoided. Small numbers are hidden.",
    dates: "Actions taken between these dates (the tier filter does not apply).",
  },
  gaps: {
    title: "Champion gaps: opened, closed and still open",
    description:
      "Organisations left without a current Tier 1 champion: the gaps opened and closed in the period, how long each lasted, and those still open.",
    dates: "Gaps open at some time between these dates (the tier filter does not apply).",
  },
};

/**
 * One table of a report; `id` names it in its CSV's address and file name.
 * `total` is how many rows it has when `rows` holds only the first of them;
 * `totals` is its totals row, shown after the rows (a page shows it however
 * many rows it leaves out) and the CSV's last line. A table is `onlyInCsv`
 * when it is too long to read on a page: `rows` is empty, and the page says
 * how many rows it has (`total`), what each is (`onlyInCsv`, in the plural:
 * "organisations with actions in the period") and links to its CSV.
 */
export type ReportTable = {
  id: string;
  caption: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  total?: number;
  totals?: Array<string | number>;
  onlyInCsv?: string;
};
export type BuiltReport = {
  id: ReportId;
  title: string;
  description: string;
  dates: string | null;
  /** A few figures that sum the report up, shown first. */
  summary: Array<{ label: string; value: string }>;
  /** A bar's `text`, when given, is shown instead of its value (a hidden small number). */
  chart: { title: string; bars: Array<{ label: string; value: number; text?: string }>; unit?: string; max?: number };
  tables: ReportTable[];
  /** Paragraphs under "About these figures". */
  about?: string[];
};

const count = new Intl.NumberFormat("en-GB");
const figure = (label: string, value: number, unit = "") => ({ label, value: `${count.format(value)}${unit}` });
const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);

const built = new WeakMap<ReportData, BuiltReport>();

/**
 * formatDate for many rows: each London date is worked out once per UTC hour,
 * not once per row. London's midnight always falls on a whole UTC hour, so an
 * hour has one London date.
 */
function londonDates() {
  const dates = new Map<number, string>();
  return (instant: Date) => {
    const hour = Math.floor(instant.getTime() / 3_600_000);
    let date = dates.get(hour);
    if (date === undefined) dates.set(hour, (date = formatDate(instant)));
    return date;
  };
}

/**
 * A report's summary, chart and tables from its data. The model hands back the
 * same data object while the database is unchanged, so the report built from
 * it is kept beside it and built once.
 */
export function showReport(report: ReportData): BuiltReport {
  let shown = built.get(report);
  if (!shown) {
    shown = { id: report.id, ...REPORTS[report.id], ...shape(report) };
    built.set(report, shown);
  }
  return shown;
}

function shape(report: ReportData): Pick<BuiltReport, "summary" | "chart" | "tables" | "about"> {
  switch (report.id) {
    case "impact":
      return shapeImpact(report.data);
    case "completions": {
      const { data } = report;
      return {
        summary: [
          figure("Completions", sum(data.totals.map((t) => t.value))),
          figure("Modules", data.totals.length),
          figure("Organisations", new Set(data.rows.map((r) => r.organisation)).size),
        ],
        chart: { title: "Completions by module", bars: data.totals.slice(0, CHART_BARS) },
        tables: [
          {
            id: "by-organisation-and-module",
            caption: "Completions by organisation and module",
            columns: ["Organisation", "Module", "Completions"],
            rows: data.rows.map((r) => [r.organisation, r.module, r.completions]),
          },
        ],
      };
    }
    case "tiers": {
      const { data } = report;
      return {
        summary: [
          figure("Active members", sum(data.totals.map((t) => t.value))),
          figure("Organisations", data.rows.length),
        ],
        chart: { title: "Active members by tier", bars: data.totals },
        tables: [
          {
            id: "by-organisation",
            caption: "Active members by organisation and tier",
            columns: ["Organisation", "Tier 1", "Tier 2", "Tier 3"],
            rows: data.rows.map((r) => [r.organisation, r.tier1, r.tier2, r.tier3]),
          },
        ],
      };
    }
    case "attendance": {
      const { data } = report;
      // The whole network's workshops over all time are 4,000 rows: a page has the first and the latest of them.
      const dayOf = londonDates();
      const { held } = data;
      return {
        summary: [
          figure("Workshops held", held.workshops),
          figure("Booked", held.expected),
          figure("Attended", held.attended),
          figure("Attendance rate", held.expected === 0 ? 0 : Math.round((held.attended * 100) / held.expected), "%"),
        ],
        chart: {
          title:
            held.workshops > CHART_BARS
              ? `Attendance rate at the last ${CHART_BARS} workshops (%)`
              : "Attendance rate per workshop (%)",
          bars: data.latestWorkshops.map((w) => ({ label: `${dayOf(w.startsAt)}: ${w.title}`, value: w.rate })),
          unit: "%",
          max: 100,
        },
        tables: [
          {
            id: "per-workshop",
            caption: "Attendance per workshop",
            columns: ["Workshop", "Date", "Booked", "Attended", "Rate (%)"],
            rows: data.perWorkshop.map((w) => [w.title, dayOf(w.startsAt), w.expected, w.attended, w.rate]),
            total: held.workshops,
          },
          {
            id: "per-organisation",
            caption: "Attendance per organisation",
            columns: ["Organisation", "Booked", "Attended", "Rate (%)"],
            rows: data.perOrganisation.map((o) => [o.organisation, o.expected, o.attended, o.rate]),
            total: data.organisationLines,
          },
        ],
      };
    }
    case "refreshers": {
      const { data } = report;
      // Every row, for a CSV, is a national year's 291,435: 261 to about 15 ms.
      const dayOf = londonDates();
      return {
        summary: data.totals.map((t) => figure(t.label, t.value)),
        chart: { title: "Refreshers", bars: data.totals },
        tables: [
          {
            id: "expired-or-expiring",
            caption: "Completions expired or expiring",
            columns: ["Member", "Organisation", "Module", "Expires", "Status"],
            total: data.total,
            rows: data.rows.map((r) => [
              r.name,
              r.organisation,
              r.moduleTitle,
              dayOf(r.expiresAt),
              r.expired ? "Expired" : "Due",
            ]),
          },
        ],
      };
    }
    case "gaps": {
      const { data } = report;
      const many = data.gaps.length > CHART_BARS;
      return {
        summary: [
          figure("Gaps opened", data.opened),
          figure("Gaps closed", data.closed),
          figure("Still open", data.stillOpen),
          {
            label: "Average days to close",
            value: data.averageDaysToClose === null ? "None closed" : count.format(data.averageDaysToClose),
          },
        ],
        chart: {
          title: many ? `Days open, the last ${CHART_BARS} gaps` : "Days each gap was open",
          bars: data.gaps
            .slice(-CHART_BARS)
            .map((g) => ({ label: `${g.organisationName}, from ${formatDate(g.openedAt)}`, value: g.days })),
          unit: " days",
        },
        tables: [
          {
            id: "gaps",
            caption: "Champion gaps",
            columns: ["Organisation", "Why", "Opened", "Closed", "Days open", "Successor"],
            rows: data.gaps.map((g) => [
              g.organisationName,
              g.reason,
              formatDate(g.openedAt),
              g.closedAt ? formatDate(g.closedAt) : "Still open",
              g.days,
              g.successor ?? "",
            ]),
          },
        ],
      };
    }
    case "feedback": {
      const { data } = report;
      const many = data.length > CHART_BARS;
      return {
        summary: [
          figure("Workshops with feedback", data.length),
          figure("Responses", sum(data.map((r) => r.responses))),
        ],
        chart: {
          title: many
            ? `Average rating at the last ${CHART_BARS} workshops (out of 5)`
            : "Average rating per workshop (out of 5)",
          bars: data
            .slice(0, CHART_BARS)
            .map((r) => ({ label: `${formatDate(r.startsAt)}: ${r.title}`, value: Number(r.average) })),
          max: 5,
        },
        tables: [
          {
            id: "per-workshop",
            caption: "Feedback per workshop",
            columns: ["Workshop", "Date", "Responses", "Average rating"],
            rows: data.map((r) => [r.title, formatDate(r.startsAt), r.responses, Number(r.average)]),
          },
        ],
      };
    }
  }
}
