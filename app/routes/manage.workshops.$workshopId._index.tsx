import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextArea } from "~/components/ui/field";
import { WorkshopDetailFields, WorkshopTimeFields } from "~/components/workshop-fields";
import { BookingTag } from "~/components/workshop-summary";
import { formatDate, formatDateTime, formatEventTime, toLondonInputs } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requireCoordinator } from "~/lib/guards.server";
import { requireWorkshop } from "~/lib/loaders.server";
import { listWorkshopBookings } from "~/models/booking.server";
import { listWorkshopFeedback } from "~/models/feedback.server";
import { withAudit } from "~/models/audit.server";
import { cancelWorkshop, updateWorkshop, WorkshopChangeError } from "~/models/workshop.server";
import { cancelWorkshopSchema, workshopSchema } from "~/validation/workshop";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.workshop.title ?? "Workshop"} – Manage workshops – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const workshop = requireWorkshop(params.workshopId);
  const start = toLondonInputs(workshop.startsAt);
  const closes = toLondonInputs(workshop.bookingClosesAt);
  const now = new Date();
  return json({
    workshop: {
      id: workshop.id,
      title: workshop.title,
      when: formatEventTime(workshop.startsAt, workshop.endsAt),
      cancelled: workshop.status === "cancelled",
      cancellationReason: workshop.cancellationReason,
      past: workshop.endsAt <= now,
      registerOpen: workshop.status === "scheduled" && toLondonInputs(now).date >= start.date,
      booked: workshop.booked,
      waiting: workshop.waiting,
      capacity: workshop.capacity,
    },
    values: {
      title: workshop.title,
      topic: workshop.topic,
      audienceTier: String(workshop.audienceTier),
      description: workshop.description,
      venue: workshop.venue ?? "",
      joiningUrl: workshop.joiningUrl ?? "",
      capacity: String(workshop.capacity),
      date: start.date,
      startTime: start.time,
      endTime: toLondonInputs(workshop.endsAt).time,
      closesDate: closes.date,
      closesTime: closes.time,
    },
    bookings: listWorkshopBookings({ workshopId: workshop.id }).map((b) => ({
      memberId: b.memberId,
      name: b.name,
      organisationName: b.organisationName,
      status: b.status,
      since: formatDateTime(b.waitingSince ?? b.updatedAt),
      deputising: b.deputisingFor !== null,
    })),
    feedback: listWorkshopFeedback({ workshopId: workshop.id }).map((f) => ({
      ...f,
      createdAt: formatDate(f.createdAt),
    })),
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const workshop = requireWorkshop(params.workshopId);
  const form = await request.formData();
  if (form.get("intent") === "cancel") {
    const parsed = parseForm(cancelWorkshopSchema, form);
    if (!parsed.success)
      return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    const result = withAudit(
      (tx) => cancelWorkshop({ id: workshop.id, reason: parsed.data.reason || null }, tx),
      (result) =>
        result
          ? {
              actorId: coordinator.id,
              action: "workshop.cancelled",
              entityType: "workshop",
              entityId: workshop.id,
              summary: `Cancelled ${workshop.title}`,
              after: { reason: parsed.data.reason },
            }
          : null,
    );
    return redirectWithFlash(
      `/manage/workshops/${workshop.id}`,
      result
        ? `The workshop is cancelled. ${result.notified} people booked or waiting are being told.`
        : "The workshop was already cancelled.",
    );
  }
  const parsed = parseForm(workshopSchema, form);
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  try {
    const { booked: _b, waiting: _w, ...before } = workshop;
    const result = withAudit(
      (tx) => updateWorkshop({ id: workshop.id, input: parsed.data }, tx),
      () => ({
        actorId: coordinator.id,
        action: "workshop.updated",
        entityType: "workshop",
        entityId: workshop.id,
        summary: `Changed ${parsed.data.title}`,
        before,
        after: parsed.data,
      }),
    );
    return redirectWithFlash(
      `/manage/workshops/${workshop.id}`,
      result?.notified
        ? "Changes saved. Everyone booked or waiting is being told, and their calendars will update."
        : "Changes saved.",
    );
  } catch (error) {
    if (!(error instanceof WorkshopChangeError)) throw error;
    return json<ActionData>({ fieldErrors: { [error.field]: error.message }, values: parsed.values }, { status: 400 });
  }
}

export default function ManageWorkshop() {
  const { workshop, values, bookings, feedback } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const formValues = actionData?.values && !("reason" in actionData.values) ? actionData.values : values;
  const booked = bookings.filter((b) => b.status === "booked");
  const waiting = bookings.filter((b) => b.status === "waiting");
  const apologies = bookings.filter((b) => b.status === "apologies");
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/manage/workshops">All workshops</Link>
      </p>
      <span className="caption">{workshop.when}</span>
      <h1>{workshop.title}</h1>
      {workshop.cancelled ? (
        <div className="notification" role="region" aria-label="Cancelled">
          <p className="notification__title">This workshop is cancelled.</p>
          {workshop.cancellationReason ? <p>Reason given: {workshop.cancellationReason}</p> : null}
        </div>
      ) : null}
      <p>
        {workshop.booked} of {workshop.capacity} places booked, {workshop.waiting} waiting.
        {workshop.registerOpen ? (
          <>
            {" "}
            <Link to={`/manage/workshops/${workshop.id}/register`} className="button">
              Take the register
            </Link>
          </>
        ) : null}
        {!workshop.cancelled && !workshop.past ? (
          <>
            {" "}
            <Link to={`/manage/workshops/${workshop.id}/check-in`} className="button button--secondary">
              Check-in code
            </Link>
          </>
        ) : null}
      </p>

      <h2>Booked ({booked.length})</h2>
      <PeopleTable people={booked} caption="People booked" />
      <h2>Waiting list ({waiting.length})</h2>
      {waiting.length ? <p>In order: the first person gets the next free place automatically.</p> : null}
      <PeopleTable people={waiting} caption="People waiting, in order" ordered />
      {apologies.length ? (
        <>
          <h2>Apologies ({apologies.length})</h2>
          <PeopleTable people={apologies} caption="People who sent apologies" />
        </>
      ) : null}

      {feedback.length ? (
        <>
          <h2>Feedback ({feedback.length})</h2>
          <p>Average rating {(feedback.reduce((s, f) => s + f.rating, 0) / feedback.length).toFixed(1)} out of 5.</p>
          <ul className="card-list">
            {feedback.map((f) => (
              <li key={`${f.name}-${f.createdAt}`}>
                <strong>{f.rating} out of 5</strong> from {f.name}, {f.createdAt}
                {f.mostUseful ? <p>{f.mostUseful}</p> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {!workshop.cancelled ? (
        <>
          <h2>Change the details</h2>
          <p>Everyone booked is told about a change of time, place or link, and their calendars update.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="update" />
            <WorkshopDetailFields values={formValues} errors={errors} />
            <WorkshopTimeFields values={formValues} errors={errors} />
            <button type="submit" className="button">
              Save changes
            </button>
          </Form>
          <h2>Cancel the workshop</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="cancel" />
            <TextArea
              name="reason"
              label="Reason (optional, sent to everyone booked or waiting)"
              rows={3}
              error={errors?.reason}
              maxLength={500}
            />
            <button type="submit" className="button button--warning">
              Cancel this workshop
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}

function PeopleTable({
  people,
  caption,
  ordered = false,
}: {
  people: Array<{
    memberId: number;
    name: string;
    organisationName: string | null;
    status: "booked" | "waiting" | "cancelled" | "apologies";
    since: string;
    deputising: boolean;
  }>;
  caption: string;
  ordered?: boolean;
}) {
  if (people.length === 0) return <p>Nobody.</p>;
  return (
    <TableRegion label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {ordered ? <th scope="col">Position</th> : null}
            <th scope="col">Name</th>
            <th scope="col">Organisation</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p, i) => (
            <tr key={p.memberId}>
              {ordered ? <td>{i + 1}</td> : null}
              <td>
                <Link to={`/members/${p.memberId}`}>{p.name}</Link>
                {p.deputising ? " (deputy)" : ""}
              </td>
              <td>{p.organisationName ?? "Other"}</td>
              <td>
                <BookingTag status={p.status} />
              </td>
              <td>{p.since}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
