import { createEvents, type DateArray, type EventAttributes } from "ics";
import type { Workshop } from "../../drizzle/schema";
import { appUrl } from "./email/templates";

function utcParts(date: Date): DateArray {
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
}

/** A stable UID per workshop, so changes update the same calendar entry. */
export function workshopUid(workshopId: number) {
  return `workshop-${workshopId}@champions-network`;
}

function toEvent(workshop: Workshop): EventAttributes {
  const cancelled = workshop.status === "cancelled";
  return {
    uid: workshopUid(workshop.id),
    sequence: workshop.sequence,
    title: cancelled ? `Cancelled: ${workshop.title}` : workshop.title,
    description: [workshop.topic, workshop.joiningUrl ? `Join online: ${workshop.joiningUrl}` : null, `Details: ${appUrl(`/workshops/${workshop.id}`)}`]
      .filter(Boolean)
      .join("\n"),
    location: workshop.venue ?? workshop.joiningUrl ?? undefined,
    url: appUrl(`/workshops/${workshop.id}`),
    start: utcParts(workshop.startsAt),
    startInputType: "utc",
    startOutputType: "utc",
    end: utcParts(workshop.endsAt),
    endInputType: "utc",
    endOutputType: "utc",
    status: cancelled ? "CANCELLED" : "CONFIRMED",
    productId: "champions-network/workshops",
    calName: "Champions Network workshops",
  };
}

/** An iCalendar file for these workshops (times in UTC, which every calendar shows in local time). */
export function buildCalendar(list: Workshop[]) {
  if (list.length === 0) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:champions-network/workshops\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Champions Network workshops\r\nEND:VCALENDAR\r\n";
  }
  const { error, value } = createEvents(list.map(toEvent));
  if (error || !value) throw error ?? new Error("Could not build the calendar");
  return value;
}

export function calendarResponse(body: string, filename: string | null) {
  const headers: Record<string, string> = { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-store" };
  if (filename) headers["Content-Disposition"] = `attachment; filename="${filename}"`;
  return new Response(body, { headers });
}
