import { and, asc, avg, count, desc, eq, gte, lte, sql } from "drizzle-orm";
import { attendance, members, topicProposals, topicSupports, workshopFeedback, workshops } from "../../drizzle/schema";
import { getDb, inTransaction, preparedOnce, type Db } from "~/lib/db.server";
import { workshopRecipientColumns, type WorkshopRecipient } from "./booking.server";

export class FeedbackError extends Error {}

/** Active members marked as attended at a scheduled workshop that ended between `from` and `to` (for feedback requests). */
export function listAttendedEndingBetween(
  { from, to }: { from: Date; to: Date },
  db: Db = getDb(),
): WorkshopRecipient[] {
  return db
    .select(workshopRecipientColumns)
    .from(attendance)
    .innerJoin(workshops, eq(workshops.id, attendance.workshopId))
    .innerJoin(members, eq(members.id, attendance.memberId))
    .where(
      and(
        eq(attendance.status, "attended"),
        eq(workshops.status, "scheduled"),
        gte(workshops.endsAt, from),
        lte(workshops.endsAt, to),
        eq(members.status, "active"),
      ),
    )
    .all();
}

/** Feedback is for people marked as attended, once the workshop has ended. */
export function canLeaveFeedback(
  { workshopId, memberId, now = new Date() }: { workshopId: number; memberId: number; now?: Date },
  db: Db = getDb(),
) {
  const workshop = db
    .select({ endsAt: workshops.endsAt, status: workshops.status })
    .from(workshops)
    .where(eq(workshops.id, workshopId))
    .get();
  if (!workshop || workshop.status !== "scheduled" || workshop.endsAt > now)
    return { allowed: false as const, reason: "not-ended" as const };
  const mark = db
    .select({ status: attendance.status })
    .from(attendance)
    .where(and(eq(attendance.workshopId, workshopId), eq(attendance.memberId, memberId)))
    .get();
  if (mark?.status !== "attended") return { allowed: false as const, reason: "not-attended" as const };
  const given = db
    .select({ id: workshopFeedback.id })
    .from(workshopFeedback)
    .where(and(eq(workshopFeedback.workshopId, workshopId), eq(workshopFeedback.memberId, memberId)))
    .get();
  if (given) return { allowed: false as const, reason: "already-given" as const };
  return { allowed: true as const };
}

/** Records feedback and, when given, a topic proposal, in one transaction. */
export function leaveFeedback(
  {
    workshopId,
    memberId,
    rating,
    mostUseful,
    topic,
    now = new Date(),
  }: {
    workshopId: number;
    memberId: number;
    rating: number;
    mostUseful: string;
    topic: { title: string; details: string } | null;
    now?: Date;
  },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const check = canLeaveFeedback({ workshopId, memberId, now }, tx);
    if (!check.allowed) {
      throw new FeedbackError(
        check.reason === "already-given"
          ? "You have already given feedback on this workshop. Thank you."
          : "Only people who attended can give feedback, once the workshop has ended.",
      );
    }
    tx.insert(workshopFeedback).values({ workshopId, memberId, rating, mostUseful, createdAt: now }).run();
    if (topic)
      proposeTopic({ memberId, title: topic.title, details: topic.details, fromWorkshopId: workshopId, now }, tx);
  }, db);
}

export function proposeTopic(
  {
    memberId,
    title,
    details,
    fromWorkshopId = null,
    now = new Date(),
  }: { memberId: number; title: string; details: string; fromWorkshopId?: number | null; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const topic = tx
      .insert(topicProposals)
      .values({ title, details, proposedBy: memberId, fromWorkshopId, createdAt: now })
      .returning({ id: topicProposals.id })
      .get();
    // Proposing a topic counts as supporting it.
    tx.insert(topicSupports).values({ topicId: topic.id, memberId, createdAt: now }).onConflictDoNothing().run();
    return topic;
  }, db);
}

