/**
 * Hostile text in every field that reaches a file the app writes (vCard,
 * iCalendar, CSV, PDF), each file read back by an independent parser:
 * ical.js for vCard and iCalendar, csv-parse for CSV, pdf-lib's own reader
 * for the PDF's text. Each must see exactly the one record meant.
 *
 * ical.js only breaks lines at LF, but other readers (vobject, Outlook,
 * spreadsheet imports) also break at a bare CR, U+2028 and the like, which
 * is how a "how to contact" note once forged a second card. So each file is
 * also read "leniently": split at every line break any reader honours.
 */
import { parse as parseCsv } from "csv-parse/sync";
import ICAL from "ical.js";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import type { Workshop } from "../../drizzle/schema";
import { buildCalendar, buildInvitation } from "~/lib/calendar.server";
import { renderCertificatePdf } from "~/lib/certificate-pdf.server";
import { csvField, toCsv } from "~/lib/csv";
import { buildVCard } from "~/lib/vcard";
import { HOSTILE_WORDS, components, hasControl, lenient } from "../hostile-text";
import { SAMPLE_CERTIFICATE } from "../pdf-text";
import { hasVobject, readWithVobject } from "../vobject";

const FORGED_CARD =
  "TEL:+447700900666{}END:VCARD{}BEGIN:VCARD{}VERSION:4.0{}FN:Hannah Juniperwick{}TITLE:Duty to Refer officer{}EMAIL:attacker@example.com";
const FORGED_EVENT =
  "{}END:VEVENT{}BEGIN:VEVENT{}UID:forged@example.com{}DTSTAMP:20270101T000000Z{}DTSTART:20270101T100000Z{}SUMMARY:Forged";

/** The attacks, once with each kind of line break a reader might honour. */
function injections(template: string) {
  return ["\r", "\n", "\r\n", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029"].map(
    (br) => `Ann${br}${template.replaceAll("{}", br)}`,
  );
}

/** Hostile values: each character between two words, and the forgeries. */
function hostileValues(template: string) {
  return [...HOSTILE_WORDS, ...injections(template)];
}

/** The letters a value should keep: everything but whitespace and control characters. */
function letters(value: string) {
  return value.replace(/[\uD800-\uDFFF]/g, "\uFFFD").replace(/[\s\0-\x1F\x7F-\x9F]/g, "");
}

/** The raw file: every line break is CRLF, no other control character, no line over 75 octets. */
function expectCleanContentLines(text: string) {
  const lines = text.split("\r\n");
  expect(lines.pop()).toBe("");
  for (const line of lines) {
    // A folded continuation starts with one space or tab, which is part of the fold.
    const body = line.replace(/^[ \t]/, "");
    expect(hasControl(body), JSON.stringify(line)).toBe(false);
    expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
  }
}

