import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/lib/guards.server";
import { tier1Rule } from "~/lib/workshops/currency-rule.server";
import { currentChampionIds } from "~/models/attendance.server";
import { searchDirectory } from "~/models/contact.server";
import { coverageGrid } from "~/models/directory.server";

export const meta: MetaFunction = () => [{ title: "Duty to Refer coverage – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:directory", { organisationId: -1 });
  const grid = coverageGrid({ currentChampions: currentChampionIds({ rule: tier1Rule() }) });
  const stale = searchDirectory({ limit: 500 }).filter((c) => c.stale);
  return json({
    grid,
    stale: stale.map((c) => ({ id: c.id, name: c.name, organisationName: c.organisationName, organisationSlug: c.organisationSlug })),
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
  const { grid, stale } = useLoaderData<typeof loader>();
  const gaps = grid.rows.reduce((n, row) => n + row.cells.filter((c) => !c.namedContact || !c.champion).length, 0);
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Duty to Refer coverage</h1>
      <p className="lead">
        For each public body under the Duty to Refer and each district: is there a named contact whose details are current, and a current
        Tier 1 champion? {gaps} gap{gaps === 1 ? "" : "s"}, shaded.
      </p>
      <div className="table-wrapper">
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
      </div>
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
        <Link to="/manage/circumstances">Edit the circumstances and specialisms</Link> · <a href="/directory/export">Download the directory (CSV)</a>
      </p>
    </>
  );
}
