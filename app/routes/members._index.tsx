import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { ROLE_LABELS, ROLES, TIER_LABELS, TIERS } from "~drizzle/schema/constants";
import { MemberTable } from "~/components/member-table";
import { SelectField, TextField } from "~/components/ui/field";
import { CURRENCIES, CURRENCY_LABELS, type Currency } from "~/lib/currency";
import { requirePermission } from "~/lib/guards.server";
import { tier1CurrencyFor, tier1CurrencyOfMembers, tier1MembersWithCurrency } from "~/models/currency.server";
import { listDistricts } from "~/models/district.server";
import {
  countMembers,
  listMemberPlaces,
  listMembersByIds,
  pageMembers,
  type MemberCursor,
  type MemberFilters,
  type MemberSummary,
} from "~/models/member.server";
import { listOrganisationChoices } from "~/models/organisation.server";
import { memberFiltersSchema } from "~/validation/member-filters";
import { CursorPager } from "~/components/cursor-pager";

export const meta: MetaFunction = () => [{ title: "Members – Champions Network" }];

/** Members per page. */
const PAGE = 50;

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
  const cursor = { after: filters.after, before: filters.before };
  let total: number;
  let page: { members: MemberSummary[]; previousBefore: number | null; nextAfter: number | null };
  let currency: Map<number, Currency | null>;
  const chosen = filters.currency;
  if (chosen) {
    // Currency comes from workshop attendance, not a column: known for every matching champion, then paged. With
    // no filter but status, the Tier 1 members kept in list order answer (at national size, 12,000 champions and
    // their currency are not read on every page); any other filter, including any added later, narrows the
    // champions in SQL first.
    const { tier: _tier, status, ...narrowing } = matching;
    const narrowed = Object.values(narrowing).some((value) => value !== undefined && value !== "");
    const wanted = narrowed
      ? championsWithCurrency(matching, chosen)
      : tier1MembersWithCurrency({ currency: chosen, status });
    total = wanted.length;
    const place = pageOfList(wanted, cursor);
    page = { ...place, members: listMembersByIds({ ids: place.ids }) };
    currency = new Map(place.ids.map((id) => [id, chosen]));
  } else {
    total = countMembers(matching);
    page = pageMembers(matching, { ...cursor, limit: PAGE });
    const { byMember } = tier1CurrencyFor({ memberIds: page.members.filter((m) => m.tier === 1).map((m) => m.id) });
    currency = new Map([...byMember].map(([id, attendance]) => [id, attendance.currency]));
  }
  const members = page.members;
  return json({
    filters,
    total,
    previousBefore: page.previousBefore,
    nextAfter: page.nextAfter,
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
      currency: currency.get(m.id) ?? null,
    })),
  });
}

/** The ids of the members matching the filters whose Tier 1 currency is this, in list order. */
function championsWithCurrency(matching: MemberFilters, wanted: Currency) {
  const champions = listMemberPlaces(matching);
  const currency = tier1CurrencyOfMembers({ members: champions });
  return champions.filter((m) => currency.get(m.id) === wanted).map((m) => m.id);
}

/**
 * The page of an ordered list of ids (the currency filter's) after or before
 * one of them; the first page when that is no place in the list (an unknown
 * id, before the first or after the last), as the members query does.
 */
function pageOfList(ids: readonly number[], { after, before }: MemberCursor) {
  const at = ids.indexOf(before ?? after ?? 0);
  let [start, end] = [0, PAGE];
  if (before && at > 0) [start, end] = [Math.max(0, at - PAGE), at];
  else if (!before && at >= 0 && at + 1 < ids.length) [start, end] = [at + 1, at + 1 + PAGE];
  return {
    ids: ids.slice(start, end),
    previousBefore: start > 0 ? ids[start] : null,
    nextAfter: end < ids.length ? ids[end - 1] : null,
  };
}

export default function Members() {
  const { total, previousBefore, nextAfter, districts, organisations, narrowed, members, filters } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  /** This list's address with its filters, from a place in it. */
  const pageLink = (place: "after" | "before", id: number | null) => {
    if (id === null) return null;
    const params = new URLSearchParams(location.search);
    params.delete("after");
    params.delete("before");
    params.delete("page");
    params.set(place, String(id));
    return `?${params}`;
  };
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
        {total.toLocaleString("en-GB")} member{total === 1 ? "" : "s"} found.
      </p>
      <MemberTable members={members} caption="Members matching the filters" linkToRecord />
      <CursorPager
        label="More members"
        previousHref={pageLink("before", previousBefore)}
        nextHref={pageLink("after", nextAfter)}
      />
    </>
  );
}
