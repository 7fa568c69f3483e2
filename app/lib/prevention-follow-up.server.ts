import { getDb, type Db } from "./db.server";
import { outcomeLinkToken } from "./prevention-links.server";
import { preventionEmails } from "./email/prevention-emails";
import { queueEmail } from "~/models/outbox.server";
import { claimFollowUp, listDueFollowUps, listDueReminders, type FollowUpEntry } from "~/models/prevention.server";

function facts(entry: FollowUpEntry) {
  return {
    entryId: entry.id,
    token: outcomeLinkToken({ entryId: entry.id, memberId: entry.memberId }),
    actionOn: entry.actionOn,
    action: entry.action,
    earliness: entry.earliness,
    circumstance: entry.circumstance,
    district: entry.district,
  };
}

/**
 * The prevention log's outcome emails: 56 days after an action, the champion
 * is asked what happened, with one-click links; if there is still no answer
 * 14 days later, they are reminded once. Each goes once: the entry is marked in
 * the same transaction that queues the email (a second process finds it marked),
 * and the outbox's dedupe key refuses a second copy. Answered entries get nothing.
 */
export function queuePreventionFollowUps({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  let followUps = 0;
  let reminders = 0;
  const stages = [
    { stage: "follow-up", list: listDueFollowUps, write: preventionEmails.followUp },
    { stage: "reminder", list: listDueReminders, write: preventionEmails.reminder },
  ] as const;
  for (const { stage, list, write } of stages) {
    for (const entry of list({ now }, db)) {
      const queued = claimFollowUp(
        {
          id: entry.id,
          stage,
          now,
          queue: (tx) =>
            queueEmail(
              {
                dedupeKey: `prevention-${stage}:${entry.id}`,
                memberId: entry.memberId,
                to: entry.email,
                ...write(entry.name, facts(entry)),
                kind: `prevention-${stage}`,
                now,
              },
              tx,
            ),
        },
        db,
      );
      if (queued && stage === "follow-up") followUps += 1;
      if (queued && stage === "reminder") reminders += 1;
    }
  }
  return { followUps, reminders };
}
