import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireReportAccess } from "~/lib/report-access.server";
import { REPORTS } from "~/components/report-content";

export const meta: MetaFunction = () => [{ title: "Reports – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { everywhere } = await requireReportAccess(request);
  return json({ everywhere, reports: Object.entries(REPORTS).map(([id, r]) => ({ id, ...r })) });
}

export default function Reports() {
  const { everywhere, reports } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Reports</h1>
      <p className="lead">
        {everywhere ? "Reports across the network, for funders and boards." : "Reports for your own organisation."} Each
        opens with a summary and a chart, then its tables, each with a CSV download.
      </p>
      <ul className="card-list">
        {reports.map((r) => (
          <li key={r.id}>
            <h2 className="notification__title">
              <Link to={`/reports/${r.id}`}>{r.title}</Link>
            </h2>
            <p>{r.description}</p>
          </li>
        ))}
      </ul>
      {everywhere ? (
        <p>
          <Link to="/manage/health">Network health</Link> shows the gaps on one page.
        </p>
      ) : null}
    </>
  );
}
