import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS, ROLES, TIER_LABELS, TIERS } from "../../drizzle/schema/constants";
import { MemberTable } from "~/components/member-table";
import { SelectField, TextField } from "~/components/ui/field";
import { requirePermission } from "~/lib/guards.server";
import { tier1Rule } from "~/lib/workshops/currency-rule.server";
import { tier1CurrencyFor } from "~/models/attendance.server";
import { listMembers } from "~/models/member.server";
import { listOrganisationOptions } from "~/models/organisation.server";
import { memberFiltersSchema } from "~/validation/member-filters";

export const meta: MetaFunction = () => [{ title: "Members – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:member", { organisationId: -1 });
  const url = new URL(request.url);
  const filters = memberFiltersSchema.parse(Object.fromEntries(url.searchParams));
  const listed = listMembers({
    query: filters.q,
    organisationId: filters.organisation,
    role: filters.role,
    tier: filters.currency ? 1 : filters.tier,
    status: filters.status,
  });
  // Tier 1 currency comes from workshop attendance, worked out for the listed champions at once.
  const currency = tier1CurrencyFor({ memberIds: listed.filter((m) => m.tier === 1).map((m) => m.id), rule: tier1Rule() }).byMember;
  const members = filters.currency ? listed.filter((m) => currency.get(m.id)?.currency === filters.currency) : listed;
  return json({
    filters,
    organisations: listOrganisationOptions(),
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      jobTitle: m.jobTitle,
      organisationName: m.organisationName ?? m.otherOrganisationName,
      role: m.role,
      tier: m.tier,
      status: m.status,
      currency: currency.get(m.id)?.currency ?? null,
    })),
  });
}

export default function Members() {
  const { filters, organisations, members } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Members</h1>
      <p>
        <Link to="/members/invite" className="button">
          Invite a member
        </Link>
        <Link to="/members/import" className="button button--secondary">
          Import from a spreadsheet
        </Link>
      </p>
      <Form method="get" className="filters" aria-label="Filter members">
        <TextField name="q" label="Name, email or job title" type="search" defaultValue={filters.q ?? ""} />
        <SelectField
          name="organisation"
          label="Organisation"
          defaultValue={filters.organisation ? String(filters.organisation) : ""}
          options={[{ value: "", label: "All organisations" }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
        />
        <SelectField
          name="tier"
          label="Tier"
          defaultValue={filters.tier ? String(filters.tier) : ""}
          options={[{ value: "", label: "All tiers" }, ...TIERS.map((t) => ({ value: String(t), label: TIER_LABELS[t] }))]}
        />
        <SelectField
          name="role"
          label="Role"
          defaultValue={filters.role ?? ""}
          options={[{ value: "", label: "All roles" }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
        />
        <SelectField
          name="status"
          label="Status"
          defaultValue={filters.status ?? ""}
          options={[
            { value: "", label: "Any status" },
            { value: "active", label: "Active" },
            { value: "deactivated", label: "Deactivated" },
          ]}
        />
        <SelectField
          name="currency"
          label="Tier 1 currency"
          defaultValue={filters.currency ?? ""}
          options={[
            { value: "", label: "Any" },
            { value: "current", label: "Current" },
            { value: "at-risk", label: "At risk" },
            { value: "lapsed", label: "Lapsed" },
          ]}
        />
        <button type="submit" className="button">
          Apply filters
        </button>
      </Form>
      <p role="status">
        {members.length} member{members.length === 1 ? "" : "s"} found{members.length === 500 ? " (showing the first 500)" : ""}.
      </p>
      <MemberTable members={members} caption="Members matching the filters" linkToRecord />
    </>
  );
}
