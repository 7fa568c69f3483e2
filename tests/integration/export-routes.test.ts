/**
 * The download routes with hostile text already in the database (rows saved
 * before text was cleaned on the way in, or written by an import): each file
 * is read back by an independent parser and holds exactly the records meant.
 */
import { parse as parseCsv } from "csv-parse/sync";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { eventUid } from "~/lib/calendar.server";
import { bookPlace } from "~/models/booking.server";
import { resetCalendarFeedToken } from "~/models/calendar-feed.server";
import { createContact } from "~/models/contact.server";
import { createWorkshop } from "~/models/workshop.server";
import { loader as vcardLoader } from "~/routes/directory.contacts.$contactId.vcard";
import { loader as exportLoader } from "~/routes/directory.export";
import { loader as feedLoader } from "~/routes/feeds.$token";
import { loader as reportCsvLoader } from "~/routes/reports.$report_.csv";
import { loader as icsLoader } from "~/routes/workshops.$workshopId.ics";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { components, hasControl, lenient } from "../hostile-text";
import { call, cookieFor, getRequest } from "../request";
import { hasVobject, readWithVobject } from "../vobject";

const FORGED_CARD =
  "\rTEL:+447700900666\rEND:VCARD\rBEGIN:VCARD\rVERSION:4.0\rFN:Hannah Juniperwick\rTITLE:Duty to Refer officer\rEMAIL:attacker@example.com";
const FORGED_EVENT =
  "\rEND:VEVENT\rBEGIN:VEVENT\rUID:forged@example.com\rDTSTAMP:20270101T000000Z\rDTSTART:20270101T100000Z\rSUMMARY:Forged";

async function world() {
  createDistricts();
  const organisation = createTestOrganisation({
    slug: "hostile",
    name: 'Hostile\u2028Trust\r=HYPERLINK("http://evil.example")',
    subjectToDutyToRefer: true,
  });
  const member = await createTestMember({
    name: "Ann\u0000Smith\rFN:Forged",
    jobTitle: "Nurse\u2029Forged title",
    organisationId: organisation.id,
    tier: 1,
  });
  const contact = createContact({
    memberId: member.id,
    details: {
      isGoTo: true,
      howToContact: `Email first${FORGED_CARD}`,
      directPhone: "01865 700123",
      showDirectPhone: true,
      mobile: "07700 900123",
      showMobile: false,
      districtIds: [],
      specialismIds: [],
    },
  });
  const startsAt = new Date(Math.floor((Date.now() + 30 * 86_400_000) / 60_000) * 60_000);
  const workshop = createWorkshop({
    input: {
      title: `Duty to Refer${FORGED_EVENT}`,
      topic: "Referrals\u0000\u2028today",
      audienceTier: 1,
      description: "",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venue: "County Hall\rLOCATION:Somewhere else",
      joiningUrl: null,
      capacity: 20,
      bookingClosesAt: new Date(startsAt.getTime() - 2 * 86_400_000),
    },
    createdBy: null,
  });
  bookPlace({ workshopId: workshop.id, memberId: member.id });
  const coordinator = await createTestMember({ role: "coordinator" });
  return {
    member,
    contact,
    workshop,
    memberCookie: await cookieFor(member.id),
    coordinatorCookie: await cookieFor(coordinator.id),
  };
}

