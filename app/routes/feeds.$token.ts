import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendar, calendarResponse } from "~/lib/calendar.server";
import { notFound } from "~/lib/guards.server";
import { listFeedEvents } from "~/models/calendar-feed.server";

/** A member's private calendar feed, /feeds/<token>.ics: the secret token is the only key. */
export function loader({ params }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const events = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? listFeedEvents({ token }) : null;
  if (!events) throw notFound("This calendar feed does not exist or has been turned off.");
  return calendarResponse(buildCalendar(events), null);
}
