import { BARRIER_FREQUENCY_LABELS, BARRIER_STATUS_LABELS, BARRIER_STATUSES } from "~drizzle/schema/barriers";
import { formatDate } from "~/lib/dates";
import type { barrierReport } from "~/models/barrier.server";
import { AGE_BANDS } from "~/lib/barrier-age";

export type BarrierReportTable = {
  id: "status" | "organisations" | "barriers";
  caption: string;
  columns: string[];
  rows: Array<Array<string | number>>;
};

/**
 * The board's report as tables, the same for the page and its CSV: barriers
 * by status and age, by organisation and status, and every barrier.
 */
export function barrierReportTables(report: ReturnType<typeof barrierReport>): BarrierReportTable[] {
  return [
    {
      id: "status",
      caption: "Barriers by status and age",
      columns: ["Status", "Barriers", ...AGE_BANDS.map((band) => band.label), "Oldest (days)"],
      rows: report.byStatus.map((row) => [
        BARRIER_STATUS_LABELS[row.status],
        row.total,
        ...row.bands,
        row.oldestDays ?? "",
      ]),
    },
    {
      id: "organisations",
      caption: "Barriers by organisation involved",
      columns: ["Organisation", "Barriers", ...BARRIER_STATUSES.map((status) => BARRIER_STATUS_LABELS[status])],
      rows: report.byOrganisation.map((row) => [row.organisation, row.total, ...row.statuses]),
    },
    {
      id: "barriers",
      caption: "Every barrier, by status and then oldest first",
      columns: [
        "Barrier",
        "Status",
        "Raised",
        "Age (days)",
        "How often",
        "Organisations",
        "Districts",
        "Happens to them too",
        "Discussed at",
        "Remedy",
      ],
      rows: report.barriers.map((b) => [
        b.title,
        BARRIER_STATUS_LABELS[b.status],
        formatDate(b.createdAt),
        b.ageDays,
        BARRIER_FREQUENCY_LABELS[b.frequency],
        b.organisations.join("; "),
        b.districts.length ? b.districts.join("; ") : "Countywide",
        b.supporters,
        b.workshopTitle ?? "",
        b.remedyTitle ?? "",
      ]),
    },
  ];
}
