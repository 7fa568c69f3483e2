import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { attendance, bookings, members, organisations, workshops, type MemberStatus } from "../../drizzle/schema";
import { getCatalogue } from "~/lib/content/catalogue.server";
import type { Currency } from "~/lib/currency";
import { getDb, preparedOnce, type Db } from "~/lib/db.server";

/**
 * Tier 1 currency, in one place: the rule (content/pathways.yaml), the one
 * query for the workshops it counts, and the one calculation. A champion is
 * current when they attended at least `attended` of the last `ofLast` Tier 1
 * workshops held; at risk means current now but not if they miss the next
 * one; new means not current but not yet had the chance to be (see
 * tier1Currency); lapsed means not current. Every function here, for one member or for
 * many, goes through `heldTier1Workshops` and `summarise`.
 */
export type CurrencyRule = { attended: number; ofLast: number };

/** The Tier 1 attendance rule from content/pathways.yaml (default: 3 of the last 6). */
export function tier1Rule(): CurrencyRule {
  return getCatalogue().pathways.tiers.find((t) => t.tier === 1)?.requires.workshops ?? { attended: 3, ofLast: 6 };
}

/**
 * `attended` lists the last workshops held, newest first: true where the
 * member attended. `heldSinceStart` is how many of the workshops held (as
 * many as the rule asks to attend are enough to know) were held since the
 * member became Tier 1. Someone who does not meet the rule but has not yet had
 * the chance to attend the number of workshops it asks for (fewer than that
 * many held since they became Tier 1) is new, not lapsed.
 */
export function tier1Currency(attended: boolean[], rule: CurrencyRule, heldSinceStart = Infinity): Currency {
  const window = attended.slice(0, rule.ofLast);
  const count = window.filter(Boolean).length;
  if (count < rule.attended) return heldSinceStart < rule.attended ? "new" : "lapsed";
  // If the next workshop is missed, the oldest in the window drops out.
  const afterMiss = [false, ...window].slice(0, rule.ofLast).filter(Boolean).length;
  return afterMiss < rule.attended ? "at-risk" : "current";
}

/**
 * `toBecomeCurrent`: how many of the next workshops they must attend to meet
 * the rule (0 when they meet it), counting the older ones that drop out.
 */
export type Tier1Attendance = { currency: Currency; attended: number; considered: number; toBecomeCurrent: number };

/** How many of the next workshops a member must attend to meet the rule, as older ones leave the window. */
export function workshopsToBecomeCurrent(attended: boolean[], rule: CurrencyRule) {
  for (let next = 0; next < rule.attended; next += 1) {
    if (next + attended.slice(0, rule.ofLast - next).filter(Boolean).length >= rule.attended) return next;
  }
  return rule.attended;
}

/**
 * One member's currency from their marks on the workshops the rule counts,
 * newest first, and when those workshops started (the same order).
 */
function summarise(
  attended: boolean[],
  startedAt: Date[],
  tier1Since: Date | null,
  rule: CurrencyRule,
): Tier1Attendance {
  const heldSinceStart = tier1Since ? startedAt.filter((at) => at >= tier1Since).length : Infinity;
  return {
    currency: tier1Currency(attended, rule, heldSinceStart),
    attended: attended.filter(Boolean).length,
    considered: attended.length,
    toBecomeCurrent: workshopsToBecomeCurrent(attended, rule),
  };
}

/**
 * The workshops the rule counts: the last `window` Tier 1 workshops held by
 * `now` whose register was taken, newest first. Workshops with no register
 * yet do not count against anyone. `query` selects from workshops (made
 * dynamic); the placeholders `now` (ms) and `window` are bound when it runs.
 */
function heldTier1Workshops<T extends SQLiteSelect>(query: T) {
  return query
    .where(
      and(
        eq(workshops.audienceTier, 1),
        eq(workshops.status, "scheduled"),
        // A workshop that has ended has started: lets the index skip every future workshop.
        lte(workshops.startsAt, sql.placeholder("now")),
        lte(workshops.endsAt, sql.placeholder("now")),
        sql`EXISTS (SELECT 1 FROM attendance a WHERE a.workshop_id = ${workshops.id})`,
      ),
    )
    .orderBy(desc(workshops.startsAt))
    .limit(sql.placeholder("window"));
}

