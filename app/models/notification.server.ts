import { and, eq, gt, gte, lte } from "drizzle-orm";
import { attendance, bookings, members, outbox, workshops } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

/** Who is told about a workshop: the workshop, and an active member's name and address. */
export type WorkshopRecipient = { workshop: typeof workshops.$inferSelect; memberId: number; name: string; email: string };

const recipientColumns = { workshop: workshops, memberId: members.id, name: members.name, email: members.email };

/** Active members booked on a scheduled workshop that starts after `from` and by `to` (for reminders). */
export function listBookedStartingBetween({ from, to }: { from: Date; to: Date }, db: Db = getDb()): WorkshopRecipient[] {
  return db
    .select(recipientColumns)
    .from(bookings)
    .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
    .innerJoin(members, eq(members.id, bookings.memberId))
    .where(and(eq(bookings.status, "booked"), eq(workshops.status, "scheduled"), gt(workshops.startsAt, from), lte(workshops.startsAt, to), eq(members.status, "active")))
    .all();
}

/** Active members marked as attended at a scheduled workshop that ended between `from` and `to` (for feedback requests). */
export function listAttendedEndingBetween({ from, to }: { from: Date; to: Date }, db: Db = getDb()): WorkshopRecipient[] {
  return db
    .select(recipientColumns)
    .from(attendance)
    .innerJoin(workshops, eq(workshops.id, attendance.workshopId))
    .innerJoin(members, eq(members.id, attendance.memberId))
    .where(and(eq(attendance.status, "attended"), eq(workshops.status, "scheduled"), gte(workshops.endsAt, from), lte(workshops.endsAt, to), eq(members.status, "active")))
    .all();
}

/** Whether an email with this dedupe key was ever queued. */
export function emailWasQueued({ dedupeKey }: { dedupeKey: string }, db: Db = getDb()) {
  return db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get() !== undefined;
}

/** The active organisation leads of a member's organisation. */
export function listLeadsOfMembersOrganisation({ memberId }: { memberId: number }, db: Db = getDb()) {
  return db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(members)
    .where(
      and(
        eq(members.role, "org_lead"),
        eq(members.status, "active"),
        eq(members.organisationId, db.select({ o: members.organisationId }).from(members).where(eq(members.id, memberId))),
      ),
    )
    .all();
}
