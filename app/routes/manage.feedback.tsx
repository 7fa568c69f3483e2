import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { requireCoordinator } from "~/lib/guards.server";
import { listFeedbackSummary } from "~/models/feedback.server";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "Workshop feedback – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return json({
    rows: listFeedbackSummary().map((r) => ({
      workshopId: r.workshopId,
      title: r.title,
      date: formatDate(r.startsAt),
      responses: r.responses,
      average: r.averageRating === null ? null : r.averageRating.toFixed(1),
    })),
  });
}

export default function FeedbackSummary() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Workshop feedback</h1>
      {rows.length === 0 ? (
        <p>No feedback yet. Attendees are asked for it by email after each workshop.</p>
      ) : (
        <TableRegion label="Average rating per workshop">
          <table>
            <caption className="visually-hidden">Average rating per workshop</caption>
            <thead>
              <tr>
                <th scope="col">Workshop</th>
                <th scope="col">Date</th>
                <th scope="col">Responses</th>
                <th scope="col">Average rating (out of 5)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.workshopId}>
                  <td>
                    <Link to={`/manage/workshops/${r.workshopId}`}>{r.title}</Link>
                  </td>
                  <td>{r.date}</td>
                  <td>{r.responses}</td>
                  <td>{r.average}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
