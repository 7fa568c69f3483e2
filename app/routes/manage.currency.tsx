import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CURRENCY_LABELS } from "~/lib/currency";
import { requireCoordinator } from "~/lib/guards.server";
import { getCurrencyTab, tier1Rule } from "~/models/currency.server";
import { Pager } from "~/components/pager";
import { TableRegion } from "~/components/table-region";
import { currencyQuerySchema } from "~/validation/member-filters";

export const meta: MetaFunction = () => [{ title: "Tier 1 currency – Champions Network" }];

/** Champions per page: a national network has thousands. */
const PAGE = 100;

const VIEWS = [
  { view: "all", label: "All" },
  { view: "lapsed", label: "Lapsed" },
  { view: "at-risk", label: "At risk" },
  { view: "new", label: "New" },
  { view: "current", label: "Current" },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const { view, page } = currencyQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rule = tier1Rule();
  const { workshopsConsidered, counts, champions: shown } = getCurrencyTab({ view, rule });
  return json({
    rule,
    workshopsConsidered,
    view,
    counts,
    page,
    pages: Math.max(1, Math.ceil(shown.length / PAGE)),
    champions: shown.slice((page - 1) * PAGE, page * PAGE),
  });
}

const TAG = {
  current: "tag tag--green",
  "at-risk": "tag tag--yellow",
  new: "tag tag--grey",
  lapsed: "tag tag--red",
} as const;

export default function Currency() {
  const { rule, workshopsConsidered, view, counts, page, pages, champions } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => `?${new URLSearchParams({ view, page: String(n) })}`;
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Tier 1 currency</h1>
      <p className="lead">
        A Tier 1 champion is current when they attended at least {rule.attended} of the last {rule.ofLast} Tier 1
        workshops. At risk means they will lapse if they miss the next one. New means they became Tier 1 too recently to
        have had the chance: fewer than {rule.attended} Tier 1 workshops have been held since. The rule is set in
        content/pathways.yaml.
      </p>
      {workshopsConsidered === 0 ? (
        <p>No Tier 1 workshop registers have been taken yet, so nobody's currency can be worked out.</p>
      ) : (
        <p>Based on the last {workshopsConsidered} Tier 1 workshops with a register.</p>
      )}
      <nav aria-label="Champions by currency">
        <ul className="tabs">
          {VIEWS.map((v) => (
            <li key={v.view}>
              <Link to={`?view=${v.view}`} aria-current={view === v.view ? "page" : undefined}>
                {v.label} ({counts[v.view].toLocaleString("en-GB")})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {pages > 1 ? (
        <p>
          Page {page} of {pages}
        </p>
      ) : null}
      <TableRegion label="Tier 1 champions and their currency">
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
                <td>
                  {c.currency ? (
                    <strong className={TAG[c.currency]}>{CURRENCY_LABELS[c.currency]}</strong>
                  ) : (
                    "Not yet known"
                  )}
                  {c.currency === "new" || c.currency === "lapsed" ? (
                    <span className="muted"> (attending the next {c.toBecomeCurrent} makes them current)</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {champions.length === 0 ? <p>No champions in this list.</p> : null}
      <Pager label="More champions" page={page} hasNext={page < pages} href={pageLink} />
    </>
  );
}
