import { describe, expect, it } from "vitest";
import { findPersonalData, personalDataMessage } from "~/validation/personal-data-check";

const now = new Date("2026-11-30T12:00:00Z");
const find = (text: string) => findPersonalData(text, { now });

describe("the personal-data check on prevention notes", () => {
  it.each([
    ["jo.bloggs@example.org", "email address"],
    ["emailed her at SOMEONE+housing@mail.co.uk today", "email address"],
    ["reply to j @ example.com", "email address"],
    ["07700 900123", "phone number"],
    ["07700900123", "phone number"],
    ["call 07700-900-123 after 5", "phone number"],
    ["+44 7700 900123", "phone number"],
    ["+447700900123", "phone number"],
    ["0044 7700 900 123", "phone number"],
    ["landline 01865 123456", "phone number"],
    ["(01865) 123456", "phone number"],
    ["+44 (0)1865 123 456", "phone number"],
    ["020 7946 0000", "phone number"],
    ["0300 123 4567", "phone number"],
    ["QQ 12 34 56 C", "National Insurance number"],
    ["qq123456c", "National Insurance number"],
    ["NI AB123456D given", "National Insurance number"],
    ["QQ 123456", "National Insurance number"],
    ["lives at OX1 1AA", "postcode"],
    ["ox11aa", "postcode"],
    ["OX14 3DB", "postcode"],
    ["SW1A 1AA", "postcode"],
    ["M1 1AE", "postcode"],
    ["dob 12/03/2001", "date of birth"],
    ["born 4 March 2019", "date of birth"],
    ["12/03/1985", "date of birth"],
    ["12-03-85", "date of birth"],
    ["3rd July 1990", "date of birth"],
  ])("refuses %j as a %s", (text, kind) => {
    expect(find(text)).toEqual([kind]);
  });

  it.each([
    "rent arrears of £1,200",
    "within 56 days",
    "Section 21 notice served",
    "S21",
    "S21 notice, 2 months",
    "B&B for 3 nights",
    "Band 3 on the register",
    "Tier 1 champion advised",
    "referred to the council on 01/11/2026 after notice on 15.10.2026",
    "discharged on 3 November 2026",
    "arrears since 2024, owes 1200 pounds",
    "Flat share ending; 2 children; Universal Credit claim made",
    "Joint visit with the housing options team, 10:30 to 11:45",
    "prison release 28 days, no fixed abode",
    "Mrs Smith, 56 days",
    "Housing Act 1996 Part 7",
    "",
    "A1 and A2 forms",
    "Case was 0 days from eviction, used 24 hour line",
  ])("accepts %j", (text) => {
    expect(find(text)).toEqual([]);
  });

  it("finds several kinds at once and names them all, without the text itself", () => {
    const text = "jo@example.org 07700 900123 OX1 1AA";
    const kinds = find(text);
    expect(kinds).toEqual(["email address", "phone number", "postcode"]);
    const message = personalDataMessage(kinds);
    expect(message).toBe(
      "The note looks like it has an email address, phone number and postcode in it. Take it out: the log holds no personal data.",
    );
    expect(message).not.toContain("jo@example.org");
  });

  it("says which kind it found for each on its own", () => {
    expect(personalDataMessage(["National Insurance number"])).toContain("a National Insurance number");
    expect(personalDataMessage(["postcode"])).toContain("a postcode");
  });

  it("answers quickly for long hostile input", () => {
    const started = Date.now();
    find(`${"0 ".repeat(5000)}${"1-".repeat(5000)}${"a@".repeat(5000)}`);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
