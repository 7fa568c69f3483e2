import { z } from "zod";
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GAP_REASON_LABELS } from "~drizzle/schema/succession";
import { listOpenGaps } from "~/models/succession.server";
import { BarChart } from "~/components/bar-chart";
import { formatDate } from "~/lib/dates";
import { showCount } from "~/lib/small-numbers";
import { requirePermission } from "~/lib/guards.server";
import { tier1Rule } from "~/models/currency.server";
import { getNetworkHealth } from "~/models/network-health.server";
import { pageNumberParam, pageQueryParam } from "~/validation/params";
import { Pager } from "~/components/pager";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "Network health – Champions Network" }];

/** Organisations listed per page in each list of organisations missing something (3,000 at national size). */
export const ORGANISATIONS_PER_PAGE = 50;
const listPages = z.object({ championPage: pageNumberParam, contactPage: pageNumberParam });

/** One page of a list of organisations, with where it is in the list; a page past the end is the last. */
function pageOfOrganisations<T>(list: T[], page: number) {
  const pages = Math.max(1, Math.ceil(list.length / ORGANISATIONS_PER_PAGE));
  const shown = Math.min(page, pages);
  const first = (shown - 1) * ORGANISATIONS_PER_PAGE;
  return {
    total: list.length,
    page: shown,
    pages,
    first: first + 1,
    organisations: list.slice(first, first + ORGANISATIONS_PER_PAGE),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report", "everywhere");
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { page } = pageQueryParam.parse(query);
  const { championPage, contactPage } = listPages.parse(query);
  const health = getNetworkHealth({ rule: tier1Rule(), viewerId: viewer.id, stalePage: page });
  // Open champion gaps, longest first, a page at a time: ?gapsAfter=<opened at ms>-<id> (keyset).
  const after = /^(\d{1,15})-(\d{1,15})$/.exec(new URL(request.url).searchParams.get("gapsAfter") ?? "");
  const gaps = listOpenGaps({ after: after ? { openedAt: Number(after[1]), id: Number(after[2]) } : undefined });
  return json({
    ...health,
    withoutChampion: pageOfOrganisations(health.withoutChampion, championPage),
    dutyToReferWithoutContact: pageOfOrganisations(health.dutyToReferWithoutContact, contactPage),
    gaps: {
      total: gaps.total,
      next: gaps.next ? `${gaps.next.openedAt}-${gaps.next.id}` : null,
      rows: gaps.gaps.map((g) => ({
        id: g.id,
        organisationName: g.organisationName,
        slug: g.slug,
        reason: GAP_REASON_LABELS[g.reason],
        openedAt: formatDate(g.openedAt),
        daysOpen: g.daysOpen,
      })),
    },
    quarter: { since: formatDate(health.quarter.since), joined: health.quarter.joined, left: health.quarter.left },
    attendanceTrend: health.attendanceTrend.map((w) => ({ ...w, date: formatDate(w.startsAt) })),
    stale: {
      ...health.stale,
      contacts: health.stale.contacts.map((c) => ({ ...c, lastConfirmed: formatDate(c.lastConfirmedAt) })),
    },
  });
}

export default function NetworkHealth() {
  const h = useLoaderData<typeof loader>();
  const covered = h.organisationsTotal - h.withoutChampion.total;
  const stalePages = Math.max(1, Math.ceil(h.stale.total / h.stale.perPage));
  const staleFirst = (h.stale.page - 1) * h.stale.perPage + 1;
  const staleLast = staleFirst + h.stale.contacts.length - 1;
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Network health</h1>
      <dl className="summary-list">
        <div>
          <dt>Organisations with a current Tier 1 champion</dt>
          <dd>
            <strong>
              {covered} of {h.organisationsTotal}
            </strong>{" "}
            (target: all of them)
          </dd>
        </div>
        <div>
          <dt>Duty to Refer bodies without a current named contact</dt>
          <dd>{h.dutyToReferWithoutContact.total.toLocaleString("en-GB")}</dd>
        </div>
        <div>
          <dt>Gaps in the coverage grid</dt>
          <dd>
            {h.coverageGaps} (<Link to="/manage/coverage">see the grid</Link>)
          </dd>
        </div>
        <div>
          <dt>Directory entries gone stale</dt>
          <dd>{h.stale.total.toLocaleString("en-GB")}</dd>
        </div>
        <div>
          <dt>Prevention outcomes unknown (of the actions whose follow-up is due)</dt>
          <dd>
            {h.prevention.unknownShare === null
              ? `not shown (${showCount(h.prevention.unknown)} of ${showCount(h.prevention.due)})`
              : `${h.prevention.unknownShare}% (${showCount(h.prevention.unknown)} of ${showCount(h.prevention.due)})`}{" "}
            (<Link to="/reports/impact">impact report</Link>)
          </dd>
        </div>
        <div>
          <dt>Outcome follow-ups waiting for an answer</dt>
          <dd>{showCount(h.prevention.followUpsWaiting)}</dd>
        </div>
        <div>
          <dt>This quarter (since {h.quarter.since})</dt>
          <dd>
            {h.quarter.joined} joined, {h.quarter.left} left
          </dd>
        </div>
      </dl>

      <h2 id="gaps">Champion gaps open ({h.gaps.total.toLocaleString("en-GB")})</h2>
      {h.gaps.rows.length > 0 ? (
        <TableRegion label="Open champion gaps">
          <table className="table">
            <caption>Open gaps, longest open first</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Why</th>
                <th scope="col">Open since</th>
                <th scope="col">Days open</th>
              </tr>
            </thead>
            <tbody>
              {h.gaps.rows.map((g) => (
                <tr key={g.id}>
                  <td>
                    <Link to={`/organisations/${g.slug}/succession`}>{g.organisationName}</Link>
                  </td>
                  <td>{g.reason}</td>
                  <td>{g.openedAt}</td>
                  <td>{g.daysOpen}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : (
        <p>No organisation has lost its champion.</p>
      )}
      {h.gaps.next ? (
        <p>
          <Link to={`?gapsAfter=${h.gaps.next}#gaps`}>Next page of gaps</Link>
        </p>
      ) : null}
      <OrganisationList
        id="without-champion"
        heading="Organisations without a current Tier 1 champion"
        none="Every organisation has one."
        list={h.withoutChampion}
        link={(o) => `/organisations/${o.slug}`}
        param="championPage"
      />

      <OrganisationList
        id="without-contact"
        heading="Duty to Refer bodies without a current named contact"
        none="None."
        list={h.dutyToReferWithoutContact}
        link={(o) => `/organisations/${o.slug}/contacts`}
        param="contactPage"
      />

      <h2>Attendance at the last six Tier 1 workshops</h2>
      {h.attendanceTrend.length === 0 ? (
        <p>No Tier 1 workshops have been held yet.</p>
      ) : (
        <>
          <BarChart
            id="attendance-trend"
            title="Attendance rate at the last six Tier 1 workshops (%)"
            bars={h.attendanceTrend.map((w) => ({ label: w.date, value: w.rate }))}
            unit="%"
            max={100}
          />
          <TableRegion label="Attendance at the last six Tier 1 workshops">
            <table>
              <caption>Attendance at the last six Tier 1 workshops</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Workshop</th>
                  <th scope="col">Booked</th>
                  <th scope="col">Attended</th>
                  <th scope="col">Rate (%)</th>
                </tr>
              </thead>
              <tbody>
                {h.attendanceTrend.map((w) => (
                  <tr key={w.id}>
                    <td>{w.date}</td>
                    <td>{w.title}</td>
                    <td>{w.expected}</td>
                    <td>{w.attended}</td>
                    <td>{w.rate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}

      <h2 id="stale">Directory entries gone stale ({h.stale.total.toLocaleString("en-GB")})</h2>
      {h.stale.total === 0 ? (
        <p>None.</p>
      ) : (
        <>
          <p role="status">
            {h.stale.total.toLocaleString("en-GB")} found, not confirmed for over six months, the longest first
            {stalePages > 1 && h.stale.contacts.length > 0
              ? `; showing ${staleFirst.toLocaleString("en-GB")} to ${staleLast.toLocaleString("en-GB")}`
              : ""}
            .
          </p>
          <ul>
            {h.stale.contacts.map((c) => (
              <li key={c.id}>
                {c.organisationSlug ? (
                  <Link to={`/organisations/${c.organisationSlug}/contacts/${c.id}`}>{c.name}</Link>
                ) : (
                  <Link to={`/directory/contacts/${c.id}`}>{c.name}</Link>
                )}
                {c.organisationName ? `, ${c.organisationName}` : ""} (last confirmed {c.lastConfirmed})
              </li>
            ))}
          </ul>
          <Pager
            label="More stale directory entries"
            page={h.stale.page}
            hasNext={h.stale.page < stalePages}
            href={(p) => `?page=${p}#stale`}
          />
        </>
      )}

      <h2>Most requested topics</h2>
      {h.topTopics.length === 0 ? (
        <p>No open topic requests.</p>
      ) : (
        <ol>
          {h.topTopics.map((t) => (
            <li key={t.id}>
              {t.title} ({t.supporters} supporter{t.supporters === 1 ? "" : "s"})
            </li>
          ))}
        </ol>
      )}
      <p>
        <Link to="/manage/topics">All topics</Link> · <Link to="/reports">Reports</Link>
      </p>
    </>
  );
}

/** A list of organisations a page at a time, with how many there are and which are shown. */
function OrganisationList({
  id,
  heading,
  none,
  list,
  link,
  param,
}: {
  id: string;
  heading: string;
  none: string;
  list: {
    total: number;
    page: number;
    pages: number;
    first: number;
    organisations: Array<{ name: string; slug: string }>;
  };
  link: (organisation: { slug: string }) => string;
  param: string;
}) {
  const last = list.first + list.organisations.length - 1;
  return (
    <>
      <h2 id={id}>
        {heading} ({list.total.toLocaleString("en-GB")})
      </h2>
      {list.total === 0 ? (
        <p>{none}</p>
      ) : (
        <>
          {list.pages > 1 ? (
            <p>
              Showing {list.first.toLocaleString("en-GB")} to {last.toLocaleString("en-GB")}, by name.
            </p>
          ) : null}
          <ul>
            {list.organisations.map((o) => (
              <li key={o.slug}>
                <Link to={link(o)}>{o.name}</Link>
              </li>
            ))}
          </ul>
          <Pager
            label={`More: ${heading.toLowerCase()}`}
            page={list.page}
            hasNext={list.page < list.pages}
            href={(p) => `?${param}=${p}#${id}`}
          />
        </>
      )}
    </>
  );
}
