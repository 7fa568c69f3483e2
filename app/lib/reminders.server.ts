/**
 * Reminders that prevent lapses (issue 17): a learner's completion expiring in
 * 30 days and on the day, a weekly summary for each organisation lead, and a
 * Tier 1 champion one missed workshop from lapsing (to them and their lead).
 *
 * Each email's dedupe key names its event (`expiry-30:<completionId>`,
 * `at-risk:<memberId>:<newest counted workshop>`, …), and the outbox queues a
 * key once, so a restart or a second process running the jobs never sends one
 * twice. Each query reads by index only what is in its window and not yet
 * queued. A reminder queued but not yet sent is withdrawn at send time when it
 * no longer applies (reminderStillApplies): the learning was renewed, the
 * champion booked a place or is no longer at risk, or reminders were turned off.
 */
import type { Db } from "./db.server";
import { getDb } from "./db.server";
import { reminderEmails, type ExpiryLine } from "./email/reminder-emails";
import { unsubscribeFooter, unsubscribeHeaders } from "./email/unsubscribe.server";
import { completionStillExpiring, listExpiringForReminder, listOrganisationExpiries } from "~/models/completion.server";
import {
  getTier1Attendance,
  hasUpcomingTier1Place,
  listAtRiskChampions,
  listNextTier1Workshops,
} from "~/models/currency.server";
import { getEmailPreferences } from "~/models/email-preference.server";
import { isLeadWithReminders, listLeadsAwaitingReminder, listLeadsOfMembersOrganisation } from "~/models/member.server";
import { emailWasQueued, queueEmail } from "~/models/outbox.server";

const DAY = 24 * 60 * 60 * 1000;

/** The line every reminder ends with: why it came, and the recipient's one-click unsubscribe. */
const footer = (memberId: number) => unsubscribeFooter({ memberId, kind: "reminders" });

/** The first notice goes this many days before a completion expires… */
export const EXPIRY_NOTICE_DAYS = 30;
/** …or up to this many days later, if the jobs were not running at the time. */
const NOTICE_CATCH_UP_DAYS = 3;
/** The lead's summary lists what expires in the next 30 days and what expired in the last 30. */
const SUMMARY_DAYS = 30;

/** The ISO 8601 week of a moment (UTC), as `2026-W49`: names the week of a lead's summary. */
export function isoWeek(date: Date) {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the year the week belongs to.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** The learner's two notices: 30 days before (with a few days' catch-up) and in the last day. */
function queueExpiryNotices(now: Date, db: Db) {
  const t = now.getTime();
  const notices = [
    {
      prefix: "expiry-30:",
      from: new Date(t + (EXPIRY_NOTICE_DAYS - NOTICE_CATCH_UP_DAYS) * DAY),
      to: new Date(t + EXPIRY_NOTICE_DAYS * DAY + 1),
      write: reminderEmails.expiringSoon,
    },
    { prefix: "expiry-day:", from: new Date(t + 1), to: new Date(t + DAY + 1), write: reminderEmails.expiresToday },
  ];
  let queued = 0;
  for (const notice of notices) {
    for (const c of listExpiringForReminder({ from: notice.from, to: notice.to, dedupePrefix: notice.prefix }, db)) {
      queueEmail(
        {
          dedupeKey: `${notice.prefix}${c.id}`,
          memberId: c.memberId,
          to: c.email,
          ...notice.write({ name: c.name, footer: footer(c.memberId) }, c),
          kind: "expiry-reminder",
          headers: unsubscribeHeaders({ memberId: c.memberId, kind: "reminders" }),
          now,
        },
        db,
      );
      queued += 1;
    }
  }
  return queued;
}

/** One summary a week for each lead whose organisation has learning expiring or just expired. */
function queueLeadSummaries(now: Date, db: Db) {
  const week = isoWeek(now);
  const leads = listLeadsAwaitingReminder({ dedupePrefix: "expiry-summary:", dedupeSuffix: `:${week}` }, db);
  let queued = 0;
  for (let start = 0; start < leads.length; start += 500) {
    const batch = leads.slice(start, start + 500);
    const byOrganisation = new Map<number, { expiring: ExpiryLine[]; expired: ExpiryLine[] }>();
    for (const e of listOrganisationExpiries(
      {
        organisationIds: [...new Set(batch.map((l) => l.organisationId))],
        from: new Date(now.getTime() - SUMMARY_DAYS * DAY),
        to: new Date(now.getTime() + SUMMARY_DAYS * DAY + 1),
      },
      db,
    )) {
      if (!byOrganisation.has(e.organisationId)) byOrganisation.set(e.organisationId, { expiring: [], expired: [] });
      byOrganisation.get(e.organisationId)![e.expiresAt > now ? "expiring" : "expired"].push(e);
    }
    for (const lead of batch) {
      const entries = byOrganisation.get(lead.organisationId);
      if (!entries) continue;
      queueEmail(
        {
          dedupeKey: `expiry-summary:${lead.id}:${week}`,
          memberId: lead.id,
          to: lead.email,
          ...reminderEmails.organisationSummary({ ...lead, footer: footer(lead.id) }, entries),
          kind: "expiry-summary",
          headers: unsubscribeHeaders({ memberId: lead.id, kind: "reminders" }),
          now,
        },
        db,
      );
      queued += 1;
    }
  }
  return queued;
}

