import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import { attendance, bookings, members, organisations, preventionActions, workshops } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { toLondonInputs, londonToUtc } from "~/lib/dates";
import { pageStaleContacts } from "./contact.server";
import { currentChampionIds, type CurrencyRule } from "./currency.server";
import { coverageSummary } from "./directory.server";
import { listTopics } from "./feedback.server";
import { protectCount, publishedShare } from "~/lib/small-numbers";
import { FOLLOW_UP_AFTER_DAYS } from "~/lib/prevention";

/**
 * Prevention outcomes at a glance: of the actions whose 56-day follow-up has
 * fallen due, the share whose outcome is unknown ("don't know" or not
 * answered), and the follow-ups emailed and still waiting for an answer.
 * Counts from 1 to 4 are hidden as everywhere else (app/lib/small-numbers.ts).
 */
export function preventionHealth(
  { organisationId, now = new Date() }: { organisationId?: number; now?: Date },
  db: Db = getDb(),
) {
  const dueBy = toLondonInputs(new Date(now.getTime() - FOLLOW_UP_AFTER_DAYS * 86_400_000)).date;
  const scope = organisationId === undefined ? undefined : eq(preventionActions.organisationId, organisationId);
  const counted = (condition?: SQL) =>
    db
      .select({ n: count() })
      .from(preventionActions)
      .where(and(lte(preventionActions.actionOn, dueBy), scope, condition))
      .get()?.n ?? 0;
  const due = protectCount(counted());
  const unknown = protectCount(
    counted(sql`(${preventionActions.outcome} IS NULL OR ${preventionActions.outcome} = 'dont-know')`),
  );
  const waiting =
    db
      .select({ n: count() })
      .from(preventionActions)
      .where(
        and(
          sql`${preventionActions.outcome} IS NULL`,
          lte(preventionActions.followUpDueAt, now),
          isNotNull(preventionActions.followUpSentAt),
          scope,
        ),
      )
      .get()?.n ?? 0;
  return { due, unknown, unknownShare: publishedShare(unknown, due), followUpsWaiting: protectCount(waiting) };
}

/** The first day of the current quarter (January, April, July, October) in London. */
export function quarterStart({ now = new Date() }: { now?: Date } = {}) {
  const { date } = toLondonInputs(now);
  const [year, month] = date.split("-").map(Number);
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return londonToUtc(`${year}-${String(first).padStart(2, "0")}-01`, "00:00")!;
}

/** Stale directory entries listed per page of the health page. */
export const STALE_PER_PAGE = 100;

type HealthScope = { rule: CurrencyRule; organisationId?: number; now: Date };

/**
 * The figures that are the same for every coordinator: organisations without
 * a current champion, Duty to Refer coverage, the attendance trend, joiners and
 * leavers this quarter, and prevention outcomes.
 */
function readHealthFigures({ rule, organisationId, now }: HealthScope, db: Db) {
  const ofOrganisation = organisationId === undefined ? undefined : eq(members.organisationId, organisationId);
  const allOrganisations = db
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .where(organisationId === undefined ? isNull(organisations.closedAt) : eq(organisations.id, organisationId))
    .orderBy(organisations.name)
    .all();
  const tier1 = db
    .select({ id: members.id, organisationId: members.organisationId })
    .from(members)
    .where(and(eq(members.tier, 1), eq(members.status, "active"), ofOrganisation))
    .all();
  const memberIds = organisationId === undefined ? undefined : tier1.map((m) => m.id);
  const champions = currentChampionIds({ rule, now, memberIds }, db);
  const withChampion = new Set(tier1.filter((m) => champions.has(m.id)).map((m) => m.organisationId));
  const coverage = coverageSummary({ currentChampions: champions, organisationId, now }, db);

  const recent = db
    .select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt })
    .from(workshops)
    .where(and(eq(workshops.audienceTier, 1), eq(workshops.status, "scheduled"), lte(workshops.endsAt, now)))
    .orderBy(desc(workshops.startsAt))
    .limit(6)
    .all()
    .reverse();
  const rates = recent.length
    ? db
        .select({
          workshopId: bookings.workshopId,
          expected: count(),
          attended: sql<number>`sum(CASE WHEN ${attendance.status} = 'attended' THEN 1 ELSE 0 END)`,
        })
        .from(bookings)
        .innerJoin(members, eq(members.id, bookings.memberId))
        .leftJoin(
          attendance,
          and(eq(attendance.workshopId, bookings.workshopId), eq(attendance.memberId, bookings.memberId)),
        )
        .where(
          and(
            inArray(
              bookings.workshopId,
              recent.map((w) => w.id),
            ),
            inArray(bookings.status, ["booked", "apologies"]),
            ofOrganisation,
          ),
        )
        .groupBy(bookings.workshopId)
        .all()
    : [];

  const since = quarterStart({ now });
  const membersWhere = (condition: SQL) =>
    db.select({ n: count() }).from(members).where(and(condition, ofOrganisation)).get()?.n ?? 0;
  const joined = membersWhere(gte(members.createdAt, since));
  const left = membersWhere(gte(members.deactivatedAt, since));

  return {
    organisationsTotal: allOrganisations.length,
    withoutChampion: allOrganisations.filter((o) => !withChampion.has(o.id)),
    dutyToReferWithoutContact: coverage.withoutNamedContact,
    coverageGaps: coverage.gaps,
    attendanceTrend: recent.map((w) => {
      const rate = rates.find((r) => r.workshopId === w.id);
      const expected = rate?.expected ?? 0;
      const attended = Number(rate?.attended ?? 0);
      return { ...w, expected, attended, rate: expected ? Math.round((attended * 100) / expected) : 0 };
    }),
    quarter: { since, joined, left },
    prevention: preventionHealth({ organisationId, now }, db),
  };
}

