/**
 * The national dataset's year of prevention log (issue 19), called from
 * drizzle/seed-scale.ts: two entries per member over the last 365 days
 * (200,000 at national size), each logged by its organisation's lead, with
 * outcomes, follow-ups and Duty to Refer acknowledgements in plausible
 * proportions, and five cascaded training sessions per organisation. Deterministic
 * from the caller's random source. Everyone in it is fictional.
 */
import type Database from "better-sqlite3";
import { CIRCUMSTANCES } from "./county-data";

const DAY = 86_400_000;

export function seedScalePrevention({
  sqlite,
  members,
  organisations,
  districtIds,
  orgDistrict,
  random,
  now,
  inBatches,
}: {
  sqlite: Database.Database;
  members: number;
  organisations: number;
  districtIds: string[];
  /** Each organisation's district (index = id − 1), null when countywide. */
  orgDistrict: Array<string | null>;
  random: () => number;
  now: number;
  inBatches: (label: string, total: number, write: (i: number) => void) => void;
}) {
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(list: readonly T[]) => list[int(list.length)];
  /** A value from weighted choices: [value, weight] with weights adding up to 1. */
  const weighted = <T>(choices: Array<[T, number]>) => {
    let r = random();
    for (const [value, weight] of choices) if ((r -= weight) < 0) return value;
    return choices[choices.length - 1][0];
  };
  const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);
  const insertAction = sqlite.prepare(
    `INSERT INTO prevention_actions (member_id, organisation_id, district_id, circumstance_id, action_on, earliness, action, note,
       outcome, outcome_at, follow_up_due_at, follow_up_sent_at, follow_up_reminded_at, acknowledged_at, acknowledged_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  inBatches("prevention log", members * 2, () => {
    const organisationId = 1 + int(organisations);
    // Members 3 to organisations + 2 are the organisations' leads (drizzle/seed-scale.ts).
    const memberId = organisationId + 2;
    const createdAt = now - int(365 * DAY);
    const due = createdAt + 56 * DAY;
    const action = weighted<string>([
      ["duty-to-refer", 0.3],
      ["referred-elsewhere", 0.25],
      ["advice", 0.3],
      ["joint-work", 0.15],
    ]);
    const outcome = weighted<string | null>([
      ["prevented", 0.4],
      ["relieved", 0.08],
      ["not-prevented", 0.08],
      ["still-open", 0.06],
      ["dont-know", 0.08],
      [null, 0.3],
    ]);
    const answered = outcome !== null && due < now;
    const sent = due < now ? due : null;
    insertAction.run(
      memberId,
      organisationId,
      orgDistrict[organisationId - 1] ?? pick(districtIds),
      pick(CIRCUMSTANCES).id,
      day(createdAt),
      weighted([
        ["more-than-56-days", 0.45],
        ["within-56-days", 0.4],
        ["already-homeless", 0.15],
      ]),
      action,
      answered ? outcome : null,
      answered ? due + int(10) * DAY : null,
      due,
      sent,
      sent !== null && !answered && sent + 14 * DAY < now ? sent + 14 * DAY : null,
      action === "duty-to-refer" && random() < 0.8 ? createdAt + (2 + int(118)) * 3_600_000 : null,
      createdAt,
    );
  });
  const insertSession = sqlite.prepare(
    `INSERT INTO cascade_sessions (member_id, organisation_id, held_on, audience_size, audience_roles, tier, length_minutes, created_at)
     VALUES (?, ?, ?, ?, 'front-line staff', ?, ?, ?)`,
  );
  inBatches("cascaded training sessions", organisations * 5, () => {
    const organisationId = 1 + int(organisations);
    const held = now - int(365 * DAY);
    insertSession.run(organisationId + 2, organisationId, day(held), 3 + int(25), 1 + int(3), 30 + 15 * int(8), held);
  });
}
