import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import {
  districts,
  members,
  organisationFormerNames,
  organisations,
  type NewOrganisation,
  type OrganisationFormerNameReason,
} from "../../drizzle/schema";
import { getDb, preparedOnce, type Db } from "~/lib/db.server";
import { formatDate } from "~/lib/dates";
import { reindexContactsWhere } from "./contact.server";

/** Open organisations by name, all of them or those based in one district. */
export function listOrganisations({ districtId }: { districtId?: string } = {}, db: Db = getDb()) {
  return db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      sector: organisations.sector,
      districtId: organisations.districtId,
      districtName: districts.name,
      subjectToDutyToRefer: organisations.subjectToDutyToRefer,
    })
    .from(organisations)
    .leftJoin(districts, eq(districts.id, organisations.districtId))
    .where(and(organisationIsOpen, districtId ? eq(organisations.districtId, districtId) : undefined))
    .orderBy(asc(organisations.name))
    .all();
}

/** Organisations that have not closed: the only ones offered in choice lists. */
export const organisationIsOpen = isNull(organisations.closedAt);

/** Id and name of every open organisation, for select lists. */
export function listOrganisationOptions(db: Db = getDb()) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(organisationIsOpen)
    .orderBy(asc(organisations.name))
    .all();
}

export function organisationExists({ id }: { id: number }, db: Db = getDb()) {
  return !!db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id)).get();
}

export function getOrganisationBySlug({ slug }: { slug: string }, db: Db = getDb()) {
  const organisation = db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      sector: organisations.sector,
      districtId: organisations.districtId,
      districtName: districts.name,
      subjectToDutyToRefer: organisations.subjectToDutyToRefer,
      publicInbox: organisations.publicInbox,
      description: organisations.description,
      updatedAt: organisations.updatedAt,
      closedAt: organisations.closedAt,
    })
    .from(organisations)
    .leftJoin(districts, eq(districts.id, organisations.districtId))
    .where(eq(organisations.slug, slug))
    .get();
  if (!organisation) return undefined;
  const memberCount =
    db.select({ n: count() }).from(members).where(eq(members.organisationId, organisation.id)).get()?.n ?? 0;
  return { ...organisation, memberCount, formerNames: listFormerNames({ organisationId: organisation.id }, db) };
}

/** The names an organisation used to have (its own before a rename, or merged ones), newest first. */
export function listFormerNames({ organisationId }: { organisationId: number }, db: Db = getDb()) {
  return db
    .select({
      name: organisationFormerNames.name,
      slug: organisationFormerNames.slug,
      until: organisationFormerNames.until,
      reason: organisationFormerNames.reason,
    })
    .from(organisationFormerNames)
    .where(eq(organisationFormerNames.organisationId, organisationId))
    .orderBy(desc(organisationFormerNames.until), desc(organisationFormerNames.id))
    .all();
}

/**
 * Records that `organisationId` used to be called `name` (at `/organisations/<slug>`)
 * until `now`: renamed, or another organisation merged into it. The old address
 * then redirects to the organisation, and the name stays searchable.
 */
export function addFormerName(
  {
    organisationId,
    name,
    slug,
    reason,
    now = new Date(),
  }: { organisationId: number; name: string; slug: string; reason: OrganisationFormerNameReason; now?: Date },
  db: Db = getDb(),
) {
  return db
    .insert(organisationFormerNames)
    .values({ organisationId, name, slug, reason, until: now })
    .returning({ id: organisationFormerNames.id })
    .get();
}

/**
 * An organisation by its current address or a former one. `redirectedFrom` is
 * set (to the slug asked for) when the slug is a former one, so the route can
 * answer a permanent redirect to the current address.
 */
export function findOrganisationBySlugOrFormer({ slug }: { slug: string }, db: Db = getDb()) {
  const current = getOrganisationBySlug({ slug }, db);
  if (current) return { organisation: current, redirectedFrom: undefined as string | undefined };
  const former = db
    .select({ slug: organisations.slug })
    .from(organisationFormerNames)
    .innerJoin(organisations, eq(organisations.id, organisationFormerNames.organisationId))
    .where(eq(organisationFormerNames.slug, slug))
    .orderBy(desc(organisationFormerNames.until), desc(organisationFormerNames.id))
    .get();
  const organisation = former ? getOrganisationBySlug({ slug: former.slug }, db) : undefined;
  return organisation ? { organisation, redirectedFrom: slug } : undefined;
}

