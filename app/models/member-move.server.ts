import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { contacts, districtReferralDetails, memberMoves, members, organisations } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { moveEmails } from "~/lib/email/move-emails";
import { withAudit } from "./audit.server";
import { currentChampionIds } from "./currency.server";
import { queueEmail } from "./outbox.server";
import { openGapIfNoChampion } from "./succession.server";

/** How long a retired directory entry is shown to the old organisation's lead as "moved on". */
export const MOVED_ON_SHOWN_MS = 90 * 24 * 60 * 60 * 1000;

/** Why a move was refused, with the form field it belongs to. */
export class MoveRefusedError extends Error {
  constructor(
    message: string,
    readonly field: "organisationId" | "memberId",
  ) {
    super(message);
  }
}

function organisationFacts(id: number | null, db: Db) {
  if (id === null) return undefined;
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      slug: organisations.slug,
      closedAt: organisations.closedAt,
    })
    .from(organisations)
    .where(eq(organisations.id, id))
    .get();
}

function activeLeadsOf(organisationId: number, db: Db) {
  return db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(members)
    .where(and(eq(members.organisationId, organisationId), eq(members.role, "org_lead"), eq(members.status, "active")))
    .all();
}

/**
 * A member moves to another organisation, in one audited transaction. Their
 * learning record, certificates, attendance and Tier 1 currency are keyed by
 * member, so they go with them unchanged. Their directory entry is retired
 * (out of the directory and search; shown to the old organisation's lead as
 * "moved on" for 90 days), a go-to flag is cleared, as are any district's
 * Duty to Refer contact or deputy pointing at it. An organisation lead who moves
 * stops being a lead (they lead the organisation they left, not the new one).
 * Both organisations' leads are emailed, once per move and lead.
 * Refused (MoveRefusedError) for an unknown or closed organisation, the one
 * they are already at, or a member who is not active.
 */
export function recordMove(
  {
    memberId,
    toOrganisationId,
    recordedBy,
    now = new Date(),
  }: { memberId: number; toOrganisationId: number; recordedBy: number; now?: Date },
  db: Db = getDb(),
) {
  return withAudit(
    (tx) => {
      const member = tx
        .select({
          id: members.id,
          name: members.name,
          organisationId: members.organisationId,
          role: members.role,
          status: members.status,
          tier: members.tier,
        })
        .from(members)
        .where(eq(members.id, memberId))
        .get();
      if (!member || member.status !== "active") throw new MoveRefusedError("Choose an active member", "memberId");
      if (!Number.isSafeInteger(toOrganisationId)) {
        throw new MoveRefusedError("Choose the organisation you have moved to", "organisationId");
      }
      const to = organisationFacts(toOrganisationId, tx);
      if (!to) throw new MoveRefusedError("Choose the organisation you have moved to", "organisationId");
      if (to.closedAt)
        throw new MoveRefusedError(`${to.name} has closed: choose where they work now`, "organisationId");
      if (member.organisationId === to.id) {
        throw new MoveRefusedError(`${member.name} is already at ${to.name}`, "organisationId");
      }
      const from = organisationFacts(member.organisationId, tx) ?? null;
      const wasCurrentChampion =
        member.tier === 1 && currentChampionIds({ memberIds: [member.id], now }, tx).has(member.id);

      tx.update(members)
        .set({
          organisationId: to.id,
          otherOrganisationName: null,
          role: member.role === "org_lead" ? "learner" : member.role,
          updatedAt: now,
        })
        .where(eq(members.id, member.id))
        .run();

      const entry = tx
        .select({ id: contacts.id, isGoTo: contacts.isGoTo })
        .from(contacts)
        .where(and(eq(contacts.memberId, member.id), isNull(contacts.retiredAt)))
        .get();
      if (entry) {
        tx.update(contacts)
          .set({
            retiredAt: now,
            retiredReason: "moved",
            retiredFromOrganisationId: from?.id ?? null,
            isGoTo: false,
            confirmTokenHash: null,
            updatedAt: now,
          })
          .where(eq(contacts.id, entry.id))
          .run();
        tx.run(sql`DELETE FROM contacts_fts WHERE rowid = ${entry.id}`);
        tx.update(districtReferralDetails)
          .set({ dutyToReferContactId: null, updatedAt: now })
          .where(eq(districtReferralDetails.dutyToReferContactId, entry.id))
          .run();
        tx.update(districtReferralDetails)
          .set({ deputyContactId: null, updatedAt: now })
          .where(eq(districtReferralDetails.deputyContactId, entry.id))
          .run();
      }

      // A current champion who moves may leave their old organisation with none: a gap opens there.
      if (from && wasCurrentChampion) openGapIfNoChampion({ organisationId: from.id, reason: "moved", now }, tx);

      const move = tx
        .insert(memberMoves)
        .values({
          memberId: member.id,
          fromOrganisationId: from?.id ?? null,
          toOrganisationId: to.id,
          movedAt: now,
          recordedBy,
        })
        .returning()
        .get();

      const facts = {
        memberName: member.name,
        from: from ? { name: from.name, slug: from.slug } : null,
        to: { name: to.name, slug: to.slug },
        wasGoTo: entry?.isGoTo ?? false,
        hadEntry: Boolean(entry),
      };
      const told: number[] = [];
      const tell = (leads: ReturnType<typeof activeLeadsOf>, write: typeof moveEmails.leftYourOrganisation) => {
        for (const lead of leads) {
          if (lead.id === member.id) continue;
          queueEmail(
            {
              dedupeKey: `member-move:${move.id}:lead:${lead.id}`,
              memberId: lead.id,
              to: lead.email,
              kind: "member-move",
              now,
              ...write(lead.name, facts),
            },
            tx,
          );
          told.push(lead.id);
        }
      };
      if (from) tell(activeLeadsOf(from.id, tx), moveEmails.leftYourOrganisation);
      tell(activeLeadsOf(to.id, tx), moveEmails.joinedYourOrganisation);

      return { move, member, from, to, retiredContactId: entry?.id ?? null, wasGoTo: facts.wasGoTo, leadsTold: told };
    },
    (result) => ({
      actorId: recordedBy,
      action: "member.moved",
      entityType: "member",
      entityId: result.member.id,
      summary:
        `${result.member.name} moved from ${result.from?.name ?? "no listed organisation"} to ${result.to.name}` +
        (result.retiredContactId ? "; their directory entry was retired" : "") +
        (result.wasGoTo ? " and the go-to flag cleared" : ""),
      before: { organisationId: result.from?.id ?? null, role: result.member.role },
      after: {
        organisationId: result.to.id,
        retiredContactId: result.retiredContactId,
        goToCleared: result.wasGoTo,
        leadsTold: result.leadsTold,
      },
      now,
    }),
    db,
  );
}

/**
 * An organisation's retired directory entries of people who moved on in the
 * last 90 days, newest first, for its lead and the coordinator: with where they went.
 */
export function listMovedOnContacts(
  { organisationId, now = new Date() }: { organisationId: number; now?: Date },
  db: Db = getDb(),
) {
  return db
    .select({
      id: contacts.id,
      name: members.name,
      jobTitle: members.jobTitle,
      retiredAt: sql<Date>`${contacts.retiredAt}`.mapWith(contacts.retiredAt),
      movedToName: organisations.name,
    })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(
      and(
        eq(contacts.retiredFromOrganisationId, organisationId),
        gt(contacts.retiredAt, new Date(now.getTime() - MOVED_ON_SHOWN_MS)),
      ),
    )
    .orderBy(desc(contacts.retiredAt), desc(contacts.id))
    .all();
}