export function setTopicSupport(
  { topicId, memberId, support, now = new Date() }: { topicId: number; memberId: number; support: boolean; now?: Date },
  db: Db = getDb(),
) {
  const topic = db.select({ id: topicProposals.id }).from(topicProposals).where(eq(topicProposals.id, topicId)).get();
  if (!topic) return false;
  if (support) db.insert(topicSupports).values({ topicId, memberId, createdAt: now }).onConflictDoNothing().run();
  else
    db.delete(topicSupports)
      .where(and(eq(topicSupports.topicId, topicId), eq(topicSupports.memberId, memberId)))
      .run();
  return true;
}

/**
 * The topic queries, prepared once per connection: network health reads them on every view, and building
 * them cost more than running them.
 */
function topicStatements(db: Db) {
  return preparedOnce(db, "topics", () => {
    const supporters = db
      .select({ topicId: topicSupports.topicId, n: count().as("n") })
      .from(topicSupports)
      .groupBy(topicSupports.topicId)
      .as("supporters");
    const scheduled = db
      .select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt })
      .from(workshops)
      .as("scheduled");
    return {
      supportedBy: db
        .select({ topicId: topicSupports.topicId })
        .from(topicSupports)
        .where(eq(topicSupports.memberId, sql.placeholder("memberId")))
        .prepare(),
      ranked: db
        .select({
          id: topicProposals.id,
          title: topicProposals.title,
          details: topicProposals.details,
          status: topicProposals.status,
          proposedBy: members.name,
          createdAt: topicProposals.createdAt,
          supporters: sql<number>`coalesce(${supporters.n}, 0)`,
          scheduledWorkshopId: topicProposals.scheduledWorkshopId,
          scheduledWorkshopTitle: scheduled.title,
          scheduledWorkshopStartsAt: scheduled.startsAt,
        })
        .from(topicProposals)
        .innerJoin(members, eq(members.id, topicProposals.proposedBy))
        .leftJoin(supporters, eq(supporters.topicId, topicProposals.id))
        .leftJoin(scheduled, eq(scheduled.id, topicProposals.scheduledWorkshopId))
        .orderBy(desc(sql`coalesce(${supporters.n}, 0)`), asc(topicProposals.createdAt), asc(topicProposals.id))
        .prepare(),
    };
  });
}

/** Topics ranked by support (then oldest first), with whether this member supports each. */
export function listTopics({ memberId }: { memberId: number }, db: Db = getDb()) {
  const { supportedBy, ranked } = topicStatements(db);
  const mine = new Set(supportedBy.all({ memberId }).map((r) => r.topicId));
  return ranked.all().map((t) => ({ ...t, supportedByMe: mine.has(t.id) }));
}

/** "You said, we did": marks a topic as scheduled in a workshop. */
export function scheduleTopic(
  { topicId, workshopId }: { topicId: number; workshopId: number | null },
  db: Db = getDb(),
) {
  db.update(topicProposals)
    .set({ status: workshopId ? "scheduled" : "open", scheduledWorkshopId: workshopId })
    .where(eq(topicProposals.id, topicId))
    .run();
}

/** Average rating and number of responses per workshop that has feedback, newest first. */
export function listFeedbackSummary(db: Db = getDb()) {
  return db
    .select({
      workshopId: workshops.id,
      title: workshops.title,
      startsAt: workshops.startsAt,
      responses: count(workshopFeedback.id),
      averageRating: avg(workshopFeedback.rating),
    })
    .from(workshopFeedback)
    .innerJoin(workshops, eq(workshops.id, workshopFeedback.workshopId))
    .groupBy(workshops.id)
    .orderBy(desc(workshops.startsAt))
    .all()
    .map((row) => ({ ...row, averageRating: row.averageRating === null ? null : Number(row.averageRating) }));
}

export function listWorkshopFeedback({ workshopId }: { workshopId: number }, db: Db = getDb()) {
  return db
    .select({
      name: members.name,
      rating: workshopFeedback.rating,
      mostUseful: workshopFeedback.mostUseful,
      createdAt: workshopFeedback.createdAt,
    })
    .from(workshopFeedback)
    .innerJoin(members, eq(members.id, workshopFeedback.memberId))
    .where(eq(workshopFeedback.workshopId, workshopId))
    .orderBy(desc(workshopFeedback.createdAt))
    .all();
}
