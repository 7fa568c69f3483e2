/**
 * The members list's currency filter with no other filter but status pages the Tier 1 members kept in the list's
 * own order (tier1MembersWithCurrency); with any other filter it reads the matching champions and works out their
 * currency on every request, as it always has. A search for "@" matches every member (every email holds one), so
 * `&q=%40` gives the same list the old way: the two must agree on the page, the count and both cursors for every
 * currency, status and place, hostile places included. The order is SQLite's (name byte by byte, then id), which
 * is neither Intl.Collator's nor JavaScript's for the names here.
 */
import { describe, expect, it, vi } from "vitest";
import { bookings } from "../../drizzle/schema";
import { getDb, openDatabase } from "~/lib/db.server";
import { CURRENCIES } from "~/lib/currency";
import { saveRegister } from "~/models/attendance.server";
import { tier1CurrencyFor, tier1MembersWithCurrency } from "~/models/currency.server";
import { listMemberPlaces } from "~/models/member.server";
import { createWorkshop } from "~/models/workshop.server";
import { loader as membersLoader } from "~/routes/members._index";
import { createTestMember, testWorkshopInput } from "../factories";
import { call, cookieFor, getRequest } from "../request";

// Counts the reads of every matching champion (the old way), passing them on.
vi.mock("~/models/member.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("~/models/member.server")>();
  return { ...actual, listMemberPlaces: vi.fn(actual.listMemberPlaces) };
});

const DAY = 86_400_000;
type Row = { id: number; name: string; currency: string | null };
type Answer = { total: number; members: Row[]; previousBefore: number | null; nextAfter: number | null };

/** Names whose order differs between SQLite (UTF-8 bytes), JavaScript (UTF-16 units) and Intl.Collator. */
const AWKWARD = [
  ...["Anna", "anna", "ANNA", "Ánna", "Anna", "Ångström", "Anna", "Émile", "Emile", "emile", "Zoe", "Zoë", "zoe"],
  ...["Ærin", "Øyvind", "Łukasz", "ß", "Ss", "\u{1D49C}lice", "\uFB00ion", "\uFF3Aed", "O'Brien", "Anne-Marie"],
  ...["Anne Marie", "2Pac", "_Under", "~Tilde", "Zed", "zed", "Zara"],
  // Lapsed, all five: characters beyond U+FFFF come after U+E000-U+FFFF in UTF-8, before them in UTF-16.
  ...["\u{1F600}mma", "\uFF21nna", "\u{10400}bc", "\uE000x", "Anna"],
];

/** Each member's marks at the six workshops, newest first, by what their currency is to be. */
const MARKS = {
  current: [true, true, true, true, true, true],
  "at-risk": [true, true, false, false, false, true],
  lapsed: [true, false, false, false, false, false],
};

/**
 * 150 Tier 1 members (the awkward names, the same name three times, and numbered ones in a shuffled order, so
 * ids do not follow names): half lapsed, most of the rest current (both more than a page), some at risk and some
 * new; one in six deactivated after the registers were taken; Tier 2 members among them, who are never listed.
 */
async function network() {
  const coordinator = await createTestMember({ role: "coordinator", name: "Aaron Coordinator" });
  const long = new Date(Date.now() - 400 * DAY);
  const names = [...AWKWARD];
  for (let i = 0; names.length < 150; i += 1) names.push(`Champion ${String((i * 37) % 150).padStart(3, "0")}`);
  const planned: Array<{ id: number; marks: boolean[] | null }> = [];
  for (const [i, name] of names.entries()) {
    const kind = i % 10 < 5 ? "lapsed" : i % 10 < 9 ? "current" : i % 20 === 9 ? "at-risk" : "new";
    // New: became Tier 1 after all but the newest workshop, so has not had the chance to attend three.
    const now = kind === "new" ? new Date(Date.now() - 20 * DAY) : long;
    const { id } = await createTestMember({ tier: 1, name, now });
    planned.push({ id, marks: kind === "new" ? null : MARKS[kind] });
    if (i % 11 === 0) await createTestMember({ tier: 2, name, now: long });
  }
  const booked = planned.filter((p) => p.marks);
  for (const [n, daysAgo] of [10, 40, 70, 100, 130, 160].entries()) {
    const startsAt = new Date(Date.now() - daysAgo * DAY);
    const { id } = createWorkshop({
      input: testWorkshopInput({
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        bookingClosesAt: startsAt,
      }),
      createdBy: null,
    });
    for (const p of booked)
      getDb()
        .insert(bookings)
        .values({ workshopId: id, memberId: p.id, status: "booked", createdAt: startsAt, updatedAt: startsAt })
        .run();
    saveRegister({
      workshopId: id,
      marks: booked.map((p) => ({ memberId: p.id, status: p.marks![n] ? ("attended" as const) : ("absent" as const) })),
      markedBy: coordinator.id,
    });
  }
  const deactivated = planned.filter((_, i) => i % 6 === 3).map((p) => p.id);
  getDb()
    .$client.prepare("UPDATE members SET status = 'deactivated' WHERE id IN (SELECT value FROM json_each(?))")
    .run(JSON.stringify(deactivated));
  return { cookie: await cookieFor(coordinator.id), coordinator, deactivated };
}