export function createOrganisation(input: Omit<NewOrganisation, "createdAt" | "updatedAt">, db: Db = getDb()) {
  const now = new Date();
  return db
    .insert(organisations)
    .values({ ...input, createdAt: now, updatedAt: now })
    .returning({ id: organisations.id, slug: organisations.slug })
    .get();
}

export function updateOrganisationDetails(
  { id, description, publicInbox }: { id: number; description: string; publicInbox: string | null },
  db: Db = getDb(),
) {
  db.update(organisations)
    .set({ description, publicInbox, updatedAt: new Date() })
    .where(eq(organisations.id, id))
    .run();
}

/** How many open organisations there are. */
export function countOrganisations(db: Db = getDb()) {
  return db.select({ n: count() }).from(organisations).where(organisationIsOpen).get()?.n ?? 0;
}

/** Above this many organisations a select list is unusable, so choices narrow to a district. */
export const ORGANISATION_CHOICE_LIMIT = 200;

/**
 * Organisations to offer in a select: all of them in a county-sized network;
 * in a national one, those in the chosen district (and countywide ones there
 * are none of), plus any already chosen.
 */
export function listOrganisationChoices(
  { districtId, includeIds = [] }: { districtId?: string | null; includeIds?: Array<number | null | undefined> },
  db: Db = getDb(),
) {
  const total = countOrganisations(db);
  if (total <= ORGANISATION_CHOICE_LIMIT) return { organisations: listOrganisationOptions(db), narrowed: false };
  const wanted = includeIds.filter((id): id is number => typeof id === "number");
  // Only the conditions asked for: a constant "or 0" kept SQLite off the district index (a scan of every
  // organisation by name, 0.8 ms at national size, each time a district's choices are read afresh).
  const asked = [
    districtId ? eq(organisations.districtId, districtId) : undefined,
    wanted.length ? inArray(organisations.id, wanted) : undefined,
  ].filter((condition) => condition !== undefined);
  if (asked.length === 0) return { organisations: [], narrowed: true };
  const list = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(organisationIsOpen, or(...asked)))
    .orderBy(asc(organisations.name))
    .limit(ORGANISATION_CHOICE_LIMIT)
    .all();
  return { organisations: list, narrowed: true };
}

