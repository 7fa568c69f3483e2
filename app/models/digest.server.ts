import { and, asc, count, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import {
  bookings,
  completions,
  contacts,
  digestRuns,
  digestSettings,
  members,
  organisations,
  topicProposals,
  topicSupports,
  workshops,
} from "../../drizzle/schema";
import { toLondonInputs } from "~/lib/dates";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { digestEmail, type DigestFacts, type OrganisationLine } from "~/lib/email/digest-emails";
import { unsubscribeFooter, unsubscribeHeaders } from "~/lib/email/unsubscribe.server";
import { STALE_AFTER_MS } from "./contact.server";
import { tier1CurrencyFor, tier1Rule, type CurrencyRule } from "./currency.server";
import { quarterStart } from "./network-health.server";
import { queueEmails } from "./outbox.server";

const DAY = 24 * 60 * 60 * 1000;

/** Members read, and emails queued, per transaction: small enough to keep memory flat at national size. */
export const DIGEST_BATCH_SIZE = 2_000;
/** A completion expiring within this many days is "expiring soon". */
export const EXPIRING_SOON_DAYS = 60;
/** How many of the next workshops each digest lists. */
const WORKSHOPS_LISTED = 3;
/** How many scheduled topics ("you said, we did") each digest lists at most. */
const TOPICS_LISTED = 5;

/** The month a digest belongs to, "YYYY-MM" in London. */
export function digestMonth(now: Date) {
  return toLondonInputs(now).date.slice(0, 7);
}

const monthLabels = new Map<string, string>();

/** "December 2026" for "2026-12" (worked out once per month: every digest of a run asks). */
export function monthLabel(month: string) {
  let label = monthLabels.get(month);
  if (label === undefined) {
    const [year, m] = month.split("-").map(Number);
    label = new Date(Date.UTC(year, m - 1, 15)).toLocaleDateString("en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    monthLabels.set(month, label);
  }
  return label;
}

/** The digest's day of the month; null until the coordinator has chosen one (until then no digest goes). */
export function getDigestSettings(db: Db = getDb()) {
  return db.select().from(digestSettings).where(eq(digestSettings.id, 1)).get() ?? null;
}

/** Days after the set day on which a digest not yet started still goes (the server was down on the day). */
export const DIGEST_CATCH_UP_DAYS = 2;

export function saveDigestDay(
  { dayOfMonth, actorId, now = new Date() }: { dayOfMonth: number; actorId: number; now?: Date },
  db: Db = getDb(),
) {
  db.insert(digestSettings)
    .values({ id: 1, dayOfMonth, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: digestSettings.id, set: { dayOfMonth, updatedBy: actorId, updatedAt: now } })
    .run();
}

export function getDigestRun({ month }: { month: string }, db: Db = getDb()) {
  return db.select().from(digestRuns).where(eq(digestRuns.month, month)).get();
}

/** The months whose digest has been queued or is being queued, newest first. */
export function listDigestRuns({ limit = 12 }: { limit?: number } = {}, db: Db = getDb()) {
  return db
    .select()
    .from(digestRuns)
    .where(sql`${digestRuns.status} <> 'draft'`)
    .orderBy(desc(digestRuns.month))
    .limit(limit)
    .all();
}

/**
 * The month whose digest the coordinator is writing for: this month until its
 * digest has started (or its day has gone by), then next month.
 */
export function upcomingDigestMonth({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  const month = digestMonth(now);
  const run = getDigestRun({ month }, db);
  const settings = getDigestSettings(db);
  const today = Number(toLondonInputs(now).date.slice(8, 10));
  const dayPassed = settings !== null && today > settings.dayOfMonth + DIGEST_CATCH_UP_DAYS;
  if ((!run || run.status === "draft") && !dayPassed) return month;
  const [year, m] = month.split("-").map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

export class DigestStartedError extends Error {
  constructor() {
    super("This month's digest has already been queued, so its paragraph can no longer change.");
  }
}

/** Saves the coordinator's paragraph for a month whose digest has not started; returns what it replaced. */
export function saveDigestParagraph(
  { month, paragraph, actorId, now = new Date() }: { month: string; paragraph: string; actorId: number; now?: Date },
  db: Db = getDb(),
) {
  const before = getDigestRun({ month }, db);
  if (before && before.status !== "draft") throw new DigestStartedError();
  db.insert(digestRuns)
    .values({ month, paragraph, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: digestRuns.month, set: { paragraph, updatedBy: actorId, updatedAt: now } })
    .run();
  return before?.paragraph ?? "";
}

type BatchMember = {
  id: number;
  name: string;
  email: string;
  role: string;
  tier: number;
  organisationId: number | null;
};

/** What every batch shares: the next workshops open to each tier, and the topics now scheduled. */
function sharedFacts(now: Date, db: Db) {
  const nextFor = (tier: number) =>
    db
      .select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt, endsAt: workshops.endsAt })
      .from(workshops)
      .where(
        and(
          eq(workshops.status, "scheduled"),
          gt(workshops.startsAt, now),
          gt(workshops.bookingClosesAt, now),
          sql`${workshops.audienceTier} >= ${tier}`,
        ),
      )
      .orderBy(asc(workshops.startsAt), asc(workshops.id))
      .limit(WORKSHOPS_LISTED)
      .all();
  const topics = db
    .select({
      id: topicProposals.id,
      title: topicProposals.title,
      workshopId: workshops.id,
      workshopTitle: workshops.title,
      startsAt: workshops.startsAt,
    })
    .from(topicProposals)
    .innerJoin(workshops, eq(workshops.id, topicProposals.scheduledWorkshopId))
    .where(and(eq(topicProposals.status, "scheduled"), eq(workshops.status, "scheduled"), gt(workshops.startsAt, now)))
    .orderBy(asc(workshops.startsAt), asc(topicProposals.id))
    .limit(TOPICS_LISTED)
    .all();
  return { workshopsByTier: new Map([1, 2, 3].map((tier) => [tier, nextFor(tier)])), topics };
}

/**
 * Each organisation's line of the network health page, for its lead's digest:
 * its Tier 1 champions by currency, its directory entries gone stale, and who
 * joined and left this quarter. A few grouped queries for all the
 * organisations asked about, nothing of any other organisation.
 */
export function organisationLines(
  {
    organisationIds,
    rule = tier1Rule(),
    now = new Date(),
  }: { organisationIds: number[]; rule?: CurrencyRule; now?: Date },
  db: Db = getDb(),
) {
  const lines = new Map<number, OrganisationLine>();
  if (organisationIds.length === 0) return lines;
  for (const o of db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, organisationIds))
    .all()) {
    lines.set(o.id, {
      name: o.name,
      tier1: 0,
      current: 0,
      atRisk: 0,
      lapsed: 0,
      registersTaken: true,
      stale: 0,
      joined: 0,
      left: 0,
    });
  }
  const tier1 = db
    .select({ id: members.id, organisationId: members.organisationId })
    .from(members)
    .where(and(eq(members.tier, 1), eq(members.status, "active"), inArray(members.organisationId, organisationIds)))
    .all();
  const { workshopsConsidered, byMember } = tier1CurrencyFor({ memberIds: tier1.map((m) => m.id), rule, now }, db);
  for (const m of tier1) {
    const line = lines.get(m.organisationId!);
    if (!line) continue;
    line.tier1 += 1;
    line.registersTaken = workshopsConsidered > 0;
    const currency = byMember.get(m.id)?.currency;
    // As on the health page: before any register, every Tier 1 member counts; new counts as current.
    if (workshopsConsidered === 0 || currency === "current" || currency === "new") line.current += 1;
    if (currency === "at-risk") {
      line.current += 1;
      line.atRisk += 1;
    }
    if (currency === "lapsed") line.lapsed += 1;
  }
  for (const row of db
    .select({ organisationId: members.organisationId, n: count() })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .where(
      and(
        eq(members.status, "active"),
        inArray(members.organisationId, organisationIds),
        isNull(contacts.retiredAt),
        lt(contacts.lastConfirmedAt, new Date(now.getTime() - STALE_AFTER_MS)),
      ),
    )
    .groupBy(members.organisationId)
    .all()) {
    const line = lines.get(row.organisationId!);
    if (line) line.stale = row.n;
  }
  const since = quarterStart({ now });
  for (const row of db
    .select({
      organisationId: members.organisationId,
      joined: sql<number>`sum(CASE WHEN ${members.createdAt} >= ${since.getTime()} THEN 1 ELSE 0 END)`,
      left: sql<number>`sum(CASE WHEN ${members.deactivatedAt} >= ${since.getTime()} THEN 1 ELSE 0 END)`,
    })
    .from(members)
    .where(inArray(members.organisationId, organisationIds))
    .groupBy(members.organisationId)
    .all()) {
    const line = lines.get(row.organisationId!);
    if (!line) continue;
    line.joined = Number(row.joined ?? 0);
    line.left = Number(row.left ?? 0);
  }
  return lines;
}

