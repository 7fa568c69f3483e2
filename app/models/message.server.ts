import { and, asc, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import {
  coordinatorMessages,
  districts,
  members,
  organisations,
  workshops,
  TIER_LABELS,
  type Tier,
} from "../../drizzle/schema";
import { formatDate } from "~/lib/dates";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { messageEmail } from "~/lib/email/message-emails";
import { unsubscribeFooter, unsubscribeHeaders } from "~/lib/email/unsubscribe.server";
import type { MessageInput } from "~/validation/message";
import { withAudit } from "./audit.server";
import { tier1CurrencyFor } from "./currency.server";
import { queueEmails } from "./outbox.server";

/** Emails queued per transaction when a message goes out. */
export const MESSAGE_BATCH_SIZE = 2_000;

export type AudienceChoice = Pick<MessageInput, "audience" | "tier" | "organisationId" | "districtId" | "workshopId">;

/** How the audience reads ("Lapsed Tier 1 champions", "Organisation: Crisis"); null when what it names does not exist. */
export function describeAudience(choice: AudienceChoice, db: Db = getDb()): string | null {
  switch (choice.audience) {
    case "everyone":
      return "Everyone in the network";
    case "tier":
      return choice.tier ? `${TIER_LABELS[choice.tier as Tier]} members` : null;
    case "lapsed":
      return "Lapsed Tier 1 champions";
    case "at-risk":
      return "Tier 1 champions at risk of lapsing";
    case "org-leads":
      return "Organisation leads";
    case "organisation": {
      const o = choice.organisationId
        ? db
            .select({ name: organisations.name })
            .from(organisations)
            .where(eq(organisations.id, choice.organisationId))
            .get()
        : undefined;
      return o ? `Organisation: ${o.name}` : null;
    }
    case "district": {
      const d = choice.districtId
        ? db.select({ name: districts.name }).from(districts).where(eq(districts.id, choice.districtId)).get()
        : undefined;
      return d ? `District: ${d.name}` : null;
    }
    case "workshop": {
      const w = choice.workshopId
        ? db
            .select({ title: workshops.title, startsAt: workshops.startsAt })
            .from(workshops)
            .where(eq(workshops.id, choice.workshopId))
            .get()
        : undefined;
      return w ? `Booked on ${w.title} (${formatDate(w.startsAt)})` : null;
    }
  }
}

/** Active Tier 1 champions whose currency is `currency`. */
function tier1WithCurrency(currency: "lapsed" | "at-risk", now: Date, db: Db) {
  const ids = db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.tier, 1), eq(members.status, "active")))
    .all()
    .map((m) => m.id);
  const { byMember } = tier1CurrencyFor({ memberIds: ids, now }, db);
  return ids.filter((id) => byMember.get(id)?.currency === currency);
}

/** Who the audience is, as a condition on active members; deactivated members are never in it. */
function audienceWhere(choice: AudienceChoice, now: Date, db: Db): SQL {
  const active = eq(members.status, "active");
  switch (choice.audience) {
    case "everyone":
      return active;
    case "tier":
      return and(active, eq(members.tier, choice.tier ?? 0))!;
    case "lapsed":
    case "at-risk": {
      const ids = tier1WithCurrency(choice.audience, now, db);
      return and(active, ids.length ? inArray(members.id, ids) : sql`0`)!;
    }
    case "org-leads":
      return and(active, eq(members.role, "org_lead"))!;
    case "organisation":
      return and(active, eq(members.organisationId, choice.organisationId ?? 0))!;
    case "district":
      return and(
        active,
        sql`${members.organisationId} IN (SELECT id FROM organisations WHERE district_id = ${choice.districtId ?? ""})`,
      )!;
    case "workshop":
      return and(
        active,
        sql`${members.id} IN (SELECT member_id FROM bookings WHERE workshop_id = ${choice.workshopId ?? 0}
          AND status = 'booked')`,
      )!;
  }
}

/** How many of the audience will receive the message, and how many have turned off messages. */
export function countAudience({ choice, now = new Date() }: { choice: AudienceChoice; now?: Date }, db: Db = getDb()) {
  const row = db
    .select({
      total: sql<number>`count(*)`,
      optedOut: sql<number>`coalesce(sum(CASE WHEN ${members.messageEmails} THEN 0 ELSE 1 END), 0)`,
    })
    .from(members)
    .where(audienceWhere(choice, now, db))
    .get();
  const total = Number(row?.total ?? 0);
  const optedOut = Number(row?.optedOut ?? 0);
  return { total, optedOut, recipients: total - optedOut };
}

/** The first recipient, whose copy the preview shows (none for an empty audience). */
export function firstRecipient({ choice, now = new Date() }: { choice: AudienceChoice; now?: Date }, db: Db = getDb()) {
  return db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(and(audienceWhere(choice, now, db), eq(members.messageEmails, true)))
    .orderBy(asc(members.id))
    .limit(1)
    .get();
}