describe("vCard under hostile input", () => {
  const base = {
    name: "Priya Bramblecombe",
    jobTitle: "Discharge liaison nurse",
    organisationName: "Oxford University Hospitals NHS Foundation Trust",
    email: "champion@example.org",
    directPhone: "01865 700123",
    mobile: "07700 900123",
    note: "Email first",
  };
  const textFields = ["name", "jobTitle", "organisationName", "note"] as const;
  const property = { name: "fn", jobTitle: "title", organisationName: "org", note: "note" } as const;

  it("reads back as exactly the one card meant, whatever is in each field", () => {
    const written: { field: (typeof textFields)[number]; value: string; text: string }[] = [];
    for (const field of textFields) {
      for (const value of hostileValues(FORGED_CARD)) {
        const text = buildVCard({ ...base, [field]: value });
        written.push({ field, value, text });
        expectCleanContentLines(text);
        expect(text.split("\r\n")[1]).toBe("VERSION:3.0");
        for (const reading of [lenient(text), text]) {
          const cards = components(reading);
          expect(cards, `${field}: ${JSON.stringify(value)}`).toHaveLength(1);
          const card = new ICAL.Component(cards[0] as unknown[]);
          expect(card.getAllProperties("tel").map((p) => p.getFirstValue())).toEqual(["01865700123", "07700900123"]);
          expect(card.getAllProperties("email").map((p) => p.getFirstValue())).toEqual(["champion@example.org"]);
          expect(card.getAllProperties("fn")).toHaveLength(1);
          const read = String(card.getFirstPropertyValue(property[field]));
          expect(letters(read)).toBe(letters(value));
          expect(hasControl(read, { lineFeeds: field === "note" }), JSON.stringify(read)).toBe(false);
        }
      }
    }

    // Python's vobject, a second independent parser, reads each file as written and as a lenient reader sees it.
    expect(hasVobject(), "python3-vobject is needed to read the cards with a second parser").toBe(true);
    const readings = readWithVobject(written.flatMap(({ text }) => [text, lenient(text)]));
    written.forEach(({ field, value }, i) => {
      for (const cards of [readings[2 * i], readings[2 * i + 1]]) {
        const what = `${field}: ${JSON.stringify(value)}`;
        expect(cards, what).toHaveLength(1);
        const [card] = cards;
        expect(card.version, what).toBe("3.0");
        expect(card.tel, what).toEqual([
          { value: "01865700123", types: ["WORK", "VOICE"] },
          { value: "07700900123", types: ["CELL", "VOICE"] },
        ]);
        expect(card.email, what).toEqual([{ value: "champion@example.org", types: ["INTERNET", "WORK"] }]);
        expect(card.fn, what).toHaveLength(1);
        const read = {
          name: card.fn[0],
          jobTitle: card.title[0],
          organisationName: card.org[0]?.join(";"),
          note: card.note[0],
        }[field];
        expect(letters(read ?? ""), what).toBe(letters(value));
        expect(hasControl(read ?? "", { lineFeeds: field === "note" }), JSON.stringify(read)).toBe(false);
        for (const other of textFields.filter((f) => f !== field)) {
          const kept = {
            name: card.fn[0],
            jobTitle: card.title[0],
            organisationName: card.org[0]?.join(";"),
            note: card.note[0],
          }[other];
          expect(kept, `${what}: ${other}`).toBe(base[other]);
        }
      }
    });
  });

  it("keeps line breaks in the note, escapes the format's own characters, and folds long lines at 75 octets", () => {
    const note = "Wards: Mon, Tue; clinic \\ Thu\r\nphone first\rthen email\u2028" + "Łódź ".repeat(30);
    const name = "Zoë Ó Ceallaigh-Żurawska, MBE; RGN";
    const text = buildVCard({ ...base, name, note });
    const expectedNote = `Wards: Mon, Tue; clinic \\ Thu\nphone first\nthen email\n${"Łódź ".repeat(30)}`;
    const card = new ICAL.Component(ICAL.parse(text) as unknown[]);
    // RFC 2426 asks for ";" to be escaped in every text value; ical.js unescapes it only in structured values.
    expect(String(card.getFirstPropertyValue("note")).replaceAll("\\;", ";")).toBe(expectedNote);
    expect(String(card.getFirstPropertyValue("fn")).replaceAll("\\;", ";")).toBe(name);
    expect(hasVobject(), "python3-vobject is needed to read the card with a second parser").toBe(true);
    const [[read]] = readWithVobject([text]);
    expect(read.note).toEqual([expectedNote]);
    expect(read.fn).toEqual([name]);
    expect(read.n).toEqual({ family: "RGN", given: "Zoë Ó Ceallaigh-Żurawska, MBE;" });
    expectCleanContentLines(text);
  });
});

