import { and, asc, count, eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { members, organisations, type Member, type MemberStatus, type Role } from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { reindexContactsWhere } from "./contact.server";
import { deleteMemberSessions } from "./session.server";
import { openGapIfNoChampion } from "./succession.server";

/** The fields of a member that pages may show; never the password hash. */
const publicColumns = {
  id: members.id,
  email: members.email,
  name: members.name,
  jobTitle: members.jobTitle,
  organisationId: members.organisationId,
  otherOrganisationName: members.otherOrganisationName,
  role: members.role,
  tier: members.tier,
  tier1Since: members.tier1Since,
  status: members.status,
  createdAt: members.createdAt,
  updatedAt: members.updatedAt,
  deactivatedAt: members.deactivatedAt,
  digestEmails: members.digestEmails,
  reminderEmails: members.reminderEmails,
  messageEmails: members.messageEmails,
};

export type MemberSummary = Omit<Member, "passwordHash"> & { organisationName: string | null };

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/** For sign-in only: includes the password hash. */
export function findMemberForSignIn({ email }: { email: string }, db: Db = getDb()) {
  return db
    .select()
    .from(members)
    .where(eq(members.email, normaliseEmail(email)))
    .get();
}

export function memberEmailExists({ email }: { email: string }, db: Db = getDb()) {
  return !!db
    .select({ id: members.id })
    .from(members)
    .where(eq(members.email, normaliseEmail(email)))
    .get();
}

export function getMember({ id }: { id: number }, db: Db = getDb()): MemberSummary | undefined {
  return db
    .select({ ...publicColumns, organisationName: organisations.name })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(eq(members.id, id))
    .get();
}

export type CreateMemberInput = {
  email: string;
  name: string;
  passwordHash: string;
  jobTitle?: string;
  organisationId?: number | null;
  otherOrganisationName?: string | null;
  role?: Role;
  tier?: number;
  status?: MemberStatus;
  now?: Date;
};

export class DuplicateEmailError extends Error {
  constructor() {
    super("A member with this email address already exists");
  }
}

export function createMember(input: CreateMemberInput, db: Db = getDb()) {
  const now = input.now ?? new Date();
  return inTransaction((tx) => {
    if (memberEmailExists({ email: input.email }, tx)) throw new DuplicateEmailError();
    return tx
      .insert(members)
      .values({
        email: normaliseEmail(input.email),
        name: input.name.trim(),
        jobTitle: input.jobTitle?.trim() ?? "",
        passwordHash: input.passwordHash,
        organisationId: input.organisationId ?? null,
        otherOrganisationName: input.otherOrganisationName ?? null,
        role: input.role ?? "learner",
        tier: input.tier ?? 3,
        status: input.status ?? "active",
        tier1Since: input.tier === 1 ? now : null,
        createdAt: now,
        updatedAt: now,
        deactivatedAt: input.status === "deactivated" ? now : null,
      })
      .returning({ id: members.id })
      .get();
  }, db);
}

export function updateOwnProfile(
  { memberId, name, jobTitle }: { memberId: number; name: string; jobTitle: string },
  db: Db = getDb(),
) {
  inTransaction((tx) => {
    tx.update(members)
      .set({ name: name.trim(), jobTitle: jobTitle.trim(), updatedAt: new Date() })
      .where(eq(members.id, memberId))
      .run();
    reindexContactsWhere({ memberId }, tx);
  }, db);
}

export type MemberFilters = {
  organisationId?: number;
  /** Members of organisations based in this district. */
  districtId?: string;
  role?: Role;
  tier?: number;
  status?: MemberStatus;
  query?: string;
};

function memberConditions(filters: MemberFilters) {
  const conditions: SQL[] = [];
  if (filters.organisationId) conditions.push(eq(members.organisationId, filters.organisationId));
  if (filters.districtId) conditions.push(eq(organisations.districtId, filters.districtId));
  if (filters.role) conditions.push(eq(members.role, filters.role));
  if (filters.tier) conditions.push(eq(members.tier, filters.tier));
  if (filters.status) conditions.push(eq(members.status, filters.status));
  if (filters.query) {
    const pattern = `%${filters.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Backslash escapes % and _, so "50%" means the characters typed.
    const matches = (column: AnyColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
    conditions.push(or(matches(members.name), matches(members.email), matches(members.jobTitle))!);
  }
  return and(...conditions);
}

/** Members matching the filters, by name; `limit` rows from `offset`. */
export function listMembers(
  filters: MemberFilters,
  db: Db = getDb(),
  { limit = 500, offset = 0 }: { limit?: number; offset?: number } = {},
): MemberSummary[] {
  return db
    .select({ ...publicColumns, organisationName: organisations.name })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(memberConditions(filters))
    .orderBy(asc(members.name))
    .limit(limit)
    .offset(offset)
    .all();
}

export function countMembers(filters: MemberFilters, db: Db = getDb()) {
  return (
    db
      .select({ n: count() })
      .from(members)
      .leftJoin(organisations, eq(organisations.id, members.organisationId))
      .where(memberConditions(filters))
      .get()?.n ?? 0
  );
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
        eq(
          members.organisationId,
          db.select({ o: members.organisationId }).from(members).where(eq(members.id, memberId)),
        ),
      ),
    )
    .all();
}

/**
 * Active organisation leads with reminders on and no email queued yet under
 * `dedupePrefix` + their id + `dedupeSuffix` (this week's summary), read by the role index.
 */
export function listLeadsAwaitingReminder(
  { dedupePrefix, dedupeSuffix }: { dedupePrefix: string; dedupeSuffix: string },
  db: Db = getDb(),
) {
  return db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      organisationId: sql<number>`${members.organisationId}`,
      organisationName: organisations.name,
    })
    .from(members)
    .innerJoin(organisations, eq(organisations.id, members.organisationId))
    .where(
      and(
        eq(members.role, "org_lead"),
        eq(members.status, "active"),
        eq(members.reminderEmails, true),
        sql`NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = ${dedupePrefix} || ${members.id} || ${dedupeSuffix})`,
      ),
    )
    .all();
}

/** Whether a member is an active organisation lead who wants reminders (a reminder to them still applies). */
export function isLeadWithReminders({ memberId }: { memberId: number }, db: Db = getDb()) {
  return (
    db
      .select({ id: members.id })
      .from(members)
      .where(
        and(
          eq(members.id, memberId),
          eq(members.role, "org_lead"),
          eq(members.status, "active"),
          eq(members.reminderEmails, true),
        ),
      )
      .get() !== undefined
  );
}

export type MemberChanges = {
  role: Role;
  tier: number;
  organisationId: number | null;
  status: MemberStatus;
};

/**
 * A coordinator's change to a member. Deactivating ends their sessions at
 * once; their training record stays.
 */
export function updateMemberRecord(
  { memberId, changes, now = new Date() }: { memberId: number; changes: MemberChanges; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const current = tx.select().from(members).where(eq(members.id, memberId)).get();
    if (!current) return null;
    const deactivating = changes.status === "deactivated" && current.status !== "deactivated";
    const reactivating = changes.status === "active" && current.status === "deactivated";
    tx.update(members)
      .set({
        role: changes.role,
        tier: changes.tier,
        // Moving to Tier 1 starts their time as a new champion; leaving it ends it.
        tier1Since: changes.tier !== 1 ? null : current.tier === 1 ? current.tier1Since : now,
        organisationId: changes.organisationId,
        otherOrganisationName: changes.organisationId ? null : current.otherOrganisationName,
        status: changes.status,
        deactivatedAt: deactivating ? now : reactivating ? null : current.deactivatedAt,
        updatedAt: now,
      })
      .where(eq(members.id, memberId))
      .run();
    if (deactivating || changes.role !== current.role) {
      deleteMemberSessions({ memberId }, tx);
    }
    // A deactivated member leaves the directory search at once; a move changes their organisation there.
    reindexContactsWhere({ memberId }, tx);
    // A Tier 1 champion deactivated, moved or taken off Tier 1 may leave their organisation with none: a gap opens.
    if (current.tier === 1 && current.status === "active" && current.organisationId !== null) {
      const reason = deactivating
        ? "deactivated"
        : changes.organisationId !== current.organisationId
          ? "moved"
          : "left";
      if (deactivating || changes.organisationId !== current.organisationId || changes.tier !== 1) {
        openGapIfNoChampion({ organisationId: current.organisationId, reason, now }, tx);
      }
    }
    return { deactivated: deactivating };
  }, db);
}
