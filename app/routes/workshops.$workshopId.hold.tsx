import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { formatDateTime, formatEventTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { requireWorkshop } from "~/lib/loaders.server";
import { recordAudit } from "~/models/audit.server";
import { BookingError } from "~/models/booking.server";
import { getHeldPlace, releaseHeldPlace, takeHeldPlace } from "~/models/succession.server";
import { heldPlaceActionSchema } from "~/validation/succession";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `A place held for you: ${data?.workshop.title ?? "workshop"} – Champions Network` },
];

/** The page a held place's email links to: book it with one click, or let it go. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const workshop = requireWorkshop(params.workshopId);
  const hold = getHeldPlace({ workshopId: workshop.id, memberId: member.id });
  return json({
    workshop: { id: workshop.id, title: workshop.title, when: formatEventTime(workshop.startsAt, workshop.endsAt) },
    heldUntil: hold ? formatDateTime(hold.heldUntil) : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const workshop = requireWorkshop(params.workshopId);
  const parsed = parseForm(heldPlaceActionSchema, await request.formData());
  if (!parsed.success) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    if (parsed.data.intent === "book") {
      const result = takeHeldPlace({ workshopId: workshop.id, memberId: member.id });
      return redirectWithFlash(
        `/workshops/${workshop.id}`,
        result.status === "booked"
          ? "Your place is booked. We have emailed you the details."
          : "You are on the waiting list.",
      );
    }
    releaseHeldPlace({ workshopId: workshop.id, memberId: member.id });
    recordAudit({
      actorId: member.id,
      action: "workshop.held-place-released",
      entityType: "workshop",
      entityId: workshop.id,
      summary: `Let go of the place held for them at ${workshop.title}`,
    });
    return redirectWithFlash("/workshops", "You have let the place go, so someone else can have it.");
  } catch (error) {
    if (!(error instanceof BookingError)) throw error;
    return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { form: error.message } }, { status: 400 });
  }
}

export default function HeldPlace() {
  const { workshop, heldUntil } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <span className="caption">{workshop.when}</span>
      <h1>{workshop.title}</h1>
      <ErrorSummary errors={actionData?.fieldErrors} />
      {heldUntil ? (
        <>
          <p className="lead">A place is held for you until {heldUntil}, when booking closes.</p>
          <Form method="post">
            <button className="button" name="intent" value="book">
              Book my place
            </button>{" "}
            <button className="button button--secondary" name="intent" value="release">
              I cannot come: let it go
            </button>
          </Form>
        </>
      ) : (
        <p className="lead">No place is held for you at this workshop now. You can still book on the workshop page.</p>
      )}
      <p>
        <Link to={`/workshops/${workshop.id}`}>The workshop page</Link>
      </p>
    </>
  );
}