describe("downloads with hostile text stored", () => {
  it("a contact's vCard is one card, with the real numbers only, read strictly or leniently", async () => {
    const w = await world();
    const response = await call(
      vcardLoader,
      getRequest(`/directory/contacts/${w.contact.id}/vcard`, { cookie: w.coordinatorCookie }),
      { contactId: String(w.contact.id) },
    );
    expect(response.headers.get("Content-Type")).toMatch(/text\/vcard/);
    const text = await response.text();
    for (const reading of [lenient(text), text]) {
      const cards = components(reading);
      expect(cards).toHaveLength(1);
      const card = new ICAL.Component(cards[0] as unknown[]);
      expect(card.getFirstPropertyValue("fn")).toBe("AnnSmith FN:Forged");
      expect(card.getFirstPropertyValue("title")).toBe("Nurse Forged title");
      // The hidden mobile stays hidden; the forged number and email are only words in the note.
      expect(card.getAllProperties("tel").map((p) => p.getFirstValue())).toEqual(["01865700123"]);
      expect(card.getAllProperties("email").map((p) => p.getFirstValue())).toEqual([w.member.email]);
      expect(card.getFirstPropertyValue("note")).toBe(`Email first${FORGED_CARD.replaceAll("\r", "\n")}`);
    }
    // vobject, a second parser, finds the same one card (with the hidden mobile still hidden).
    expect(hasVobject(), "python3-vobject is needed to read the card with a second parser").toBe(true);
    for (const cards of readWithVobject([text, lenient(text)])) {
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({
        version: "3.0",
        fn: ["AnnSmith FN:Forged"],
        title: ["Nurse Forged title"],
        tel: [{ value: "01865700123", types: ["WORK", "VOICE"] }],
        email: [{ value: w.member.email, types: ["INTERNET", "WORK"] }],
        note: [`Email first${FORGED_CARD.replaceAll("\r", "\n")}`],
      });
    }
  });

  it("a workshop's .ics and the member's feed hold the one event, its summary and location on one line", async () => {
    const w = await world();
    const token = resetCalendarFeedToken({ memberId: w.member.id });
    const files = [
      await call(icsLoader, getRequest(`/workshops/${w.workshop.id}/ics`, { cookie: w.memberCookie }), {
        workshopId: String(w.workshop.id),
      }),
      await call(feedLoader, getRequest(`/feeds/${token}.ics`), { token: `${token}.ics` }),
    ];
    for (const response of files) {
      expect(response.headers.get("Content-Type")).toMatch(/text\/calendar/);
      const text = await response.text();
      for (const reading of [lenient(text), text]) {
        const calendars = components(reading);
        expect(calendars).toHaveLength(1);
        const events = new ICAL.Component(calendars[0] as unknown[]).getAllSubcomponents("vevent");
        expect(events.map((e) => e.getFirstPropertyValue("uid"))).toEqual([
          eventUid({ workshopId: w.workshop.id, memberId: w.member.id }),
        ]);
        expect(events[0].getFirstPropertyValue("summary")).toBe(`Duty to Refer${FORGED_EVENT.replaceAll("\r", " ")}`);
        expect(events[0].getFirstPropertyValue("location")).toBe("County Hall LOCATION:Somewhere else");
        expect(String(events[0].getFirstPropertyValue("description")).split("\n")[0]).toBe("Referrals today");
      }
    }
  });

  it("the directory export has one record per contact, no control characters, and no live formulas", async () => {
    const w = await world();
    const response = await call(exportLoader, getRequest("/directory/export", { cookie: w.coordinatorCookie }));
    const records: string[][] = parseCsv(await response.text(), { bom: true });
    expect(records).toHaveLength(2);
    expect(records[1]).toHaveLength(records[0].length);
    const row = Object.fromEntries(records[0].map((column, i) => [column, records[1][i]]));
    // A line break stays a line break inside the quoted cell (RFC 4180), as LF; the formula is not at the start of a cell.
    expect(row).toMatchObject({
      Name: "AnnSmith\nFN:Forged",
      "Job title": "Nurse\nForged title",
      Organisation: 'Hostile\nTrust\n=HYPERLINK("http://evil.example")',
      Mobile: "",
    });
    for (const cell of records.flat()) expect(hasControl(cell, { lineFeeds: true }), JSON.stringify(cell)).toBe(false);
  });

  it("a report CSV keeps each table's rows whole and neutralises a formula in an organisation's name", async () => {
    const w = await world();
    const formula = createTestOrganisation({ slug: "formula", name: '=HYPERLINK("http://evil.example")' });
    await createTestMember({ organisationId: formula.id, tier: 2 });
    const response = await call(reportCsvLoader, getRequest("/reports/tiers/csv", { cookie: w.coordinatorCookie }), {
      report: "tiers",
    });
    expect(response.status).toBe(200);
    const records: string[][] = parseCsv(await response.text(), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
    for (const cell of records.flat()) expect(hasControl(cell, { lineFeeds: true }), JSON.stringify(cell)).toBe(false);
    const cells = records.flat();
    expect(cells).toContain('Hostile\nTrust\n=HYPERLINK("http://evil.example")');
    expect(cells).toContain('\'=HYPERLINK("http://evil.example")');
    expect(cells.filter((c) => /^\s*[=+\-@]/.test(c))).toEqual([]);
  });
});