export function getOrganisation({ id }: { id: number }, db: Db = getDb()) {
  // Prepared once: several forms start from the member's own organisation and its district.
  return preparedOnce(db, "organisation-by-id", () =>
    db
      .select({ id: organisations.id, name: organisations.name, districtId: organisations.districtId })
      .from(organisations)
      .where(eq(organisations.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}

/** The address an organisation's name gives: lower case, words joined by hyphens ("Oxford Health" → "oxford-health"). */
export function slugForName(name: string) {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 90)
    .replace(/-+$/g, "");
  return slug || "organisation";
}

/** Names compare ignoring case and surrounding or repeated spaces. */
function nameKey(name: string) {
  return name.trim().replace(/\s+/g, " ").toLocaleLowerCase("en-GB");
}

/**
 * Why `name` cannot be used for an organisation (other than `exceptId`): another
 * organisation has it, or had it before a rename or a merge. Undefined if it is free.
 */
export function organisationNameClash({ name, exceptId }: { name: string; exceptId?: number }, db: Db = getDb()) {
  const key = nameKey(name);
  const current = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .all()
    .find((o) => o.id !== exceptId && nameKey(o.name) === key);
  if (current) return `There is already an organisation called ${current.name}`;
  const former = db
    .select({ name: organisationFormerNames.name, now: organisations.name, id: organisations.id })
    .from(organisationFormerNames)
    .innerJoin(organisations, eq(organisations.id, organisationFormerNames.organisationId))
    .all()
    .find((f) => f.id !== exceptId && nameKey(f.name) === key);
  if (former) return `${former.name} is a former name of ${former.now}: choose another name, or edit ${former.now}`;
  return undefined;
}

/** A slug for `name` that no other organisation uses now or used before (a number is added if need be). */
function freeSlug({ name, exceptId }: { name: string; exceptId?: number }, db: Db) {
  const taken = new Set(
    [
      ...db.select({ id: organisations.id, slug: organisations.slug }).from(organisations).all(),
      ...db
        .select({ id: organisationFormerNames.organisationId, slug: organisationFormerNames.slug })
        .from(organisationFormerNames)
        .all(),
    ]
      .filter((o) => o.id !== exceptId)
      .map((o) => o.slug),
  );
  const base = slugForName(name);
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

export type OrganisationFields = {
  name: string;
  sector: NewOrganisation["sector"];
  districtId: string | null;
  subjectToDutyToRefer: boolean;
  description: string;
  publicInbox: string | null;
};

/** Adds an organisation; its address comes from its name. The caller has checked the name is free. */
export function addOrganisation(
  { input, now = new Date() }: { input: OrganisationFields; now?: Date },
  db: Db = getDb(),
) {
  return db
    .insert(organisations)
    .values({ ...input, slug: freeSlug({ name: input.name }, db), createdAt: now, updatedAt: now })
    .returning({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .get();
}

/**
 * Changes every detail of an organisation. A new name means a new address:
 * the old name and address become a former name (reason "renamed"), so the old
 * address redirects and the old name is still found in the directory; renaming
 * back to one of its own former names takes that one off the list. The search
 * rows of its contacts are rebuilt. Returns the organisation's address now.
 */
export function updateOrganisation(
  { id, input, now = new Date() }: { id: number; input: OrganisationFields; now?: Date },
  db: Db = getDb(),
) {
  const before = db
    .select({ name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.id, id))
    .get();
  if (!before) throw new Error(`No organisation ${id}`);
  const renamed = before.name !== input.name;
  let slug = before.slug;
  // A change of case or spacing is a correction, not a new name.
  if (nameKey(before.name) !== nameKey(input.name)) {
    const own = listFormerNames({ organisationId: id }, db).find((f) => nameKey(f.name) === nameKey(input.name));
    if (own) {
      db.delete(organisationFormerNames)
        .where(and(eq(organisationFormerNames.organisationId, id), eq(organisationFormerNames.name, own.name)))
        .run();
    }
    slug = own?.slug ?? freeSlug({ name: input.name, exceptId: id }, db);
    addFormerName({ organisationId: id, name: before.name, slug: before.slug, reason: "renamed", now }, db);
  }
  db.update(organisations)
    .set({ ...input, slug, updatedAt: now })
    .where(eq(organisations.id, id))
    .run();
  if (renamed) reindexContactsWhere({ organisationId: id }, db);
  return { slug, renamed };
}

/** Active members of an organisation, to be asked where they work now once it closes. */
export function listActiveMemberIds({ organisationId }: { organisationId: number }, db: Db = getDb()) {
  return db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organisationId, organisationId), eq(members.status, "active")))
    .all()
    .map((m) => m.id);
}

/**
 * Closes an organisation: it leaves every choice list and the coverage grid;
 * its members, learning and history stay, and its active members are asked
 * where they work now (see `closedOrganisationOf`). Returns false if it was
 * already closed.
 */
export function closeOrganisation({ id, now = new Date() }: { id: number; now?: Date }, db: Db = getDb()) {
  const result = db
    .update(organisations)
    .set({ closedAt: now, updatedAt: now })
    .where(and(eq(organisations.id, id), organisationIsOpen))
    .run();
  return result.changes > 0;
}

/** The closed organisation a member still belongs to, if any: they are asked where they work now. */
export function closedOrganisationOf({ memberId }: { memberId: number }, db: Db = getDb()) {
  // Prepared once: every page asks, for its banner (building the query cost more than running it).
  return preparedOnce(db, "closed-organisation-of-member", () =>
    db
      .select({ name: organisations.name, slug: organisations.slug, closedAt: organisations.closedAt })
      .from(members)
      .innerJoin(organisations, eq(organisations.id, members.organisationId))
      .where(and(eq(members.id, sql.placeholder("memberId")), isNotNull(organisations.closedAt)))
      .prepare(),
  ).get({ memberId });
}

/** For the banner on every page: the member's organisation has closed, so where do they work now? */
export function closedOrganisationNotice({ memberId }: { memberId: number }, db: Db = getDb()) {
  const closed = closedOrganisationOf({ memberId }, db);
  return closed?.closedAt ? { name: closed.name, closedOn: formatDate(closed.closedAt) } : null;
}
