import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { CurrencySummary } from "~/components/currency-summary";
import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { formatDate, formatEventTime } from "~/lib/dates";
import { nextLearningStep } from "~/lib/learning/pathways";
import { can } from "~/lib/permissions";
import { getSignedInMember, type SignedInMember } from "~/lib/session.server";
import { getTier1Attendance, tier1Rule } from "~/models/currency.server";
import { getLearningRecord } from "~/models/learning-record.server";
import { getMember } from "~/models/member.server";
import { getNetworkHealth } from "~/models/network-health.server";
import { getOrganisationBySlug } from "~/models/organisation.server";
import { countUndeliveredEmails } from "~/models/outbox.server";
import { listMyUpcoming, listUpcomingForMember, listWorkshops } from "~/models/workshop.server";

export const meta: MetaFunction = () => [{ title: "Champions Network – Oxfordshire Homelessness Champions" }];

/** The coordinator's day: the next workshop and everything waiting for them, each with the page that deals with it. */
function coordinatorToday(viewer: SignedInMember, now: Date) {
  const next = listWorkshops({ view: "upcoming", limit: 1, now })[0];
  const health = getNetworkHealth({ rule: tier1Rule(), viewerId: viewer.id, now });
  return {
    nextWorkshop: next
      ? {
          id: next.id,
          title: next.title,
          when: formatEventTime(next.startsAt, next.endsAt),
          booked: next.booked,
          capacity: next.capacity,
          waiting: next.waiting,
        }
      : null,
    organisationsTotal: health.organisationsTotal,
    withoutChampion: health.withoutChampion.length,
    stale: health.stale.total,
    openTopics: health.openTopics,
    emails: countUndeliveredEmails(),
  };
}

/** An organisation lead's line of the network health page: their organisation only. */
function organisationToday(viewer: SignedInMember, now: Date) {
  if (viewer.organisationId === null || !viewer.organisationSlug) return null;
  const organisation = getOrganisationBySlug({ slug: viewer.organisationSlug });
  if (!organisation) return null;
  const health = getNetworkHealth({
    rule: tier1Rule(),
    viewerId: viewer.id,
    organisationId: viewer.organisationId,
    now,
  });
  const expected = health.attendanceTrend.reduce((n, w) => n + w.expected, 0);
  const attended = health.attendanceTrend.reduce((n, w) => n + w.attended, 0);
  return {
    name: organisation.name,
    slug: organisation.slug,
    hasChampion: health.withoutChampion.length === 0,
    subjectToDutyToRefer: organisation.subjectToDutyToRefer,
    namedContactMissing: health.dutyToReferWithoutContact.length > 0,
    coverageGaps: health.coverageGaps,
    stale: health.stale.total,
    quarter: { since: formatDate(health.quarter.since), joined: health.quarter.joined, left: health.quarter.left },
    attendance: { workshops: health.attendanceTrend.length, expected, attended },
  };
}

/** A Tier 1 champion's currency and next workshop: the one they are booked on, or the next they could book. */
function championToday(viewer: SignedInMember, now: Date) {
  const rule = tier1Rule();
  const attendance = getTier1Attendance({ memberId: viewer.id, rule, now });
  const mine = listMyUpcoming({ memberId: viewer.id, now })[0];
  const open = mine
    ? undefined
    : listUpcomingForMember({ memberId: viewer.id, tier: viewer.tier, now }).find(
        (w) => w.audienceTier === 1 && w.bookingClosesAt > now && w.myBooking !== "booked" && w.myBooking !== "waiting",
      );
  const next = mine
    ? {
        id: mine.id,
        title: mine.title,
        when: formatEventTime(mine.startsAt, mine.endsAt),
        booking: mine.status as "booked" | "waiting",
      }
    : open
      ? { id: open.id, title: open.title, when: formatEventTime(open.startsAt, open.endsAt), booking: null }
      : null;
  return {
    rule,
    currency: attendance,
    next,
  };
}