/**
 * The digest's facts for a batch of members, with a fixed number of queries
 * whatever the batch's size: their currency, completions expiring soon (the
 * latest of each module only), directory entry, bookings on the workshops
 * listed, topics they backed that are now scheduled, and their organisation's
 * line when they lead one.
 */
export function digestFactsFor(
  {
    batch,
    now,
    rule = tier1Rule(),
    shared: given,
  }: { batch: BatchMember[]; now: Date; rule?: CurrencyRule; shared?: ReturnType<typeof sharedFacts> },
  db: Db = getDb(),
): DigestFacts[] {
  if (batch.length === 0) return [];
  const shared = given ?? sharedFacts(now, db);
  const ids = batch.map((m) => m.id);
  const { byMember: currency, workshopsConsidered } = tier1CurrencyFor(
    { memberIds: batch.filter((m) => m.tier === 1).map((m) => m.id), rule, now },
    db,
  );
  const expiring = new Map<number, DigestFacts["expiring"]>();
  for (const c of db
    .select({
      memberId: completions.memberId,
      moduleId: completions.moduleId,
      title: completions.moduleTitle,
      expiresAt: completions.expiresAt,
    })
    .from(completions)
    .where(
      and(
        inArray(completions.memberId, ids),
        gt(completions.expiresAt, now),
        lt(completions.expiresAt, new Date(now.getTime() + EXPIRING_SOON_DAYS * DAY)),
        // Renewed since (a later completion of the same module) is not expiring.
        sql`NOT EXISTS (SELECT 1 FROM completions later WHERE later.member_id = ${completions.memberId}
          AND later.module_id = ${completions.moduleId} AND later.completed_at > ${completions.completedAt})`,
      ),
    )
    .orderBy(asc(completions.expiresAt))
    .all()) {
    if (!expiring.has(c.memberId)) expiring.set(c.memberId, []);
    expiring.get(c.memberId)!.push({ moduleId: c.moduleId, title: c.title, expiresAt: c.expiresAt! });
  }
  const entries = new Map(
    db
      .select({ memberId: contacts.memberId, lastConfirmedAt: contacts.lastConfirmedAt })
      .from(contacts)
      .where(and(inArray(contacts.memberId, ids), isNull(contacts.retiredAt)))
      .all()
      .map((c) => [c.memberId, c.lastConfirmedAt]),
  );
  const listedIds = [...new Set([...shared.workshopsByTier.values()].flat().map((w) => w.id))];
  const booked = new Set(
    listedIds.length
      ? db
          .select({ memberId: bookings.memberId, workshopId: bookings.workshopId })
          .from(bookings)
          .where(
            and(
              inArray(bookings.workshopId, listedIds),
              inArray(bookings.memberId, ids),
              inArray(bookings.status, ["booked", "waiting"]),
            ),
          )
          .all()
          .map((b) => `${b.memberId}:${b.workshopId}`)
      : [],
  );
  const topicIds = shared.topics.map((t) => t.id);
  const backed = new Set(
    topicIds.length
      ? db
          .select({ memberId: topicSupports.memberId, topicId: topicSupports.topicId })
          .from(topicSupports)
          .where(and(inArray(topicSupports.topicId, topicIds), inArray(topicSupports.memberId, ids)))
          .all()
          .map((s) => `${s.memberId}:${s.topicId}`)
      : [],
  );
  const leadOf = [
    ...new Set(batch.filter((m) => m.role === "org_lead" && m.organisationId).map((m) => m.organisationId!)),
  ];
  const lines = organisationLines({ organisationIds: leadOf, rule, now }, db);
  return batch.map((m) => {
    const lastConfirmedAt = entries.get(m.id);
    return {
      memberId: m.id,
      name: m.name,
      email: m.email,
      currency: m.tier === 1 ? { status: workshopsConsidered === 0 ? null : (currency.get(m.id) ?? null), rule } : null,
      expiring: expiring.get(m.id) ?? [],
      directory: lastConfirmedAt
        ? { lastConfirmedAt, needsConfirming: now.getTime() - lastConfirmedAt.getTime() > STALE_AFTER_MS }
        : null,
      workshops: (shared.workshopsByTier.get(m.tier) ?? []).map((w) => ({
        ...w,
        booked: booked.has(`${m.id}:${w.id}`),
      })),
      topics: shared.topics.map((t) => ({ ...t, backed: backed.has(`${m.id}:${t.id}`) })),
      organisation: m.role === "org_lead" && m.organisationId ? (lines.get(m.organisationId) ?? null) : null,
    };
  });
}

