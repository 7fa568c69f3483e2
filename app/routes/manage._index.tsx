import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatEventTime } from "~/lib/dates";
import { requireCoordinator } from "~/lib/guards.server";
import { listTier1Currency } from "~/models/currency.server";
import { listWorkshops } from "~/models/workshop.server";

export const meta: MetaFunction = () => [{ title: "Coordinator – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const currency = listTier1Currency();
  const next = listWorkshops({ view: "upcoming", limit: 1 })[0];
  return json({
    next: next
      ? {
          id: next.id,
          title: next.title,
          when: formatEventTime(next.startsAt, next.endsAt),
          booked: next.booked,
          capacity: next.capacity,
          waiting: next.waiting,
        }
      : null,
    currency: {
      considered: currency.workshopsConsidered,
      current: currency.champions.filter((c) => c.currency === "current").length,
      atRisk: currency.champions.filter((c) => c.currency === "at-risk").length,
      new: currency.champions.filter((c) => c.currency === "new").length,
      lapsed: currency.champions.filter((c) => c.currency === "lapsed").length,
      total: currency.champions.length,
    },
  });
}

export default function CoordinatorHome() {
  const { next, currency } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Coordinator</h1>
      <div className="notification">
        <h2 className="notification__title">Next workshop</h2>
        {next ? (
          <p>
            <Link to={`/manage/workshops/${next.id}`}>{next.title}</Link>, {next.when}: {next.booked} of {next.capacity}{" "}
            booked
            {next.waiting ? `, ${next.waiting} waiting` : ""}.
          </p>
        ) : (
          <p>
            No workshops are scheduled. <Link to="/manage/workshops/series">Schedule a series</Link>.
          </p>
        )}
      </div>
      <h2>Tier 1 champions</h2>
      {currency.considered === 0 ? (
        <p>
          No workshop registers have been taken yet, so currency cannot be worked out. {currency.total} Tier 1 champions
          are active.
        </p>
      ) : (
        <p>
          Of {currency.total} Tier 1 champions, {currency.current} are current, {currency.atRisk} at risk,{" "}
          {currency.new} new and {currency.lapsed} lapsed. <Link to="/manage/currency">See who</Link>.
        </p>
      )}
      <h2>Run the network</h2>
      <ul>
        <li>
          <Link to="/manage/health">Network health</Link>: champions, Duty to Refer contacts, stale entries and
          attendance on one page
        </li>
        <li>
          <Link to="/reports">Reports</Link> with charts and CSV downloads
        </li>
        <li>
          <Link to="/manage/workshops">Workshops and sessions</Link>: schedule, edit, cancel, see bookings and take
          registers
        </li>
        <li>
          <Link to="/manage/topics">Topics proposed by champions</Link>, ranked by support
        </li>
        <li>
          <Link to="/manage/feedback">Workshop feedback</Link>: ratings and comments
        </li>
        <li>
          <Link to="/manage/currency">Tier 1 currency</Link>: who is current, at risk, new or lapsed
        </li>
        <li>
          <Link to="/manage/messages">Messages</Link>: write to everyone, a tier, lapsed or at-risk champions,
          organisation leads, an organisation, a district or a workshop&apos;s bookings
        </li>
        <li>
          <Link to="/manage/digest">Monthly digest</Link>: its day, your paragraph for the month, and a preview
        </li>
        <li>
          <Link to="/manage/outbox">Email outbox</Link>: every email the network has sent or kept
        </li>
        <li>
          <Link to="/manage/coverage">Duty to Refer coverage</Link>: gaps in named contacts and champions, and stale
          directory entries
        </li>
        <li>
          <Link to="/manage/circumstances">Circumstances and specialisms</Link> used by “Who do I call?”
        </li>
        <li>
          <Link to="/manage/unit-costs">Unit costs</Link> behind the impact report’s estimate of costs avoided
        </li>
        <li>
          <Link to="/districts">District pages</Link>: each housing team's Duty to Refer contact and route
        </li>
        <li>
          <Link to="/members">Members</Link>: tiers, roles and organisations
        </li>
        <li>
          <Link to="/manage/audit">Audit log</Link>: every change made by coordinators, organisation leads and
          administrators
        </li>
      </ul>
    </>
  );
}
