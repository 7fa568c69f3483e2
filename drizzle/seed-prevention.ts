import { and, asc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { Db } from "../app/lib/db.server";
import {
  cascadeSessions,
  circumstances,
  contacts,
  districtReferralDetails,
  districts,
  members,
  preventionActions,
  PREVENTION_ACTIONS,
  PREVENTION_EARLINESS,
  type PreventionOutcome,
} from "./schema";

const DAY = 86_400_000;

/** A small repeatable random sequence, so the demo looks the same each time it is seeded. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Answers in roughly the proportions the Trailblazer review reports, with many left unanswered. */
const OUTCOME_SHARES: Array<[PreventionOutcome | null, number]> = [
  ["prevented", 0.4],
  ["relieved", 0.06],
  ["not-prevented", 0.1],
  ["still-open", 0.05],
  ["dont-know", 0.04],
  [null, 0.35],
];

function outcomeFrom(r: number) {
  let total = 0;
  for (const [outcome, share] of OUTCOME_SHARES) {
    total += share;
    if (r < total) return outcome;
  }
  return null;
}

/**
 * A year of the prevention log for the demo: a few hundred actions by the
 * champions (Tier 1 and 2 members), some answered, some unanswered after the
 * follow-up and reminder, the latest not yet due; most Duty to Refer
 * referrals acknowledged by the district's named contact; and training the
 * champions cascaded inside their organisations.
 */
export function seedPrevention(db: Db, { now, count = 360 }: { now: Date; count?: number }) {
  const random = sequence(20261130);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const champions = db
    .select({ id: members.id, organisationId: members.organisationId })
    .from(members)
    .where(and(lte(members.tier, 2), eq(members.status, "active"), isNotNull(members.organisationId)))
    .orderBy(asc(members.id))
    .all();
  const districtIds = db
    .select({ id: districts.id })
    .from(districts)
    .all()
    .map((d) => d.id);
  const circumstanceIds = db
    .select({ id: circumstances.id })
    .from(circumstances)
    .all()
    .map((c) => c.id);
  if (champions.length === 0 || districtIds.length === 0 || circumstanceIds.length === 0) return;
  const contactOf = new Map(
    db
      .select({ districtId: districtReferralDetails.districtId, memberId: contacts.memberId })
      .from(districtReferralDetails)
      .innerJoin(contacts, eq(contacts.id, districtReferralDetails.dutyToReferContactId))
      .where(inArray(districtReferralDetails.districtId, districtIds))
      .all()
      .map((row) => [row.districtId, row.memberId]),
  );
  const rows: Array<typeof preventionActions.$inferInsert> = [];
  for (let i = 0; i < count; i += 1) {
    const champion = pick(champions);
    const daysAgo = Math.floor(random() * 365);
    const actionAt = new Date(now.getTime() - daysAgo * DAY);
    const actionOn = actionAt.toISOString().slice(0, 10);
    const action = pick([...PREVENTION_ACTIONS]);
    const districtId = pick(districtIds);
    const dueAt = new Date(Date.UTC(actionAt.getUTCFullYear(), actionAt.getUTCMonth(), actionAt.getUTCDate() + 56, 9));
    const due = dueAt <= now;
    const outcome = due ? outcomeFrom(random()) : null;
    const createdAt = new Date(actionAt.getTime() + Math.floor(random() * 3) * DAY);
    const acknowledgedBy = contactOf.get(districtId) ?? null;
    const acknowledged = action === "duty-to-refer" && acknowledgedBy !== null && random() < 0.75;
    const acknowledgedAt = new Date(createdAt.getTime() + (0.1 + random() * 6) * DAY);
    rows.push({
      memberId: champion.id,
      organisationId: champion.organisationId!,
      districtId,
      circumstanceId: pick(circumstanceIds),
      actionOn,
      earliness: pick([...PREVENTION_EARLINESS]),
      action,
      note:
        random() < 0.2 ? pick(["Section 21 notice served", "Rent arrears", "Discharge planned", "Joint visit"]) : null,
      outcome,
      outcomeAt: outcome ? new Date(dueAt.getTime() + Math.floor(random() * 10) * DAY) : null,
      followUpDueAt: dueAt,
      followUpSentAt: due ? dueAt : null,
      followUpRemindedAt:
        due && !outcome && dueAt.getTime() + 14 * DAY <= now.getTime() ? new Date(dueAt.getTime() + 14 * DAY) : null,
      acknowledgedAt: acknowledged && acknowledgedAt <= now ? acknowledgedAt : null,
      acknowledgedBy: acknowledged && acknowledgedAt <= now ? acknowledgedBy : null,
      createdAt,
    });
  }
  for (let i = 0; i < rows.length; i += 100)
    db.insert(preventionActions)
      .values(rows.slice(i, i + 100))
      .run();

  const sessions = Array.from({ length: Math.min(40, champions.length * 2) }, () => {
    const champion = pick(champions);
    const heldAt = new Date(now.getTime() - Math.floor(random() * 365) * DAY);
    return {
      memberId: champion.id,
      organisationId: champion.organisationId!,
      heldOn: heldAt.toISOString().slice(0, 10),
      audienceSize: 3 + Math.floor(random() * 20),
      audienceRoles: pick(["Reception and support workers", "Ward staff", "Front-line advisers", "New starters"]),
      tier: pick([2, 3]),
      lengthMinutes: pick([30, 45, 60, 90, 120]),
      createdAt: heldAt,
    };
  });
  if (sessions.length > 0) db.insert(cascadeSessions).values(sessions).run();
}
