import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { formatDateTime, formatEventTime } from "~/lib/dates";
import { appUrl } from "~/lib/email/templates";
import { redirectWithFlash } from "~/lib/flash.server";
import type { FieldErrors } from "~/lib/forms";
import { requireCoordinator } from "~/lib/guards.server";
import { requireWorkshop } from "~/lib/loaders.server";
import { qrCodeDataUrl } from "~/lib/qr-code.server";
import { withAudit } from "~/models/audit.server";
import {
  checkInState,
  checkInWindow,
  countCheckIns,
  getCheckInCode,
  openCheckIn,
  type CheckInState,
} from "~/models/check-in.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Check-in: ${data?.workshop.title ?? "workshop"} – Champions Network` },
];

/** The code is for the room, not for a browser or proxy cache. */
export const headers = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const workshop = requireWorkshop(params.workshopId);
  const state = checkInState({ workshop });
  const { opensAt, closesAt } = checkInWindow(workshop);
  const code = state === "open" ? getCheckInCode({ workshopId: workshop.id }) : null;
  const checkInUrl = code ? appUrl(`/check-in/${code}`) : null;
  return json(
    {
      workshop: { id: workshop.id, title: workshop.title, when: formatEventTime(workshop.startsAt, workshop.endsAt) },
      state,
      opensAt: formatDateTime(opensAt),
      closesAt: formatDateTime(closesAt),
      code,
      checkInUrl,
      qrCode: checkInUrl ? await qrCodeDataUrl(checkInUrl) : null,
      counts: countCheckIns({ workshopId: workshop.id }),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const NOT_OPEN: Record<Exclude<CheckInState, "open">, string> = {
  "not-yet": "Check-in opens 30 minutes before the workshop starts.",
  closed: "Check-in closed when the workshop ended.",
  cancelled: "This workshop was cancelled, so there is no check-in.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const workshop = requireWorkshop(params.workshopId);
  const form = await request.formData();
  if (form.get("intent") !== "start") throw new Response("That is not something this page can do.", { status: 400 });
  const result = withAudit(
    (tx) => openCheckIn({ workshopId: workshop.id, createdBy: coordinator.id }, tx),
    (result) =>
      result.ok && result.created
        ? {
            actorId: coordinator.id,
            action: "check-in.opened",
            entityType: "workshop",
            entityId: workshop.id,
            summary: `Opened check-in for ${workshop.title}`,
          }
        : null,
  );
  if (!result.ok) {
    return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { form: NOT_OPEN[result.state] } }, { status: 400 });
  }
  return redirectWithFlash(
    `/manage/workshops/${workshop.id}/check-in`,
    "Check-in is open: show this page to the room.",
  );
}

export default function WorkshopCheckIn() {
  const { workshop, state, opensAt, closesAt, code, checkInUrl, qrCode, counts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p>
        <Link to={`/manage/workshops/${workshop.id}`}>Back to the workshop</Link>
      </p>
      <span className="caption">{workshop.when}</span>
      <h1>Check-in: {workshop.title}</h1>
      {state === "not-yet" ? (
        <p>
          Check-in opens at {opensAt}, 30 minutes before the workshop starts, and closes when it ends. Come back to this
          page then to show the room its code.
        </p>
      ) : null}
      {state === "closed" ? (
        <p>
          Check-in closed at {closesAt}, when the workshop ended. The code no longer works.{" "}
          <Link to={`/manage/workshops/${workshop.id}/register`}>Take the register</Link> to record who came.
        </p>
      ) : null}
      {state === "cancelled" ? <p>This workshop was cancelled, so there is no check-in.</p> : null}
      {state === "open" && !code ? (
        <>
          <p>
            Check-in is open until {closesAt}. Show the room a QR code and a short code: members scan it or type the
            code at the check-in page, and are marked present. People without a booking check in as walk-ins for you to
            confirm on the register.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="button">
              Show the check-in code
            </button>
          </Form>
        </>
      ) : null}
      {state === "open" && code && checkInUrl && qrCode ? (
        <>
          <p className="lead check-in-address">
            Scan the QR code with your phone&apos;s camera, or go to {appPath(checkInUrl)} and type:
          </p>
          <p className="check-in-code">
            <span className="visually-hidden">Check-in code: </span>
            {code}
          </p>
          <img src={qrCode} alt={`QR code for the check-in address ${checkInUrl}`} width={280} height={280} />
          <p className="check-in-address">
            Check-in address: <a href={checkInUrl}>{checkInUrl}</a>. The code works until {closesAt}, for this workshop
            only.
          </p>
        </>
      ) : null}
      <h2>Checked in so far</h2>
      <ul>
        <li>
          {counts.booked} booked {counts.booked === 1 ? "person" : "people"} marked present
        </li>
        <li>
          {counts.awaiting} walk-in{counts.awaiting === 1 ? "" : "s"} awaiting your confirmation
        </li>
        <li>
          {counts.confirmed} walk-in{counts.confirmed === 1 ? "" : "s"} confirmed
        </li>
      </ul>
      {state !== "not-yet" && state !== "cancelled" ? (
        <p>
          <Link to={`/manage/workshops/${workshop.id}/register`}>Open the register</Link> to confirm walk-ins and add
          anyone by name.
        </p>
      ) : null}
    </>
  );
}

/** The check-in page's address without the code, as a person types it: "champions.example.org/check-in". */
function appPath(checkInUrl: string) {
  const url = new URL(checkInUrl);
  return `${url.host}/check-in`;
}
