/**
 * The coordinator's lists as a coordinator really pages through them, for the
 * benchmark: seeded random (the same seed gives the same URLs against the same
 * dataset, so runs are comparable), drawn from what the dataset holds.
 *
 * Pages are found the way the lists' own links make them: the first page of
 * each filter is fetched and its "Next page" link read. A list numbered by
 * `page=` is then asked for any page up to its last (read from the count the
 * page shows); a list paged by a cursor (keyset) is walked by following its
 * next links, so every URL is one a coordinator could have reached.
 */
import type Database from "better-sqlite3";
import { REPORT_IDS } from "~/validation/report-filters";
import { AUDIT_ENTITY_TYPES } from "~/validation/audit-filters";
import { seededRandom } from "./varied-urls";

/** Fetches a page as the signed-in coordinator and gives its HTML; throws unless it answers 200. */
export type PageFetcher = (url: string) => Promise<string>;

/** A coordinator list to benchmark: a name and the URLs to cycle through. */
export type CoordinatorList = { name: string; urls: string[] };

type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]) => list[Math.floor(random() * list.length)];

/** How many pages a cursor-paged list is followed for from each of its first DEEP first pages. */
const WALK = 12;
const DEEP = 4;
/** First pages fetched for each filtered list (each filter value and each page costs a request to find). */
const STARTS = 16;

/** What the lists call their link to the next page (Pager's and CursorPager's `next`). */
const NEXT = /^(Next page|Older changes|Later workshops)/;

/** The links to a next page on a page, as paths with their query (fragments dropped). */
export function nextLinks(html: string, from: string) {
  const links: string[] = [];
  for (const match of html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g)) {
    if (!NEXT.test(match[2])) continue;
    const url = new URL(match[1].replace(/&amp;/g, "&"), `http://bench${from}`);
    links.push(url.pathname + url.search);
  }
  return links;
}

/** True when `next` is `from` with only its page number moved on: a list paged by number. */
function pagedByNumber(from: string, next: string) {
  const a = new URL(from, "http://bench").searchParams;
  const b = new URL(next, "http://bench").searchParams;
  if (!b.has("page")) return false;
  a.delete("page");
  b.delete("page");
  a.sort();
  b.sort();
  return a.toString() === b.toString();
}

function withPage(url: string, page: number) {
  const parsed = new URL(url, "http://bench");
  if (page > 1) parsed.searchParams.set("page", String(page));
  else parsed.searchParams.delete("page");
  return parsed.pathname + parsed.search;
}

/** Rows on a page, counted by its links to a member's record. */
function memberRows(html: string) {
  return (html.match(/href="\/members\/\d+"/g) ?? []).length;
}

/** The query parameter `next` adds to `from` to name the last member on `html` (`after=<id>`), if it does. */
function memberCursor(html: string, from: string, next: string) {
  const before = new URL(from, "http://bench").searchParams;
  const ids = [...html.matchAll(/href="\/members\/(\d+)"/g)].map((m) => m[1]);
  for (const [name, value] of new URL(next, "http://bench").searchParams) {
    if (!before.has(name) && value === ids[ids.length - 1]) return name;
  }
  return null;
}

/**
 * Pages of each of these first pages, `n` URLs in all. A list numbered by
 * page: pages drawn from 1 to each one's last (half of them among the first
 * five, as people mostly look near the start; half anywhere). A cursor-paged
 * list: the pages reached by following its next links, WALK pages on from the
 * first DEEP first pages and one page on from the rest; and when its next
 * link names the last member on the page (`after=<id>`) and `member` is
 * given, pages anywhere in it, named the same way after a member drawn at
 * random. `lastPage` reads how many pages there are from a first page, when
 * the list shows a count; without it, a numbered list is walked.
 */
async function pagesOf(
  firsts: string[],
  fetchPage: PageFetcher,
  random: Random,
  n: number,
  { lastPage, member }: { lastPage?: (html: string) => number; member?: () => number } = {},
) {
  const walked: string[] = [];
  const numbered: Array<{ first: string; last: number }> = [];
  const jumps: Array<{ first: string; cursor: string }> = [];
  for (const [index, first] of [...new Set(firsts)].entries()) {
    const html = await fetchPage(first);
    const next = nextLinks(html, first)[0];
    if (next && lastPage && pagedByNumber(first, next)) {
      numbered.push({ first, last: lastPage(html) });
      continue;
    }
    const cursor = next && member ? memberCursor(html, first, next) : null;
    if (cursor) jumps.push({ first, cursor });
    walked.push(first);
    let url: string | undefined = next;
    for (let hop = 0; url && hop < (index < DEEP ? WALK : 1); hop++) {
      walked.push(url);
      url = nextLinks(await fetchPage(url), url)[0];
    }
  }
  const urls = [...walked];
  while (numbered.length > 0 && urls.length < n) {
    const { first, last } = pick(random, numbered);
    const page = random() < 0.5 ? 1 + Math.floor(random() * Math.min(5, last)) : 1 + Math.floor(random() * last);
    urls.push(withPage(first, page));
  }
  while (jumps.length > 0 && member && urls.length < n) {
    const { first, cursor } = pick(random, jumps);
    const url = new URL(first, "http://bench");
    url.searchParams.set(cursor, String(member()));
    urls.push(url.pathname + url.search);
  }
  return urls;
}