/** The Tier 1 workshops the rule counts at `now` (heldTier1Workshops), newest first: their ids and starts. */
function tier1WorkshopsCounted({ rule, now }: { rule: CurrencyRule; now: Date }, db: Db) {
  return preparedOnce(db, "tier1-workshops-held", () =>
    heldTier1Workshops(
      db.select({ id: workshops.id, startsAt: workshops.startsAt }).from(workshops).$dynamic(),
    ).prepare(),
  ).all({ now: now.getTime(), window: rule.ofLast });
}

/** Tier 1 currency for many members at once: three queries, however many members. */
export function tier1CurrencyFor(
  {
    memberIds,
    rule = tier1Rule(),
    now = new Date(),
    tier1SinceById,
  }: {
    memberIds: number[];
    rule?: CurrencyRule;
    now?: Date;
    /** When each became a Tier 1 member, if the caller has read it already (else read here). */
    tier1SinceById?: Map<number, Date | null>;
  },
  db: Db = getDb(),
) {
  const recent = tier1WorkshopsCounted({ rule, now }, db);
  const result = new Map<number, Tier1Attendance>();
  if (recent.length === 0) return { workshopsConsidered: 0, byMember: result };
  const recentIds = recent.map((w) => w.id);
  const startedAt = recent.map((w) => w.startsAt);
  const attendedBy = new Map<number, Set<number>>();
  const tier1Since = tier1SinceById ?? new Map<number, Date | null>();
  // The ids go in as one JSON array, so the statement is the same (prepared once) however many champions there
  // are: an IN list of thousands of bound values was a new statement, compiled afresh, on every call.
  const ids = JSON.stringify(memberIds);
  const rows = db
    .select({ memberId: attendance.memberId, workshopId: attendance.workshopId })
    .from(attendance)
    .where(
      and(
        inArray(attendance.workshopId, recentIds),
        eq(attendance.status, "attended"),
        sql`${attendance.memberId} IN (SELECT value FROM json_each(${ids}))`,
      ),
    )
    .all();
  if (!tier1SinceById) {
    for (const m of db
      .select({ id: members.id, since: members.tier1Since })
      .from(members)
      .where(sql`${members.id} IN (SELECT value FROM json_each(${ids}))`)
      .all()) {
      tier1Since.set(m.id, m.since);
    }
  }
  for (const row of rows) {
    if (!attendedBy.has(row.memberId)) attendedBy.set(row.memberId, new Set());
    attendedBy.get(row.memberId)!.add(row.workshopId);
  }
  for (const memberId of memberIds) {
    const attended = recentIds.map((id) => attendedBy.get(memberId)?.has(id) ?? false);
    result.set(memberId, summarise(attended, startedAt, tier1Since.get(memberId) ?? null, rule));
  }
  return { workshopsConsidered: recent.length, byMember: result };
}

/** Active Tier 1 champions with their currency, for the coordinator. */
export function listTier1Currency(
  { rule = tier1Rule(), now = new Date() }: { rule?: CurrencyRule; now?: Date } = {},
  db: Db = getDb(),
) {
  // Read from the champions' covering index in name order, with each one's Tier 1 start.
  const champions = db
    .select({
      id: members.id,
      name: members.name,
      organisationName: organisations.name,
      tier1Since: members.tier1Since,
    })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(members.tier, 1), eq(members.status, "active")))
    .orderBy(asc(members.name))
    .all();
  const { workshopsConsidered, byMember } = tier1CurrencyFor(
    {
      memberIds: champions.map((c) => c.id),
      rule,
      now,
      tier1SinceById: new Map(champions.map((c) => [c.id, c.tier1Since])),
    },
    db,
  );
  return {
    workshopsConsidered,
    champions: champions.map(({ tier1Since: _since, ...c }) => ({
      ...c,
      ...(byMember.get(c.id) ?? { currency: null, attended: 0, considered: 0, toBecomeCurrent: rule.attended }),
    })),
  };
}

