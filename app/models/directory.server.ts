import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  circumstances,
  circumstanceSpecialisms,
  contactDistricts,
  contacts,
  directoryAccessLog,
  districtReferralDetails,
  districts,
  members,
  organisations,
  specialisms,
  type Sector,
} from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { getContactCards, isStale, searchDirectory, type DirectoryCard } from "./contact.server";

export function listDistrictsWithReferral(db: Db = getDb()) {
  return db
    .select({ district: districts, referral: districtReferralDetails })
    .from(districts)
    .leftJoin(districtReferralDetails, eq(districtReferralDetails.districtId, districts.id))
    .orderBy(asc(districts.name))
    .all();
}

/** A district's Duty to Refer arrangements; named contacts only when `withContacts` (signed-in viewers). */
export function getDistrictReferral(
  { districtId, withContacts }: { districtId: string; withContacts: boolean },
  db: Db = getDb(),
) {
  const row = db
    .select({ district: districts, referral: districtReferralDetails })
    .from(districts)
    .leftJoin(districtReferralDetails, eq(districtReferralDetails.districtId, districts.id))
    .where(eq(districts.id, districtId))
    .get();
  if (!row) return undefined;
  const ids = [row.referral?.dutyToReferContactId, row.referral?.deputyContactId].filter(
    (id): id is number => typeof id === "number",
  );
  const cards = withContacts ? getContactCards({ contactIds: ids }, db) : [];
  return {
    district: row.district,
    referralRoute: row.referral?.referralRoute ?? "",
    referralInbox: row.referral?.referralInbox ?? null,
    officeHours: row.referral?.officeHours ?? "",
    procedureSummary: row.referral?.procedureSummary ?? "",
    dutyToReferContact: cards.find((c) => c.id === row.referral?.dutyToReferContactId) ?? null,
    deputyContact: cards.find((c) => c.id === row.referral?.deputyContactId) ?? null,
  };
}

export type DistrictReferralInput = {
  referralRoute: string;
  referralInbox: string | null;
  officeHours: string;
  procedureSummary: string;
  dutyToReferContactId: number | null;
  deputyContactId: number | null;
};

export function updateDistrictReferral(
  { districtId, input, now = new Date() }: { districtId: string; input: DistrictReferralInput; now?: Date },
  db: Db = getDb(),
) {
  db.insert(districtReferralDetails)
    .values({ districtId, ...input, updatedAt: now })
    .onConflictDoUpdate({ target: districtReferralDetails.districtId, set: { ...input, updatedAt: now } })
    .run();
}

/** Contacts who work for a district council's housing team, as choices for its Duty to Refer contact. */
export function listDistrictTeamContacts({ districtId }: { districtId: string }, db: Db = getDb()) {
  return db
    .select({ id: contacts.id, name: members.name })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .innerJoin(organisations, eq(organisations.id, members.organisationId))
    .where(
      and(
        eq(organisations.districtId, districtId),
        eq(organisations.sector, "local_housing_authority"),
        eq(members.status, "active"),
        isNull(contacts.retiredAt),
      ),
    )
    .orderBy(asc(members.name))
    .all();
}

/**
 * "Find my housing contact": the organisation's go-to contacts (or, for a
 * sector and district, those of matching organisations), and the district
 * housing team's Duty to Refer arrangements.
 */
export function findHousingContacts(
  { organisationId, sector, districtId }: { organisationId?: number; sector?: Sector; districtId: string },
  db: Db = getDb(),
) {
  let goTo: DirectoryCard[] = [];
  if (organisationId) {
    goTo = searchDirectory({ organisationId, goToOnly: true }, db);
    if (goTo.length === 0) goTo = searchDirectory({ organisationId }, db);
  } else if (sector) {
    goTo = searchDirectory({ sector, districtId, goToOnly: true }, db);
  }
  return { goTo, district: getDistrictReferral({ districtId, withContacts: true }, db) };
}

