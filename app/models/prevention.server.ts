import { and, asc, desc, eq, isNull, lte } from "drizzle-orm";
import {
  circumstances,
  contacts,
  districtReferralDetails,
  districts,
  members,
  organisations,
  preventionActions,
  type PreventionActionKind,
  type PreventionEarliness,
  type PreventionOutcome,
} from "../../drizzle/schema";
import { londonToUtc } from "~/lib/dates";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { FOLLOW_UP_AFTER_DAYS, REMINDER_AFTER_DAYS } from "~/lib/prevention";
import { withAudit } from "./audit.server";

const DAY = 24 * 60 * 60 * 1000;

export type PreventionInput = {
  actionOn: string;
  districtId: string;
  organisationId: number;
  circumstanceId: string;
  earliness: PreventionEarliness;
  action: PreventionActionKind;
  note: string | null;
};

/** The day `days` after a YYYY-MM-DD date, as YYYY-MM-DD. */
function addDays(day: string, days: number) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** When the outcome email goes: 09:00 London time, 56 days after the action. */
export function followUpDueAt(actionOn: string) {
  return londonToUtc(addDays(actionOn, FOLLOW_UP_AFTER_DAYS), "09:00") as Date;
}

/** Which of the entry's choices are not in the lists (a removed district, say): field name to message. */
export function checkPreventionChoices(
  input: Pick<PreventionInput, "districtId" | "organisationId" | "circumstanceId">,
  db: Db = getDb(),
) {
  const errors: Record<string, string> = {};
  if (!db.select({ id: districts.id }).from(districts).where(eq(districts.id, input.districtId)).get())
    errors.districtId = "Select the district";
  if (!db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisationId)).get())
    errors.organisationId = "Select the organisation it came through";
  if (!db.select({ id: circumstances.id }).from(circumstances).where(eq(circumstances.id, input.circumstanceId)).get())
    errors.circumstanceId = "Select the circumstance";
  return errors;
}

/** Records a champion's action, with its audit entry; the follow-up falls due 56 days after the action. */
export function recordPreventionAction(
  { memberId, input, now = new Date() }: { memberId: number; input: PreventionInput; now?: Date },
  db: Db = getDb(),
) {
  return withAudit(
    (tx) =>
      tx
        .insert(preventionActions)
        .values({ ...input, memberId, followUpDueAt: followUpDueAt(input.actionOn), createdAt: now })
        .returning({ id: preventionActions.id })
        .get(),
    (row) => ({
      actorId: memberId,
      action: "prevention.log",
      entityType: "prevention_action",
      entityId: row.id,
      summary: "Logged a prevention action",
      after: { ...input, note: input.note ? "(note given)" : null },
      now,
    }),
    db,
  );
}

/** A member's own log, newest first, with the names the page shows. */
export function listMemberPreventionActions({ memberId }: { memberId: number }, db: Db = getDb()) {
  return db
    .select({
      id: preventionActions.id,
      actionOn: preventionActions.actionOn,
      district: districts.name,
      organisation: organisations.name,
      circumstance: circumstances.label,
      earliness: preventionActions.earliness,
      action: preventionActions.action,
      note: preventionActions.note,
      outcome: preventionActions.outcome,
      followUpDueAt: preventionActions.followUpDueAt,
      acknowledgedAt: preventionActions.acknowledgedAt,
    })
    .from(preventionActions)
    .innerJoin(districts, eq(districts.id, preventionActions.districtId))
    .innerJoin(organisations, eq(organisations.id, preventionActions.organisationId))
    .innerJoin(circumstances, eq(circumstances.id, preventionActions.circumstanceId))
    .where(eq(preventionActions.memberId, memberId))
    .orderBy(desc(preventionActions.actionOn), desc(preventionActions.id))
    .all();
}

/** One entry with what its outcome page and emails show; undefined when there is none. */
export function getPreventionAction({ id }: { id: number }, db: Db = getDb()) {
  return db
    .select({
      id: preventionActions.id,
      memberId: preventionActions.memberId,
      actionOn: preventionActions.actionOn,
      district: districts.name,
      circumstance: circumstances.label,
      earliness: preventionActions.earliness,
      action: preventionActions.action,
      outcome: preventionActions.outcome,
      outcomeAt: preventionActions.outcomeAt,
    })
    .from(preventionActions)
    .innerJoin(districts, eq(districts.id, preventionActions.districtId))
    .innerJoin(circumstances, eq(circumstances.id, preventionActions.circumstanceId))
    .where(eq(preventionActions.id, id))
    .get();
}

/** Records (or changes) an entry's outcome; the champion is the actor (the link proved who they are). */
export function recordOutcome(
  { id, memberId, outcome, now = new Date() }: { id: number; memberId: number; outcome: PreventionOutcome; now?: Date },
  db: Db = getDb(),
) {
  return withAudit(
    (tx) => {
      const before = tx
        .select({ outcome: preventionActions.outcome })
        .from(preventionActions)
        .where(and(eq(preventionActions.id, id), eq(preventionActions.memberId, memberId)))
        .get();
      if (!before) return null;
      tx.update(preventionActions).set({ outcome, outcomeAt: now }).where(eq(preventionActions.id, id)).run();
      return { before: before.outcome };
    },
    (changed) =>
      changed && changed.before !== outcome
        ? {
            actorId: memberId,
            action: "prevention.outcome",
            entityType: "prevention_action",
            entityId: id,
            summary: "Recorded the outcome of a prevention action",
            before: { outcome: changed.before },
            after: { outcome },
            now,
          }
        : null,
    db,
  );
}

const followUpFields = {
  id: preventionActions.id,
  memberId: preventionActions.memberId,
  name: members.name,
  email: members.email,
  actionOn: preventionActions.actionOn,
  action: preventionActions.action,
  earliness: preventionActions.earliness,
  circumstance: circumstances.label,
  district: districts.name,
};

