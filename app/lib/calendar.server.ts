import { createEvents, type DateArray, type EventAttributes } from "ics";
import type { Workshop } from "../../drizzle/schema";
import { refoldContentLines } from "./content-line";
import { appUrl } from "./email/templates";
import { singleLine } from "./plain-text";

function utcParts(date: Date): DateArray {
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
}

/** A stable UID per workshop, so changes update the same calendar entry. */
export function workshopUid(workshopId: number) {
  return `workshop-${workshopId}@champions-network`;
}

/**
 * The `ics` package escapes backslash, semicolon, comma and CRLF or LF in
 * text, but not a bare CR or any other control character, so every value
 * from a person is made plain text first: a bare CR would otherwise end the
 * line for many readers and let a workshop title start a forged event.
 * With no CR or LF left in any value, the file can safely be refolded.
 */
function toEvent(workshop: Workshop): EventAttributes {
  const cancelled = workshop.status === "cancelled";
  const title = singleLine(workshop.title);
  const joiningUrl = workshop.joiningUrl ? singleLine(workshop.joiningUrl) : null;
  return {
    uid: workshopUid(workshop.id),
    sequence: workshop.sequence,
    title: cancelled ? `Cancelled: ${title}` : title,
    description: [
      singleLine(workshop.topic),
      joiningUrl ? `Join online: ${joiningUrl}` : null,
      `Details: ${appUrl(`/workshops/${workshop.id}`)}`,
    ]
      .filter(Boolean)
      .join("\n"),
    location: workshop.venue ? singleLine(workshop.venue) : (joiningUrl ?? undefined),
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
  // `ics` folds at 75 characters; the RFC says 75 octets, which differs for any letter beyond ASCII.
  return refoldContentLines(value);
}

export function calendarResponse(body: string, filename: string | null) {
  const headers: Record<string, string> = {
    "Content-Type": "text/calendar; charset=utf-8",
    "Cache-Control": "private, no-store",
  };
  if (filename) headers["Content-Disposition"] = `attachment; filename="${filename}"`;
  return new Response(body, { headers });
}