/** A member's learning: what to do next, what needs attention, and the sessions they are booked on. */
function learningToday(viewer: SignedInMember, now: Date) {
  const { modules, pathway } = getLearningRecord({ memberId: viewer.id, now });
  return {
    nextStep: nextLearningStep(pathway),
    attention: modules
      .filter((m) => m.status === "expired" || m.status === "due")
      .map((m) => ({ moduleId: m.module.id, title: m.module.title, expired: m.status === "expired" })),
    achieved: pathway.filter((t) => t.achieved).map((t) => t.title),
    upcoming: listMyUpcoming({ memberId: viewer.id, now }).map((w) => ({
      id: w.id,
      title: w.title,
      when: formatEventTime(w.startsAt, w.endsAt),
      waiting: w.status === "waiting",
    })),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getSignedInMember(request);
  const member = viewer ? getMember({ id: viewer.id }) : undefined;
  if (!viewer || !member)
    return json({ member: null, coordinator: null, organisation: null, champion: null, learning: null });
  const now = new Date();
  const coordinator = can(viewer, "manage:workshop", "everywhere");
  return json({
    member: {
      name: member.name,
      tier: member.tier as Tier,
      organisationName: member.organisationName ?? member.otherOrganisationName,
    },
    coordinator: coordinator ? coordinatorToday(viewer, now) : null,
    organisation: !coordinator && viewer.role === "org_lead" ? organisationToday(viewer, now) : null,
    champion: !coordinator && viewer.tier === 1 ? championToday(viewer, now) : null,
    learning: coordinator ? null : learningToday(viewer, now),
  });
}

function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

export default function Home() {
  const { member, coordinator, organisation, champion, learning } = useLoaderData<typeof loader>();
  if (member) {
    return (
      <>
        <h1>Welcome, {member.name}</h1>
        {coordinator ? <CoordinatorToday today={coordinator} /> : null}
        {organisation ? <OrganisationToday today={organisation} /> : null}
        {champion ? <ChampionToday today={champion} /> : null}
        {learning ? (
          <LearningToday
            today={learning}
            intro={
              <>
                You are a {TIER_LABELS[member.tier]} member
                {member.organisationName ? <> of the network at {member.organisationName}</> : null}.
              </>
            }
          />
        ) : null}
        {coordinator ? (
          <p>
            <Link to="/manage">Everything the coordinator runs</Link> · <Link to="/learning">Your own learning</Link>
          </p>
        ) : (
          <>
            <h2>What you can do</h2>
            <ul>
              <li>
                <Link to="/learn">Take the e-learning</Link>: start with the homelessness awareness module.
              </li>
              <li>
                <Link to="/workshops">See workshops and sessions</Link> open to you, and book a place.
              </li>
              <li>
                <Link to="/directory/find">Find a go-to housing contact</Link> in your organisation or district.
              </li>
              <li>
                <Link to="/account">Check your account details</Link> so colleagues in other organisations can find you.
              </li>
            </ul>
          </>
        )}
      </>
    );
  }
  return (
    <>
      <h1>Oxfordshire Homelessness Champions Network</h1>
      <p className="lead">
        Homelessness is best prevented early. Nurses, prison and probation officers, social workers, Jobcentre and
        charity staff are often the first to see the signs. This network trains them to act before a crisis, and gives
        every partner organisation a named go-to housing person.
      </p>
      <p>
        <Link to="/register" className="button">
          Create an account
        </Link>
        <Link to="/login" className="button button--secondary">
          Sign in
        </Link>
      </p>
      <p>
        Been shown a certificate? <Link to="/verify">Check that it is genuine</Link>.
      </p>
      <TierSummary />
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function CoordinatorToday({ today }: { today: NonNullable<LoaderData["coordinator"]> }) {
  const { nextWorkshop: next, emails } = today;
  return (
    <>
      <div className="notification">
        <h2 className="notification__title">Next workshop</h2>
        {next ? (
          <p>
            <Link to={`/manage/workshops/${next.id}`}>{next.title}</Link>, {next.when}: {next.booked} of {next.capacity}{" "}
            places booked, {next.waiting} waiting.
          </p>
        ) : (
          <p>
            No workshops are scheduled. <Link to="/manage/workshops/series">Schedule a series</Link>.
          </p>
        )}
      </div>
      <h2>Needs you today</h2>
      <ul>
        <li>
          <Link to="/manage/health">
            {plural(today.withoutChampion, "organisation", "organisations")} without a current Tier 1 champion
          </Link>{" "}
          (of {today.organisationsTotal.toLocaleString("en-GB")})
        </li>
        <li>
          <Link to="/manage/health#stale">
            {plural(today.stale, "directory entry", "directory entries")} gone stale
          </Link>
        </li>
        <li>
          <Link to="/manage/topics">
            {plural(today.openTopics, "topic proposal", "topic proposals")} not yet scheduled
          </Link>
        </li>
        <li>
          <Link to="/manage/outbox">
            {plural(emails.failed, "email", "emails")} failed, {plural(emails.retrying, "email", "emails")} waiting to
            be tried again
          </Link>
        </li>
      </ul>
    </>
  );
}

function OrganisationToday({ today }: { today: NonNullable<LoaderData["organisation"]> }) {
  return (
    <>
      <h2>{today.name} in the network</h2>
      <dl className="summary-list">
        <div>
          <dt>Tier 1 champion</dt>
          <dd>
            {today.hasChampion ? (
              <strong className="tag tag--green">Has a current Tier 1 champion</strong>
            ) : (
              <>
                <strong className="tag tag--red">No current Tier 1 champion</strong>{" "}
                <Link to={`/organisations/${today.slug}/members`}>See your members</Link>
              </>
            )}
          </dd>
        </div>
        {today.subjectToDutyToRefer ? (
          <div>
            <dt>Duty to Refer named contact</dt>
            <dd>
              {today.namedContactMissing ? "None whose details are current" : "Current"};{" "}
              {plural(today.coverageGaps, "gap", "gaps")} in the coverage grid
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Directory entries gone stale</dt>
          <dd>
            {today.stale > 0 ? (
              <Link to={`/organisations/${today.slug}/contacts`}>{today.stale.toLocaleString("en-GB")}</Link>
            ) : (
              "None"
            )}
          </dd>
        </div>
        <div>
          <dt>Attendance at the last {plural(today.attendance.workshops, "Tier 1 workshop", "Tier 1 workshops")}</dt>
          <dd>
            {today.attendance.expected === 0
              ? "Nobody from your organisation was booked"
              : `${today.attendance.attended} of ${today.attendance.expected} places booked by your members were attended`}
          </dd>
        </div>
        <div>
          <dt>This quarter (since {today.quarter.since})</dt>
          <dd>
            {today.quarter.joined} joined, {today.quarter.left} left
          </dd>
        </div>
      </dl>
      <p>
        <Link to={`/organisations/${today.slug}`}>Your organisation's page</Link> ·{" "}
        <Link to="/reports">Reports for your organisation</Link>
      </p>
    </>
  );
}

function ChampionToday({ today }: { today: NonNullable<LoaderData["champion"]> }) {
  const { currency, next, rule } = today;
  return (
    <>
      <h2>Your Tier 1 currency</h2>
      {currency ? (
        <CurrencySummary currency={currency} rule={rule} self />
      ) : (
        <p>
          No Tier 1 workshop registers have been taken yet. The network asks you to attend {rule.attended} of the last{" "}
          {rule.ofLast}.
        </p>
      )}
      <h2>Your next workshop</h2>
      {next ? (
        <p>
          <Link to={`/workshops/${next.id}`}>{next.title}</Link>, {next.when}:{" "}
          {next.booking === "booked"
            ? "you are booked."
            : next.booking === "waiting"
              ? "you are on the waiting list."
              : "open for booking. Book your place."}
        </p>
      ) : (
        <p>
          No Tier 1 workshop is open for booking yet. <Link to="/workshops">See all workshops</Link>.
        </p>
      )}
    </>
  );
}

function LearningToday({ today, intro }: { today: NonNullable<LoaderData["learning"]>; intro: ReactNode }) {
  return (
    <>
      <h2>Your learning</h2>
      <p className="lead">{intro}</p>
      {today.nextStep ? (
        <p>
          Next: {today.nextStep.expired ? "refresh" : "complete"}{" "}
          <Link to={`/learn/${today.nextStep.moduleId}`}>{today.nextStep.title}</Link>.
        </p>
      ) : (
        <p>You have completed every module of your pathway.</p>
      )}
      {today.attention.length > 0 ? (
        <ul>
          {today.attention.map((m) => (
            <li key={m.moduleId}>
              <Link to={`/learn/${m.moduleId}`}>{m.title}</Link>:{" "}
              {m.expired ? "expired, take it again to refresh your certificate" : "refresher due soon"}
            </li>
          ))}
        </ul>
      ) : null}
      {today.achieved.length > 0 ? <p>Achieved: {today.achieved.join(", ")}.</p> : null}
      {today.upcoming.length > 0 ? (
        <>
          <h3>Your bookings</h3>
          <ul>
            {today.upcoming.map((w) => (
              <li key={w.id}>
                <Link to={`/workshops/${w.id}`}>{w.title}</Link>, {w.when}
                {w.waiting ? " (waiting list)" : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to="/learning">See all your learning</Link>: your tier pathway, attendance and certificates.
      </p>
    </>
  );
}

function TierSummary() {
  return (
    <>
      <h2>Three tiers of training</h2>
      <dl className="summary-list">
        <div>
          <dt>{TIER_LABELS[1]}</dt>
          <dd>
            The named go-to housing person in each organisation. Bi-monthly workshops with the network coordinator on
            housing options, early indicators, the Homelessness Reduction Act, Universal Credit and the Duty to Refer.
          </dd>
        </div>
        <div>
          <dt>{TIER_LABELS[2]}</dt>
          <dd>
            Staff who work closely with people at risk. Sessions with the coordinator and deeper e-learning: recognising
            early indicators, how and to whom to signpost, and prevention advice.
          </dd>
        </div>
        <div>
          <dt>{TIER_LABELS[3]}</dt>
          <dd>
            Anyone, staff or volunteer, who may meet someone at risk. A short awareness module: recognise the signs and
            know how and to whom to signpost.
          </dd>
        </div>
      </dl>
    </>
  );
}
