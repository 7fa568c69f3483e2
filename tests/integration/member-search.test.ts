/**
 * The members list's search finds exactly what SQLite's LIKE finds (name,
 * email or job title holding the text; ASCII letters in either case, other
 * letters as typed; % and _ as themselves), whether the matches are few (read
 * by id from the texts kept in memory) or many (left to LIKE), and it sees a
 * change to a member at once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { getDb, openDatabase } from "~/lib/db.server";
import { countMembers, memberSearchLimits, pageMembers, type MemberFilters } from "~/models/member.server";
import { createTestMember } from "../factories";

const PEOPLE: Array<{ name: string; email: string; jobTitle: string; tier: 1 | 2 | 3 }> = [
  { name: "Anna O'Neil", email: "ANNA.ONEIL@Example.org", jobTitle: "Housing officer", tier: 1 },
  { name: "ÉLODIE Dupont", email: "elodie@example.org", jobTitle: "Nurse", tier: 2 },
  { name: "élodie Martin", email: "emartin@example.org", jobTitle: "", tier: 1 },
  { name: "Sam Fifty", email: "sam@example.org", jobTitle: "50% discharge, 50% wards", tier: 3 },
  { name: "Joanne Under", email: "j_under@example.org", jobTitle: "Support_worker", tier: 1 },
  { name: "Hannah Annan", email: "hannah@council.example", jobTitle: "Duty to Refer officer", tier: 2 },
  { name: "Zoë Strauß", email: "zoe@example.org", jobTitle: "Probation officer", tier: 1 },
  { name: "Back Slash", email: "slash@example.org", jobTitle: "a\\b path", tier: 3 },
];
const QUERIES = [
  "ann",
  "ANN",
  "élo",
  "ÉLO",
  "Elo",
  "50%",
  "%",
  "_",
  "j_u",
  "o_u",
  "example",
  "@",
  "OFFICER",
  "straß",
  "STRASS",
  "ë",
  "a\\b",
  "\\",
  "xyz",
  "o",
  "constructor",
  "__proto__",
  "toString",
  " ",
  "'",
  // A bare CR, and the separator the kept texts put between fields (a search holding it is left to LIKE).
  "\r",
  "a\rb",
  "\u0001",
  "n\u0001e",
  "x".repeat(100),
];

/** What LIKE finds for the text, in the list's order. */
function likeFinds(query: string, filters: MemberFilters = {}) {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return getDb()
    .$client.prepare(
      `SELECT id FROM members WHERE (name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR job_title LIKE ? ESCAPE '\\')
        AND (? IS NULL OR tier = ?) ORDER BY name, id`,
    )
    .pluck()
    .all(pattern, pattern, pattern, filters.tier ?? null, filters.tier ?? null) as number[];
}

/** Every page of the search, five at a time, walked by its next links. */
function walk(filters: MemberFilters) {
  const ids: number[] = [];
  let after: number | undefined;
  for (let i = 0; i < 100; i++) {
    const page = pageMembers(filters, { after, limit: 5 });
    ids.push(...page.members.map((m) => m.id));
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  return ids;
}

afterEach(() => {
  memberSearchLimits.fewMatches = 2_000;
});

describe("the members list's search", () => {
  it("finds what LIKE finds, few matches or many, alone or with another filter", async () => {
    for (const person of PEOPLE) await createTestMember(person);
    for (let i = 0; i < 12; i++) await createTestMember({ name: `Filler ${i}`, email: `filler${i}@example.org` });
    for (const fewMatches of [2_000, 3]) {
      memberSearchLimits.fewMatches = fewMatches;
      for (const query of QUERIES) {
        for (const filters of [{ query }, { query, tier: 1 as const }]) {
          const expected = likeFinds(query, filters);
          const label = `${JSON.stringify(filters)} with fewMatches ${fewMatches}`;
          expect(walk(filters), label).toEqual(expected);
          expect(countMembers(filters), label).toBe(expected.length);
        }
      }
    }
    // Case is ignored for ASCII letters only, as LIKE does: "élo" finds one of the two.
    expect(likeFinds("élo")).toHaveLength(1);
    expect(likeFinds("ann").length).toBeGreaterThan(2);
  });

  it("sees a renamed member at once, changed from another connection", async () => {
    const member = await createTestMember({ name: "Priya Bramble" });
    expect(walk({ query: "bramble" })).toEqual([member.id]);
    expect(countMembers({ query: "thistle" })).toBe(0);
    const other = openDatabase(process.env.DATABASE_URL!);
    other.$client.prepare("UPDATE members SET name = 'Priya Thistle' WHERE id = ?").run(member.id);
    other.$client.close();
    expect([walk({ query: "thistle" }), countMembers({ query: "thistle" })]).toEqual([[member.id], 1]);
    expect(walk({ query: "bramble" })).toEqual([]);
  });
});
