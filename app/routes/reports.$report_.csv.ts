import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvField } from "~/lib/csv";
import { notFound } from "~/lib/guards.server";
import { requireReportAccess } from "~/lib/report-access.server";
import { getReport, REPORTS } from "~/lib/reports.server";
import { ownKeyParam } from "~/validation/params";

/** The report's tables as CSV, with the same filters and the same scope as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { filters } = await requireReportAccess(request);
  const id = ownKeyParam(REPORTS).safeParse(params.report);
  if (!id.success) throw notFound("We could not find that report.");
  const report = getReport(id.data, filters);
  const lines: string[] = [];
  for (const table of report.tables) {
    if (lines.length) lines.push("");
    lines.push(csvField(table.caption), table.columns.map(csvField).join(","), ...table.rows.map((row) => row.map(csvField).join(",")));
  }
  return new Response("\uFEFF" + lines.join("\r\n") + "\r\n", {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="report-${report.id}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
