import { and, asc, count, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import {
  districts,
  members,
  organisationFormerNames,
  organisations,
  type NewOrganisation,
  type OrganisationFormerNameReason,
} from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

/** Organisations by name, all of them or those based in one district. */
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
    .where(districtId ? eq(organisations.districtId, districtId) : undefined)
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
  const list = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        organisationIsOpen,
        or(
          districtId ? eq(organisations.districtId, districtId) : sql`0`,
          wanted.length ? inArray(organisations.id, wanted) : sql`0`,
        ),
      ),
    )
    .orderBy(asc(organisations.name))
    .limit(ORGANISATION_CHOICE_LIMIT)
    .all();
  return { organisations: list, narrowed: true };
}

export function getOrganisation({ id }: { id: number }, db: Db = getDb()) {
  return db
    .select({ id: organisations.id, name: organisations.name, districtId: organisations.districtId })
    .from(organisations)
    .where(eq(organisations.id, id))
    .get();
}
