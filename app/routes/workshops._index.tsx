import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { BookingTag, PlacesLeft } from "~/components/workshop-summary";
import { formatEventTime } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { listMyUpcoming, listUpcomingForMember } from "~/models/workshop.server";
import { Pager } from "~/components/pager";

const PAGE = 50;

export const meta: MetaFunction = () => [{ title: "Workshops and sessions – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const now = new Date();
  const page = Math.min(1000, Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1));
  const workshops = listUpcomingForMember({
    memberId: member.id,
    tier: member.tier,
    now,
    limit: PAGE + 1,
    offset: (page - 1) * PAGE,
  });
  return json({
    page,
    hasMore: workshops.length > PAGE,
    mine: listMyUpcoming({ memberId: member.id, now }).map((w) => ({
      id: w.id,
      title: w.title,
      when: formatEventTime(w.startsAt, w.endsAt),
      status: w.status,
    })),
    tier: member.tier as Tier,
    workshops: workshops.slice(0, PAGE).map((w) => ({
      id: w.id,
      title: w.title,
      topic: w.topic,
      audienceTier: w.audienceTier as Tier,
      when: formatEventTime(w.startsAt, w.endsAt),
      where: [w.venue, w.joiningUrl ? "Online" : null].filter(Boolean).join(" and "),
      capacity: w.capacity,
      booked: w.booked,
      held: w.held,
      waiting: w.waiting,
      myBooking: w.myBooking,
      bookingClosed: w.bookingClosesAt <= now,
    })),
  });
}

export default function Workshops() {
  const { tier, workshops, mine, page, hasMore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Workshops and sessions</h1>
      <p className="lead">
        Coordinator-led workshops and sessions open to {TIER_LABELS[tier]} members. Tier 1 champions keep current by
        attending the bi-monthly workshops.
      </p>
      <p>
        <Link to="/calendar">Add your bookings to your calendar</Link> ·{" "}
        <Link to="/topics">Propose or support a topic</Link>
      </p>
      {mine.length > 0 ? (
        <>
          <h2>Your bookings</h2>
          <ul className="card-list">
            {mine.map((w) => (
              <li key={w.id}>
                <Link to={`/workshops/${w.id}`}>{w.title}</Link> <BookingTag status={w.status} />
                <br />
                {w.when}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Upcoming</h2>
      {workshops.length === 0 ? (
        <p>There are no upcoming workshops open to you yet. The coordinator will publish the next ones here.</p>
      ) : (
        <ul className="card-list">
          {workshops.map((w) => (
            <li key={w.id}>
              <h3>
                <Link to={`/workshops/${w.id}`}>{w.title}</Link>
              </h3>
              <p>
                {w.when}
                <br />
                {w.where}
              </p>
              <p className="muted">
                {TIER_LABELS[w.audienceTier]} · {w.topic} ·{" "}
                {w.bookingClosed ? (
                  "Booking closed"
                ) : (
                  <PlacesLeft capacity={w.capacity} booked={w.booked} held={w.held} waiting={w.waiting} />
                )}
              </p>
              {w.myBooking ? <BookingTag status={w.myBooking} /> : null}
            </li>
          ))}
        </ul>
      )}
      <Pager
        label="More workshops"
        page={page}
        hasNext={hasMore}
        href={(p) => `?page=${p}`}
        previous="Earlier workshops"
        next="Later workshops"
      />
    </>
  );
}
