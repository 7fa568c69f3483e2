import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendar, calendarResponse } from "~/lib/calendar.server";
import { notFound, requirePermission } from "~/lib/guards.server";
import { requireWorkshop } from "~/lib/loaders.server";
import { getMemberBooking } from "~/models/booking.server";

/** The .ics for a booked place, the same entry as the invitation emails; waiting-list places are not calendar bookings. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const workshop = requireWorkshop(params.workshopId);
  const booking = getMemberBooking({ workshopId: workshop.id, memberId: member.id });
  if (booking?.status !== "booked")
    throw notFound("You do not have a place on this workshop, so there is no calendar entry.");
  const entry = { workshop, memberId: member.id, calendarSequence: booking.calendarSequence };
  return calendarResponse(buildCalendar([entry]), `workshop-${workshop.id}.ics`);
}