function followUpQuery(db: Db) {
  return db
    .select(followUpFields)
    .from(preventionActions)
    .innerJoin(members, eq(members.id, preventionActions.memberId))
    .innerJoin(circumstances, eq(circumstances.id, preventionActions.circumstanceId))
    .innerJoin(districts, eq(districts.id, preventionActions.districtId));
}

export type FollowUpEntry = Awaited<ReturnType<typeof listDueFollowUps>>[number];

/** Unanswered entries whose follow-up is due and not yet sent (active champions only). */
export function listDueFollowUps(
  { now = new Date(), limit = 500 }: { now?: Date; limit?: number } = {},
  db: Db = getDb(),
) {
  return followUpQuery(db)
    .where(
      and(
        isNull(preventionActions.outcome),
        lte(preventionActions.followUpDueAt, now),
        isNull(preventionActions.followUpSentAt),
        eq(members.status, "active"),
      ),
    )
    .orderBy(asc(preventionActions.followUpDueAt))
    .limit(limit)
    .all();
}

/** Unanswered entries whose follow-up went 14 days ago or more and have had no reminder. */
export function listDueReminders(
  { now = new Date(), limit = 500 }: { now?: Date; limit?: number } = {},
  db: Db = getDb(),
) {
  return followUpQuery(db)
    .where(
      and(
        isNull(preventionActions.outcome),
        lte(preventionActions.followUpDueAt, now),
        lte(preventionActions.followUpSentAt, new Date(now.getTime() - REMINDER_AFTER_DAYS * DAY)),
        isNull(preventionActions.followUpRemindedAt),
        eq(members.status, "active"),
      ),
    )
    .orderBy(asc(preventionActions.followUpDueAt))
    .limit(limit)
    .all();
}

/**
 * Marks the follow-up (or the reminder) sent, only if it still is unsent and
 * unanswered, and runs `queue` in the same transaction: whichever process gets
 * there first queues the email, any other finds it marked and does nothing.
 */
export function claimFollowUp(
  {
    id,
    stage,
    now = new Date(),
    queue,
  }: { id: number; stage: "follow-up" | "reminder"; now?: Date; queue: (tx: Db) => void },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const column = stage === "follow-up" ? preventionActions.followUpSentAt : preventionActions.followUpRemindedAt;
    const set = stage === "follow-up" ? { followUpSentAt: now } : { followUpRemindedAt: now };
    const claimed = tx
      .update(preventionActions)
      .set(set)
      .where(and(eq(preventionActions.id, id), isNull(column), isNull(preventionActions.outcome)))
      .run();
    if (claimed.changes !== 1) return false;
    queue(tx);
    return true;
  }, db);
}

/** The districts whose named Duty to Refer contact is this member. */
export function listDistrictsContactedBy({ memberId }: { memberId: number }, db: Db = getDb()) {
  return db
    .select({ id: districts.id, name: districts.name })
    .from(districtReferralDetails)
    .innerJoin(contacts, eq(contacts.id, districtReferralDetails.dutyToReferContactId))
    .innerJoin(districts, eq(districts.id, districtReferralDetails.districtId))
    .where(eq(contacts.memberId, memberId))
    .orderBy(asc(districts.name))
    .all();
}

/** The member named as the district's Duty to Refer contact, or null. */
export function dutyToReferMemberId({ districtId }: { districtId: string }, db: Db = getDb()) {
  return (
    db
      .select({ memberId: contacts.memberId })
      .from(districtReferralDetails)
      .innerJoin(contacts, eq(contacts.id, districtReferralDetails.dutyToReferContactId))
      .where(eq(districtReferralDetails.districtId, districtId))
      .get()?.memberId ?? null
  );
}

/** A district's Duty to Refer referrals not yet acknowledged, oldest first. They hold no personal data. */
export function listUnacknowledgedReferrals(
  { districtId, limit = 200 }: { districtId: string; limit?: number },
  db: Db = getDb(),
) {
  return db
    .select({
      id: preventionActions.id,
      actionOn: preventionActions.actionOn,
      createdAt: preventionActions.createdAt,
      organisation: organisations.name,
      circumstance: circumstances.label,
      earliness: preventionActions.earliness,
    })
    .from(preventionActions)
    .innerJoin(organisations, eq(organisations.id, preventionActions.organisationId))
    .innerJoin(circumstances, eq(circumstances.id, preventionActions.circumstanceId))
    .where(
      and(
        eq(preventionActions.districtId, districtId),
        eq(preventionActions.action, "duty-to-refer"),
        isNull(preventionActions.acknowledgedAt),
      ),
    )
    .orderBy(asc(preventionActions.actionOn), asc(preventionActions.id))
    .limit(limit)
    .all();
}

/**
 * Acknowledges one of the district's Duty to Refer referrals, once: false when
 * it is not that district's, not a referral, or was acknowledged already.
 */
export function acknowledgeReferral(
  { id, districtId, memberId, now = new Date() }: { id: number; districtId: string; memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return withAudit(
    (tx) =>
      tx
        .update(preventionActions)
        .set({ acknowledgedAt: now, acknowledgedBy: memberId })
        .where(
          and(
            eq(preventionActions.id, id),
            eq(preventionActions.districtId, districtId),
            eq(preventionActions.action, "duty-to-refer"),
            isNull(preventionActions.acknowledgedAt),
          ),
        )
        .run().changes === 1,
    (done) =>
      done
        ? {
            actorId: memberId,
            action: "prevention.acknowledge",
            entityType: "prevention_action",
            entityId: id,
            summary: `Acknowledged a Duty to Refer referral for ${districtId}`,
            now,
          }
        : null,
    db,
  );
}
