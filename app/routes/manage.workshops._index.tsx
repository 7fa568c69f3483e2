import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { formatEventTime } from "~/lib/dates";
import { requireCoordinator } from "~/lib/guards.server";
import { listWorkshopPage } from "~/models/workshop.server";
import { Pager } from "~/components/pager";
import { TableRegion } from "~/components/table-region";
import { workshopListQuerySchema } from "~/validation/workshop";

export const meta: MetaFunction = () => [{ title: "Manage workshops – Champions Network" }];

/** Workshops per page: a national network schedules thousands. */
const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const { view, page } = workshopListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const found = listWorkshopPage({ view, limit: PAGE + 1, offset: (page - 1) * PAGE });
  return json({
    view,
    page,
    hasMore: found.length > PAGE,
    workshops: found.slice(0, PAGE).map((w) => ({
      id: w.id,
      title: w.title,
      tier: w.audienceTier as Tier,
      when: formatEventTime(w.startsAt, w.endsAt),
      booked: w.booked,
      waiting: w.waiting,
      capacity: w.capacity,
    })),
  });
}

const VIEWS = [
  { view: "upcoming", label: "Upcoming" },
  { view: "past", label: "Past" },
  { view: "cancelled", label: "Cancelled" },
] as const;

export default function ManageWorkshops() {
  const { view, page, hasMore, workshops } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Workshops and sessions</h1>
      <p>
        <Link to="/manage/workshops/new" className="button">
          Schedule a workshop
        </Link>
        <Link to="/manage/workshops/series" className="button button--secondary">
          Schedule a series
        </Link>
      </p>
      <nav aria-label="Workshops by status">
        <ul className="tabs">
          {VIEWS.map((v) => (
            <li key={v.view}>
              <Link to={`?view=${v.view}`} aria-current={view === v.view ? "page" : undefined}>
                {v.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {workshops.length === 0 ? (
        <p>No {view} workshops.</p>
      ) : (
        <TableRegion label={`${VIEWS.find((v) => v.view === view)!.label} workshops`}>
          <table>
            <caption className="visually-hidden">{VIEWS.find((v) => v.view === view)!.label} workshops</caption>
            <thead>
              <tr>
                <th scope="col">Workshop</th>
                <th scope="col">When</th>
                <th scope="col">For</th>
                <th scope="col">Booked</th>
                <th scope="col">Waiting</th>
              </tr>
            </thead>
            <tbody>
              {workshops.map((w) => (
                <tr key={w.id}>
                  <td>
                    <Link to={`/manage/workshops/${w.id}`}>{w.title}</Link>
                    {view === "cancelled" ? (
                      <>
                        {" "}
                        <strong className="tag tag--red">Cancelled</strong>
                      </>
                    ) : null}
                  </td>
                  <td>{w.when}</td>
                  <td>{TIER_LABELS[w.tier]}</td>
                  <td>
                    {w.booked} of {w.capacity}
                  </td>
                  <td>{w.waiting}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pager label="More workshops" page={page} hasNext={hasMore} href={(p) => `?view=${view}&page=${p}`} />
    </>
  );
}
