import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { barrierReportTables } from "~/components/barrier-report";
import { TableRegion } from "~/components/table-region";
import { formatDate } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { barrierReport } from "~/models/barrier.server";

export const meta: MetaFunction = () => [{ title: "System barriers: report for the board – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:barrier", "everywhere");
  const now = new Date();
  return json({ asOf: formatDate(now), tables: barrierReportTables(barrierReport({ now })) });
}

export default function BarrierReport() {
  const { asOf, tables } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/barriers">Back to system barriers</Link>
      </p>
      <h1>System barriers: report for the board</h1>
      <p className="lead">
        The barriers members have raised, as at {asOf}: how many are at each stage and how long they have been known,
        which organisations they involve, and every barrier with its remedy. Age is counted from the day it was raised.
      </p>
      {tables.map((table) => (
        <section key={table.id} aria-labelledby={`${table.id}-heading`}>
          <h2 id={`${table.id}-heading`}>{table.caption}</h2>
          <p>
            <a href={`/barriers/report/csv?table=${table.id}`} download>
              Download this table as CSV
            </a>
          </p>
          {table.rows.length === 0 ? (
            <p>No barriers have been raised yet.</p>
          ) : (
            <TableRegion label={table.caption}>
              <table>
                <caption className="visually-hidden">{table.caption}</caption>
                <thead>
                  <tr>
                    {table.columns.map((column) => (
                      <th key={column} scope="col">
                        {column}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) =>
                        j === 0 ? (
                          <th key={j} scope="row">
                            {cell}
                          </th>
                        ) : (
                          <td key={j}>{cell}</td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
        </section>
      ))}
    </>
  );
}