/** A page's HTML without the empty comments React puts between neighbouring pieces of text. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "");

/** The last page of the members list: "12,345 members found, showing 1 to 50". */
function membersLastPage(page: string) {
  const html = textOf(page);
  const total = Number(/([\d,]+) members? found/.exec(html)?.[1]?.replace(/,/g, "") ?? 0);
  const perPage = memberRows(html);
  return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}

/** The last page of a currency tab: the count beside the chosen tab over the rows on its first page. */
function currencyLastPage(page: string) {
  const html = textOf(page);
  const total = Number(/aria-current="page"[^>]*>[^<(]*\(([\d,]+)\)/.exec(html)?.[1]?.replace(/,/g, "") ?? "0");
  return Math.max(1, Math.ceil(total / Math.max(1, memberRows(html))));
}

/** Whole words of at least three letters from these texts, and the first three to five letters of each. */
function typedWords(texts: string[]) {
  const whole = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= 3) whole.add(word);
  }
  const words = [...whole].sort();
  return [...new Set([...words, ...words.map((w, i) => w.slice(0, 3 + (i % 3)))])].sort();
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Every coordinator list the issue names, each with up to `n` URLs (a
 * cursor-paged list has those its walks reached, a list that fits on one page
 * its first pages): the members list with each filter and varied pages, the
 * currency tabs, audit search, organisations by district, workshops, network
 * health, and every
 * report over a year's range (ending on a different day each time, so the
 * report cache does not answer) and over all time (the whole network, which a
 * coordinator asks for most and the cache keeps between writes, and one
 * district at a time, which it does not).
 */
export async function coordinatorListUrls(
  seed: number,
  n: number,
  db: Database.Database,
  fetchPage: PageFetcher,
): Promise<CoordinatorList[]> {
  const random = seededRandom(seed);
  const districts = db.prepare("SELECT id FROM districts ORDER BY id").pluck().all() as string[];
  const organisations = db
    .prepare("SELECT DISTINCT organisation_id FROM members WHERE organisation_id IS NOT NULL ORDER BY 1")
    .pluck()
    .all() as number[];
  const memberIds = db.prepare("SELECT id FROM members ORDER BY id").pluck().all() as number[];
  const member = () => pick(random, memberIds);
  const memberWords = typedWords(
    db
      .prepare("SELECT name || ' ' || coalesce(job_title, '') FROM members ORDER BY id LIMIT 3000")
      .pluck()
      .all() as string[],
  );
  const firsts = (make: () => Record<string, string>, path = "/members") =>
    Array.from({ length: STARTS }, () => `${path}?${new URLSearchParams(make())}`.replace(/\?$/, ""));
  const members = (name: string, make: () => Record<string, string>) => ({ name, make });
  const memberFilters = [
    members("members list, no filter, any page", () => ({})),
    members("members list, name or job title search", () => ({ q: pick(random, memberWords) })),
    members("members list, one district", () => ({ district: pick(random, districts) })),
    members("members list, one organisation", () => ({ organisation: String(pick(random, organisations)) })),
    members("members list, one tier", () => ({ tier: pick(random, ["1", "2", "3"]) })),
    members("members list, one role", () => ({ role: pick(random, ["learner", "org_lead", "coordinator"]) })),
    members("members list, one status", () => ({ status: pick(random, ["active", "deactivated"]) })),
    members("members list, Tier 1 currency", () => ({
      currency: pick(random, ["current", "at-risk", "new", "lapsed"]),
    })),
  ];
  const lists: CoordinatorList[] = [];
  for (const filter of memberFilters) {
    lists.push({
      name: filter.name,
      urls: await pagesOf(firsts(filter.make), fetchPage, random, n, { lastPage: membersLastPage, member }),
    });
  }
  const tabs = ["all", "lapsed", "at-risk", "new", "current"].map((view) => `/manage/currency?view=${view}`);
  lists.push({
    name: "currency tabs",
    urls: await pagesOf(tabs, fetchPage, random, n, { lastPage: currencyLastPage }),
  });
  const auditWords = [...memberWords.slice(0, 400), "tier", "member", "updated", "organisation", "workshop", "invited"];
  const audit = firsts(
    () => ({
      ...(random() < 0.8 ? { q: pick(random, auditWords) } : {}),
      ...(random() < 0.3 ? { type: pick(random, AUDIT_ENTITY_TYPES) } : {}),
    }),
    "/manage/audit",
  );
  lists.push({ name: "audit log search", urls: await pagesOf(audit, fetchPage, random, n) });
  lists.push({
    name: "organisations by district",
    urls: Array.from({ length: n }, () => `/organisations?district=${pick(random, districts)}`),
  });
  lists.push({
    name: "coordinator's workshops",
    urls: await pagesOf(
      ["upcoming", "past", "cancelled"].map((view) => `/manage/workshops?view=${view}`),
      fetchPage,
      random,
      n,
    ),
  });
  lists.push({ name: "network health", urls: await pagesOf(["/manage/health"], fetchPage, random, n) });
  const today = Date.now();
  for (const id of REPORT_IDS) {
    const urls = Array.from({ length: n }, () => {
      const chance = random();
      if (chance < 0.5) {
        const to = new Date(today - Math.floor(random() * 365) * 86_400_000);
        const from = new Date(to.getTime() - 364 * 86_400_000);
        return `/reports/${id}?${new URLSearchParams({ from: isoDay(from), to: isoDay(to) })}`;
      }
      return chance < 0.75 ? `/reports/${id}` : `/reports/${id}?district=${pick(random, districts)}`;
    });
    lists.push({ name: `report: ${id}`, urls });
  }
  return lists;
}
