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
import { TextField } from "~/components/ui/field";
import { parseForm } from "~/lib/forms";
import {
  addWalkIn,
  checkInState,
  decideWalkIn,
  findWalkInCandidates,
  listUndecidedWalkIns,
  type WalkInResult,
} from "~/models/check-in.server";
import { walkInMemberSchema, walkInSearchSchema } from "~/validation/check-in";
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
  const { find } = walkInSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({
    workshop: { id: workshop.id, title: workshop.title, when: formatEventTime(workshop.startsAt, workshop.endsAt) },
    presentFrom: formatTime(workshop.startsAt),
    canMarkPresent: canMarkPresence({ startsAt: workshop.startsAt }),
    people: listRegister({ workshopId: workshop.id }).map((p) => ({
      ...p,
      checkedInAt: p.checkedInAt ? formatTime(p.checkedInAt) : null,
    })),
    walkIns: listUndecidedWalkIns({ workshopId: workshop.id }).map((w) => ({
      ...w,
      checkedInAt: formatTime(w.checkedInAt),
    })),
    canAddWalkIns: checkInState({ workshop }) !== "not-yet",
    find: find ?? "",
    candidates: find ? findWalkInCandidates({ workshopId: workshop.id, query: find }) : [],
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
  const intent = form.get("intent");
  if (intent === "confirm-walk-in" || intent === "reject-walk-in" || intent === "add-walk-in") {
    const parsed = parseForm(walkInMemberSchema, form);
    if (!parsed.success)
      return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
    const { memberId } = parsed.data;
    const result = withAudit(
      (tx): WalkInResult =>
        intent === "add-walk-in"
          ? addWalkIn({ workshopId: workshop.id, memberId, addedBy: coordinator.id }, tx)
          : decideWalkIn(
              {
                workshopId: workshop.id,
                memberId,
                decision: intent === "confirm-walk-in" ? "confirmed" : "rejected",
                decidedBy: coordinator.id,
              },
              tx,
            ),
      (result) =>
        result.ok && result.changed
          ? {
              actorId: coordinator.id,
              action: `register.${intent}`,
              entityType: "workshop",
              entityId: workshop.id,
              summary:
                intent === "add-walk-in"
                  ? `Added a walk-in to the register of ${workshop.title}`
                  : `${intent === "confirm-walk-in" ? "Confirmed" : "Did not confirm"} a walk-in at ${workshop.title}`,
              after: { memberId },
            }
          : null,
    );
    if (!result.ok)
      return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { form: result.message } }, { status: 400 });
    const done =
      intent === "add-walk-in"
        ? `${result.name} added to the register as a walk-in, marked attended.`
        : intent === "confirm-walk-in"
          ? `${result.name} confirmed: on the register as attended.`
          : `${result.name} not confirmed: they are not on the register.`;
    return redirectWithFlash(`/manage/workshops/${workshop.id}/register`, done);
  }
  if (intent === "all") {
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
  const { workshop, presentFrom, canMarkPresent, people, changes, walkIns, canAddWalkIns, find, candidates } =
    useLoaderData<typeof loader>();
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
                      {person.walkIn ? " (walk-in)" : ""}
                      {person.checkedInAt ? `, checked in at ${person.checkedInAt}` : ""}
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
      <h2>Walk-ins</h2>
      {walkIns.length === 0 ? (
        <p>Nobody without a booking has checked in.</p>
      ) : (
        <ul>
          {walkIns.map((w) => (
            <li key={w.memberId}>
              <strong>{w.name}</strong> ({w.organisationName ?? w.email}), checked in at {w.checkedInAt}
              {w.walkInStatus === "awaiting" ? (
                <Form method="post">
                  <input type="hidden" name="memberId" value={w.memberId} />
                  <button type="submit" name="intent" value="confirm-walk-in" className="button">
                    Confirm {w.name}
                  </button>{" "}
                  <button type="submit" name="intent" value="reject-walk-in" className="button button--secondary">
                    Do not confirm {w.name}
                  </button>
                </Form>
              ) : (
                <p className="hint">Not confirmed. To put them on the register after all, add them by name below.</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAddWalkIns ? (
        <>
          <h2>Add a walk-in by name</h2>
          <p>For someone who came without a booking and did not check in with the code.</p>
          <Form method="get">
            <TextField
              name="find"
              label="Name or email address"
              type="search"
              defaultValue={find}
              autoComplete="off"
              spellCheck={false}
            />
            <button type="submit" className="button button--secondary">
              Find
            </button>
          </Form>
          {find && candidates.length === 0 ? <p>No active member matches &ldquo;{find}&rdquo;.</p> : null}
          {candidates.length > 0 ? (
            <ul>
              {candidates.map((c) => (
                <li key={c.memberId}>
                  <strong>{c.name}</strong> ({c.email}
                  {c.organisationName ? `, ${c.organisationName}` : ""})
                  {c.standing === "booked" ? (
                    <span className="hint"> Booked: on the register above.</span>
                  ) : c.standing === "confirmed" ? (
                    <span className="hint"> On the register as a walk-in.</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="memberId" value={c.memberId} />
                      <button type="submit" name="intent" value="add-walk-in" className="button button--secondary">
                        Add {c.name} as a walk-in
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
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
