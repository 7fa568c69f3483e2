import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/ui/field";
import { BookingTag, PlacesLeft } from "~/components/workshop-summary";
import { renderMarkdown } from "~/lib/content/markdown.server";
import { formatDateTime, formatEventTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { requireWorkshop } from "~/lib/loaders.server";
import {
  BookingError,
  bookPlace,
  cancelBooking,
  getMemberBooking,
  listPossibleDeputies,
  sendApologies,
} from "~/models/booking.server";
import { canLeaveFeedback } from "~/models/feedback.server";
import { bookingActionSchema } from "~/validation/booking";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.workshop.title ?? "Workshop"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const workshop = requireWorkshop(params.workshopId);
  const now = new Date();
  const booking = getMemberBooking({ workshopId: workshop.id, memberId: member.id });
  const status = booking?.status ?? null;
  return json({
    workshop: {
      id: workshop.id,
      title: workshop.title,
      topic: workshop.topic,
      audienceTier: workshop.audienceTier as Tier,
      descriptionHtml: renderMarkdown(workshop.description),
      when: formatEventTime(workshop.startsAt, workshop.endsAt),
      venue: workshop.venue,
      // The joining link is for people with a place.
      joiningUrl: status === "booked" ? workshop.joiningUrl : null,
      online: workshop.joiningUrl !== null,
      capacity: workshop.capacity,
      booked: workshop.booked,
      held: workshop.held,
      waiting: workshop.waiting,
      closes: formatDateTime(workshop.bookingClosesAt),
      cancelled: workshop.status === "cancelled",
      cancellationReason: workshop.cancellationReason,
      started: workshop.startsAt <= now,
      bookingOpen: workshop.status === "scheduled" && workshop.bookingClosesAt > now && workshop.startsAt > now,
      eligible: member.tier <= workshop.audienceTier,
    },
    booking: status,
    deputies: status === "booked" ? listPossibleDeputies({ memberId: member.id }) : [],
    feedback: canLeaveFeedback({ workshopId: workshop.id, memberId: member.id, now }).allowed,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const workshop = requireWorkshop(params.workshopId);
  const parsed = parseForm(bookingActionSchema, await request.formData());
  if (!parsed.success) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { intent, deputyId } = parsed.data;
  try {
    if (intent === "book") {
      const result = bookPlace({ workshopId: workshop.id, memberId: member.id });
      return redirectWithFlash(
        `/workshops/${workshop.id}`,
        result.status === "booked"
          ? "Your place is booked. We have emailed you the details."
          : "The workshop is full, so you are on the waiting list. If a place comes up, it is yours and we will email you.",
      );
    }
    if (intent === "cancel") {
      cancelBooking({ workshopId: workshop.id, memberId: member.id });
      return redirectWithFlash(`/workshops/${workshop.id}`, "Your booking has been cancelled.");
    }
    const result = sendApologies({ workshopId: workshop.id, memberId: member.id, deputyId });
    return redirectWithFlash(
      `/workshops/${workshop.id}`,
      result.deputy
        ? `Your apologies are recorded and ${result.deputy} is booked in your place.`
        : "Your apologies are recorded and your place has been released.",
    );
  } catch (error) {
    if (!(error instanceof BookingError)) throw error;
    return json<{ fieldErrors: FieldErrors }>(
      { fieldErrors: { [intent === "apologies" ? "deputyId" : "form"]: error.message } },
      { status: 400 },
    );
  }
}

export default function WorkshopPage() {
  const { workshop, booking, deputies, feedback } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canBook =
    workshop.bookingOpen &&
    workshop.eligible &&
    (booking === null || booking === "cancelled" || booking === "apologies");
  const full = workshop.booked + workshop.held >= workshop.capacity;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">
        {TIER_LABELS[workshop.audienceTier]} · {workshop.topic}
      </span>
      <h1>{workshop.title}</h1>
      {workshop.cancelled ? (
        <div className="notification" role="region" aria-label="Cancelled">
          <p className="notification__title">This workshop has been cancelled.</p>
          {workshop.cancellationReason ? <p>{workshop.cancellationReason}</p> : null}
        </div>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>When</dt>
          <dd>{workshop.when} (UK time)</dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            {workshop.venue ?? null}
            {workshop.venue && workshop.online ? <br /> : null}
            {workshop.joiningUrl ? (
              <a href={workshop.joiningUrl}>Join online</a>
            ) : workshop.online ? (
              "Online: the joining link appears here once you have a place"
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Places</dt>
          <dd>
            <PlacesLeft
              capacity={workshop.capacity}
              booked={workshop.booked}
              held={workshop.held}
              waiting={workshop.waiting}
            />
          </dd>
        </div>
        <div>
          <dt>Booking closes</dt>
          <dd>{workshop.closes}</dd>
        </div>
        <div>
          <dt>Your booking</dt>
          <dd>{booking ? <BookingTag status={booking} /> : "Not booked"}</dd>
        </div>
      </dl>
      {booking === "booked" && !workshop.cancelled ? (
        <p>
          <a href={`/workshops/${workshop.id}/ics`}>Add to your calendar (.ics file)</a>
        </p>
      ) : null}
      {canBook ? (
        <Form method="post">
          <input type="hidden" name="intent" value="book" />
          <button type="submit" className="button">
            {full ? "Join the waiting list" : "Book a place"}
          </button>
        </Form>
      ) : null}
      {!workshop.eligible && !workshop.cancelled ? (
        <p>
          This workshop is for {TIER_LABELS[workshop.audienceTier]} members. Ask the coordinator if you think you should
          attend.
        </p>
      ) : null}
      {!workshop.bookingOpen && !workshop.cancelled && !workshop.started && booking !== "booked" ? (
        <p>Booking has closed.</p>
      ) : null}
      {(booking === "booked" || booking === "waiting") && !workshop.started && !workshop.cancelled ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="button button--secondary">
            {booking === "booked" ? "Cancel my booking" : "Leave the waiting list"}
          </button>
        </Form>
      ) : null}
      {booking === "booked" && !workshop.started && !workshop.cancelled ? (
        <Form method="post">
          <h2>Cannot come?</h2>
          <p>Send your apologies. You can name a colleague from your organisation to take your place.</p>
          <input type="hidden" name="intent" value="apologies" />
          <SelectField
            name="deputyId"
            label="Deputy (optional)"
            error={actionData?.fieldErrors?.deputyId}
            options={[
              { value: "", label: "No deputy: release my place" },
              ...deputies.map((d) => ({ value: String(d.id), label: d.name })),
            ]}
          />
          <button type="submit" className="button button--secondary">
            Send apologies
          </button>
        </Form>
      ) : null}
      {feedback ? (
        <p>
          <Link to={`/workshops/${workshop.id}/feedback`} className="button">
            Give feedback on this workshop
          </Link>
        </p>
      ) : null}
      <h2>About this workshop</h2>
      <div className="prose" dangerouslySetInnerHTML={{ __html: workshop.descriptionHtml }} />
      <p>
        <Link to="/workshops">All workshops</Link>
      </p>
    </>
  );
}
