import type { LoaderFunctionArgs } from "@remix-run/node";
import { barrierReportTables } from "~/components/barrier-report";
import { toCsv } from "~/lib/csv";
import { notFound, requirePermission } from "~/lib/guards.server";
import { barrierReport } from "~/models/barrier.server";

/**
 * One table of the board's barrier report as CSV (`?table=status`,
 * `organisations` or `barriers`; every barrier without it). The header is the
 * first line.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:barrier", "everywhere");
  const now = new Date();
  const tables = barrierReportTables(barrierReport({ now }));
  const wanted = new URL(request.url).searchParams.get("table") ?? "barriers";
  const table = tables.find((t) => t.id === wanted);
  if (!table)
    throw notFound(`This report has no table of that name. Its tables are: ${tables.map((t) => t.id).join(", ")}.`);
  return new Response(toCsv(table.columns, table.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="barriers-${table.id}-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
