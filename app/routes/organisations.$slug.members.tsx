import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MemberTable } from "~/components/member-table";
import { requirePermission } from "~/lib/guards.server";
import { can } from "~/lib/permissions";
import { listMembers } from "~/models/member.server";
import { organisationFromParams } from "~/lib/organisation-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Members of ${data?.organisation.name ?? "the organisation"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisation = organisationFromParams(request, params.slug);
  const viewer = await requirePermission(request, "read:organisation-members", { organisationId: organisation.id });
  const members = listMembers({ organisationId: organisation.id });
  return json({
    organisation: { name: organisation.name, slug: organisation.slug },
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      jobTitle: m.jobTitle,
      organisationName: m.organisationName,
      role: m.role,
      tier: m.tier,
      status: m.status,
    })),
    canOpenRecords: can(viewer, "read:member", "everywhere"),
    // A lead invites their own staff (the form fixes the organisation to theirs).
    canInvite: can(viewer, "invite:member", { organisationId: organisation.id }),
  });
}

export default function OrganisationMembers() {
  const { organisation, members, canOpenRecords, canInvite } = useLoaderData<typeof loader>();
  const active = members.filter((m) => m.status === "active");
  const tier1 = active.filter((m) => m.tier === 1).length;
  return (
    <>
      <span className="caption">{organisation.name}</span>
      <h1>Members of {organisation.name}</h1>
      <p className="lead">
        {active.length} active member{active.length === 1 ? "" : "s"}, of whom {tier1} {tier1 === 1 ? "is a" : "are"}{" "}
        Tier 1 champion{tier1 === 1 ? "" : "s"}.
      </p>
      {canInvite ? (
        <p>
          <Link to="/members/invite" className="button">
            Invite a member of staff
          </Link>
        </p>
      ) : null}
      <MemberTable members={members} caption={`Members of ${organisation.name}`} linkToRecord={canOpenRecords} />
      <p>
        <Link to={`/organisations/${organisation.slug}`}>Back to {organisation.name}</Link>
      </p>
    </>
  );
}