export type CurrencyView = "all" | Currency;

const CURRENCY_ORDER = { lapsed: 0, "at-risk": 1, new: 2, current: 3 } as const;
/** The same order as localeCompare with no locale, without making a collator for each comparison. */
const byName = new Intl.Collator().compare;

type CurrencyTabs = {
  key: string;
  workshopsConsidered: number;
  counts: Record<CurrencyView, number>;
  champions: ReturnType<typeof listTier1Currency>["champions"];
  views: Map<CurrencyView, ReturnType<typeof listTier1Currency>["champions"]>;
  /** Each champion's currency by id, made the first time it is asked for. */
  byId?: Map<number, Currency | null>;
  /** Every Tier 1 member in the members list's order, made the first time the list's currency filter asks. */
  inListOrder?: Tier1MembersInListOrder;
};

/** Tier 1 members of every status in the members list's order, with their currency; each filter's ids kept. */
type Tier1MembersInListOrder = {
  members: Array<{ id: number; status: MemberStatus; currency: Currency | null }>;
  filtered: Map<string, readonly number[]>;
};
const currencyTabs = new WeakMap<Db, CurrencyTabs>();

/** Every active champion's currency (listTier1Currency), kept while the currency version and the workshops counted stay. */
function keptTier1Currency({ rule, now }: { rule: CurrencyRule; now: Date }, db: Db) {
  // The triggers of migration 0040 move the currency version whenever a write could change anyone's currency, from
  // any connection; other writes (sessions, learning, the directory) leave the kept list alone. Currency changes
  // with time only when another workshop ends and is counted: the workshops counted are part of the key.
  const version = db.$client.prepare("SELECT version FROM currency_version WHERE id = 1").pluck().get() as number;
  const key = JSON.stringify([version, tier1WorkshopsCounted({ rule, now }, db).map((w) => w.id), rule]);
  let tabs = currencyTabs.get(db);
  if (!tabs || tabs.key !== key) {
    const { workshopsConsidered, champions } = listTier1Currency({ rule, now }, db);
    const counts = { all: champions.length, lapsed: 0, "at-risk": 0, new: 0, current: 0 };
    for (const c of champions) if (c.currency) counts[c.currency] += 1;
    tabs = { key, workshopsConsidered, counts, champions, views: new Map() };
    currencyTabs.set(db, tabs);
  }
  return tabs;
}

/**
 * The Tier 1 currency of these members (the members list's currency filter,
 * which may match thousands): an active champion's from the currency page's
 * kept list, so paging through a currency reads no attendance until a write
 * that could change someone's currency; anyone else's (an invited or
 * deactivated member) worked out here.
 */
export function tier1CurrencyOfMembers(
  {
    members: wanted,
    rule = tier1Rule(),
    now = new Date(),
  }: { members: Array<{ id: number; tier1Since: Date | null }>; rule?: CurrencyRule; now?: Date },
  db: Db = getDb(),
): Map<number, Currency | null> {
  return currencyOfMembers(keptTier1Currency({ rule, now }, db), wanted, { rule, now }, db);
}

/** tier1CurrencyOfMembers, from this kept list. */
function currencyOfMembers(
  tabs: CurrencyTabs,
  wanted: Array<{ id: number; tier1Since: Date | null }>,
  { rule, now }: { rule: CurrencyRule; now: Date },
  db: Db,
) {
  tabs.byId ??= new Map(tabs.champions.map((c) => [c.id, c.currency]));
  const kept = tabs.byId;
  const others = wanted.filter((m) => !kept.has(m.id));
  const worked = others.length
    ? tier1CurrencyFor(
        {
          memberIds: others.map((m) => m.id),
          rule,
          now,
          tier1SinceById: new Map(others.map((m) => [m.id, m.tier1Since])),
        },
        db,
      ).byMember
    : new Map<number, Tier1Attendance>();
  return new Map(
    wanted.map((m) => [m.id, kept.has(m.id) ? kept.get(m.id)! : (worked.get(m.id)?.currency ?? null)] as const),
  );
}

