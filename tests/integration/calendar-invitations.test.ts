/**
 * Invitations calendars accept (issue 17), through a real SMTP server: booking, promotion, change and
 * cancellation emails carry the member's calendar entry as an inline text/calendar part, read back here
 * with independent parsers (mailparser for the MIME, ical.js for the iCalendar), never by searching text.
 * The extra header fields (one-click unsubscribe) are read back the same way.
 */
import type { AddressInfo } from "node:net";
import ICAL from "ical.js";
import { simpleParser, type Attachment, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { outbox } from "../../drizzle/schema";
import { buildCalendar, eventUid } from "~/lib/calendar.server";
import { getDb } from "~/lib/db.server";
import { createMailer, fromMailbox } from "~/lib/email/mailer.server";
import { deliverOutbox } from "~/lib/jobs.server";
import { singleLine } from "~/lib/plain-text";
import { bookPlace, cancelBooking, sendApologies } from "~/models/booking.server";
import { listFeedEvents, resetCalendarFeedToken } from "~/models/calendar-feed.server";
import { cancelWorkshop, createWorkshop, getWorkshop, updateWorkshop } from "~/models/workshop.server";
import { queueEmail } from "~/models/outbox.server";
import { createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { HOSTILE_WORDS, hasControl } from "../hostile-text";

let server: SMTPServer | undefined;

/** A real SMTP server on a loopback port; each accepted message with its envelope recipients. */
async function startSmtp() {
  const received: Array<{ to: string[]; data: string }> = [];
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const mailer = createMailer(`smtp://127.0.0.1:${port}`)!;
  /** Sends what is due and returns the messages the server accepted in this round, parsed. */
  async function deliver() {
    const before = received.length;
    await deliverOutbox({ mailer, now: new Date(Date.now() + 60_000) });
    return Promise.all(
      received.slice(before).map(async (message) => ({ to: message.to, mail: await simpleParser(message.data) })),
    );
  }
  return { deliver, received };
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The inline text/calendar part (the alternative calendars read), or undefined when the email has none. */
function calendarPart(mail: ParsedMail): Attachment | undefined {
  const parts = mail.attachments.filter((a) => a.contentType === "text/calendar");
  expect(parts.length).toBeLessThanOrEqual(1);
  return parts[0];
}

type Invitation = {
  /** The method parameter of the part's Content-Type. */
  contentTypeMethod: string | undefined;
  method: string;
  /** The part's text as it arrived. */
  raw: string;
  events: ICAL.Component[];
  event: ICAL.Component;
};

function readInvitation(mail: ParsedMail): Invitation {
  const part = calendarPart(mail);
  expect(part, `"${mail.subject}" has no text/calendar part`).toBeDefined();
  const contentType = part!.headers.get("content-type") as { value: string; params: Record<string, string> };
  const raw = part!.content.toString("utf8");
  const calendar = new ICAL.Component(ICAL.parse(raw));
  const events = calendar.getAllSubcomponents("vevent");
  expect(events).toHaveLength(1);
  return {
    contentTypeMethod: contentType.params.method,
    method: String(calendar.getFirstPropertyValue("method")),
    raw,
    events,
    event: events[0],
  };
}

/** An ORGANIZER or ATTENDEE: its address (without mailto:) and parameters, as ical.js reads them. */
function person(property: ICAL.Property) {
  return {
    address: String(property.getFirstValue()).replace(/^mailto:/i, ""),
    cn: property.getParameter("cn"),
    partstat: property.getParameter("partstat"),
    rsvp: property.getParameter("rsvp"),
    role: property.getParameter("role"),
  };
}

function expectEntry(
  invitation: Invitation,
  expected: { method: "REQUEST" | "CANCEL"; uid: string; sequence: number; status: string },
) {
  const { event } = invitation;
  expect(invitation.method).toBe(expected.method);
  expect(invitation.contentTypeMethod).toBe(expected.method);
  expect(event.getAllProperties("uid").map((p) => p.getFirstValue())).toEqual([expected.uid]);
  expect(event.getFirstPropertyValue("sequence")).toBe(expected.sequence);
  expect(event.getFirstPropertyValue("status")).toBe(expected.status);
  expect(event.getFirstPropertyValue("dtstamp")).toBeTruthy();
}

describe("calendar invitations in booking emails, through SMTP", () => {
  it("booking, change and cancellation update one entry: same UID, rising SEQUENCE, organiser and attendee", async () => {
    const { deliver } = await startSmtp();
    const member = await createTestMember({ tier: 1, name: "Sam Okafor" });
    const waiting = await createTestMember({ tier: 1 });
    const other = await createTestMember({ tier: 1 });
    const { id } = createWorkshop({ input: testWorkshopInput({ capacity: 2 }), createdBy: null });
    bookPlace({ workshopId: id, memberId: member.id });
    bookPlace({ workshopId: id, memberId: other.id });
    expect(bookPlace({ workshopId: id, memberId: waiting.id }).status).toBe("waiting");
    const uid = eventUid({ workshopId: id, memberId: member.id });
    expect(uid).toBe(`workshop-${id}-member-${member.id}@champions-network`);

    const firstRound = await deliver();
    const booked = firstRound.find((m) => m.to[0] === member.email)!;
    expect(booked.mail.subject).toBe("Booking confirmed: Tier 1 workshop");
    const invitation = readInvitation(booked.mail);
    expectEntry(invitation, { method: "REQUEST", uid, sequence: 0, status: "CONFIRMED" });
    const { event } = invitation;
    const workshop = getWorkshop({ id })!;
    expect(event.getFirstPropertyValue("summary")).toBe("Tier 1 workshop");
    expect(event.getFirstPropertyValue("location")).toBe("Town Hall");
    expect(String(event.getFirstPropertyValue("description"))).toContain("Duty to Refer");
    const start = event.getFirstPropertyValue("dtstart") as ICAL.Time;
    const end = event.getFirstPropertyValue("dtend") as ICAL.Time;
    expect(start.toJSDate().getTime()).toBe(workshop.startsAt.getTime());
    expect(end.toJSDate().getTime()).toBe(workshop.endsAt.getTime());
    expect(start.zone?.tzid).toBe("UTC");
    const organiser = event.getAllProperties("organizer");
    expect(organiser).toHaveLength(1);
    expect(person(organiser[0])).toMatchObject({ address: fromMailbox().address, cn: "Champions Network" });
    // The organiser is who the email is from.
    expect(booked.mail.from?.value[0].address).toBe(fromMailbox().address);
    // Written as Outlook writes them: enumerated parameters unquoted.
    expect(invitation.raw.replace(/\r\n[ \t]/g, "")).toContain(
      `\r\nATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE;CN="Sam Okafor":mailto:${member.email}\r\n`,
    );
    const attendees = event.getAllProperties("attendee");
    expect(attendees.map(person)).toEqual([
      { address: member.email, cn: "Sam Okafor", partstat: "ACCEPTED", rsvp: "FALSE", role: "REQ-PARTICIPANT" },
    ]);
    // The waiting-list email carries no entry: the member has no place to put in a calendar.
    const waitingEmail = firstRound.find((m) => m.to[0] === waiting.email)!;
    expect(waitingEmail.mail.subject).toBe("On the waiting list: Tier 1 workshop");
    expect(calendarPart(waitingEmail.mail)).toBeUndefined();

    // The time changes: the same entry moves.
    const later = new Date(workshop.startsAt.getTime() + 2 * 3600_000);
    updateWorkshop({
      id,
      input: testWorkshopInput({
        capacity: 2,
        startsAt: later,
        endsAt: new Date(later.getTime() + 3600_000),
        venue: "County Hall",
        bookingClosesAt: workshop.bookingClosesAt,
      }),
    });
    const changes = await deliver();
    const changed = readInvitation(changes.find((m) => m.to[0] === member.email)!.mail);
    expectEntry(changed, { method: "REQUEST", uid, sequence: 1, status: "CONFIRMED" });
    expect((changed.event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime()).toBe(later.getTime());
    expect(changed.event.getFirstPropertyValue("location")).toBe("County Hall");
    // Those waiting are told of the change, with no calendar entry.
    const waitingChange = changes.find((m) => m.to[0] === waiting.email)!;
    expect(waitingChange.mail.subject).toBe("Changed: Tier 1 workshop");
    expect(calendarPart(waitingChange.mail)).toBeUndefined();

    // The .ics download and the private feed name the same entry, at the same SEQUENCE.
    const token = resetCalendarFeedToken({ memberId: member.id });
    const feed = new ICAL.Component(ICAL.parse(buildCalendar(listFeedEvents({ token })!)));
    const feedEvent = feed.getFirstSubcomponent("vevent")!;
    expect([feedEvent.getFirstPropertyValue("uid"), feedEvent.getFirstPropertyValue("sequence")]).toEqual([uid, 1]);

    // The coordinator cancels the workshop: the entry is cancelled, at a higher SEQUENCE.
    cancelWorkshop({ id, reason: "Room flooded" });
    const cancellations = await deliver();
    const cancelled = readInvitation(cancellations.find((m) => m.to[0] === member.email)!.mail);
    expectEntry(cancelled, { method: "CANCEL", uid, sequence: 2, status: "CANCELLED" });
    expect(cancelled.event.getAllProperties("attendee").map((p) => person(p).address)).toEqual([member.email]);
    expect(calendarPart(cancellations.find((m) => m.to[0] === waiting.email)!.mail)).toBeUndefined();
  });

  it("a member cancels and books again, a place passes to the waiting list, apologies name a deputy: each entry outranks the last", async () => {
    const { deliver } = await startSmtp();
    const organisation = createTestOrganisation();
    const [first, second, deputy] = [
      await createTestMember({ tier: 1, organisationId: organisation.id }),
      await createTestMember({ tier: 1 }),
      await createTestMember({ tier: 1, organisationId: organisation.id, name: "Dara Deputy" }),
    ];
    const { id } = createWorkshop({ input: testWorkshopInput({ capacity: 1 }), createdBy: null });
    const uid = eventUid({ workshopId: id, memberId: first.id });
    const sentTo = async (email: string) => (await deliver()).filter((m) => m.to[0] === email);
    // Each step a second after the last, as people do: an email about a booking is keyed by the booking's change.
    const start = Date.now() - 30_000;
    const at = (second: number) => new Date(start + second * 1000);

    bookPlace({ workshopId: id, memberId: first.id, now: at(0) });
    expectEntry(readInvitation((await sentTo(first.email))[0].mail), {
      method: "REQUEST",
      uid,
      sequence: 0,
      status: "CONFIRMED",
    });

    cancelBooking({ workshopId: id, memberId: first.id, now: at(1) });
    const [ownCancellation] = await sentTo(first.email);
    expect(ownCancellation.mail.subject).toBe("Booking cancelled: Tier 1 workshop");
    expect(ownCancellation.mail.text).toContain("You have cancelled your place");
    expectEntry(readInvitation(ownCancellation.mail), { method: "CANCEL", uid, sequence: 1, status: "CANCELLED" });

    bookPlace({ workshopId: id, memberId: first.id, now: at(2) });
    expectEntry(readInvitation((await sentTo(first.email))[0].mail), {
      method: "REQUEST",
      uid,
      sequence: 2,
      status: "CONFIRMED",
    });

    // Full: the second member waits (no entry), and is promoted with an invitation when the first cancels again.
    expect(bookPlace({ workshopId: id, memberId: second.id, now: at(3) }).status).toBe("waiting");
    const [waitingEmail] = await sentTo(second.email);
    expect(calendarPart(waitingEmail.mail)).toBeUndefined();
    cancelBooking({ workshopId: id, memberId: first.id, now: at(4) });
    const round = await deliver();
    const promoted = round.find((m) => m.to[0] === second.email)!;
    expect(promoted.mail.subject).toBe("A place has come up: Tier 1 workshop");
    expectEntry(readInvitation(promoted.mail), {
      method: "REQUEST",
      uid: eventUid({ workshopId: id, memberId: second.id }),
      sequence: 0,
      status: "CONFIRMED",
    });
    expectEntry(readInvitation(round.find((m) => m.to[0] === first.email)!.mail), {
      method: "CANCEL",
      uid,
      sequence: 3,
      status: "CANCELLED",
    });

    // On another workshop the first member sends apologies naming a colleague: their own entry is cancelled,
    // and the deputy's place comes with an entry.
    const deputyWorkshop = createWorkshop({ input: testWorkshopInput({ capacity: 1 }), createdBy: null });
    bookPlace({ workshopId: deputyWorkshop.id, memberId: first.id, now: at(5) });
    await deliver();
    sendApologies({ workshopId: deputyWorkshop.id, memberId: first.id, deputyId: deputy.id, now: at(6) });
    const apologiesRound = await deliver();
    const apologies = apologiesRound.find((m) => m.to[0] === first.email)!;
    expect(apologies.mail.subject).toBe("Apologies sent: Tier 1 workshop");
    expect(apologies.mail.text).toContain("Dara Deputy will go in your place");
    expectEntry(readInvitation(apologies.mail), {
      method: "CANCEL",
      uid: eventUid({ workshopId: deputyWorkshop.id, memberId: first.id }),
      sequence: 1,
      status: "CANCELLED",
    });
    const deputised = apologiesRound.find((m) => m.to[0] === deputy.email)!;
    expect(deputised.mail.subject).toMatch(/^You are booked in place of /);
    expectEntry(readInvitation(deputised.mail), {
      method: "REQUEST",
      uid: eventUid({ workshopId: deputyWorkshop.id, memberId: deputy.id }),
      sequence: 0,
      status: "CONFIRMED",
    });
  });

  it("hostile titles, places and names stay text: no forged property, event, attendee or header", async () => {
    const { deliver, received } = await startSmtp();
    const forgery = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged@example.com\r\nSUMMARY:Forged";
    const titles = [
      `Duty to Refer${forgery}`,
      "Rough sleeping, hospital discharge; B&B \\ hostels",
      "Bcc injection\r\nBcc: attacker@example.com",
      "Prévention — 住宅 🏠 ,;\\ \u2028ATTENDEE:mailto:attacker@example.com",
      ...HOSTILE_WORDS.slice(0, 14),
    ];
    const venues = [
      "County Hall\r\nLOCATION:Somewhere else",
      "Room 1, Floor 2; \\Annexe\\",
      'Hall "A"\nATTENDEE;CN=Eve:mailto:attacker@example.com',
    ];
    const names = [
      'Eve" ;ROLE=CHAIR;X="',
      'Ann "Nan" O\'Brien:mailto:attacker@example.com',
      "Zoë ^ Smith\r\nDTSTART:1",
    ];
    const cases = titles.map((title, i) => ({
      title,
      venue: venues[i % venues.length],
      name: names[i % names.length],
    }));
    for (const { title, venue, name } of cases) {
      const member = await createTestMember({ tier: 1, name });
      const { id } = createWorkshop({ input: testWorkshopInput({ title, venue }), createdBy: null });
      bookPlace({ workshopId: id, memberId: member.id });
      const [sent] = await deliver();
      const label = JSON.stringify({ title, venue, name });
      expect(sent.to, label).toEqual([member.email]);
      expect(sent.mail.headers.has("bcc"), label).toBe(false);
      expect(sent.mail.subject, label).toMatch(/^Booking confirmed: \S/);
      expect(hasControl(sent.mail.subject!), label).toBe(false);
      const invitation = readInvitation(sent.mail);
      expectEntry(invitation, {
        method: "REQUEST",
        uid: eventUid({ workshopId: id, memberId: member.id }),
        sequence: 0,
        status: "CONFIRMED",
      });
      const { event } = invitation;
      for (const name of ["summary", "location", "dtstart", "dtend", "organizer", "attendee", "status", "sequence"]) {
        expect(event.getAllProperties(name), `${name}: ${label}`).toHaveLength(1);
      }
      expect(event.getFirstPropertyValue("summary"), label).toBe(singleLine(title));
      expect(event.getFirstPropertyValue("location"), label).toBe(singleLine(venue));
      const attendee = person(event.getFirstProperty("attendee")!);
      expect(attendee, label).toMatchObject({ address: member.email, partstat: "ACCEPTED", rsvp: "FALSE" });
      expect(attendee.cn, label).toBe(singleLine(name));
      expect(person(event.getFirstProperty("organizer")!).address, label).toBe(fromMailbox().address);
      expect((event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime(), label).toBe(
        getWorkshop({ id })!.startsAt.getTime(),
      );
    }
    expect(received).toHaveLength(cases.length);
  });
});

/** Each header field as it arrived, unfolded (RFC 5322 section 2.2.3: a CRLF before a space or tab is removed). */
function unfoldedHeaderLines(mail: ParsedMail) {
  return new Map(mail.headerLines.map((h) => [h.key, h.line.replace(/\r\n(?=[ \t])/g, "")]));
}

describe("an invitation's METHOD", () => {
  it("is the same in the file and in the part's Content-Type: an email that would disagree is not sent", async () => {
    const { received, deliver } = await startSmtp();
    const member = await createTestMember({ tier: 1 });
    const { id } = createWorkshop({ input: testWorkshopInput(), createdBy: null });
    bookPlace({ workshopId: id, memberId: member.id });
    const { calendar } = getDb().select().from(outbox).get()!;
    queueEmail({
      dedupeKey: "mismatch",
      memberId: member.id,
      to: member.email,
      subject: "Cancelled: Tier 1 workshop",
      body: "Dear Sam,",
      kind: "cancelled",
      calendar: { method: "CANCEL", ics: calendar! },
    });
    const sent = await deliver();
    expect(sent.map((m) => m.mail.subject)).toEqual(["Booking confirmed: Tier 1 workshop"]);
    expect(received).toHaveLength(1);
    const mismatch = getDb().select().from(outbox).all()[1];
    expect(mismatch).toMatchObject({ dedupeKey: "mismatch", status: "pending", attempts: 1 });
    expect(mismatch.lastError).toMatch(/METHOD is not the one it is sent with/);
  });
});

describe("extra header fields, through SMTP", () => {
  function queueWithHeaders(dedupeKey: string, headers: Record<string, string>) {
    queueEmail({
      dedupeKey,
      memberId: null,
      to: "champion@example.org",
      subject: "The network this month",
      body: "Dear Sam,\n\nThe digest.",
      kind: "digest",
      headers,
    });
  }

  it("one-click unsubscribe arrives as List-Unsubscribe and List-Unsubscribe-Post", async () => {
    const { deliver } = await startSmtp();
    const link = "https://champions.example.org/unsubscribe/digest/12/abcDEF-123_x";
    queueWithHeaders("digest:1", {
      "List-Unsubscribe": `<${link}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    const [sent] = await deliver();
    const lines = unfoldedHeaderLines(sent.mail);
    expect(lines.get("list-unsubscribe")).toBe(`List-Unsubscribe: <${link}>`);
    expect(lines.get("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    // mailparser reads them as the list fields RFC 2369 and RFC 8058 define.
    expect(sent.mail.headers.get("list")).toEqual({
      unsubscribe: { url: link },
      "unsubscribe-post": { name: "List-Unsubscribe=One-Click" },
    });
  });

  it("a value with a line break stays one field, and cannot add a header or a recipient", async () => {
    const { deliver } = await startSmtp();
    const breaks = ["\r\n", "\r", "\n", "\u2028", "\x85", "\0"];
    breaks.forEach((br, i) =>
      queueWithHeaders(`digest:break:${i}`, {
        "List-Unsubscribe": `<https://champions.example.org/unsubscribe/${i}>${br}Bcc: attacker@example.com`,
        "List-Unsubscribe-Post": `List-Unsubscribe=One-Click${br}X-Injected: yes`,
      }),
    );
    const sent = await deliver();
    expect(sent).toHaveLength(breaks.length);
    for (const [i, { to, mail }] of sent.entries()) {
      expect(to).toEqual(["champion@example.org"]);
      const keys = mail.headerLines.map((h) => h.key);
      expect(keys, JSON.stringify(breaks[i])).not.toContain("bcc");
      expect(keys).not.toContain("x-injected");
      expect(keys.filter((k) => k === "list-unsubscribe")).toHaveLength(1);
      // One line of plain ASCII: no control character or line separator, not even inside an encoded word.
      expect(unfoldedHeaderLines(mail).get("list-unsubscribe-post"), JSON.stringify(breaks[i])).toBe(
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click X-Injected: yes",
      );
    }
  });

  it("a field the mailer writes itself (Bcc, From, Content-Type) or a malformed name is refused, and never sent", async () => {
    const { received, deliver } = await startSmtp();
    const names = ["Bcc", "from", "Content-Type", "X-A: b\r\nBcc", "X A"];
    for (const name of names) {
      expect(() => queueWithHeaders(`digest:${name}`, { [name]: "attacker@example.com" }), name).toThrow(
        /cannot be an extra header field/,
      );
    }
    expect(getDb().select().from(outbox).all()).toEqual([]);
    // A row written some other way (an older version, a hand-made fix) is refused by the mailer all the same.
    queueWithHeaders("digest:stored", { "List-Unsubscribe": "<https://champions.example.org/unsubscribe/1>" });
    names.forEach((name, i) =>
      getDb()
        .insert(outbox)
        .values({
          ...getDb().select().from(outbox).get()!,
          id: undefined,
          dedupeKey: `digest:stored:${i}`,
          headers: JSON.stringify({ [name]: "attacker@example.com" }),
        })
        .run(),
    );
    await deliver();
    expect(received).toHaveLength(1);
    const refused = getDb().select().from(outbox).all().slice(1);
    expect(refused.map((r) => [r.status, r.lastError])).toEqual(
      names.map(() => ["pending", expect.stringMatching(/cannot be an extra header field/)]),
    );
  });
});
