import { PREVENTION_EARLINESS, SECTOR_LABELS, type UnitCost } from "~drizzle/schema";
import { EARLINESS_LABELS, IMPACT_OUTCOMES, OUTCOME_LABELS } from "~/lib/prevention";
import {
  countTable,
  FEWER_THAN_FIVE,
  NOT_SHOWN,
  protectCount,
  protectTable,
  publishedShare,
  showCount,
  type Published,
  type PublishedTable,
} from "~/lib/small-numbers";
import type { ImpactCounts, ImpactData } from "~/models/impact.server";
import type { BuiltReport, ReportTable } from "./report-content";

const OUTCOME_COLUMNS = IMPACT_OUTCOMES.map((o) => (o === "unknown" ? "Unknown" : OUTCOME_LABELS[o]));
const EARLINESS_COLUMNS = PREVENTION_EARLINESS.map((e) => EARLINESS_LABELS[e]);

/** What the page says under "About these figures": how small numbers are hidden, and what the estimate is. */
export const IMPACT_ABOUT = [
  "Each entry is one action a champion logged, with no personal data. Its outcome is the champion's answer to the follow-up 56 days later; “don't know” and entries nobody has answered are both counted as unknown.",
  `Small numbers: any count from 1 to 4 is shown as “${FEWER_THAN_FIVE}”, here, in the chart and in every CSV. Where a hidden count could be worked out by subtracting the other figures in its row or column from the total, further counts are hidden too and shown as “${NOT_SHOWN}” (secondary suppression, as the Office for National Statistics and NHS Digital do it), until no hidden count can be worked out from a table. Totals are the true totals unless they are hidden themselves. Shares are shown only where both their numbers are.`,
  "The estimate of costs avoided is an estimate, not a measured saving: each line multiplies a published count of cases by units per case and a unit cost, and every unit cost is shown with its source and year, and marked where it is an assumption. A line whose count is hidden is left out of the estimate.",
];

const money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });
const pounds = (pence: number) => money.format(Math.round(pence / 100));
const pence = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

function published(rows: Array<{ label: string; counts: number[] }>, columns: number) {
  return protectTable(
    countTable(
      rows.map((r) => r.counts),
      columns,
    ),
  );
}

/** A protected table's rows and its totals row, ready to show: each row its label, its counts, its total. */
function tableRows(
  labels: string[],
  table: PublishedTable,
  extra?: (row: number) => Array<string | number>,
): Pick<ReportTable, "rows" | "totals"> {
  return {
    rows: labels.map((label, r) => [label, ...table.cells[r], table.rowTotals[r], ...(extra?.(r) ?? [])]),
    totals: ["Total", ...table.columnTotals, table.total, ...(extra?.(-1) ?? [])],
  };
}

function byDimension(
  id: string,
  what: string,
  heading: string,
  rows: Array<{ label: string } & ImpactCounts>,
): { outcome: ReportTable; earliness: ReportTable; outcomes: PublishedTable } {
  const outcomes = published(
    rows.map((r) => ({ label: r.label, counts: r.outcomes })),
    IMPACT_OUTCOMES.length,
  );
  const earliness = published(
    rows.map((r) => ({ label: r.label, counts: r.earliness })),
    PREVENTION_EARLINESS.length,
  );
  const labels = rows.map((r) => r.label);
  const named = dimensionTables(id, what, heading);
  return {
    outcomes,
    outcome: { ...named.outcome, ...tableRows(labels, outcomes) },
    earliness: { ...named.earliness, ...tableRows(labels, earliness) },
  };
}

/** The two tables of a dimension (outcomes, and how early help started) by name, without rows. */
function dimensionTables(id: string, what: string, heading: string) {
  return {
    outcome: {
      id: `outcome-by-${id}`,
      caption: `Outcomes by ${what}`,
      columns: [heading, ...OUTCOME_COLUMNS, "Total"],
    },
    earliness: {
      id: `earliness-by-${id}`,
      caption: `How early help started, by ${what}`,
      columns: [heading, ...EARLINESS_COLUMNS, "Total"],
    },
  };
}