/**
 * The ids of the Tier 1 members with this currency (and this status, when
 * given), in the members list's order: by name, then id, as SQLite orders them
 * (byte by byte, not as Intl.Collator or JavaScript would). The members list's
 * currency filter with no other filter: every Tier 1 member is read in that
 * order once for each kept list, with their currency (the kept list's for an
 * active champion, worked out for anyone else), and each filter's ids kept,
 * so a page costs a look-up instead of reading 12,000 members and their
 * currency at national size. The currency version moves with every write that
 * could change these ids or their order (a name, tier, status or Tier 1 start).
 */
export function tier1MembersWithCurrency(
  {
    currency,
    status,
    rule = tier1Rule(),
    now = new Date(),
  }: { currency: Currency; status?: MemberStatus; rule?: CurrencyRule; now?: Date },
  db: Db = getDb(),
): readonly number[] {
  const tabs = keptTier1Currency({ rule, now }, db);
  if (!tabs.inListOrder) {
    const listed = db
      .select({ id: members.id, status: members.status, tier1Since: members.tier1Since })
      .from(members)
      .where(eq(members.tier, 1))
      .orderBy(asc(members.name), asc(members.id))
      .all();
    const currencies = currencyOfMembers(tabs, listed, { rule, now }, db);
    tabs.inListOrder = {
      members: listed.map((m) => ({ id: m.id, status: m.status, currency: currencies.get(m.id) ?? null })),
      filtered: new Map(),
    };
  }
  const { members: listed, filtered } = tabs.inListOrder;
  const key = JSON.stringify([currency, status ?? null]);
  let ids = filtered.get(key);
  if (!ids) {
    ids = listed.filter((m) => m.currency === currency && (!status || m.status === status)).map((m) => m.id);
    filtered.set(key, ids);
  }
  return ids;
}

/**
 * The coordinator's currency page: every active champion's currency, counted by tab, and one tab's champions
 * (lapsed first, then at risk, new and current; by name within each). Worked out once and kept until a write
 * that could change someone's currency (the currency version, migration 0040) or another workshop counts, since a
 * workshop ending changes who is current: paging and moving between tabs then
 * costs a slice, not 12,000 champions' currency and a sort.
 */
export function getCurrencyTab(
  { view, rule = tier1Rule(), now = new Date() }: { view: CurrencyView; rule?: CurrencyRule; now?: Date },
  db: Db = getDb(),
) {
  const tabs = keptTier1Currency({ rule, now }, db);
  const listed = tabs.champions;
  let shown = tabs.views.get(view);
  if (!shown) {
    shown = listed
      .filter((c) => view === "all" || c.currency === view)
      .sort(
        (a, b) =>
          (a.currency && b.currency ? CURRENCY_ORDER[a.currency] - CURRENCY_ORDER[b.currency] : 0) ||
          byName(a.name, b.name),
      );
    tabs.views.set(view, shown);
  }
  return { workshopsConsidered: tabs.workshopsConsidered, counts: tabs.counts, champions: shown };
}

/**
 * One member's Tier 1 attendance, for their pathway; null until a Tier 1
 * register has been taken. The same workshops and calculation as
 * tier1CurrencyFor, with the member's marks read in the same prepared query,
 * since My learning asks it on every visit.
 */
export function getTier1Attendance(
  { memberId, rule = tier1Rule(), now = new Date() }: { memberId: number; rule?: CurrencyRule; now?: Date },
  db: Db = getDb(),
): Tier1Attendance | null {
  const recent = preparedOnce(db, "member-tier1-attendance", () =>
    heldTier1Workshops(
      db
        .select({
          startsAt: workshops.startsAt,
          attended: sql<number>`EXISTS (SELECT 1 FROM attendance a WHERE a.workshop_id = ${workshops.id} AND a.member_id = ${sql.placeholder("memberId")} AND a.status = 'attended')`,
        })
        .from(workshops)
        .$dynamic(),
    ).prepare(),
  ).all({ memberId, now: now.getTime(), window: rule.ofLast });
  if (recent.length === 0) return null;
  const since =
    db.select({ since: members.tier1Since }).from(members).where(eq(members.id, memberId)).get()?.since ?? null;
  return summarise(
    recent.map((w) => Boolean(w.attended)),
    recent.map((w) => w.startsAt),
    since,
    rule,
  );
}