export function listCircumstances(db: Db = getDb()) {
  const list = db.select().from(circumstances).orderBy(asc(circumstances.sortOrder), asc(circumstances.label)).all();
  const links = db.select().from(circumstanceSpecialisms).all();
  return list.map((c) => ({
    ...c,
    specialismIds: links.filter((l) => l.circumstanceId === c.id).map((l) => l.specialismId),
  }));
}

/**
 * "Someone leaving prison, going to West Oxfordshire": the district's Duty to
 * Refer contact, and contacts with a matching specialism who cover the
 * district, each with a one-line reason.
 */
export function askByCircumstance(
  { circumstanceId, districtId }: { circumstanceId: string; districtId: string },
  db: Db = getDb(),
) {
  const circumstance = listCircumstances(db).find((c) => c.id === circumstanceId);
  const district = getDistrictReferral({ districtId, withContacts: true }, db);
  if (!circumstance || !district) return undefined;
  const labels = new Map(
    db
      .select()
      .from(specialisms)
      .all()
      .map((s) => [s.id, s.label]),
  );
  const seen = new Set<number>();
  const people: Array<DirectoryCard & { reason: string }> = [];
  for (const specialismId of circumstance.specialismIds) {
    for (const card of searchDirectory({ specialismId, districtId, limit: 20 }, db)) {
      if (seen.has(card.id)) continue;
      seen.add(card.id);
      const area = card.districts.length ? `covers ${district.district.name}` : "works countywide";
      people.push({
        ...card,
        reason: `${labels.get(specialismId)} specialist at ${card.organisationName ?? "their organisation"}; ${area}.`,
      });
    }
  }
  return { circumstance, district, people };
}

export type CoverageCell = { districtId: string; namedContact: boolean; champion: boolean };

/**
 * Duty to Refer bodies (rows, all of them unless `organisationId` narrows them
 * to one) against districts (columns, all of them unless `districtIds` narrows
 * them): is there a named contact whose details are
 * current, and a Tier 1 champion, covering that district? `currentChampions`
 * is the set of Tier 1 members who are current. Built from maps, so a
 * national grid (1,500 bodies by 300 districts) takes well under a second.
 */
export function coverageGrid(
  {
    currentChampions,
    districtIds,
    organisationId,
    now = new Date(),
  }: { currentChampions: Set<number>; districtIds?: string[]; organisationId?: number; now?: Date },
  db: Db = getDb(),
) {
  const ofOrganisation = organisationId === undefined ? undefined : eq(members.organisationId, organisationId);
  const bodies = db
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .where(
      and(
        eq(organisations.subjectToDutyToRefer, true),
        isNull(organisations.closedAt),
        organisationId === undefined ? undefined : eq(organisations.id, organisationId),
      ),
    )
    .orderBy(asc(organisations.name))
    .all();
  const columns = db
    .select({ id: districts.id, name: districts.name })
    .from(districts)
    .where(districtIds ? inArray(districts.id, districtIds.concat("")) : undefined)
    .orderBy(asc(districts.name))
    .all();
  const entries = db
    .select({
      contactId: contacts.id,
      memberId: members.id,
      organisationId: members.organisationId,
      lastConfirmedAt: contacts.lastConfirmedAt,
    })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .innerJoin(organisations, eq(organisations.id, members.organisationId))
    .where(
      and(
        eq(members.status, "active"),
        isNull(contacts.retiredAt),
        eq(organisations.subjectToDutyToRefer, true),
        ofOrganisation,
      ),
    )
    .all();
  // A contact who lists no districts covers them all.
  const coveredBy = new Map<number, Set<string>>();
  for (const { contactId, districtId } of db.select().from(contactDistricts).all()) {
    if (!coveredBy.has(contactId)) coveredBy.set(contactId, new Set());
    coveredBy.get(contactId)!.add(districtId);
  }
  const covers = (contactId: number, districtId: string) =>
    !coveredBy.has(contactId) || coveredBy.get(contactId)!.has(districtId);
  const entriesByBody = new Map<number, typeof entries>();
  const entryByMember = new Map<number, (typeof entries)[number]>();
  for (const entry of entries) {
    if (!entriesByBody.has(entry.organisationId!)) entriesByBody.set(entry.organisationId!, []);
    entriesByBody.get(entry.organisationId!)!.push(entry);
    entryByMember.set(entry.memberId, entry);
  }
  // Tier 1 champions count even without a directory entry: they cover their organisation's area.
  const championsByBody = new Map<number, number[]>();
  const tier1 = db
    .select({ id: members.id, organisationId: members.organisationId })
    .from(members)
    .where(and(eq(members.status, "active"), eq(members.tier, 1), ofOrganisation))
    .all();
  for (const champion of tier1) {
    if (!currentChampions.has(champion.id) || champion.organisationId === null) continue;
    if (!championsByBody.has(champion.organisationId)) championsByBody.set(champion.organisationId, []);
    championsByBody.get(champion.organisationId)!.push(champion.id);
  }
  return {
    districts: columns,
    rows: bodies.map((body) => {
      const current = (entriesByBody.get(body.id) ?? []).filter(
        (entry) => !isStale({ lastConfirmedAt: entry.lastConfirmedAt, now }),
      );
      const champions = championsByBody.get(body.id) ?? [];
      return {
        ...body,
        cells: columns.map((d): CoverageCell => ({
          districtId: d.id,
          namedContact: current.some((entry) => covers(entry.contactId, d.id)),
          champion: champions.some((id) => {
            const entry = entryByMember.get(id);
            return entry ? covers(entry.contactId, d.id) : true;
          }),
        })),
      };
    }),
  };
}

