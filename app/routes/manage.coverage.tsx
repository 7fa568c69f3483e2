import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SelectField } from "~/components/ui/field";
import { requirePermission } from "~/lib/guards.server";
import { searchDirectory } from "~/models/contact.server";
import { currentChampionIds } from "~/models/currency.server";
import { coverageGrid } from "~/models/directory.server";
import { listDistricts } from "~/models/district.server";
import { districtQuerySchema } from "~/validation/params";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "Duty to Refer coverage – Champions Network" }];

/** Up to this many districts the grid shows them all; beyond it (a national network), one district at a time. */
const ALL_DISTRICT_COLUMNS = 12;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:directory", "everywhere");
  const allDistricts = listDistricts().map((d) => ({ id: d.id, name: d.name }));
  const narrowed = allDistricts.length > ALL_DISTRICT_COLUMNS;
  const { district } = districtQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const chosen = narrowed ? allDistricts.find((d) => d.id === district) : undefined;
  const grid =
    !narrowed || chosen
      ? coverageGrid({ currentChampions: currentChampionIds(), districtIds: chosen ? [chosen.id] : undefined })
      : null;
  const stale = searchDirectory({ limit: 500 }).filter((c) => c.stale);
  return json({
    narrowed,
    districtChoices: narrowed ? allDistricts : [],
    chosen: chosen?.id ?? "",
    grid,
    stale: stale.map((c) => ({
      id: c.id,
      name: c.name,
      organisationName: c.organisationName,
      organisationSlug: c.organisationSlug,
    })),
  });
}

function Cell({ namedContact, champion }: { namedContact: boolean; champion: boolean }) {
  return (
    <td className={namedContact && champion ? undefined : "gap"}>
      {namedContact ? "Contact ✓" : <strong>No current contact</strong>}
      <br />
      {champion ? "Champion ✓" : <strong>No champion</strong>}
    </td>
  );
}

export default function Coverage() {
  const { narrowed, districtChoices, chosen, grid, stale } = useLoaderData<typeof loader>();
  const gaps = grid
    ? grid.rows.reduce((n, row) => n + row.cells.filter((c) => !c.namedContact || !c.champion).length, 0)
    : 0;
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Duty to Refer coverage</h1>
      <p className="lead">
        For each public body under the Duty to Refer and each district: is there a named contact whose details are
        current, and a current Tier 1 champion?{grid ? ` ${gaps} gap${gaps === 1 ? "" : "s"}, shaded.` : ""}
      </p>
      {narrowed ? (
        <Form method="get" className="filters" aria-label="Choose a district">
          <SelectField
            name="district"
            label="District"
            hint={`There are ${districtChoices.length} districts, so the grid shows one at a time.`}
            defaultValue={chosen}
            options={[
              { value: "", label: "Choose a district" },
              ...districtChoices.map((d) => ({ value: d.id, label: d.name })),
            ]}
          />
          <button type="submit" className="button">
            Show coverage
          </button>
        </Form>
      ) : null}
      {grid ? (
        <TableRegion label="Duty to Refer bodies against districts">
          <table className="coverage">
            <caption className="visually-hidden">Duty to Refer bodies against districts</caption>
            <thead>
              <tr>
                <th scope="col">Duty to Refer body</th>
                {grid.districts.map((d) => (
                  <th key={d.id} scope="col">
                    {d.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <Link to={`/organisations/${row.slug}/contacts`}>{row.name}</Link>
                  </th>
                  {row.cells.map((cell) => (
                    <Cell key={cell.districtId} namedContact={cell.namedContact} champion={cell.champion} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      <h2>Directory entries gone stale ({stale.length})</h2>
      {stale.length === 0 ? (
        <p>None: every contact has confirmed their details in the last six months.</p>
      ) : (
        <ul>
          {stale.map((c) => (
            <li key={c.id}>
              <Link to={`/organisations/${c.organisationSlug}/contacts/${c.id}`}>{c.name}</Link>, {c.organisationName}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/manage/circumstances">Edit the circumstances and specialisms</Link> ·{" "}
        <a href="/directory/export">Download the directory (CSV)</a>
      </p>
    </>
  );
}
