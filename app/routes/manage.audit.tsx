import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SelectField, TextField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { pageAuditEvents } from "~/models/audit.server";
import { CursorPager } from "~/components/cursor-pager";
import { AUDIT_ENTITY_TYPES, auditFiltersSchema } from "~/validation/audit-filters";

export const meta: MetaFunction = () => [{ title: "Audit log – Champions Network" }];

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:audit", "everywhere");
  const filters = auditFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { events, newerBefore, olderAfter } = pageAuditEvents({
    query: filters.q,
    entityType: filters.type,
    after: filters.after,
    before: filters.before,
    limit: PAGE,
  });
  return json({
    filters,
    newerBefore,
    olderAfter,
    events: events.map((e) => ({ ...e, createdAt: formatDateTime(e.createdAt) })),
  });
}

function pretty(value: string | null) {
  if (!value) return null;
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

export default function AuditLog() {
  const { filters, newerBefore, olderAfter, events } = useLoaderData<typeof loader>();
  /** This log's address with its search, from a place in it. */
  const pageLink = (place: "after" | "before", id: number | null) =>
    id === null
      ? null
      : `?${new URLSearchParams({ ...(filters.q ? { q: filters.q } : {}), ...(filters.type ? { type: filters.type } : {}), [place]: String(id) })}`;
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Audit log</h1>
      <p className="lead">
        Every change made by a coordinator, organisation lead or administrator: who, what, when, before and after.
      </p>
      <Form method="get" className="filters" role="search" aria-label="Audit log">
        <TextField
          name="q"
          label="Search"
          type="search"
          hint="A name, an action or a changed value."
          defaultValue={filters.q ?? ""}
        />
        <SelectField
          name="type"
          label="What changed"
          defaultValue={filters.type ?? ""}
          options={[{ value: "", label: "Anything" }, ...AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: t }))]}
        />
        <button type="submit" className="button">
          Search
        </button>
      </Form>
      {events.length === 0 ? <p>No changes match.</p> : null}
      <ol className="card-list">
        {events.map((e) => (
          <li key={e.id}>
            <p>
              <strong>{e.summary}</strong>
            </p>
            <p className="muted">
              {e.createdAt} by {e.actorName ?? "someone no longer in the network"} · {e.action}
            </p>
            {e.before || e.after ? (
              <details>
                <summary>Before and after</summary>
                {e.before ? (
                  <>
                    <p>Before</p>
                    <pre className="email">{pretty(e.before)}</pre>
                  </>
                ) : null}
                {e.after ? (
                  <>
                    <p>After</p>
                    <pre className="email">{pretty(e.after)}</pre>
                  </>
                ) : null}
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      <CursorPager
        label="Pages of the audit log"
        previousHref={pageLink("before", newerBefore)}
        nextHref={pageLink("after", olderAfter)}
        previous="Newer changes"
        next="Older changes"
      />
    </>
  );
}