async function open(query: string, cookie: string): Promise<Answer> {
  const response = await call(membersLoader, getRequest(`/members?${query}`, { cookie }));
  expect(response.status, query).toBe(200);
  const { total, members, previousBefore, nextAfter } = await response.json();
  return {
    total,
    members: members.map((m: Row) => ({ id: m.id, name: m.name, currency: m.currency })),
    previousBefore,
    nextAfter,
  };
}

/** The filter's whole list, walked page by page from the first. */
async function walk(query: string, cookie: string) {
  const seen: Row[] = [];
  let page = await open(query, cookie);
  seen.push(...page.members);
  while (page.nextAfter) {
    page = await open(`${query}&after=${page.nextAfter}`, cookie);
    seen.push(...page.members);
  }
  return seen;
}

const HOSTILE = ["constructor", "__proto__", "-1", "1e400", "99999999999999999999", ""];

describe("the members list's currency filter", () => {
  it("gives the same pages, counts and places from the kept list as from the champions read afresh", async () => {
    const { cookie, coordinator, deactivated } = await network();
    const everyone = getDb().$client.prepare("SELECT id, name, tier, status FROM members").all() as Array<{
      id: number;
      name: string;
      tier: number;
      status: string;
    }>;
    const champions = everyone.filter((m) => m.tier === 1);
    const { byMember } = tier1CurrencyFor({ memberIds: champions.map((m) => m.id) });
    // SQLite compares names byte by byte in UTF-8, then ids: in each currency's list here, neither Intl.Collator's
    // order nor JavaScript's.
    const bytes = (name: string) => Buffer.from(name, "utf8");
    const inListOrder = [...champions].sort((a, b) => Buffer.compare(bytes(a.name), bytes(b.name)) || a.id - b.id);
    const lapsed = inListOrder.filter((m) => byMember.get(m.id)?.currency === "lapsed");
    const collated = [...lapsed].sort((a, b) => new Intl.Collator().compare(a.name, b.name) || a.id - b.id);
    const javascript = [...lapsed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    expect(collated.map((m) => m.id)).not.toEqual(lapsed.map((m) => m.id));
    expect(javascript.map((m) => m.id)).not.toEqual(lapsed.map((m) => m.id));

    const tier2 = everyone.filter((m) => m.tier === 2).map((m) => m.id);
    const notListed = [coordinator.id, tier2[0], 1_000_000];
    let combinations = 0;
    for (const currency of CURRENCIES) {
      for (const status of [undefined, "active", "deactivated"]) {
        const query = `currency=${currency}${status ? `&status=${status}` : ""}`;
        // Worked out afresh, in SQLite's order: the list every page is a part of.
        const expected = inListOrder
          .filter((m) => byMember.get(m.id)?.currency === currency && (!status || m.status === status))
          .map((m) => [m.id, m.name, currency]);
        const whole = await walk(query, cookie);
        expect(
          whole.map((m) => [m.id, m.name, m.currency]),
          query,
        ).toEqual(expected);
        // Places in the list (each end, each side of a page's end, and every fifth), places not in it (another
        // currency or status, Tier 2, no one) and hostile ones.
        const edges = new Set([0, 1, 48, 49, 50, 51, expected.length - 2, expected.length - 1]);
        const inList = expected.filter((_, i) => edges.has(i) || i % 5 === 2).map(([id]) => id);
        const places = [
          "",
          ...[...inList, ...deactivated.slice(0, 2), ...notListed, inListOrder[0].id].flatMap((id) => [
            `&after=${id}`,
            `&before=${id}`,
          ]),
          ...HOSTILE.flatMap((value) => [
            `&after=${encodeURIComponent(value)}`,
            `&before=${encodeURIComponent(value)}`,
          ]),
          `&after=${expected[0]?.[0]}&before=${expected.at(-1)?.[0]}`,
        ];
        for (const place of places) {
          const kept = await open(query + place, cookie);
          expect(kept, query + place).toEqual(await open(`${query}${place}&q=%40`, cookie));
          expect(kept.total, query + place).toBe(expected.length);
        }
        if (expected.length > 0) combinations += 1;
      }
    }
    // Every currency has members here, and lapsed and current more than a page.
    expect(combinations).toBe(12);
    expect((await open("currency=lapsed&status=active", cookie)).nextAfter).not.toBeNull();
    expect((await open("currency=current", cookie)).nextAfter).not.toBeNull();
  });

  it("reads nothing again while nothing changes, and shows a change from another connection at once", async () => {
    const { cookie } = await network();
    let reads = 0;
    const db = openDatabase(process.env.DATABASE_URL!, {
      logQuery: (query) => {
        if (/from "(members|attendance)"/i.test(query)) reads += 1;
      },
    });
    tier1MembersWithCurrency({ currency: "lapsed" }, db);
    const afterFirst = reads;
    expect(afterFirst).toBeGreaterThan(0);
    for (const currency of CURRENCIES)
      for (const status of [undefined, "active", "deactivated"] as const)
        tier1MembersWithCurrency({ currency, status }, db);
    expect(reads).toBe(afterFirst);
    db.$client.close();
    // The members list pages the kept list with status or no other filter, and reads the champions with any other.
    vi.mocked(listMemberPlaces).mockClear();
    await walk("currency=lapsed", cookie);
    await walk("currency=current&status=active", cookie);
    expect(listMemberPlaces).not.toHaveBeenCalled();
    await open("currency=lapsed&q=Anna", cookie);
    expect(listMemberPlaces).toHaveBeenCalledTimes(1);
    // Every other filter narrows in SQL; an empty search does not narrow.
    for (const narrowing of ["organisation=1", "district=oxford", "role=learner"]) {
      vi.mocked(listMemberPlaces).mockClear();
      await open(`currency=lapsed&${narrowing}`, cookie);
      expect(listMemberPlaces, narrowing).toHaveBeenCalledTimes(1);
    }
    vi.mocked(listMemberPlaces).mockClear();
    await open("currency=lapsed&q=", cookie);
    expect(listMemberPlaces).not.toHaveBeenCalled();

    const same = async () => {
      for (const query of ["currency=lapsed", "currency=current&status=active", "currency=lapsed&status=deactivated"])
        expect(await walk(query, cookie), query).toEqual(await walk(`${query}&q=%40`, cookie));
    };
    const other = openDatabase(process.env.DATABASE_URL!);
    const [first] = (await open("currency=lapsed", cookie)).members;
    const last = (await walk("currency=current", cookie)).at(-1)!;
    // Renamed: the first lapsed champion moves to the end of the list, the last current one to the start.
    other.$client.prepare("UPDATE members SET name = '\u{1F600}\u{1F600} Renamed' WHERE id = ?").run(first.id);
    other.$client.prepare("UPDATE members SET name = '!!! Renamed' WHERE id = ?").run(last.id);
    expect((await walk("currency=lapsed", cookie)).at(-1)?.id).toBe(first.id);
    expect((await open("currency=current", cookie)).members[0].id).toBe(last.id);
    await same();
    // A register corrected: lapsed becomes current; a champion deactivated and another leaving Tier 1.
    other.$client.prepare("UPDATE attendance SET status = 'attended' WHERE member_id = ?").run(first.id);
    const current = await walk("currency=current", cookie);
    expect(current.at(-1)).toEqual({ id: first.id, name: "\u{1F600}\u{1F600} Renamed", currency: "current" });
    other.$client.prepare("UPDATE members SET status = 'deactivated' WHERE id = ?").run(current[1].id);
    other.$client.prepare("UPDATE members SET tier = 2 WHERE id = ?").run(current[2].id);
    const now = await walk("currency=current", cookie);
    expect(now.map((m) => m.id)).toEqual(current.filter((_, i) => i !== 2).map((m) => m.id));
    expect((await walk("currency=current&status=deactivated", cookie)).map((m) => m.id)).toContain(current[1].id);
    await same();
    other.$client.close();
  });
});
