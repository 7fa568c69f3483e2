import { asc, count, eq, inArray, or, sql } from "drizzle-orm";
import { districts, members, organisations, type NewOrganisation } from "../../drizzle/schema";
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

/** Id and name of every organisation, for select lists. */
export function listOrganisationOptions(db: Db = getDb()) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
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
    })
    .from(organisations)
    .leftJoin(districts, eq(districts.id, organisations.districtId))
    .where(eq(organisations.slug, slug))
    .get();
  if (!organisation) return undefined;
  const memberCount =
    db.select({ n: count() }).from(members).where(eq(members.organisationId, organisation.id)).get()?.n ?? 0;
  return { ...organisation, memberCount };
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

export function countOrganisations(db: Db = getDb()) {
  return db.select({ n: count() }).from(organisations).get()?.n ?? 0;
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
      or(
        districtId ? eq(organisations.districtId, districtId) : sql`0`,
        wanted.length ? inArray(organisations.id, wanted) : sql`0`,
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