const EACH_ORGANISATION = "organisations with actions in the period";

/** The organisation tables as the page names them, their rows left to the CSVs. */
function organisationTablesInCsv(rows: number): { outcome: ReportTable; earliness: ReportTable } {
  const named = dimensionTables("organisation", "organisation", "Organisation");
  return {
    outcome: { ...named.outcome, rows: [], total: rows, onlyInCsv: EACH_ORGANISATION },
    earliness: { ...named.earliness, rows: [], total: rows, onlyInCsv: EACH_ORGANISATION },
  };
}

const shareText = (share: number | null) => (share === null ? NOT_SHOWN : `${share}%`);

function estimate(cost: UnitCost, cases: Published) {
  return typeof cases === "number" ? Math.round(cases * cost.unitsPerCase * cost.amountPence) : null;
}

const HOURS = 3_600_000;
function duration(ms: number) {
  if (ms < 48 * HOURS) return `${Math.round(ms / HOURS)} hours`;
  return `${Math.round(ms / (24 * HOURS))} days`;
}

/**
 * The impact report's summary, chart and tables. Every count goes through
 * small-number suppression here, so nothing the page, chart or CSV receives
 * holds a count from 1 to 4, or one that would give such a count away.
 */
export function shapeImpact(data: ImpactData): Pick<BuiltReport, "summary" | "chart" | "tables" | "about"> {
  const earlinessLabels = PREVENTION_EARLINESS.map((e) => EARLINESS_LABELS[e]);
  const overall = published(
    data.byEarliness.map((counts, i) => ({ label: earlinessLabels[i], counts })),
    IMPACT_OUTCOMES.length,
  );
  const unknown = IMPACT_OUTCOMES.indexOf("unknown");
  const prevented = IMPACT_OUTCOMES.indexOf("prevented");
  const relieved = IMPACT_OUTCOMES.indexOf("relieved");
  const district = byDimension("district", "district", "District", data.byDistrict);
  // Only in the CSVs at national size (see impactPageLimits in app/models/impact.server.ts).
  const organisation = data.byOrganisation
    ? byDimension("organisation", "organisation", "Organisation", data.byOrganisation)
    : organisationTablesInCsv(data.organisations);
  const sectorRows = data.bySector
    .map((s) => ({ ...s, label: SECTOR_LABELS[s.sector] }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const sector = byDimension("sector", "sector", "Sector", sectorRows);
  const quarter = byDimension("quarter", "quarter", "Quarter", data.byQuarter);
  const quarterShares = data.byQuarter.map((q, r) =>
    publishedShare(quarter.outcomes.cells[r][unknown], quarter.outcomes.rowTotals[r]),
  );
  quarter.outcome.columns.push("Unknown (%)");
  quarter.outcome.rows = quarter.outcome.rows.map((row, r) => [...row, shareText(quarterShares[r])]);
  quarter.outcome.totals = [
    ...quarter.outcome.totals!,
    shareText(publishedShare(quarter.outcomes.columnTotals[unknown], quarter.outcomes.total)),
  ];

  const headline = publishedShare(overall.columnTotals[unknown], overall.total);

  // Duty to Refer: acknowledged and waiting per district, with the median wait where at least 5 were acknowledged.
  const referralTable = protectTable(
    countTable(
      data.referrals.map((r) => [r.acknowledged, r.made - r.acknowledged]),
      2,
    ),
  );
  const referrals: ReportTable = {
    id: "duty-to-refer",
    caption: "Duty to Refer referrals and time to acknowledge, by district",
    columns: ["District", "Acknowledged", "Not yet acknowledged", "Referrals made", "Median time to acknowledge"],
    ...tableRows(
      data.referrals.map((r) => r.label),
      referralTable,
      (r) => {
        if (r === -1) return [""];
        const { medianMs } = data.referrals[r];
        return [typeof referralTable.cells[r][0] === "number" && medianMs !== null ? duration(medianMs) : NOT_SHOWN];
      },
    ),
  };

  // The estimate of costs avoided, from published counts only.
  const healthRow = sectorRows.findIndex((s) => s.sector === "health");
  const casesFor = (cost: UnitCost): Published =>
    cost.appliesTo === "prevented"
      ? overall.columnTotals[prevented]
      : cost.appliesTo === "relieved"
        ? overall.columnTotals[relieved]
        : healthRow === -1
          ? 0
          : sector.outcomes.cells[healthRow][prevented];
  const lines = data.unitCosts.map((cost) => ({
    cost,
    cases: casesFor(cost),
    estimate: estimate(cost, casesFor(cost)),
  }));
  const estimated = lines.reduce((sum, l) => sum + (l.estimate ?? 0), 0);
  const costs: ReportTable = {
    id: "costs-avoided-estimate",
    caption: "Estimate of costs avoided (an estimate, not a measured saving)",
    columns: [
      "Unit cost",
      "Cases counted",
      "Units per case",
      "Cost per unit",
      "Estimate",
      "Source",
      "Year",
      "Assumption",
      "Basis",
    ],
    rows: lines.map(({ cost, cases, estimate }) => [
      cost.label,
      showCount(cases),
      `${cost.unitsPerCase} ${cost.unit}${cost.unitsPerCase === 1 ? "" : "s"}`,
      `${pence.format(cost.amountPence / 100)} per ${cost.unit}`,
      estimate === null ? `${NOT_SHOWN} (fewer than 5 cases, or hidden)` : `about ${pounds(estimate)}`,
      cost.source,
      cost.year,
      cost.isAssumption ? "Yes: an assumption" : "No: a published figure",
      cost.basis,
    ]),
  };

  const reach = {
    direct: protectCount(data.reach.direct),
    cascaded: protectCount(data.reach.cascaded),
    sessions: protectCount(data.reach.sessions),
  };

  return {
    summary: [
      {
        label: "Outcome unknown (the headline)",
        value:
          headline === null
            ? NOT_SHOWN
            : `${headline}% (${showCount(overall.columnTotals[unknown])} of ${showCount(overall.total)})`,
      },
      { label: "Actions logged", value: showCount(overall.total) },
      { label: "Homelessness prevented", value: showCount(overall.columnTotals[prevented]) },
      { label: "People trained directly", value: showCount(reach.direct) },
      { label: "People reached through champions' own sessions", value: showCount(reach.cascaded) },
      { label: "Estimated costs avoided (an estimate; see its table)", value: `about ${pounds(estimated)}` },
    ],
    chart: {
      title: "Share of outcomes unknown, by quarter (%)",
      bars: data.byQuarter.map((q, r) => ({
        label: q.label,
        value: quarterShares[r] ?? 0,
        text: quarterShares[r] === null ? NOT_SHOWN : undefined,
      })),
      unit: "%",
      max: 100,
    },
    tables: [
      {
        id: "outcome-by-earliness",
        caption: "Outcomes by how early help started",
        columns: ["How early", ...OUTCOME_COLUMNS, "Total"],
        ...tableRows(earlinessLabels, overall),
      },
      quarter.outcome,
      district.outcome,
      district.earliness,
      sector.outcome,
      sector.earliness,
      organisation.outcome,
      organisation.earliness,
      referrals,
      {
        id: "reach",
        caption: "People trained directly and reached through champions",
        columns: ["Who", "People"],
        rows: [
          ["Trained directly (members who passed a knowledge check or attended a workshop)", showCount(reach.direct)],
          ["Reached through sessions champions ran in their own organisations", showCount(reach.cascaded)],
          ["Sessions champions ran", showCount(reach.sessions)],
        ],
      },
      costs,
    ],
    about: IMPACT_ABOUT,
  };
}
