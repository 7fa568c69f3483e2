import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "~/lib/csv";
import { createRateLimiter } from "~/lib/rate-limit.server";
import { buildVCard } from "~/lib/vcard";
import { toFtsQuery } from "~/models/contact.server";
import { UK_PHONE } from "~/validation/contact";
import { hasVobject, readWithVobject } from "../vobject";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvField('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
  });

  it("neutralises values a spreadsheet would run as formulas", () => {
    for (const attack of ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]) {
      expect(csvField(attack).replace(/^"/, "")).toMatch(/^'/);
    }
    expect(csvField("Plain text")).toBe("Plain text");
  });

  it("starts with a byte-order mark and uses CRLF", () => {
    expect(toCsv(["a", "b"], [[1, 2]])).toBe("\uFEFFa,b\r\n1,2\r\n");
  });
});

describe("vCard", () => {
  it("is a vCard 3.0 (RFC 2426, which Outlook imports) that two independent parsers read back", () => {
    const card = buildVCard({
      name: "Priya Bramblecombe",
      jobTitle: "Discharge liaison nurse",
      organisationName: "Oxford University Hospitals NHS Foundation Trust",
      email: "champion@example.org",
      directPhone: "01865 700123",
      note: "Email first; on wards Mon, Tue",
    });
    expect(card.split("\r\n").slice(0, 2)).toEqual(["BEGIN:VCARD", "VERSION:3.0"]);
    const vcard = new ICAL.Component(ICAL.parse(card));
    expect(vcard.getFirstPropertyValue("version")).toBe("3.0");
    expect(vcard.getFirstPropertyValue("fn")).toBe("Priya Bramblecombe");
    expect(vcard.getFirstPropertyValue("org")).toBe("Oxford University Hospitals NHS Foundation Trust");
    expect(vcard.getFirstPropertyValue("email")).toBe("champion@example.org");
    expect(vcard.getFirstPropertyValue("tel")).toBe("01865700123");
    // RFC 2426 asks for ";" to be escaped in every text value; ical.js unescapes it only in structured values.
    expect(vcard.getFirstPropertyValue("note")).toBe("Email first\\; on wards Mon, Tue");
    // No mobile was given, so the card has the work number only: no empty or made-up cell number.
    expect(vcard.getAllProperties("tel").map((tel) => [tel.getParameter("type"), tel.getFirstValue()])).toEqual([
      [["WORK", "VOICE"], "01865700123"],
    ]);

    expect(hasVobject(), "python3-vobject is needed to read the card with a second parser").toBe(true);
    const [cards] = readWithVobject([card]);
    expect(cards).toEqual([
      {
        name: "VCARD",
        version: "3.0",
        fn: ["Priya Bramblecombe"],
        n: { family: "Bramblecombe", given: "Priya" },
        org: [["Oxford University Hospitals NHS Foundation Trust"]],
        title: ["Discharge liaison nurse"],
        note: ["Email first; on wards Mon, Tue"],
        email: [{ value: "champion@example.org", types: ["INTERNET", "WORK"] }],
        tel: [{ value: "01865700123", types: ["WORK", "VOICE"] }],
      },
    ]);
  });
});

describe("directory search helpers", () => {
  it("turns typed words into prefix terms, dropping FTS5 syntax and SQL metacharacters", () => {
    expect(toFtsQuery("disch nurse")).toBe('"disch"* "nurse"*');
    expect(toFtsQuery(`' OR 1=1; DROP TABLE members; --`)).toBe('"OR"* "1"* "1"* "DROP"* "TABLE"* "members"*');
    expect(toFtsQuery('"NEAR(a b)" *')).toBe('"NEAR"* "a"* "b"*');
    expect(toFtsQuery("   ")).toBe("");
  });

  it("accepts UK phone numbers only", () => {
    for (const ok of ["01865123456", "07700900123", "+447700900123", "0207946000"])
      expect(UK_PHONE.test(ok)).toBe(true);
    for (const bad of ["12345", "+15555550100", "0186512345678", "phone me"]) expect(UK_PHONE.test(bad)).toBe(false);
  });

  it("rate-limits within a window and lets up after it", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000 });
    expect([0, 1, 2].map((t) => limiter.hit("a", t))).toEqual([0, 0, 0]);
    expect(limiter.hit("a", 500)).toBeGreaterThan(0);
    expect(limiter.hit("b", 500)).toBe(0);
    expect(limiter.hit("a", 1001)).toBe(0);
  });
});