/**
 * Tier 1 members who count as current champions: current or at risk by
 * attendance, or new (not yet had the chance to meet the rule). Before any
 * Tier 1 register exists, every active Tier 1 member counts. `memberIds` (active Tier 1 members) narrows the question to them,
 * for one organisation's page.
 */
export function currentChampionIds(
  { rule = tier1Rule(), memberIds, now = new Date() }: { rule?: CurrencyRule; memberIds?: number[]; now?: Date } = {},
  db: Db = getDb(),
) {
  const countsAsCurrent = (currency: Currency | null | undefined) => !!currency && currency !== "lapsed";
  if (memberIds) {
    const { workshopsConsidered, byMember } = tier1CurrencyFor({ memberIds, rule, now }, db);
    return new Set(memberIds.filter((id) => workshopsConsidered === 0 || countsAsCurrent(byMember.get(id)?.currency)));
  }
  // The currency page's champions, kept while nothing changes: network health and coverage ask on every view.
  const { workshopsConsidered, champions } = keptTier1Currency({ rule, now }, db);
  return new Set(champions.filter((c) => workshopsConsidered === 0 || countsAsCurrent(c.currency)).map((c) => c.id));
}

/**
 * Active Tier 1 champions who are at risk (one missed workshop from lapsing),
 * and the newest workshop the rule counts: at-risk changes only when a Tier 1
 * register is taken, so that workshop names the event. Only members who
 * attended enough of the counted workshops can be at risk, so they are read
 * from those workshops' registers, never from the whole membership.
 */
export function listAtRiskChampions(
  { rule = tier1Rule(), now = new Date() }: { rule?: CurrencyRule; now?: Date } = {},
  db: Db = getDb(),
) {
  const recent = tier1WorkshopsCounted({ rule, now }, db);
  if (recent.length === 0) return { newestWorkshopId: null, champions: [] };
  const candidates = db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      organisationId: members.organisationId,
      reminderEmails: members.reminderEmails,
    })
    .from(members)
    .where(
      and(
        eq(members.tier, 1),
        eq(members.status, "active"),
        inArray(
          members.id,
          db
            .select({ memberId: attendance.memberId })
            .from(attendance)
            .where(
              and(
                inArray(
                  attendance.workshopId,
                  recent.map((w) => w.id),
                ),
                eq(attendance.status, "attended"),
              ),
            )
            .groupBy(attendance.memberId)
            .having(sql`count(*) >= ${rule.attended}`),
        ),
      ),
    )
    .all();
  const { byMember } = tier1CurrencyFor({ memberIds: candidates.map((c) => c.id), rule, now }, db);
  return {
    newestWorkshopId: recent[0].id,
    champions: candidates.filter((c) => byMember.get(c.id)?.currency === "at-risk"),
  };
}

/** Whether the member holds a place (booked, or waiting) on a Tier 1 workshop that has not started. */
export function hasUpcomingTier1Place(
  { memberId, now = new Date() }: { memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return (
    db
      .select({ id: bookings.id })
      .from(bookings)
      .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
      .where(
        and(
          eq(bookings.memberId, memberId),
          inArray(bookings.status, ["booked", "waiting"]),
          eq(workshops.audienceTier, 1),
          eq(workshops.status, "scheduled"),
          gt(workshops.startsAt, now),
        ),
      )
      .get() !== undefined
  );
}

/** The next Tier 1 workshops still open for booking, soonest first: what keeps a champion current. */
export function listNextTier1Workshops(
  { now = new Date(), limit = 3 }: { now?: Date; limit?: number } = {},
  db: Db = getDb(),
) {
  return db
    .select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt, endsAt: workshops.endsAt })
    .from(workshops)
    .where(
      and(
        eq(workshops.audienceTier, 1),
        eq(workshops.status, "scheduled"),
        gt(workshops.startsAt, now),
        gt(workshops.bookingClosesAt, now),
      ),
    )
    .orderBy(asc(workshops.startsAt))
    .limit(limit)
    .all();
}