type StalePage = ReturnType<typeof pageStaleContacts>;
type KeptHealth = { key: string; figures: ReturnType<typeof readHealthFigures>; stalePages: Map<number, StalePage> };
const keptHealth = new WeakMap<Db, KeptHealth>();
/** Pages of stale entries kept beside the figures: a coordinator pages through a few. */
const KEPT_STALE_PAGES = 20;

/**
 * The whole network's figures and its stale entries, kept until a write that
 * could change them or the next minute (about 110 ms to read at national size,
 * against under 1 ms kept). The directory's, the currency's and the health
 * version's triggers (migrations 0007, 0040 and 0041) move on every write the
 * figures read, from any connection; the minute covers what changes with time
 * (currency, staleness, follow-ups falling due, the quarter). Sessions, learning
 * and bookings' reminders leave them kept. Inside a transaction nothing is kept.
 */
function keptNetworkHealth(scope: HealthScope, db: Db): KeptHealth {
  if (db.$client.inTransaction) {
    return { key: "", figures: readHealthFigures(scope, db), stalePages: new Map() };
  }
  const versions = db.$client
    .prepare(
      `SELECT (SELECT version FROM directory_version WHERE id = 1), (SELECT version FROM currency_version WHERE id = 1),
        (SELECT version FROM health_version WHERE id = 1)`,
    )
    .raw()
    .get() as number[];
  const key = JSON.stringify([versions, Math.floor(scope.now.getTime() / 60_000), scope.rule]);
  let kept = keptHealth.get(db);
  if (!kept || kept.key !== key) {
    kept = { key, figures: readHealthFigures(scope, db), stalePages: new Map() };
    keptHealth.set(db, kept);
  }
  return kept;
}

/**
 * Everything the coordinator needs to see at a glance about the network's
 * health. Stale directory entries are counted in full and listed a page at a time.
 * `organisationId` narrows every part to that one organisation (its line of
 * the page, for its lead): nothing of any other organisation is read, and the
 * network's topics are left out. The whole network's figures are kept between
 * writes (keptNetworkHealth); one organisation's are read afresh.
 */
export function getNetworkHealth(
  {
    rule,
    viewerId,
    organisationId,
    now = new Date(),
    stalePage = 1,
  }: { rule: CurrencyRule; viewerId: number; organisationId?: number; now?: Date; stalePage?: number },
  db: Db = getDb(),
) {
  const scope = { rule, organisationId, now };
  const readStale = () =>
    pageStaleContacts({ limit: STALE_PER_PAGE, offset: (stalePage - 1) * STALE_PER_PAGE, organisationId, now }, db);
  let figures: ReturnType<typeof readHealthFigures>;
  let stale: StalePage;
  if (organisationId === undefined) {
    const kept = keptNetworkHealth(scope, db);
    figures = kept.figures;
    stale = kept.stalePages.get(stalePage) ?? readStale();
    if (kept.key && !kept.stalePages.has(stalePage) && kept.stalePages.size < KEPT_STALE_PAGES) {
      kept.stalePages.set(stalePage, stale);
    }
  } else {
    figures = readHealthFigures(scope, db);
    stale = readStale();
  }
  // Topics are the network's, not an organisation's, and are read for this viewer.
  const openTopics =
    organisationId === undefined ? listTopics({ memberId: viewerId }, db).filter((t) => t.status === "open") : [];

  return {
    ...figures,
    stale: { page: stalePage, perPage: STALE_PER_PAGE, ...stale },
    openTopics: openTopics.length,
    topTopics: openTopics.slice(0, 5),
  };
}
