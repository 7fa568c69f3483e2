import type { LoaderFunctionArgs } from "@remix-run/node";
import { showReport } from "~/components/report-content";
import { toCsv } from "~/lib/csv";
import { notFound } from "~/lib/guards.server";
import { requireReportAccess } from "~/lib/report-access.server";
import { getReport } from "~/models/report.server";
import { reportIdParam } from "~/validation/report-filters";

/**
 * One table of a report as CSV (`?table=` names it; the report's first table
 * without it), with the same filters and the same scope as the page. The
 * header is the first line, so a spreadsheet or a CSV library reads the
 * columns from it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { filters, district } = await requireReportAccess(request);
  const id = reportIdParam.safeParse(params.report);
  if (!id.success) throw notFound("We could not find that report.");
  // Not the whole network's figures for a district that could not be found.
  if (district.error) {
    throw new Response(`${district.error}. Choose the district on the report's page, then download.`, {
      status: 400,
      statusText: "Bad Request",
    });
  }
  const report = showReport(getReport(id.data, filters, { allRows: true }));
  const wanted = new URL(request.url).searchParams.get("table");
  const table = wanted === null ? report.tables[0] : report.tables.find((t) => t.id === wanted);
  if (!table)
    throw notFound(
      `This report has no table of that name. Its tables are: ${report.tables.map((t) => t.id).join(", ")}.`,
    );
  return new Response(toCsv(table.columns, table.totals ? [...table.rows, table.totals] : table.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="report-${report.id}-${table.id}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