/** Champions one missed workshop from lapsing, and their leads, once per counted workshop, unless already booked. */
function queueAtRiskNotices(now: Date, db: Db) {
  const { newestWorkshopId, champions } = listAtRiskChampions({ now }, db);
  if (newestWorkshopId === null) return 0;
  let next: ReturnType<typeof listNextTier1Workshops> | undefined;
  let queued = 0;
  for (const champion of champions) {
    const ownKey = `at-risk:${champion.id}:${newestWorkshopId}`;
    const leads = listLeadsOfMembersOrganisation({ memberId: champion.id }, db)
      .filter((lead) => lead.id !== champion.id)
      .map((lead) => ({ ...lead, key: `at-risk-lead:${lead.id}:${champion.id}:${newestWorkshopId}` }))
      .filter((lead) => !emailWasQueued({ dedupeKey: lead.key }, db) && isLeadWithReminders({ memberId: lead.id }, db));
    const toChampion = champion.reminderEmails && !emailWasQueued({ dedupeKey: ownKey }, db);
    if (!toChampion && leads.length === 0) continue;
    if (hasUpcomingTier1Place({ memberId: champion.id, now }, db)) continue;
    next ??= listNextTier1Workshops({ now }, db);
    if (toChampion) {
      queueEmail(
        {
          dedupeKey: ownKey,
          memberId: champion.id,
          to: champion.email,
          ...reminderEmails.currencyAtRisk({ name: champion.name, footer: footer(champion.id) }, next),
          kind: "at-risk",
          headers: unsubscribeHeaders({ memberId: champion.id, kind: "reminders" }),
          now,
        },
        db,
      );
      queued += 1;
    }
    for (const lead of leads) {
      queueEmail(
        {
          dedupeKey: lead.key,
          memberId: lead.id,
          to: lead.email,
          ...reminderEmails.currencyAtRiskToLead({ name: lead.name, footer: footer(lead.id) }, champion, next),
          kind: "at-risk-lead",
          headers: unsubscribeHeaders({ memberId: lead.id, kind: "reminders" }),
          now,
        },
        db,
      );
      queued += 1;
    }
  }
  return queued;
}

/** Queues every reminder now due; returns how many were queued. */
export function queueLapseReminders({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return {
    expiry: queueExpiryNotices(now, db),
    leadSummaries: queueLeadSummaries(now, db),
    atRisk: queueAtRiskNotices(now, db),
  };
}

/** The champion is still active, at risk, and without a place on a coming Tier 1 workshop. */
function stillAtRisk(memberId: number, now: Date, db: Db) {
  if (getEmailPreferences({ memberId }, db)?.status !== "active") return false;
  if (getTier1Attendance({ memberId, now }, db)?.currency !== "at-risk") return false;
  return !hasUpcomingTier1Place({ memberId, now }, db);
}

/**
 * Whether a queued email should still go, read from its dedupe key: true for
 * every email that is not one of these reminders.
 */
export function reminderStillApplies(email: { dedupeKey: string }, now: Date, db: Db = getDb()) {
  const [event, first, second] = email.dedupeKey.split(":");
  const id = (part: string | undefined) => Number(part);
  switch (event) {
    case "expiry-30":
    case "expiry-day":
      return completionStillExpiring({ completionId: id(first) }, db);
    case "expiry-summary":
      return isLeadWithReminders({ memberId: id(first) }, db);
    case "at-risk":
      return (
        getEmailPreferences({ memberId: id(first) }, db)?.preferences.reminders === true &&
        stillAtRisk(id(first), now, db)
      );
    case "at-risk-lead":
      return isLeadWithReminders({ memberId: id(first) }, db) && stillAtRisk(id(second), now, db);
    default:
      return true;
  }
}
