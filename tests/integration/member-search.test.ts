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

  it("pages a search from any member, forwards and back, as the list's order has them", async () => {
    for (const person of PEOPLE) await createTestMember(person);
    for (let i = 0; i < 12; i++) await createTestMember({ name: `Filler ${i}`, email: `filler${i}@example.org` });
    // Every member in the list's order, and where each stands in it.
    const everyone = getDb().$client.prepare("SELECT id FROM members ORDER BY name, id").pluck().all() as number[];
    const placeOf = new Map(everyone.map((id, place) => [id, place]));
    const limit = 3;
    /** The page the list gives after (or before) a member, worked out from LIKE's whole list. */
    const expectedPage = (query: string, cursor: { after?: number; before?: number }) => {
      const found = likeFinds(query);
      const at = placeOf.get((cursor.after ?? cursor.before)!);
      let from = 0;
      let to = Math.min(limit, found.length);
      if (at !== undefined && cursor.before !== undefined) {
        to = found.filter((id) => placeOf.get(id)! < at).length;
        from = Math.max(0, to - limit);
      } else if (at !== undefined) {
        from = found.filter((id) => placeOf.get(id)! <= at).length;
        to = Math.min(from + limit, found.length);
      }
      // Nothing beyond the cursor: the first page.
      if (at !== undefined && from === to) [from, to] = [0, Math.min(limit, found.length)];
      return {
        members: found.slice(from, to),
        previousBefore: from > 0 ? found[from] : null,
        nextAfter: to < found.length ? found[to - 1] : null,
      };
    };
    // Members who match and who do not, and ids naming nobody.
    const cursors = [...everyone, 0, -1, 999_999, Math.max(...everyone) + 1];
    for (const query of ["ann", "o", "example", "officer", "xyz", "_"]) {
      for (const id of cursors) {
        for (const cursor of [{ after: id }, { before: id }]) {
          const page = pageMembers({ query }, { ...cursor, limit });
          expect(
            { members: page.members.map((m) => m.id), previousBefore: page.previousBefore, nextAfter: page.nextAfter },
            JSON.stringify({ query, cursor }),
          ).toEqual(expectedPage(query, cursor));
        }
      }
    }
    // Walking back from the end by the previous links gives the whole list, as walking forward does.
    const back: number[] = [];
    let page = pageMembers({ query: "o" }, { before: everyone[everyone.length - 1], limit });
    back.unshift(...page.members.map((m) => m.id));
    while (page.previousBefore !== null) {
      page = pageMembers({ query: "o" }, { before: page.previousBefore, limit });
      back.unshift(...page.members.map((m) => m.id));
    }
    const found = likeFinds("o");
    // The last member is left out when they match: the first page back ends before them.
    expect(back).toEqual(found.filter((id) => id !== everyone[everyone.length - 1]));
    expect(found.length).toBeGreaterThan(limit * 3);
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
