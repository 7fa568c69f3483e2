import { createEvents, type DateArray, type EventAttributes, type HeaderAttributes } from "ics";
import type { Workshop } from "../../drizzle/schema";
import { refoldContentLines } from "./content-line";
import { fromMailbox } from "./email/mailer.server";
import { appUrl } from "./email/templates";
import { singleLine } from "./plain-text";

function utcParts(date: Date): DateArray {
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
}

/** A member's entry for a workshop: the workshop, the member, and their booking's part of the SEQUENCE. */
export type CalendarEntry = { workshop: Workshop; memberId: number; calendarSequence: number };

/**
 * The UID of a member's entry for a workshop: the same in every invitation and cancellation they are sent,
 * in the .ics download and in their private feed, so each one updates the same entry in their calendar.
 */
export function eventUid({ workshopId, memberId }: { workshopId: number; memberId: number }) {
  return `workshop-${workshopId}-member-${memberId}@champions-network`;
}

/**
 * The SEQUENCE of that entry: the workshop's (raised by every change of time, place or title and by its
 * cancellation) plus the booking's (raised when the member cancels or books again). Neither goes down, so
 * each email about the entry outranks the ones before it.
 */
export function eventSequence({ workshop, calendarSequence }: Pick<CalendarEntry, "workshop" | "calendarSequence">) {
  return workshop.sequence + calendarSequence;
}

/**
 * A name as an iCalendar parameter value (CN), which goes in double quotes: one line, with a double quote and
 * a caret written as RFC 6868 says (^' and ^^). A double quote would otherwise close the quotes and let a name
 * add parameters or replace the address (a backslash, as `ics` writes it, escapes nothing there).
 */
function parameterText(text: string) {
  return singleLine(text).replace(/\^/g, "^^").replace(/"/g, "^'");
}

/** An event with its DTSTAMP (the moment it was written), which `ics` reads but leaves out of its types. */
type StampedEvent = EventAttributes & { timestamp: number };

/**
 * The `ics` package escapes backslash, semicolon, comma and CRLF or LF in
 * text, but not a bare CR or any other control character, so every value
 * from a person is made plain text first: a bare CR would otherwise end the
 * line for many readers and let a workshop title start a forged event.
 * With no CR or LF left in any value, the file can safely be refolded.
 */
function toEvent(entry: CalendarEntry, { now, cancelled }: { now: Date; cancelled: boolean }): StampedEvent {
  const { workshop } = entry;
  const title = singleLine(workshop.title);
  const joiningUrl = workshop.joiningUrl ? singleLine(workshop.joiningUrl) : null;
  return {
    uid: eventUid({ workshopId: workshop.id, memberId: entry.memberId }),
    sequence: eventSequence(entry),
    timestamp: now.getTime(),
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
  };
}

/** The events as one file, refolded: `ics` folds at 75 characters, the RFC says 75 octets (not the same beyond ASCII). */
function calendarFile(events: EventAttributes[], header: HeaderAttributes, { eventLines = [] as string[] } = {}) {
  const { error, value } = createEvents(events, header);
  if (error || !value) throw error ?? new Error("Could not build the calendar");
  // Lines the event needs that `ics` writes wrongly (see contactLine), added at the end of the one event.
  return refoldContentLines(
    value.replace("END:VEVENT\r\n", eventLines.map((line) => `${line}\r\n`).join("") + "END:VEVENT\r\n"),
  );
}

/**
 * An ORGANIZER or ATTENDEE line, written here rather than by `ics`, which quotes every parameter
 * (PARTSTAT="ACCEPTED", valid but not what Outlook and others write) and escapes a quote in a name in a way
 * no reader understands: the parameters as Outlook writes them, the name as parameterText, the address
 * as a mailto: URI on the same line.
 */
function contactLine(property: "ORGANIZER" | "ATTENDEE", parameters: string[], name: string, address: string) {
  return `${property};${[...parameters, `CN="${parameterText(name)}"`].join(";")}:mailto:${singleLine(address)}`;
}

/**
 * A member's calendar entries as a file to download or subscribe to (METHOD:PUBLISH), times in UTC,
 * which every calendar shows in local time.
 */
export function buildCalendar(entries: CalendarEntry[], { now = new Date() }: { now?: Date } = {}) {
  if (entries.length === 0) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:champions-network/workshops\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Champions Network workshops\r\nEND:VCALENDAR\r\n";
  }
  const events = entries.map((entry) => toEvent(entry, { now, cancelled: entry.workshop.status === "cancelled" }));
  return calendarFile(events, { method: "PUBLISH", calName: "Champions Network workshops" });
}

export type InvitationMethod = "REQUEST" | "CANCEL";

/**
 * An invitation (METHOD:REQUEST) or a cancellation (METHOD:CANCEL, STATUS:CANCELLED) for one member's entry,
 * sent inside a booking, promotion, change or cancellation email. The network is the organiser (the From
 * address); the member is the one attendee, already accepted (they booked) and asked for no reply, because
 * a reply would go to an address nobody reads. Returned with its METHOD, ready for queueEmail's calendar.
 */
export function buildInvitation({
  entry,
  attendee,
  method,
  now,
}: {
  entry: CalendarEntry;
  attendee: { name: string; email: string };
  method: InvitationMethod;
  now: Date;
}) {
  const organiser = fromMailbox();
  const event = toEvent(entry, { now, cancelled: method === "CANCEL" || entry.workshop.status === "cancelled" });
  const eventLines = [
    contactLine("ORGANIZER", [], organiser.name, organiser.address),
    contactLine("ATTENDEE", ["ROLE=REQ-PARTICIPANT", "PARTSTAT=ACCEPTED", "RSVP=FALSE"], attendee.name, attendee.email),
  ];
  return { method, ics: calendarFile([event], { method }, { eventLines }) };
}

export function calendarResponse(body: string, filename: string | null) {
  const headers: Record<string, string> = {
    "Content-Type": "text/calendar; charset=utf-8",
    "Cache-Control": "private, no-store",
  };
  if (filename) headers["Content-Disposition"] = `attachment; filename="${filename}"`;
  return new Response(body, { headers });
}
