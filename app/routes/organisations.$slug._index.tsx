import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SECTOR_LABELS } from "~drizzle/schema/constants";
import { formatDate } from "~/lib/dates";
import { can } from "~/lib/permissions";
import { getSignedInMember } from "~/lib/session.server";
import { ContactCard } from "~/components/contact-card";
import { pageOrganisationContacts, type DirectoryCard } from "~/models/contact.server";
import { currentChampionIds } from "~/models/currency.server";
import { listMembers } from "~/models/member.server";
import { getOpenGap } from "~/models/succession.server";
import { organisationFromParams } from "~/lib/organisation-route.server";
import { pageQueryParam } from "~/validation/params";
import { Pager } from "~/components/pager";

/** Contacts per page: a national body can have thousands. */
const PAGE = 50;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "Organisation"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisation = organisationFromParams(request, params.slug);
  const viewer = await getSignedInMember(request);
  const target = { organisationId: organisation.id };
  // Named people are for signed-in members only: absent from the data otherwise.
  const signedIn = can(viewer, "read:directory", "everywhere");
  const { page } = pageQueryParam.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { total, contacts }: { total: number; contacts: DirectoryCard[] } = signedIn
    ? pageOrganisationContacts({ organisationId: organisation.id, limit: PAGE, offset: (page - 1) * PAGE })
    : { total: 0, contacts: [] };
  // Currency worked out for this organisation's Tier 1 members only, not the whole network's.
  const tier1 = listMembers({ organisationId: organisation.id, tier: 1, status: "active" }).map((m) => m.id);
  const hasCurrentChampion = currentChampionIds({ memberIds: tier1 }).size > 0;
  const gap = organisation.closedAt ? null : getOpenGap({ organisationId: organisation.id });
  return json({
    signedIn,
    contacts,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    hasCurrentChampion,
    gap: gap ? { daysOpen: gap.daysOpen, openedAt: formatDate(gap.openedAt) } : null,
    canManageSuccession: can(viewer, "manage:succession", target),
    canManageContacts: can(viewer, "update:contact", { organisationId: organisation.id }),
    organisation: {
      slug: organisation.slug,
      name: organisation.name,
      sector: SECTOR_LABELS[organisation.sector],
      area: organisation.districtName ?? "Countywide",
      subjectToDutyToRefer: organisation.subjectToDutyToRefer,
      publicInbox: organisation.publicInbox,
      description: organisation.description,
      updated: formatDate(organisation.updatedAt),
      closed: organisation.closedAt ? formatDate(organisation.closedAt) : null,
      formerly: organisation.formerNames.map((f) => f.name),
    },
    canManage: can(viewer, "manage:organisation", target),
    canEdit: can(viewer, "update:organisation", target),
    canSeeMembers: can(viewer, "read:organisation-members", target),
  });
}

export default function OrganisationPage() {
  const {
    organisation,
    canEdit,
    canSeeMembers,
    signedIn,
    contacts,
    total,
    page,
    pages,
    hasCurrentChampion,
    gap,
    canManageSuccession,
    canManageContacts,
    canManage,
  } = useLoaderData<typeof loader>();
  const first = (page - 1) * PAGE + 1;
  return (
    <>
      <span className="caption">Organisation</span>
      <h1>{organisation.name}</h1>
      {organisation.formerly.length ? <p>Formerly: {organisation.formerly.join("; ")}</p> : null}
      {organisation.closed ? (
        <div className="notification" role="status">
          <strong>Closed on {organisation.closed}.</strong> Its history is kept; it is no longer offered as a choice.
        </div>
      ) : null}
      {organisation.description ? <p className="lead">{organisation.description}</p> : null}
      <dl className="summary-list">
        <div>
          <dt>Sector</dt>
          <dd>{organisation.sector}</dd>
        </div>
        <div>
          <dt>Area</dt>
          <dd>{organisation.area}</dd>
        </div>
        <div>
          <dt>Duty to Refer</dt>
          <dd>
            {organisation.subjectToDutyToRefer
              ? "This organisation is a public authority that must refer people who may be homeless or threatened with homelessness to a local housing authority."
              : "Not under the Duty to Refer. Staff can still signpost people to the district council's housing team."}
          </dd>
        </div>
        <div>
          <dt>Public contact inbox</dt>
          <dd>
            {organisation.publicInbox ? (
              <a href={`mailto:${organisation.publicInbox}`}>{organisation.publicInbox}</a>
            ) : (
              "None given"
            )}
          </dd>
        </div>
        <div>
          <dt>Network coverage</dt>
          <dd>
            {hasCurrentChampion ? (
              <strong className="tag tag--green">Has a current Tier 1 champion</strong>
            ) : (
              <strong className="tag tag--red">No current Tier 1 champion</strong>
            )}
            {gap ? (
              <p>
                Champion gap open for {gap.daysOpen} day{gap.daysOpen === 1 ? "" : "s"}, since {gap.openedAt}.
                {canManageSuccession ? (
                  <>
                    {" "}
                    <Link to={`/organisations/${organisation.slug}/succession`}>Nominate a successor</Link>
                  </>
                ) : null}
              </p>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Details last updated</dt>
          <dd>{organisation.updated}</dd>
        </div>
      </dl>
      <h2>Go-to contacts and champions</h2>
      {signedIn ? (
        total === 0 ? (
          <p>Nobody from {organisation.name} is in the directory yet.</p>
        ) : (
          <>
            <p>
              {total.toLocaleString("en-GB")} contact{total === 1 ? "" : "s"}
              {pages > 1 && contacts.length > 0
                ? `, showing ${first.toLocaleString("en-GB")} to ${(first + contacts.length - 1).toLocaleString("en-GB")}`
                : ""}
              .
            </p>
            {contacts.map((contact) => (
              <ContactCard key={contact.id} contact={contact} />
            ))}
            <Pager label="More contacts" page={page} hasNext={page < pages} href={(p) => `?page=${p}`} />
          </>
        )
      ) : (
        <p>
          <Link to={`/login?redirectTo=/organisations/${organisation.slug}`}>Sign in</Link> to see the named housing
          contacts at {organisation.name}.
        </p>
      )}
      {canEdit || canSeeMembers || canManageContacts || canManage || canManageSuccession ? (
        <ul>
          {canManageSuccession && !organisation.closed ? (
            <li>
              <Link to={`/organisations/${organisation.slug}/succession`}>Champion succession</Link>: nominate a
              successor, or hold or book a workshop place for a colleague
            </li>
          ) : null}
          {canManageContacts ? (
            <li>
              <Link to={`/organisations/${organisation.slug}/contacts`}>
                Manage the organisation's housing contacts
              </Link>
            </li>
          ) : null}
          {canEdit ? (
            <li>
              <Link to={`/organisations/${organisation.slug}/edit`}>Edit the organisation's details</Link>
            </li>
          ) : null}
          {canSeeMembers ? (
            <li>
              <Link to={`/organisations/${organisation.slug}/members`}>See the organisation's members</Link>
            </li>
          ) : null}
          {canManage && !organisation.closed ? (
            <li>
              <Link to={`/organisations/${organisation.slug}/close`}>Close the organisation</Link>
            </li>
          ) : null}
          {canManage && !organisation.closed ? (
            <li>
              <Link to={`/organisations/${organisation.slug}/merge`}>Merge into another organisation</Link>
            </li>
          ) : null}
        </ul>
      ) : null}
      <p>
        <Link to="/organisations">All organisations</Link>
      </p>
    </>
  );
}