export function logDirectoryAccess(
  {
    viewerId,
    action,
    contactId = null,
    now = new Date(),
  }: { viewerId: number; action: "view-contact" | "vcard" | "export"; contactId?: number | null; now?: Date },
  db: Db = getDb(),
) {
  db.insert(directoryAccessLog).values({ viewerId, action, contactId, createdAt: now }).run();
}

/**
 * Who has looked at a contact, newest first. With `namedOrganisationId` (an
 * organisation lead asking), only viewers in that organisation are named:
 * anyone else is "Someone at another organisation", since the lead may not see
 * other organisations' members.
 */
export function listAccessToContact(
  { contactId, namedOrganisationId }: { contactId: number; namedOrganisationId?: number },
  db: Db = getDb(),
) {
  const viewer =
    namedOrganisationId === undefined
      ? members.name
      : sql<string>`CASE WHEN ${members.organisationId} = ${namedOrganisationId} THEN ${members.name} ELSE 'Someone at another organisation' END`;
  return db
    .select({ viewer, action: directoryAccessLog.action, createdAt: directoryAccessLog.createdAt })
    .from(directoryAccessLog)
    .innerJoin(members, eq(members.id, directoryAccessLog.viewerId))
    .where(eq(directoryAccessLog.contactId, contactId))
    .orderBy(sql`${directoryAccessLog.createdAt} DESC`)
    .limit(50)
    .all();
}

export function saveCircumstance(
  {
    id,
    label,
    description,
    specialismIds,
  }: { id: string; label: string; description: string; specialismIds: string[] },
  db: Db = getDb(),
) {
  inTransaction((tx) => {
    tx.insert(circumstances)
      .values({ id, label, description })
      .onConflictDoUpdate({ target: circumstances.id, set: { label, description } })
      .run();
    tx.delete(circumstanceSpecialisms).where(eq(circumstanceSpecialisms.circumstanceId, id)).run();
    for (const specialismId of new Set(specialismIds))
      tx.insert(circumstanceSpecialisms).values({ circumstanceId: id, specialismId }).run();
  }, db);
}

export function saveSpecialism({ id, label }: { id: string; label: string }, db: Db = getDb()) {
  db.insert(specialisms).values({ id, label }).onConflictDoUpdate({ target: specialisms.id, set: { label } }).run();
}

/** Every active contact, for the coordinator's CSV export. */
export function listDirectoryForExport(db: Db = getDb()) {
  return searchDirectory({ limit: 100_000 }, db);
}
