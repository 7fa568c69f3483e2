import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BARRIER_FREQUENCY_LABELS, BARRIER_STATUS_LABELS, BARRIER_STATUSES } from "~drizzle/schema/barriers";
import { SelectField } from "~/components/ui/field";
import { formatDate } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { can } from "~/lib/permissions";
import { listBarriers } from "~/models/barrier.server";
import { barrierStatusQuery } from "~/validation/barrier";

export const meta: MetaFunction = () => [{ title: "System barriers – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "raise:barrier", "self");
  const { status } = barrierStatusQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({
    status: status ?? "",
    canManage: can(member, "manage:barrier", "everywhere"),
    barriers: listBarriers({ status, memberId: member.id }).map((b) => ({
      id: b.id,
      title: b.title,
      status: BARRIER_STATUS_LABELS[b.status],
      closed: b.status === "resolved" || b.status === "wont_fix",
      frequency: BARRIER_FREQUENCY_LABELS[b.frequency],
      raised: formatDate(b.createdAt),
      raisedByMe: b.raisedByMe,
      supportedByMe: b.supportedByMe,
      supporters: b.supporters,
      organisations: b.organisations.map((o) => o.name),
      districts: b.districts.map((d) => d.name),
    })),
  });
}

export default function Barriers() {
  const { barriers, status, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>System barriers</h1>
      <p className="lead">
        Champions are the eyes and ears of the network. When a system fails the people you work with, raise it here: the
        coordinator takes it to the workshops and, when needed, to the board. If a barrier someone else raised happens
        to you too, say so: the more people it affects, the more weight it carries.
      </p>
      <p>
        <Link to="/barriers/new" className="button">
          Raise a barrier
        </Link>
        {canManage ? (
          <>
            {" "}
            <Link to="/barriers/report" className="button button--secondary">
              Report for the board
            </Link>
          </>
        ) : null}
      </p>
      <Form method="get" className="filters" aria-label="Filter barriers">
        <SelectField
          name="status"
          label="Status"
          defaultValue={status}
          options={[
            { value: "", label: "Any status" },
            ...BARRIER_STATUSES.map((s) => ({ value: s, label: BARRIER_STATUS_LABELS[s] })),
          ]}
        />
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </Form>
      <div role="status">
        <p>
          {barriers.length} barrier{barriers.length === 1 ? "" : "s"}
          {status ? ` with the status ${BARRIER_STATUS_LABELS[status as keyof typeof BARRIER_STATUS_LABELS]}` : ""}.
        </p>
      </div>
      <ol className="card-list">
        {barriers.map((barrier) => (
          <li key={barrier.id}>
            <h2 className="notification__title">
              <Link to={`/barriers/${barrier.id}`}>{barrier.title}</Link>
            </h2>
            <p>
              <strong className={`tag ${barrier.closed ? "tag--grey" : "tag--yellow"}`}>{barrier.status}</strong> Raised{" "}
              {barrier.raised}. {barrier.frequency}.
            </p>
            <p className="muted">
              {barrier.organisations.length ? `Involves ${barrier.organisations.join(", ")}. ` : ""}
              {barrier.districts.length ? `${barrier.districts.join(", ")}. ` : "Countywide. "}
              {barrier.supporters} {barrier.supporters === 1 ? "member says" : "members say"} it happens to them too.
              {barrier.raisedByMe ? " You raised it." : barrier.supportedByMe ? " It happens to you too." : ""}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
