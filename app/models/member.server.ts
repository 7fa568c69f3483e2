import { and, asc, count, desc, eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import {
  members,
  membersVersion,
  organisations,
  type Member,
  type MemberStatus,
  type Role,
} from "../../drizzle/schema";
import { getDb, inTransaction, preparedOnce, type Db } from "~/lib/db.server";
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

function memberConditions(filters: MemberFilters, db: Db) {
  const conditions: SQL[] = [];
  if (filters.organisationId) conditions.push(eq(members.organisationId, filters.organisationId));
  if (filters.districtId) conditions.push(eq(organisations.districtId, filters.districtId));
  if (filters.role) conditions.push(eq(members.role, filters.role));
  if (filters.tier) conditions.push(eq(members.tier, filters.tier));
  if (filters.status) conditions.push(eq(members.status, filters.status));
  if (filters.query) {
    const matched = membersMatching(filters.query, db);
    if (matched && matched.length <= memberSearchLimits.fewMatches) {
      conditions.push(sql`${members.id} IN (SELECT value FROM json_each(${JSON.stringify(Array.from(matched))}))`);
    } else {
      const pattern = `%${filters.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // Backslash escapes % and _, so "50%" means the characters typed.
      const matches = (column: AnyColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
      conditions.push(or(matches(members.name), matches(members.email), matches(members.jobTitle))!);
    }
  }
  return and(...conditions);
}

/**
 * A search matching at most `fewMatches` members is given to SQLite as their ids, which it reads by key; one
 * matching more is left to LIKE, which finds a page of them soon enough walking the name index. Tests lower it.
 */
export const memberSearchLimits = { fewMatches: 2_000 };

/** ASCII letters in lower case and nothing else changed, as SQLite's LIKE compares them. */
const asLikeCompares = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/**
 * Each member's name, email and job title, as LIKE compares them, and their place in the list's order (by
 * name, then id, as SQLite orders them), kept per members version; and the searches made since, each with the
 * ids it found and, once paged, the same ids in list order.
 */
type MemberTexts = {
  version: number | null;
  ids: Int32Array;
  texts: string[];
  /** Member ids in the list's order. */
  inListOrder: Int32Array;
  /** By member id: their place in the list's order, or −1 for no such member. */
  placeOf: Int32Array;
  found: Map<string, Found>;
};
type Found = { ids: Int32Array; inListOrder?: { ids: Int32Array; places: Int32Array } };
const memberTexts = new WeakMap<Db, MemberTexts>();
const MAX_KEPT_SEARCHES = 20;
/** Between a member's name, email and job title in the kept text (char(1)): a search holding it is left to LIKE. */
const SEPARATOR = "\u0001";

/**
 * The ids of the members whose name, email or job title holds the text (as the
 * members list's LIKE search finds them), from every member's text kept in
 * memory until the members change: a search of 100,000 members costs a few
 * milliseconds here, against 30-45 ms for SQLite to scan them. Null when the
 * text holds the separator the kept texts use, or the database has no members version.
 */
function membersMatching(query: string, db: Db): Int32Array | null {
  return searchFound(query, db)?.found.ids ?? null;
}

/** The kept texts, and what the search finds in them (see membersMatching), or null. */
function searchFound(query: string, db: Db): { kept: MemberTexts; found: Found } | null {
  const needle = asLikeCompares(query);
  const version = membersListVersion(db);
  // Without a version (a database not yet migrated) nothing is kept, and LIKE searches.
  if (needle.includes(SEPARATOR) || version === null) return null;
  let kept = memberTexts.get(db);
  if (!kept || kept.version !== version) {
    // SQLite's lower() changes ASCII letters only, as LIKE compares them. Two plain columns in id order: one row
    // array for each of 100,000 members took four times as long.
    const ids = db.$client.prepare("SELECT id FROM members ORDER BY id").pluck().all() as number[];
    const texts = db.$client
      .prepare("SELECT lower(name) || char(1) || lower(email) || char(1) || lower(job_title) FROM members ORDER BY id")
      .pluck()
      .all() as string[];
    // The list's order, as SQLite gives it (binary order of the UTF-8 names: not JavaScript's), from the name index.
    const inListOrder = db.$client.prepare("SELECT id FROM members ORDER BY name, id").pluck().all() as number[];
    const placeOf = new Int32Array(ids.length ? ids[ids.length - 1] + 1 : 0).fill(-1);
    inListOrder.forEach((id, place) => (placeOf[id] = place));
    kept = {
      version,
      ids: Int32Array.from(ids),
      texts,
      inListOrder: Int32Array.from(inListOrder),
      placeOf,
      found: new Map(),
    };
    memberTexts.set(db, kept);
  }
  let found = kept.found.get(needle);
  if (!found) {
    const ids: number[] = [];
    for (let i = 0; i < kept.texts.length; i++) if (kept.texts[i].includes(needle)) ids.push(kept.ids[i]);
    found = { ids: Int32Array.from(ids) };
    kept.found.set(needle, found);
    if (kept.found.size > MAX_KEPT_SEARCHES) kept.found.delete(kept.found.keys().next().value!);
  }
  return { kept, found };
}

/** The first of the ascending `places` at or after `place` (their length if none is). */
function firstPlaceFrom(places: Int32Array, place: number) {
  let low = 0;
  let high = places.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (places[middle] < place) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A page of a search with no other filter, from the members it finds kept in list order: the cursor's place
 * is looked up, and the page is the ids beside it, read by key. Walking the name index with LIKE from the
 * cursor took 20-45 ms a page for a word in one name of 25 to 50 (issue 21). Null when the search is left to
 * LIKE (see membersMatching).
 */
function pageSearch(
  query: string,
  { after, before, limit }: MemberCursor & { limit: number },
  db: Db,
): MemberPage | null {
  const searched = searchFound(query, db);
  if (!searched) return null;
  const { kept, found } = searched;
  if (!found.inListOrder) {
    const places = found.ids.map((id) => kept.placeOf[id]).sort();
    found.inListOrder = { places, ids: places.map((place) => kept.inListOrder[place]) };
  }
  const { ids, places } = found.inListOrder;
  const cursorId = before ?? after;
  // A cursor naming no member (erased since, or made up) gives the first page, as does one past the end.
  const cursor =
    cursorId !== undefined && cursorId >= 0 && cursorId < kept.placeOf.length ? kept.placeOf[cursorId] : -1;
  let from = 0;
  let to = Math.min(limit, ids.length);
  if (cursor >= 0 && before) {
    to = firstPlaceFrom(places, cursor);
    from = Math.max(0, to - limit);
  } else if (cursor >= 0) {
    from = firstPlaceFrom(places, cursor + 1);
    to = Math.min(from + limit, ids.length);
  }
  if (cursor >= 0 && from === to) return pageSearch(query, { limit }, db);
  return {
    members: listMembersByIds({ ids: Array.from(ids.subarray(from, to)) }, db),
    previousBefore: from > 0 ? ids[from] : null,
    nextAfter: to < ids.length ? ids[to - 1] : null,
  };
}

/** Members matching the filters, by name (then id, so equal names keep one order); `limit` rows from `offset`. */
export function listMembers(
  filters: MemberFilters,
  db: Db = getDb(),
  { limit = 500, offset = 0 }: { limit?: number; offset?: number } = {},
): MemberSummary[] {
  return db
    .select({ ...publicColumns, organisationName: organisations.name })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(memberConditions(filters, db))
    .orderBy(asc(members.name), asc(members.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/** Every matching member's id and Tier 1 start, in list order: for a filter worked out in code (currency). */
export function listMemberPlaces(filters: MemberFilters, db: Db = getDb()) {
  return db
    .select({ id: members.id, tier1Since: members.tier1Since })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(memberConditions(filters, db))
    .orderBy(asc(members.name), asc(members.id))
    .all();
}

/** These members, in the order of the ids given. */
export function listMembersByIds({ ids }: { ids: number[] }, db: Db = getDb()): MemberSummary[] {
  const found = new Map(
    db
      .select({ ...publicColumns, organisationName: organisations.name })
      .from(members)
      .leftJoin(organisations, eq(organisations.id, members.organisationId))
      .where(sql`${members.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
      .all()
      .map((m) => [m.id, m]),
  );
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** Where a page of the members list starts: after this member, or (going back) before them. */
export type MemberCursor = { after?: number; before?: number };

export type MemberPage = {
  members: MemberSummary[];
  /** The first member shown, when there are matching members before them: the previous page ends before them. */
  previousBefore: number | null;
  /** The last member shown, when more match after them: the next page starts after them. */
  nextAfter: number | null;
};

type Position = { name: string; id: number };

function beyond(position: Position, direction: "after" | "before") {
  return direction === "after"
    ? sql`(${members.name}, ${members.id}) > (${position.name}, ${position.id})`
    : sql`(${members.name}, ${members.id}) < (${position.name}, ${position.id})`;
}

function anyBeyond(filters: MemberFilters, position: Position, direction: "after" | "before", db: Db) {
  return !!db
    .select({ id: members.id })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(memberConditions(filters, db), beyond(position, direction)))
    .orderBy(...(direction === "after" ? [asc(members.name), asc(members.id)] : [desc(members.name), desc(members.id)]))
    .limit(1)
    .get();
}

/**
 * One page of the members matching the filters, in name order, read from the index of the filter onwards from
 * the member a page starts after (or back from the one it ends before): any page costs what the first does,
 * where an offset read and threw away every member before it. A cursor naming no member (erased since, or made
 * up), or past the end of the list, gives the first page.
 */
export function pageMembers(
  filters: MemberFilters,
  { after, before, limit = 50 }: MemberCursor & { limit?: number },
  db: Db = getDb(),
): MemberPage {
  const searchOnly = Object.entries(filters).every(([name, value]) => name === "query" || !value);
  const searched = searchOnly && filters.query ? pageSearch(filters.query, { after, before, limit }, db) : null;
  if (searched) return searched;
  const cursorId = before ?? after;
  const at = cursorId
    ? db.select({ name: members.name, id: members.id }).from(members).where(eq(members.id, cursorId)).get()
    : undefined;
  const direction = at && before ? "before" : "after";
  const rows = db
    .select({ ...publicColumns, organisationName: organisations.name })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(memberConditions(filters, db), at ? beyond(at, direction) : undefined))
    .orderBy(...(direction === "after" ? [asc(members.name), asc(members.id)] : [desc(members.name), desc(members.id)]))
    .limit(limit + 1)
    .all();
  if (at && rows.length === 0) return pageMembers(filters, { limit }, db);
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  if (direction === "before") shown.reverse();
  const [first, last] = [shown[0], shown[shown.length - 1]];
  const earlier = direction === "before" ? more : !!at && anyBeyond(filters, first, "before", db);
  const later = direction === "after" ? more : anyBeyond(filters, last, "after", db);
  return { members: shown, previousBefore: earlier ? first.id : null, nextAfter: later ? last.id : null };
}

/** The members version (migration 0034's triggers move it whenever what the members list shows changes). */
function membersListVersion(db: Db) {
  return (
    preparedOnce(db, "members-version", () =>
      db.select({ version: membersVersion.version }).from(membersVersion).where(eq(membersVersion.id, 1)).prepare(),
    ).get()?.version ?? null
  );
}

/** How many members match the filters; counted once for each set of filters until the members change. */
export function countMembers(filters: MemberFilters, db: Db = getDb()) {
  const version = membersListVersion(db);
  let cache = memberCounts.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, counts: new Map() };
    memberCounts.set(db, cache);
  }
  const key = JSON.stringify([
    filters.organisationId,
    filters.districtId,
    filters.role,
    filters.tier,
    filters.status,
    filters.query,
  ]);
  const known = cache.counts.get(key);
  if (known !== undefined) return known;
  const searchOnly =
    filters.query &&
    !filters.organisationId &&
    !filters.districtId &&
    !filters.role &&
    !filters.tier &&
    !filters.status;
  const matched = searchOnly ? membersMatching(filters.query!, db) : null;
  const n =
    matched?.length ??
    db
      .select({ n: count() })
      .from(members)
      .leftJoin(organisations, eq(organisations.id, members.organisationId))
      .where(memberConditions(filters, db))
      .get()?.n ??
    0;
  // Without a version (a database not yet migrated) nothing is kept.
  if (version !== null) {
    cache.counts.set(key, n);
    if (cache.counts.size > MAX_KEPT_COUNTS) cache.counts.delete(cache.counts.keys().next().value!);
  }
  return n;
}

/** Counts kept per connection, for the members version they were counted at. */
const memberCounts = new WeakMap<Db, { version: number | null; counts: Map<string, number> }>();
const MAX_KEPT_COUNTS = 500;

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
