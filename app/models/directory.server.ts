import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  circumstances,
  circumstanceSpecialisms,
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
import { directoryVersionOf } from "~/lib/directory-cache.server";
import {
  countDirectory,
  getContactCards,
  isStale,
  searchDirectory,
  type DirectoryCard,
  type DirectoryFilters,
} from "./contact.server";

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

/** How many cards a "Find my housing contact" answer shows; the directory, a link away, lists the rest. */
export const FIND_CARD_LIMIT = 10;

/** A "Find my housing contact" answer: the first cards, and how many there are in all. */
export type GoToAnswer = { cards: DirectoryCard[]; total: number };

/**
 * The go-to contacts of "Find my housing contact": the organisation's (or, if
 * it has none, anyone listed there); for a sector, those of its organisations
 * who cover the district (a sector is always asked with one). The first
 * FIND_CARD_LIMIT in the directory's order (go-to contacts first, then by
 * name), so the directory's search with the same filters goes on where these
 * stop. An organisation's answer does not depend on the district. The page
 * shows them beside the district's Duty to Refer arrangements
 * (getDistrictReferral), each kept apart.
 */
export function findGoToContacts(
  { organisationId, sector, districtId }: { organisationId?: number; sector?: Sector; districtId?: string },
  db: Db = getDb(),
): GoToAnswer {
  // One version of the directory for every walk and card below.
  const version = directoryVersionOf(db);
  const first = (filters: DirectoryFilters) => ({
    cards: searchDirectory({ ...filters, limit: FIND_CARD_LIMIT, version }, db),
    total: countDirectory({ ...filters, version }, db),
  });
  if (organisationId) {
    const goTo = first({ organisationId, goToOnly: true });
    return goTo.total > 0 ? goTo : first({ organisationId });
  }
  return sector ? first({ sector, districtId, goToOnly: true }) : { cards: [], total: 0 };
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

type CoverageScope = { currentChampions: Set<number>; districtIds?: string[]; organisationId?: number; now?: Date };

/**
 * What the coverage grid is made of, for each Duty to Refer body: the districts
 * its current named contacts cover and those its current Tier 1 champions cover,
 * each as "all" (someone covers every district) or a set of district ids.
 */
function coverageByBody({ currentChampions, districtIds, organisationId, now = new Date() }: CoverageScope, db: Db) {
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
  // The whole network's entries are read from the contacts (20,000 at national size), each looking up its member
  // and organisation: left to choose, SQLite went from the Duty to Refer bodies through half of all members
  // (130-300 ms against about 30). One organisation's are read from its members.
  const entries =
    organisationId === undefined
      ? (
          db.$client
            .prepare(
              `select c.id, m.id, m.organisation_id, c.last_confirmed_at from contacts c
                cross join members m on m.id = c.member_id
                cross join organisations o on o.id = m.organisation_id
                where c.retired_at is null and m.status = 'active' and o.subject_to_duty_to_refer = 1`,
            )
            .raw()
            .all() as Array<[number, number, number, number]>
        ).map(([contactId, memberId, organisationId, confirmed]) => ({
          contactId,
          memberId,
          organisationId,
          lastConfirmedAt: new Date(confirmed),
        }))
      : db
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
              eq(members.organisationId, organisationId),
            ),
          )
          .all();
  // A contact who lists no districts covers them all.
  const coveredBy = new Map<number, Set<string>>();
  const links = db.$client.prepare("select contact_id, district_id from contact_districts").raw().all() as Array<
    [number, string]
  >;
  for (const [contactId, districtId] of links) {
    if (!coveredBy.has(contactId)) coveredBy.set(contactId, new Set());
    coveredBy.get(contactId)!.add(districtId);
  }
  type Covered = "all" | Set<string>;
  const add = (covered: Covered | undefined, contactId: number | null): Covered => {
    const areas = contactId === null ? undefined : coveredBy.get(contactId);
    if (covered === "all" || !areas) return "all";
    const union = covered ?? new Set<string>();
    for (const id of areas) union.add(id);
    return union;
  };
  const named = new Map<number, Covered>();
  const entryByMember = new Map<number, (typeof entries)[number]>();
  for (const entry of entries) {
    entryByMember.set(entry.memberId, entry);
    if (isStale({ lastConfirmedAt: entry.lastConfirmedAt, now })) continue;
    named.set(entry.organisationId!, add(named.get(entry.organisationId!), entry.contactId));
  }
  // Tier 1 champions count even without a directory entry (then they cover their organisation's whole area);
  // with one, current or not, they cover its districts.
  const champions = new Map<number, Covered>();
  const tier1 = db.$client
    .prepare(
      `select id, organisation_id from members where status = 'active' and tier = 1
        ${organisationId === undefined ? "" : "and organisation_id = ?"}`,
    )
    .raw()
    .all(...(organisationId === undefined ? [] : [organisationId])) as Array<[number, number | null]>;
  for (const [id, championOrganisationId] of tier1) {
    if (!currentChampions.has(id) || championOrganisationId === null) continue;
    const entry = entryByMember.get(id);
    champions.set(championOrganisationId, add(champions.get(championOrganisationId), entry?.contactId ?? null));
  }
  const none = new Set<string>();
  return {
    columns,
    bodies: bodies.map((body) => ({
      ...body,
      named: named.get(body.id) ?? none,
      champions: champions.get(body.id) ?? none,
    })),
  };
}

const covers = (covered: "all" | Set<string>, districtId: string) => covered === "all" || covered.has(districtId);

/**
 * Duty to Refer bodies (rows, all of them unless `organisationId` narrows them
 * to one) against districts (columns, all of them unless `districtIds` narrows
 * them): is there a named contact whose details are
 * current, and a Tier 1 champion, covering that district? `currentChampions`
 * is the set of Tier 1 members who are current.
 */
export function coverageGrid(scope: CoverageScope, db: Db = getDb()) {
  const { columns, bodies } = coverageByBody(scope, db);
  return {
    districts: columns,
    rows: bodies.map(({ named, champions, ...body }) => ({
      ...body,
      cells: columns.map((d): CoverageCell => ({
        districtId: d.id,
        namedContact: covers(named, d.id),
        champion: covers(champions, d.id),
      })),
    })),
  };
}

/**
 * The coverage grid's totals for network health, counted from each body's
 * covered districts rather than cell by cell (a national grid is 1,500 bodies
 * by 300 districts): the bodies with no current named contact in any district,
 * and the cells missing a named contact or a champion.
 */
export function coverageSummary(scope: Omit<CoverageScope, "districtIds">, db: Db = getDb()) {
  const { columns, bodies } = coverageByBody(scope, db);
  const columnIds = new Set(columns.map((d) => d.id));
  // The districts of the grid in both (a set of districts is a few at most; "all" is every column).
  const inBoth = (a: "all" | Set<string>, b: "all" | Set<string>) => {
    if (a === "all" && b === "all") return columns.length;
    const [some, other] = a === "all" ? [b as Set<string>, a] : b === "all" || a.size <= b.size ? [a, b] : [b, a];
    let n = 0;
    for (const id of some) if (columnIds.has(id) && covers(other, id)) n += 1;
    return n;
  };
  let gaps = 0;
  const withoutNamedContact: Array<{ name: string; slug: string }> = [];
  for (const { name, slug, named, champions } of bodies) {
    if (inBoth(named, "all") === 0) withoutNamedContact.push({ name, slug });
    gaps += columns.length - inBoth(named, champions);
  }
  return { withoutNamedContact, gaps };
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
