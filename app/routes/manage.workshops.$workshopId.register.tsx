import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES } from "~drizzle/schema/constants";
import { ErrorSummary } from "~/components/error-summary";
import { formatDateTime, formatEventTime, formatTime, toLondonInputs } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import type { FieldErrors } from "~/lib/forms";
import { requireCoordinator } from "~/lib/guards.server";
import { requireWorkshop } from "~/lib/loaders.server";
import { withAudit } from "~/models/audit.server";
import {
  canMarkPresence,
  listRegister,
  listRegisterChanges,
  markAllBookedAttended,
  RegisterError,
  saveRegister,
} from "~/models/attendance.server";
import { TableRegion } from "~/components/table-region";
import { registerMarksSchema } from "~/validation/workshop";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Register: ${data?.workshop.title ?? "workshop"} – Champions Network` },
];

function requireRegisterOpen(workshop: ReturnType<typeof requireWorkshop>) {
  if (workshop.status !== "scheduled") throw new Response("A cancelled workshop has no register.", { status: 400 });
  if (toLondonInputs(new Date()).date < toLondonInputs(workshop.startsAt).date) {
    throw new Response("The register opens on the day of the workshop.", { status: 400 });
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const workshop = requireWorkshop(params.workshopId);
  requireRegisterOpen(workshop);
  return json({
    workshop: { id: workshop.id, title: workshop.title, when: formatEventTime(workshop.startsAt, workshop.endsAt) },
    presentFrom: formatTime(workshop.startsAt),
    canMarkPresent: canMarkPresence({ startsAt: workshop.startsAt }),
    people: listRegister({ workshopId: workshop.id }),
    changes: listRegisterChanges({ workshopId: workshop.id }).map((c) => ({
      ...c,
      changedAt: formatDateTime(c.changedAt),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const workshop = requireWorkshop(params.workshopId);
  requireRegisterOpen(workshop);
  const form = await request.formData();
  if (form.get("intent") === "all") {
    try {
      const { changed } = withAudit(
        (tx) => markAllBookedAttended({ workshopId: workshop.id, markedBy: coordinator.id }, tx),
        ({ changed }) => ({
          actorId: coordinator.id,
          action: "register.marked-all",
          entityType: "workshop",
          entityId: workshop.id,
          summary: `Marked ${changed} booked people as attended at ${workshop.title}`,
        }),
      );
      return redirectWithFlash(
        `/manage/workshops/${workshop.id}/register`,
        `${changed} people marked. Check anyone who did not come.`,
      );
    } catch (error) {
      if (!(error instanceof RegisterError)) throw error;
      return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { form: error.message } }, { status: 400 });
    }
  }
  const raw = [...form.entries()]
    .filter(([key]) => key.startsWith("mark:"))
    .map(([key, value]) => ({ memberId: key.slice("mark:".length), status: value }));
  const parsed = registerMarksSchema.safeParse(raw);
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors }>(
      { fieldErrors: { form: "Choose attended, absent or apologies for each person." } },
      { status: 400 },
    );
  }
  try {
    let before: Array<{ memberId: number; mark: unknown }> = [];
    const { changed } = withAudit(
      (tx) => {
        before = listRegister({ workshopId: workshop.id }, tx).map((p) => ({ memberId: p.memberId, mark: p.mark }));
        return saveRegister({ workshopId: workshop.id, marks: parsed.data, markedBy: coordinator.id }, tx);
      },
      ({ changed }) => ({
        actorId: coordinator.id,
        action: "register.saved",
        entityType: "workshop",
        entityId: workshop.id,
        summary: `Saved the register for ${workshop.title} (${changed} changed)`,
        before,
        after: parsed.data,
      }),
    );
    return redirectWithFlash(
      `/manage/workshops/${workshop.id}/register`,
      `Register saved: ${changed} mark${changed === 1 ? "" : "s"} changed.`,
    );
  } catch (error) {
    if (!(error instanceof RegisterError)) throw error;
    return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { form: error.message } }, { status: 400 });
  }
}

export default function Register() {
  const { workshop, presentFrom, canMarkPresent, people, changes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const unmarked = people.filter((p) => p.mark === null).length;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p>
        <Link to={`/manage/workshops/${workshop.id}`}>Back to the workshop</Link>
      </p>
      <span className="caption">{workshop.when}</span>
      <h1>Register: {workshop.title}</h1>
      {canMarkPresent ? null : (
        <div className="notification">
          <h2 className="notification__title">The workshop has not started</h2>
          <p>
            People can be marked attended or absent from the start time, {presentFrom}. Until then you can record
            apologies.
          </p>
        </div>
      )}
      {people.length === 0 ? (
        <p>Nobody is booked on this workshop.</p>
      ) : (
        <>
          {unmarked > 0 && canMarkPresent ? (
            <Form method="post">
              <input type="hidden" name="intent" value="all" />
              <button type="submit" className="button">
                Mark all booked as attended ({unmarked})
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="save" />
            {people.map((person) => {
              const current = person.mark ?? (person.bookingStatus === "apologies" ? "apologies" : null);
              return (
                <fieldset key={person.memberId} className="question">
                  <legend>
                    {person.name}
                    <span className="hint">
                      {" "}
                      {person.organisationName ?? ""}
                      {person.deputisingFor ? " (deputy)" : ""}
                    </span>
                  </legend>
                  <div className="radios radios--inline">
                    {ATTENDANCE_STATUSES.map((status) => {
                      const id = `mark-${person.memberId}-${status}`;
                      return (
                        <div key={status} className="radios__item">
                          <input
                            id={id}
                            type="radio"
                            name={`mark:${person.memberId}`}
                            value={status}
                            defaultChecked={current === status}
                            disabled={!canMarkPresent && status !== "apologies"}
                          />
                          <label htmlFor={id}>{ATTENDANCE_LABELS[status]}</label>
                        </div>
                      );
                    })}
                  </div>
                  {person.mark === null ? <p className="hint">Not marked yet</p> : null}
                </fieldset>
              );
            })}
            <button type="submit" className="button">
              Save register
            </button>
          </Form>
        </>
      )}
      <h2>Changes after the register was taken</h2>
      {changes.length === 0 ? (
        <p>None.</p>
      ) : (
        <TableRegion label="Late changes to the register">
          <table>
            <caption className="visually-hidden">Late changes to the register</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Change</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c, i) => (
                <tr key={i}>
                  <td>{c.memberName}</td>
                  <td>
                    {ATTENDANCE_LABELS[c.fromStatus!]} to {ATTENDANCE_LABELS[c.toStatus]}
                  </td>
                  <td>{c.changedByName ?? "Unknown"}</td>
                  <td>{c.changedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
