import { asc, count, eq } from "drizzle-orm";
import { districts, members, organisations, type NewOrganisation } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

export function listOrganisations(db: Db = getDb()) {
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
    db
      .select({ n: count() })
      .from(members)
      .where(eq(members.organisationId, organisation.id))
      .get()?.n ?? 0;
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

export function getOrganisationSlug({ id }: { id: number }, db: Db = getDb()) {
  return db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, id)).get()?.slug ?? null;
}
