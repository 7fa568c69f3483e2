import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { SECTOR_LABELS, SECTORS, type Sector } from "~drizzle/schema/constants";
import { ContactCard } from "~/components/contact-card";
import { SelectField, TextField } from "~/components/ui/field";
import { cachedDirectoryRead, directoryVersionOf } from "~/lib/directory-cache.server";
import { requireDirectoryReader } from "~/lib/directory-guard.server";
import { can } from "~/lib/permissions";
import { cardForPage, listSpecialisms, searchDirectory } from "~/models/contact.server";
import { keptOrganisationChoices } from "~/lib/organisation-choices.server";
import { directorySearchSchema } from "~/validation/contact";
import { PageLink } from "~/components/page-link";
import { Pager } from "~/components/pager";
import { DistrictField } from "~/components/district-field";
import { chooseDistrict } from "~/lib/district-choice";
import { keptDistrictNames } from "~/lib/district-names.server";

export const meta: MetaFunction = () => [{ title: "Directory of housing contacts – Champions Network" }];

/**
 * Results per page: 10, as the NHS website's service search shows its result cards. Each card is a whole entry
 * (name, role, organisation, districts, specialisms, email, phones, how to contact), eight lines or more on a
 * phone, so 20 made a page of 30 screens at 320 px; and half the cards is a third less to send and to render
 * (decision note 002, "Ten contacts a page").
 */
export const PAGE_SIZE = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireDirectoryReader(request);
  const url = new URL(request.url);
  // Read once: each kept answer below is for this version of the directory.
  const version = directoryVersionOf();
  const { district: _districtId, ...filters } = directorySearchSchema.parse(Object.fromEntries(url.searchParams));
  const sector = SECTORS.includes(filters.sector as Sector) ? (filters.sector as Sector) : undefined;
  const district = chooseDistrict(url.searchParams.get("district"), keptDistrictNames({ version }));
  // A district name that matches none or several is answered at the field, not with results that ignore it.
  const searched =
    !district.error && Boolean(filters.q || filters.organisation || sector || district.id || filters.specialism);
  const page = Math.min(500, Math.max(1, Number(url.searchParams.get("page")) || 1));
  const search = {
    query: filters.q,
    organisationId: filters.organisation,
    sector,
    districtId: district.id,
    specialismId: filters.specialism,
    limit: PAGE_SIZE + 1,
    offset: (page - 1) * PAGE_SIZE,
  };
  // The same answer for every member, so it is cached until the directory changes.
  const found = searched
    ? cachedDirectoryRead({ key: ["search", search], version, read: () => searchDirectory({ ...search, version }) })
    : [];
  const results = found.slice(0, PAGE_SIZE).map(cardForPage);
  return json({
    filters: { ...filters, sector },
    district,
    searched,
    page,
    hasMore: found.length > PAGE_SIZE,
    results,
    ...keptOrganisationChoices({ districtId: district.id, includeIds: [filters.organisation], version }),
    specialisms: cachedDirectoryRead({ key: ["specialisms"], timeless: true, version, read: () => listSpecialisms() }),
    canExport: can(member, "export:directory", "everywhere"),
  });
}

export default function Directory() {
  const { filters, district, searched, page, hasMore, results, organisations, narrowed, specialisms, canExport } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  const linkWith = (name: string, value: string) => {
    const params = new URLSearchParams(location.search);
    params.set(name, value);
    if (name !== "page") params.delete("page");
    return `?${params}`;
  };
  return (
    <>
      <h1>Directory of housing contacts</h1>
      <p className="lead">
        Named people across the network who can help with housing: each organisation's go-to contact, champions and
        district housing teams.
      </p>
      <ul>
        <li>
          <PageLink to="/directory/find">Find my housing contact</PageLink>: for your organisation and district
        </li>
        <li>
          <PageLink to="/directory/ask">Who do I call about…?</PageLink> Start from the person's situation
        </li>
        <li>
          <PageLink to="/districts">District housing teams and the Duty to Refer</PageLink>
        </li>
      </ul>
      <h2>Search</h2>
      <Form method="get" className="filters" role="search" aria-label="Directory">
        <TextField
          name="q"
          label="Name, role, organisation or specialism"
          type="search"
          defaultValue={filters.q ?? ""}
          hint="Part of a word works: “disch” finds discharge."
        />
        <SelectField
          name="organisation"
          label="Organisation"
          hint={narrowed ? "Choose a district to list its organisations." : undefined}
          defaultValue={filters.organisation ? String(filters.organisation) : ""}
          options={[
            { value: "", label: "Any organisation" },
            ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <SelectField
          name="sector"
          label="Sector"
          defaultValue={filters.sector ?? ""}
          options={[{ value: "", label: "Any sector" }, ...SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))]}
        />
        <DistrictField name="district" label="District covered" choice={district} anyLabel="Any district" />
        <SelectField
          name="specialism"
          label="Specialism"
          defaultValue={filters.specialism ?? ""}
          options={[
            { value: "", label: "Any specialism" },
            ...specialisms.map((s) => ({ value: s.id, label: s.label })),
          ]}
        />
        <button type="submit" className="button">
          Search
        </button>
      </Form>
      {searched ? (
        <section aria-labelledby="results-heading">
          <div role="status">
            <h2 id="results-heading">
              {results.length === 0
                ? "No contacts found"
                : page === 1 && !hasMore
                  ? `${results.length} contact${results.length === 1 ? "" : "s"} found`
                  : `Contacts found: page ${page}`}
            </h2>
          </div>
          {results.length === 0 ? <p>Try fewer words, or remove a filter.</p> : null}
          {results.map((contact) => (
            <ContactCard key={contact.id} contact={{ ...contact }} />
          ))}
          <Pager label="More results" page={page} hasNext={hasMore} href={(n) => linkWith("page", String(n))} />
        </section>
      ) : null}
      <p className="muted">
        Contact details are for people working in partner organisations, to help someone at risk of homelessness. See
        the <PageLink to="/privacy">privacy notice</PageLink>.
        {canExport ? (
          <>
            {" "}
            <a href="/directory/export">Download the directory (CSV)</a>.
          </>
        ) : null}
      </p>
    </>
  );
}