/** The email one recipient gets. */
export function writeMessage({
  memberId,
  name,
  subject,
  body,
  senderName,
}: {
  memberId: number;
  name: string;
  subject: string;
  body: string;
  senderName: string;
}) {
  return messageEmail({
    name,
    subject,
    body,
    senderName,
    footer: unsubscribeFooter({ memberId, kind: "messages" }),
  });
}

/**
 * Records the message (audited) and queues it for every active member of the
 * audience with messages on, a batch per transaction, once each (dedupe key
 * `message:<id>:<member>`). Returns the message's id and how many were queued.
 */
export function sendMessage(
  {
    input,
    sender,
    now = new Date(),
    batchSize = MESSAGE_BATCH_SIZE,
  }: {
    input: MessageInput;
    sender: { id: number; name: string };
    now?: Date;
    batchSize?: number;
  },
  db: Db = getDb(),
) {
  const label = describeAudience(input, db);
  if (!label) throw new Error("The audience names something that does not exist.");
  const where = audienceWhere(input, now, db);
  const counts = countAudience({ choice: input, now }, db);
  const message = withAudit(
    (tx) =>
      tx
        .insert(coordinatorMessages)
        .values({
          subject: input.subject,
          body: input.body,
          audience: input.audience,
          audienceValue: input.tier ?? input.organisationId ?? input.workshopId ?? null,
          audienceLabel: label,
          recipients: counts.recipients,
          optedOut: counts.optedOut,
          sentBy: sender.id,
          createdAt: now,
        })
        .returning()
        .get(),
    (m) => ({
      actorId: sender.id,
      action: "message.sent",
      entityType: "message",
      entityId: m.id,
      summary: `Sent “${m.subject}” to ${label} (${m.recipients} ${m.recipients === 1 ? "person" : "people"})`,
      after: { subject: m.subject, audience: label, recipients: m.recipients, optedOut: m.optedOut },
      now,
    }),
    db,
  );
  let queued = 0;
  let afterId = 0;
  for (;;) {
    const batch = inTransaction((tx) => {
      const rows = tx
        .select({ id: members.id, name: members.name, email: members.email })
        .from(members)
        .where(and(where, eq(members.messageEmails, true), gt(members.id, afterId)))
        .orderBy(asc(members.id))
        .limit(batchSize)
        .all();
      queueEmails(
        rows.map((r) => ({
          dedupeKey: `message:${message.id}:${r.id}`,
          memberId: r.id,
          to: r.email,
          ...writeMessage({
            memberId: r.id,
            name: r.name,
            subject: input.subject,
            body: input.body,
            senderName: sender.name,
          }),
          kind: "message",
          headers: unsubscribeHeaders({ memberId: r.id, kind: "messages" }),
          bulk: true,
          now,
        })),
        tx,
      );
      return rows;
    }, db);
    if (batch.length === 0) break;
    queued += batch.length;
    afterId = batch[batch.length - 1].id;
  }
  return { id: message.id, queued };
}

/** Sent messages, newest first, with who sent them. */
export function listMessages({ limit = 100 }: { limit?: number } = {}, db: Db = getDb()) {
  return db
    .select({
      id: coordinatorMessages.id,
      subject: coordinatorMessages.subject,
      audienceLabel: coordinatorMessages.audienceLabel,
      recipients: coordinatorMessages.recipients,
      optedOut: coordinatorMessages.optedOut,
      createdAt: coordinatorMessages.createdAt,
      sentBy: members.name,
    })
    .from(coordinatorMessages)
    .innerJoin(members, eq(members.id, coordinatorMessages.sentBy))
    .orderBy(desc(coordinatorMessages.createdAt), desc(coordinatorMessages.id))
    .limit(limit)
    .all();
}

export function getMessage({ id }: { id: number }, db: Db = getDb()) {
  return db
    .select({
      id: coordinatorMessages.id,
      subject: coordinatorMessages.subject,
      body: coordinatorMessages.body,
      audience: coordinatorMessages.audience,
      audienceLabel: coordinatorMessages.audienceLabel,
      recipients: coordinatorMessages.recipients,
      optedOut: coordinatorMessages.optedOut,
      createdAt: coordinatorMessages.createdAt,
      sentBy: members.name,
    })
    .from(coordinatorMessages)
    .innerJoin(members, eq(members.id, coordinatorMessages.sentBy))
    .where(eq(coordinatorMessages.id, id))
    .get();
}

/** The choices the message form offers: organisations, districts, and workshops recent and to come. */
export function listAudienceChoices({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return {
    organisations: db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .orderBy(asc(organisations.name))
      .all(),
    districts: db.select({ id: districts.id, name: districts.name }).from(districts).orderBy(asc(districts.name)).all(),
    workshops: db
      .select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt })
      .from(workshops)
      .where(
        and(
          eq(workshops.status, "scheduled"),
          gt(workshops.startsAt, new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000)),
          sql`EXISTS (SELECT 1 FROM bookings b WHERE b.workshop_id = ${workshops.id})`,
        ),
      )
      .orderBy(asc(workshops.startsAt))
      .limit(100)
      .all(),
  };
}
