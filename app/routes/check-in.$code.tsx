import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { requireCheckInMember } from "~/lib/check-in-guard.server";
import { formatDateTime, formatEventTime, formatTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import type { FieldErrors } from "~/lib/forms";
import { forbidden } from "~/lib/guards.server";
import { orNotFound } from "~/lib/loaders.server";
import {
  checkIn,
  checkInState,
  checkInWindow,
  findWorkshopByCheckInCode,
  getMemberCheckIn,
} from "~/models/check-in.server";
import { checkInCode } from "~/validation/check-in";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Check in: ${data?.workshop.title ?? "workshop"} – Champions Network` },
];

const UNKNOWN =
  "We do not recognise that check-in code. Check it against the one shown at the workshop, and type it at /check-in.";

/** The workshop a code in the URL names, or a 404 that helps. */
function requireCodeWorkshop(rawCode: string | undefined) {
  return orNotFound({
    param: rawCode,
    schema: checkInCode,
    find: (code) => {
      const workshop = findWorkshopByCheckInCode({ code });
      return workshop ? { code, workshop } : undefined;
    },
    message: UNKNOWN,
  });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireCheckInMember(request, context);
  const { workshop } = requireCodeWorkshop(params.code);
  const { opensAt, closesAt } = checkInWindow(workshop);
  const standing = getMemberCheckIn({ workshopId: workshop.id, memberId: member.id });
  return json({
    workshop: {
      title: workshop.title,
      when: formatEventTime(workshop.startsAt, workshop.endsAt),
      venue: workshop.venue,
    },
    state: checkInState({ workshop }),
    opensAt: formatDateTime(opensAt),
    closesAt: formatDateTime(closesAt),
    checkedInAt: standing.checkedInAt ? formatTime(standing.checkedInAt) : null,
    walkInStatus: standing.walkInStatus,
    onRegister: standing.onRegister,
  });
}

const REFUSED = {
  "not-yet": "Check-in has not opened yet: it opens 30 minutes before the workshop starts.",
  closed: "Check-in has closed: the workshop has ended. If you were there, ask the coordinator to add you.",
  cancelled: "This workshop was cancelled.",
};

/** Checks the signed-in member in: marked present if booked, else a walk-in for the coordinator to confirm. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireCheckInMember(request, context);
  const { code } = requireCodeWorkshop(params.code);
  const result = checkIn({ code, memberId: member.id });
  switch (result.outcome) {
    case "unknown-code":
      throw new Response(UNKNOWN, { status: 404 });
    case "inactive":
      throw forbidden("Your account is not active, so you cannot check in.");
    case "not-yet":
    case "closed":
    case "cancelled":
      return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { form: REFUSED[result.outcome] } }, { status: 400 });
    case "checked-in": {
      const message = result.already
        ? "You had already checked in. Nothing has changed."
        : result.walkInStatus === null
          ? `You are checked in and marked present at ${result.workshop.title}.`
          : `You are checked in as a walk-in at ${result.workshop.title}. The coordinator will confirm you on the register.`;
      return redirectWithFlash(`/check-in/${code}`, message);
    }
  }
}

const WALK_IN_NOTE = {
  awaiting: "You have no booking, so you are a walk-in: the coordinator will confirm you on the register.",
  confirmed: "The coordinator has confirmed you: you are on the register as attended.",
  rejected: "The coordinator has not confirmed you as a walk-in. Speak to them if you think this is a mistake.",
};

export default function CheckInAtWorkshop() {
  const { workshop, state, opensAt, closesAt, checkedInAt, walkInStatus, onRegister } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">{workshop.when}</span>
      <h1>Check in: {workshop.title}</h1>
      {workshop.venue ? <p>Venue: {workshop.venue}</p> : null}
      {checkedInAt ? (
        <div className="notification">
          <h2 className="notification__title">You checked in at {checkedInAt}</h2>
          <p>{walkInStatus ? WALK_IN_NOTE[walkInStatus] : "You are marked present on the register."}</p>
        </div>
      ) : state === "open" ? (
        <>
          <p>
            {onRegister
              ? "You are booked on this workshop: checking in marks you present."
              : "You have no booking for this workshop. You can check in as a walk-in: the coordinator confirms you on the register, and then it counts like any workshop you attended."}
          </p>
          <Form method="post">
            <button type="submit" className="button">
              Check in
            </button>
          </Form>
          <p className="hint">Check-in closes at {closesAt}.</p>
        </>
      ) : state === "not-yet" ? (
        <p>Check-in opens at {opensAt}, 30 minutes before the workshop starts. Open this page again then.</p>
      ) : state === "closed" ? (
        <p>
          Check-in closed at {closesAt}, when the workshop ended. If you were there, ask the coordinator to add you to
          the register.
        </p>
      ) : (
        <p>This workshop was cancelled, so there is no check-in.</p>
      )}
      <p>
        <Link to="/check-in">Check in with another code</Link>
      </p>
    </>
  );
}