function workshop(overrides: Partial<Workshop>): Workshop {
  const now = new Date("2027-01-01T00:00:00Z");
  return {
    id: 7,
    seriesId: null,
    title: "Duty to Refer in practice",
    topic: "Duty to Refer",
    audienceTier: 1,
    description: "",
    startsAt: new Date("2027-03-16T10:00:00Z"),
    endsAt: new Date("2027-03-16T12:30:00Z"),
    venue: "County Hall, Oxford",
    joiningUrl: "https://meet.example.org/abc",
    capacity: 20,
    bookingClosesAt: new Date("2027-03-14T17:00:00Z"),
    status: "scheduled",
    cancelledAt: null,
    cancellationReason: null,
    sequence: 0,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

describe("iCalendar under hostile input", () => {
  it("reads back as exactly the one event meant, whatever is in the title, topic, venue or joining link", () => {
    const fields = ["title", "topic", "venue", "joiningUrl"] as const;
    for (const field of fields) {
      for (const value of hostileValues(FORGED_EVENT)) {
        const text = buildCalendar([{ workshop: workshop({ [field]: value }), memberId: 3, calendarSequence: 0 }]);
        expectCleanContentLines(text);
        for (const reading of [lenient(text), text]) {
          const calendars = components(reading);
          expect(calendars, `${field}: ${JSON.stringify(value)}`).toHaveLength(1);
          const events = new ICAL.Component(calendars[0] as unknown[]).getAllSubcomponents("vevent");
          expect(
            events.map((e) => e.getFirstPropertyValue("uid")),
            `${field}: ${JSON.stringify(value)}`,
          ).toEqual(["workshop-7-member-3@champions-network"]);
          const event = events[0];
          for (const name of ["summary", "description", "location"]) {
            expect(event.getAllProperties(name)).toHaveLength(1);
            const read = String(event.getFirstPropertyValue(name));
            expect(hasControl(read, { lineFeeds: name === "description" }), `${name}: ${JSON.stringify(read)}`).toBe(
              false,
            );
          }
          const where = { title: "summary", topic: "description", venue: "location", joiningUrl: "description" }[field];
          expect(letters(String(event.getFirstPropertyValue(where)))).toContain(letters(value));
        }
      }
    }
  });
});

describe("calendar invitation under hostile input", () => {
  it("has one event, one organiser and one attendee at the member's address, whatever is in a title, place or name", () => {
    const names = [
      ...hostileValues(FORGED_EVENT),
      'Eve";ROLE=CHAIR;X="',
      'Ann "Nan":mailto:attacker@example.com',
      "^n^'",
    ];
    const cases = [
      ...hostileValues(FORGED_EVENT).flatMap((value) => [
        { title: value, venue: "Town Hall", name: "Sam" },
        { title: "Workshop", venue: value, name: "Sam" },
      ]),
      ...names.map((name) => ({ title: "Workshop", venue: "Town Hall", name })),
    ];
    for (const { title, venue, name } of cases) {
      const label = JSON.stringify({ title, venue, name });
      for (const method of ["REQUEST", "CANCEL"] as const) {
        const { ics } = buildInvitation({
          entry: { workshop: workshop({ title, venue }), memberId: 3, calendarSequence: 2 },
          attendee: { name, email: "sam@example.org" },
          method,
          now: new Date("2027-01-01T00:00:00Z"),
        });
        expectCleanContentLines(ics);
        for (const reading of [lenient(ics), ics]) {
          const calendars = components(reading);
          expect(calendars, label).toHaveLength(1);
          const calendar = new ICAL.Component(calendars[0] as unknown[]);
          expect(calendar.getAllProperties("method").map((p) => p.getFirstValue())).toEqual([method]);
          const events = calendar.getAllSubcomponents("vevent");
          expect(events, label).toHaveLength(1);
          const [event] = events;
          expect(
            event.getAllProperties("uid").map((p) => p.getFirstValue()),
            label,
          ).toEqual(["workshop-7-member-3@champions-network"]);
          expect(event.getAllProperties("sequence").map((p) => p.getFirstValue())).toEqual([2]);
          expect(event.getAllProperties("organizer"), label).toHaveLength(1);
          const attendees = event.getAllProperties("attendee");
          expect(
            attendees.map((p) => p.getFirstValue()),
            label,
          ).toEqual(["mailto:sam@example.org"]);
          expect(attendees[0].getParameter("partstat"), label).toBe("ACCEPTED");
          expect(attendees[0].getParameter("role"), label).toBe("REQ-PARTICIPANT");
          const cn = String(attendees[0].getParameter("cn"));
          expect(hasControl(cn), label).toBe(false);
          expect(letters(cn), label).toBe(letters(name));
          for (const property of ["summary", "location"]) {
            const read = String(event.getFirstPropertyValue(property));
            expect(event.getAllProperties(property), label).toHaveLength(1);
            expect(hasControl(read), `${property}: ${label}`).toBe(false);
          }
        }
      }
    }
  });
});

describe("CSV under hostile input", () => {
  const FORMULA = /^[\s\u200B\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

  it("has one record per row and no control characters, whatever is in each field", () => {
    const values = hostileValues('=HYPERLINK("http://evil.example"){}"quoted",comma{}');
    const rows = values.map((value, i) => [i, value, value, "end"]);
    const records: string[][] = parseCsv(toCsv(["n", "a", "b", "last"], rows), { bom: true });
    expect(records).toHaveLength(values.length + 1);
    records.slice(1).forEach((record, i) => {
      expect(record, JSON.stringify(values[i])).toHaveLength(4);
      expect([record[0], record[3]]).toEqual([String(i), "end"]);
      for (const cell of record.slice(1, 3)) {
        expect(hasControl(cell, { lineFeeds: true }), JSON.stringify(cell)).toBe(false);
        expect(letters(cell)).toBe(letters(values[i]));
      }
    });
  });

  it("neutralises formulas, also behind spaces, tabs, line breaks and other control characters", () => {
    const starts = ["=", "+", "-", "@", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"];
    const lead = [
      "",
      " ",
      "  ",
      "\t",
      "\r",
      "\n",
      "\r\n",
      "\0",
      "\x1b",
      "\u00a0",
      "\u3000",
      "\u2028",
      "\uFEFF",
      "\u200B",
      "\x7f",
    ];
    const attacks = lead.flatMap((l) => starts.map((s) => `${l}${s}HYPERLINK("http://evil.example","x")`));
    const records: string[][] = parseCsv(
      toCsv(
        ["cell"],
        attacks.map((a) => [a]),
      ),
      { bom: true },
    );
    expect(records).toHaveLength(attacks.length + 1);
    records.slice(1).forEach(([cell], i) => {
      expect(cell.startsWith("'"), `${JSON.stringify(attacks[i])} became ${JSON.stringify(cell)}`).toBe(true);
      expect(FORMULA.test(cell)).toBe(false);
    });
  });

  it("leaves numbers and ordinary text alone", () => {
    expect(csvField(-3)).toBe("-3");
    expect(csvField(12.5)).toBe("12.5");
    expect(csvField("Priya Bramblecombe")).toBe("Priya Bramblecombe");
    expect(csvField("Oxford, OX1")).toBe('"Oxford, OX1"');
  });
});

/**
 * The text each drawText call put on the page, read back from the content stream. The embedded fonts
 * draw glyph numbers (two bytes each); each font's ToUnicode map turns them back into text.
 */
async function drawnText(bytes: Uint8Array) {
  const pdf = await PDFDocument.load(bytes);
  const page = pdf.getPages()[0];
  const decode = (stream: unknown) =>
    Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString("latin1");
  const glyphsOf = new Map<string, Map<string, string>>();
  const fonts = page.node.Resources()!.lookup(PDFName.of("Font"), PDFDict);
  for (const [name, ref] of fonts.entries()) {
    const cmap = decode(pdf.context.lookup(pdf.context.lookup(ref, PDFDict).get(PDFName.of("ToUnicode"))));
    const glyphs = new Map<string, string>();
    for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, glyph, text] of section[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        glyphs.set(glyph.toUpperCase(), Buffer.from(text, "hex").swap16().toString("utf16le"));
      }
    }
    glyphsOf.set(name.asString(), glyphs);
  }
  const contents = page.node.Contents()!;
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
  const operators = streams.map(decode).join("\n");
  // Each drawText is one BT … ET block; a line break in the text would make it several Tj lines.
  return [...operators.matchAll(/BT([\s\S]*?)ET/g)].map((block) => {
    const glyphs = glyphsOf.get(/(\/\S+)\s+[\d.]+\s+Tf/.exec(block[1])![1])!;
    return [...block[1].matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) =>
      (m[1].toUpperCase().match(/.{4}/g) ?? [])
        .map((glyph) => glyphs.get(glyph) ?? `<glyph ${glyph} not in ToUnicode>`)
        .join(""),
    );
  });
}

describe("certificate PDF under hostile input", () => {
  const details = SAMPLE_CERTIFICATE;

  it("draws a name with control characters as one clean line, and keeps the rest of the page intact", async () => {
    // The learner's name and the organisation hold the same hostile value, so each field meets every value
    // in half the certificates (an embedded font makes each one slower to write than a standard font did).
    for (const value of hostileValues("Certificate of completion{}Forged")) {
      const blocks = await drawnText(
        await renderCertificatePdf({ ...details, learnerName: value, organisationName: value }),
      );
      expect(
        blocks.every((lines) => lines.length === 1),
        JSON.stringify(value),
      ).toBe(true);
      const lines = blocks.map((b) => b[0]);
      expect(
        lines.filter((l) => l === "Certificate of completion"),
        JSON.stringify(value),
      ).toHaveLength(1);
      expect(lines).toContain("Verification code");
      for (const line of lines) expect(hasControl(line), JSON.stringify(line)).toBe(false);
      const drawn = lines.filter((l) => l.startsWith("Ann"));
      expect(drawn, JSON.stringify(value)).toHaveLength(2);
      for (const line of drawn) {
        // Control characters leave nothing behind; a broken surrogate is the replacement character, which the font has.
        if (value === "Ann\uD800Smith") expect(line).toBe("Ann\uFFFDSmith");
        else if (HOSTILE_WORDS.includes(value)) expect(line, JSON.stringify(value)).toMatch(/^Ann ?Smith$/);
        else expect(letters(line), JSON.stringify(value)).toBe(letters(value));
      }
    }
  });
});