const batchColumns = {
  id: members.id,
  name: members.name,
  email: members.email,
  role: members.role,
  tier: members.tier,
  organisationId: members.organisationId,
};

/** The next batch of members who get the digest: active, digest on, after `afterId` in id order. */
function nextBatch({ afterId, limit }: { afterId: number; limit: number }, db: Db): BatchMember[] {
  return db
    .select(batchColumns)
    .from(members)
    .where(and(gt(members.id, afterId), eq(members.status, "active"), eq(members.digestEmails, true)))
    .orderBy(asc(members.id))
    .limit(limit)
    .all();
}

/** One member's digest facts (the preview and the test send). */
export function digestFactsForMember(
  { memberId, now = new Date() }: { memberId: number; now?: Date },
  db: Db = getDb(),
) {
  const member = db.select(batchColumns).from(members).where(eq(members.id, memberId)).get();
  return member ? digestFactsFor({ batch: [member], now }, db)[0] : undefined;
}

/**
 * Three real members to preview the month's digest as: a Tier 1 champion, an
 * organisation lead, and a member with nothing to report (no currency, nothing
 * expiring, no directory entry to confirm, no organisation to report on, no
 * topic they backed now scheduled). Each is looked for among the first
 * members who get the digest; any not found is left out.
 */
export function pickDigestExamples({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  const active = and(eq(members.status, "active"), eq(members.digestEmails, true));
  const first = (where: ReturnType<typeof and>, limit: number) =>
    db.select(batchColumns).from(members).where(and(active, where)).orderBy(asc(members.id)).limit(limit).all();
  const champion = first(eq(members.tier, 1), 1);
  const lead = first(eq(members.role, "org_lead"), 1);
  const candidates = digestFactsFor(
    { batch: first(sql`${members.tier} > 1 AND ${members.role} = 'learner'`, 200), now },
    db,
  );
  const quiet = candidates.find((facts) => !hasNews(facts));
  const [championFacts, leadFacts] = [champion, lead].map((m) =>
    m.length ? digestFactsFor({ batch: m, now }, db)[0] : null,
  );
  return [
    championFacts ? { label: "A Tier 1 champion", facts: championFacts } : null,
    leadFacts ? { label: "An organisation lead", facts: leadFacts } : null,
    quiet ? { label: "A member with nothing to report", facts: quiet } : null,
  ].filter((e): e is { label: string; facts: DigestFacts } => e !== null);
}

/** Whether a digest has anything of the member's own to report (otherwise it is the short version). */
export function hasNews(facts: DigestFacts) {
  return (
    facts.currency !== null ||
    facts.expiring.length > 0 ||
    (facts.directory?.needsConfirming ?? false) ||
    facts.organisation !== null ||
    facts.topics.some((t) => t.backed)
  );
}

/** The digest email for these facts, with the month's paragraph. */
export function writeDigest({ facts, month, paragraph }: { facts: DigestFacts; month: string; paragraph: string }) {
  return digestEmail(facts, {
    month: monthLabel(month),
    paragraph,
    short: !hasNews(facts),
    footer: unsubscribeFooter({ memberId: facts.memberId, kind: "digest" }),
  });
}

/**
 * Whether the month's digest is due: one already being queued always is (a
 * restart carries on); otherwise from its set day (London) to two days after,
 * if it has not been sent. No digest goes until the coordinator sets the day.
 */
function isDue(now: Date, db: Db) {
  const run = getDigestRun({ month: digestMonth(now) }, db);
  if (run?.status === "queuing") return true;
  if (run?.status === "done") return false;
  const settings = getDigestSettings(db);
  if (!settings) return false;
  const today = Number(toLondonInputs(now).date.slice(8, 10));
  return today >= settings.dayOfMonth && today <= settings.dayOfMonth + DIGEST_CATCH_UP_DAYS;
}

/**
 * Queues the month's digest once its day has come: one email per active
 * member with the digest on, dedupe key `digest:<month>:<member>`. Members
 * are taken in id order a batch at a time, each batch in one transaction that
 * also records the last id done, so a restart carries on where it stopped and
 * two processes never take the same batch. Between batches it gives way to
 * the server's requests. `maxBatches` stops early (tests of a partial run).
 */
export async function queueMonthlyDigest(
  {
    now = new Date(),
    batchSize = DIGEST_BATCH_SIZE,
    maxBatches = Infinity,
  }: { now?: Date; batchSize?: number; maxBatches?: number } = {},
  db: Db = getDb(),
) {
  if (!isDue(now, db)) return { queued: 0, done: false };
  const month = digestMonth(now);
  inTransaction((tx) => {
    tx.insert(digestRuns).values({ month, updatedAt: now }).onConflictDoNothing().run();
    tx.update(digestRuns)
      .set({ status: "queuing", startedAt: now })
      .where(and(eq(digestRuns.month, month), eq(digestRuns.status, "draft")))
      .run();
  }, db);
  const rule = tier1Rule();
  const shared = sharedFacts(now, db);
  let queued = 0;
  for (let batches = 0; batches < maxBatches; batches += 1) {
    const done = inTransaction((tx) => {
      const run = getDigestRun({ month }, tx)!;
      if (run.status === "done") return true;
      const batch = nextBatch({ afterId: run.lastMemberId, limit: batchSize }, tx);
      if (batch.length === 0) {
        tx.update(digestRuns).set({ status: "done", finishedAt: now }).where(eq(digestRuns.id, run.id)).run();
        return true;
      }
      queueEmails(
        digestFactsFor({ batch, now, rule, shared }, tx).map((facts) => ({
          dedupeKey: `digest:${month}:${facts.memberId}`,
          memberId: facts.memberId,
          to: facts.email,
          ...writeDigest({ facts, month, paragraph: run.paragraph }),
          kind: "digest",
          headers: unsubscribeHeaders({ memberId: facts.memberId, kind: "digest" }),
          bulk: true,
          now,
        })),
        tx,
      );
      tx.update(digestRuns)
        .set({ lastMemberId: batch[batch.length - 1].id, queued: run.queued + batch.length })
        .where(eq(digestRuns.id, run.id))
        .run();
      queued += batch.length;
      return false;
    }, db);
    if (done) return { queued, done: true };
    // Let requests waiting on the server's event loop in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { queued, done: false };
}

/** When the next digest is due (null until the coordinator has chosen a day). */
export function nextDigestDate({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  const settings = getDigestSettings(db);
  const month = upcomingDigestMonth({ now }, db);
  return {
    month,
    dayOfMonth: settings?.dayOfMonth ?? null,
    label: settings ? `${settings.dayOfMonth} ${monthLabel(month)}` : null,
  };
}
