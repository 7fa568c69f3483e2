import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { tier1Rule } from "~/lib/workshops/currency-rule.server";
import { requireCoordinator } from "~/lib/workshops/coordinator.server";
import { CURRENCY_LABELS } from "~/lib/workshops/currency";
import { listTier1Currency } from "~/models/attendance.server";

export const meta: MetaFunction = () => [{ title: "Tier 1 currency – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const rule = tier1Rule();
  const { workshopsConsidered, champions } = listTier1Currency({ rule });
  const order = { lapsed: 0, "at-risk": 1, current: 2 } as const;
  return json({
    rule,
    workshopsConsidered,
    champions: champions.sort((a, b) => (a.currency && b.currency ? order[a.currency] - order[b.currency] : 0) || a.name.localeCompare(b.name)),
  });
}

const TAG = { current: "tag tag--green", "at-risk": "tag tag--yellow", lapsed: "tag tag--red" } as const;

export default function Currency() {
  const { rule, workshopsConsidered, champions } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Tier 1 currency</h1>
      <p className="lead">
        A Tier 1 champion is current when they attended at least {rule.attended} of the last {rule.ofLast} Tier 1 workshops. At risk
        means they will lapse if they miss the next one. The rule is set in content/pathways.yaml.
      </p>
      {workshopsConsidered === 0 ? (
        <p>No Tier 1 workshop registers have been taken yet, so nobody's currency can be worked out.</p>
      ) : (
        <p>Based on the last {workshopsConsidered} Tier 1 workshops with a register.</p>
      )}
      <div className="table-wrapper">
        <table>
          <caption className="visually-hidden">Tier 1 champions and their currency</caption>
          <thead>
            <tr>
              <th scope="col">Champion</th>
              <th scope="col">Organisation</th>
              <th scope="col">Attended</th>
              <th scope="col">Currency</th>
            </tr>
          </thead>
          <tbody>
            {champions.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/members/${c.id}`}>{c.name}</Link>
                </td>
                <td>{c.organisationName ?? "Other"}</td>
                <td>
                  {c.attended} of {c.considered}
                </td>
                <td>{c.currency ? <strong className={TAG[c.currency]}>{CURRENCY_LABELS[c.currency]}</strong> : "Not yet known"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
