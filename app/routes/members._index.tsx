import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { ROLE_LABELS, ROLES, TIER_LABELS, TIERS } from "~drizzle/schema/constants";
import { MemberTable } from "~/components/member-table";
import { SelectField, TextField } from "~/components/ui/field";
import { CURRENCIES, CURRENCY_LABELS } from "~/lib/currency";
import { requirePermission } from "~/lib/guards.server";
import { tier1CurrencyFor } from "~/models/currency.server";
import { listDistricts } from "~/models/district.server";
import { countMembers, listMembers, type MemberFilters } from "~/models/member.server";
import { listOrganisationChoices } from "~/models/organisation.server";
import { memberFiltersSchema } from "~/validation/member-filters";
import { Pager } from "~/components/pager";

export const meta: MetaFunction = () => [{ title: "Members – Champions Network" }];

/** Members per page. */
const PAGE = 50;
/** Enough for every Tier 1 champion of a national network. */
const MAX_CHAMPIONS = 50_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:member", "everywhere");
  const url = new URL(request.url);
  const filters = memberFiltersSchema.parse(Object.fromEntries(url.searchParams));
  const matching: MemberFilters = {
    query: filters.q,
    organisationId: filters.organisation,
    districtId: filters.district,
    role: filters.role,
    tier: filters.currency ? 1 : filters.tier,
    status: filters.status,
  };
  const offset = (filters.page - 1) * PAGE;
  let total: number;
  let members;
  let currency;
  if (filters.currency) {
    // Currency comes from workshop attendance, not a column: work it out for every matching champion, then page.
    const champions = listMembers(matching, undefined, { limit: MAX_CHAMPIONS });
    currency = tier1CurrencyFor({ memberIds: champions.map((m) => m.id) }).byMember;
    const wanted = champions.filter((m) => currency!.get(m.id)?.currency === filters.currency);
    total = wanted.length;
    members = wanted.slice(offset, offset + PAGE);
  } else {
    total = countMembers(matching);
    members = listMembers(matching, undefined, { limit: PAGE, offset });
    currency = tier1CurrencyFor({ memberIds: members.filter((m) => m.tier === 1).map((m) => m.id) }).byMember;
  }
  return json({
    filters,
    total,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    districts: listDistricts().map((d) => ({ id: d.id, name: d.name })),
    ...listOrganisationChoices({ districtId: filters.district, includeIds: [filters.organisation] }),
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
  const { filters, total, pages, districts, organisations, narrowed, members } = useLoaderData<typeof loader>();
  const location = useLocation();
  const pageLink = (n: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(n));
    return `?${params}`;
  };
  const first = (filters.page - 1) * PAGE + 1;
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
          name="district"
          label="District"
          defaultValue={filters.district ?? ""}
          options={[{ value: "", label: "All districts" }, ...districts.map((d) => ({ value: d.id, label: d.name }))]}
        />
        <SelectField
          name="organisation"
          label="Organisation"
          hint={narrowed ? "Choose a district to list its organisations." : undefined}
          defaultValue={filters.organisation ? String(filters.organisation) : ""}
          options={[
            { value: "", label: "All organisations" },
            ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <SelectField
          name="tier"
          label="Tier"
          defaultValue={filters.tier ? String(filters.tier) : ""}
          options={[
            { value: "", label: "All tiers" },
            ...TIERS.map((t) => ({ value: String(t), label: TIER_LABELS[t] })),
          ]}
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
          options={[{ value: "", label: "Any" }, ...CURRENCIES.map((c) => ({ value: c, label: CURRENCY_LABELS[c] }))]}
        />
        <button type="submit" className="button">
          Apply filters
        </button>
      </Form>
      <p role="status">
        {total.toLocaleString("en-GB")} member{total === 1 ? "" : "s"} found
        {pages > 1
          ? `, showing ${first.toLocaleString("en-GB")} to ${(first + members.length - 1).toLocaleString("en-GB")}`
          : ""}
        .
      </p>
      <MemberTable members={members} caption="Members matching the filters" linkToRecord />
      <Pager label="More members" page={filters.page} hasNext={filters.page < pages} href={pageLink} />
    </>
  );
}
