import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, getTableColumns, isNull, lt, sql } from "drizzle-orm";
import {
  contactDistricts,
  contacts,
  contactSpecialisms,
  directoryAccessLog,
  districtReferralDetails,
  districts,
  members,
  organisations,
  specialisms,
  type Sector,
} from "../../drizzle/schema";
import { getDb, inTransaction, preparedOnce, type Db } from "~/lib/db.server";
import { directoryVersionBatchCache, directoryVersionCache, directoryVersionOf } from "~/lib/directory-cache.server";

/** Contacts are asked to re-confirm their details every six months. */
export const STALE_AFTER_MS = 183 * 24 * 60 * 60 * 1000;

/** An entry still in the directory: not retired when its member moved on (see member-move.server.ts). */
export const contactIsCurrent = isNull(contacts.retiredAt);

export function isStale({ lastConfirmedAt, now = new Date() }: { lastConfirmedAt: Date; now?: Date }) {
  return now.getTime() - lastConfirmedAt.getTime() > STALE_AFTER_MS;
}

/** What the directory searches for an organisation: its name and every former name (renamed, or merged into it). */
const organisationSearchText = sql<
  string | null
>`${organisations.name} || coalesce((SELECT ' ' || group_concat(f.name, ' ')
  FROM organisation_former_names f WHERE f.organisation_id = ${organisations.id}), '')`;

/**
 * Brings the search rows of an organisation's contacts up to date with its
 * name and former names, in one statement (after a rename or a merge).
 */
export function reindexOrganisationContacts({ organisationId }: { organisationId: number }, db: Db = getDb()) {
  db.run(
    sql`UPDATE contacts_fts SET organisation = (SELECT ${organisationSearchText} FROM organisations
      WHERE ${organisations.id} = ${organisationId})
    WHERE rowid IN (SELECT c.id FROM contacts c JOIN members m ON m.id = c.member_id WHERE m.organisation_id = ${organisationId})`,
  );
}

/** Rebuilds a contact's full-text row; a deactivated member or a retired entry has none: gone from search at once. */
export function reindexContact({ contactId }: { contactId: number }, db: Db = getDb()) {
  db.run(sql`DELETE FROM contacts_fts WHERE rowid = ${contactId}`);
  const row = db
    .select({
      name: members.name,
      jobTitle: members.jobTitle,
      status: members.status,
      retiredAt: contacts.retiredAt,
      organisation: organisationSearchText,
    })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(eq(contacts.id, contactId))
    .get();
  if (!row || row.status !== "active" || row.retiredAt) return;
  const specialismLabels = db
    .select({ label: specialisms.label })
    .from(contactSpecialisms)
    .innerJoin(specialisms, eq(specialisms.id, contactSpecialisms.specialismId))
    .where(eq(contactSpecialisms.contactId, contactId))
    .all()
    .map((s) => s.label)
    .join(" ");
  const districtNames = db
    .select({ name: districts.name })
    .from(contactDistricts)
    .innerJoin(districts, eq(districts.id, contactDistricts.districtId))
    .where(eq(contactDistricts.contactId, contactId))
    .all()
    .map((d) => d.name);
  db.run(
    sql`INSERT INTO contacts_fts (rowid, name, job_title, organisation, specialisms, districts) VALUES (${contactId}, ${row.name}, ${row.jobTitle}, ${row.organisation ?? ""}, ${specialismLabels}, ${districtNames.length ? districtNames.join(" ") : "Countywide"})`,
  );
}

export function reindexContactsWhere(
  { memberId, organisationId }: { memberId?: number; organisationId?: number },
  db: Db = getDb(),
) {
  const ids = db
    .select({ id: contacts.id })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .where(memberId !== undefined ? eq(contacts.memberId, memberId) : eq(members.organisationId, organisationId!))
    .all();
  for (const { id } of ids) reindexContact({ contactId: id }, db);
}

export function reindexAllContacts(db: Db = getDb()) {
  db.run(sql`DELETE FROM contacts_fts`);
  for (const { id } of db.select({ id: contacts.id }).from(contacts).all()) reindexContact({ contactId: id }, db);
}

/** Turns what someone typed into an FTS5 query: every word must match, as a whole word or the start of one. */
export function toFtsQuery(text: string) {
  const words = text
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.map((w) => `"${w.replace(/"/g, "")}"*`).join(" ");
}

export type DirectoryFilters = {
  query?: string;
  organisationId?: number;
  sector?: Sector;
  districtId?: string;
  specialismId?: string;
  goToOnly?: boolean;
  limit?: number;
  offset?: number;
};

/** What any signed-in member may see of a contact: hidden numbers are left out entirely. */
export type DirectoryCard = {
  id: number;
  memberId: number;
  name: string;
  jobTitle: string;
  email: string;
  organisationId: number | null;
  organisationName: string | null;
  organisationSlug: string | null;
  isGoTo: boolean;
  howToContact: string;
  directPhone?: string;
  mobile?: string;
  districts: string[];
  specialisms: Array<{ id: string; label: string }>;
  lastConfirmedAt: Date;
  stale: boolean;
};

/** Only what a card shows, for a page's data (which is sent twice: as HTML, and again for the browser). */
export function cardForPage({ memberId: _m, organisationId: _o, lastConfirmedAt: _l, ...card }: DirectoryCard) {
  return card;
}

type CardRow = typeof contacts.$inferSelect & {
  name: string;
  jobTitle: string;
  email: string;
  organisationId: number | null;
  organisationName: string | null;
  organisationSlug: string | null;
};

/** A set of contact ids as one bound JSON array, so each statement below is compiled once, whatever the number of ids. */
const idSet = sql`(SELECT value FROM json_each(${sql.placeholder("ids")}))`;

/** The statements that read cards, prepared once per connection. */
function cardStatements(db: Db) {
  return preparedOnce(db, "directory-cards", () => ({
    rows: db
      .select({ ...getTableColumns(contacts), ...cardColumns })
      .from(contacts)
      .innerJoin(members, eq(members.id, contacts.memberId))
      .leftJoin(organisations, eq(organisations.id, members.organisationId))
      .where(and(sql`${contacts.id} IN ${idSet}`, eq(members.status, "active"), contactIsCurrent))
      .prepare(),
    districts: db
      .select({ contactId: contactDistricts.contactId, name: districts.name })
      .from(contactDistricts)
      .innerJoin(districts, eq(districts.id, contactDistricts.districtId))
      .where(sql`${contactDistricts.contactId} IN ${idSet}`)
      .orderBy(asc(districts.name))
      .prepare(),
    specialisms: db
      .select({ contactId: contactSpecialisms.contactId, id: specialisms.id, label: specialisms.label })
      .from(contactSpecialisms)
      .innerJoin(specialisms, eq(specialisms.id, contactSpecialisms.specialismId))
      .where(sql`${contactSpecialisms.contactId} IN ${idSet}`)
      .orderBy(asc(specialisms.label))
      .prepare(),
  }));
}

function cardsFor(db: Db, rows: CardRow[], now: Date): DirectoryCard[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const statements = cardStatements(db);
  const districtRows = statements.districts.all({ ids });
  const specialismRows = statements.specialisms.all({ ids });
  return rows.map((r) => {
    const card: DirectoryCard = {
      id: r.id,
      memberId: r.memberId,
      name: r.name,
      jobTitle: r.jobTitle,
      email: r.email,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      organisationSlug: r.organisationSlug,
      isGoTo: r.isGoTo,
      howToContact: r.howToContact,
      districts: districtRows.filter((d) => d.contactId === r.id).map((d) => d.name),
      specialisms: specialismRows.filter((s) => s.contactId === r.id).map((s) => ({ id: s.id, label: s.label })),
      lastConfirmedAt: r.lastConfirmedAt,
      stale: isStale({ lastConfirmedAt: r.lastConfirmedAt, now }),
    };
    // Optional numbers are only present when the member chose to show them.
    if (r.showDirectPhone && r.directPhone) card.directPhone = r.directPhone;
    if (r.showMobile && r.mobile) card.mobile = r.mobile;
    return card;
  });
}

const cardColumns = {
  name: members.name,
  jobTitle: members.jobTitle,
  email: members.email,
  organisationId: members.organisationId,
  organisationName: organisations.name,
  organisationSlug: organisations.slug,
};

/**
 * A set of the index's positions, one bit each: 2.5 KB for the national
 * directory's 20,000 entries, and testing one is a shift and a mask.
 */
type PositionSet = Uint32Array;

function positionSet(size: number, positions: Iterable<number> = []): PositionSet {
  const set = new Uint32Array((size + 31) >>> 5);
  for (const position of positions) addPosition(set, position);
  return set;
}

const addPosition = (set: PositionSet, position: number) => (set[position >>> 5] |= 1 << (position & 31));

const holds = (set: PositionSet, position: number) => (set[position >>> 5] & (1 << (position & 31))) !== 0;

/**
 * Search's index of the directory: every entry shown (an active member's,
 * not retired) in the order results are listed (go-to contacts first, then by
 * name), with what the filters test, by position in that order. Built in one
 * pass when the directory changes (about 20,000 entries at national size), so
 * a search is a walk down this list and never sorts its matches.
 */
type SearchIndex = {
  contactIds: Int32Array;
  /** Each contact's position, by contact id; −1 for one not shown. */
  positionById: Int32Array;
  organisationIds: Int32Array;
  sectors: Array<Sector | null>;
  goTo: Uint8Array;
  /** The entries that cover each district: those listing it, and the countywide ones (listing none). */
  coveringDistrict: Map<string, PositionSet>;
  /** Countywide entries only: what covers a district no entry lists. */
  countywide: PositionSet;
  bySpecialism: Map<string, PositionSet>;
  /** Each organisation's entries, in order: find my contact asks for one organisation's. */
  byOrganisation: Map<number, number[]>;
};

function buildSearchIndex(db: Db): SearchIndex {
  const rows = db
    .select({
      id: contacts.id,
      isGoTo: contacts.isGoTo,
      organisationId: members.organisationId,
      sector: organisations.sector,
    })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(members.status, "active"), contactIsCurrent))
    .orderBy(sql`${contacts.isGoTo} DESC`, asc(members.name), asc(contacts.id))
    .all();
  const size = rows.length;
  const positionById = new Int32Array(rows.reduce((max, r) => Math.max(max, r.id), 0) + 1).fill(-1);
  rows.forEach((r, position) => (positionById[r.id] = position));
  const positionOf = (contactId: number) => (contactId < positionById.length ? positionById[contactId] : -1);
  const group = <K>(map: Map<K, number[]>, key: K, position: number) => {
    const list = map.get(key);
    if (list) list.push(position);
    else map.set(key, [position]);
  };
  const byOrganisation = new Map<number, number[]>();
  rows.forEach((r, position) => {
    if (r.organisationId) group(byOrganisation, r.organisationId, position);
  });
  const listsDistricts = new Uint8Array(size);
  const byDistrict = new Map<string, number[]>();
  const coverage = db.select({ contactId: contactDistricts.contactId, districtId: contactDistricts.districtId });
  for (const { contactId, districtId } of coverage.from(contactDistricts).all()) {
    const position = positionOf(contactId);
    if (position < 0) continue;
    listsDistricts[position] = 1;
    group(byDistrict, districtId, position);
  }
  const countywidePositions = rows.flatMap((_, position) => (listsDistricts[position] ? [] : [position]));
  const bySpecialism = new Map<string, number[]>();
  const known = db.select({ contactId: contactSpecialisms.contactId, specialismId: contactSpecialisms.specialismId });
  for (const { contactId, specialismId } of known.from(contactSpecialisms).all()) {
    const position = positionOf(contactId);
    if (position >= 0) group(bySpecialism, specialismId, position);
  }
  return {
    contactIds: Int32Array.from(rows, (r) => r.id),
    positionById,
    organisationIds: Int32Array.from(rows, (r) => r.organisationId ?? 0),
    sectors: rows.map((r) => r.sector),
    goTo: Uint8Array.from(rows, (r) => (r.isGoTo ? 1 : 0)),
    coveringDistrict: new Map(
      [...byDistrict].map(([districtId, positions]) => [
        districtId,
        positionSet(size, [...positions, ...countywidePositions]),
      ]),
    ),
    countywide: positionSet(size, countywidePositions),
    bySpecialism: new Map([...bySpecialism].map(([id, positions]) => [id, positionSet(size, positions)])),
    byOrganisation,
  };
}

/** The index, built once per version of the directory. */
const searchIndexes = directoryVersionCache(1);
/**
 * Which entries the words of a search match. The index's text search answers
 * a common word ("hou": 7,500 entries) in 1-2 ms, so each answer is kept until
 * the directory changes: 1,000 of them, 2.5 MB at national size, hold every
 * word the benchmark's 20,000 varied searches use (about 500).
 */
const wordMatches = directoryVersionCache(1_000);

function matchingWords(db: Db, index: SearchIndex, fts: string, version: string): PositionSet {
  return wordMatches(
    `words:${fts}`,
    () => {
      const rowids = preparedOnce(db, "directory-words", () =>
        db.$client.prepare<[string], number>("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?").pluck(),
      ).all(fts);
      const set = positionSet(index.contactIds.length);
      for (const rowid of rowids) {
        const position = rowid < index.positionById.length ? index.positionById[rowid] : -1;
        if (position >= 0) addPosition(set, position);
      }
      return set;
    },
    db,
    version,
  );
}

/**
 * Directory search: full-text (partial words) plus filters that combine.
 * Active members only, go-to contacts first, then by name. Walks the
 * directory's index in that order and stops once the page is full; only the
 * page's cards are read from the database. `version` is the directory's
 * version as the caller read it (see cachedDirectoryRead); read once here
 * when not given, for the index, the words and the cards alike.
 */
export function searchDirectory(
  filters: DirectoryFilters & { now?: Date; version?: string },
  db: Db = getDb(),
): DirectoryCard[] {
  const { now = new Date(), limit = 100, offset = 0 } = filters;
  if (limit <= 0) return [];
  const version = filters.version ?? directoryVersionOf(db);
  const found: number[] = [];
  let skipped = 0;
  walkMatches(filters, db, version, (contactId) => {
    if (skipped < offset) skipped += 1;
    else found.push(contactId);
    return found.length < limit;
  });
  return searchDirectoryById(db, found, now, version);
}

/** How many entries the filters match in all (their `limit` and `offset` aside): a walk of the index, no cards read. */
export function countDirectory(filters: DirectoryFilters & { version?: string }, db: Db = getDb()) {
  let count = 0;
  walkMatches(filters, db, filters.version ?? directoryVersionOf(db), () => {
    count += 1;
    return true;
  });
  return count;
}

/** Each contact the filters match, in the index's order, until `visit` answers false. */
function walkMatches(filters: DirectoryFilters, db: Db, version: string, visit: (contactId: number) => boolean) {
  const index = searchIndexes("index", () => buildSearchIndex(db), db, version);
  const fts = filters.query ? toFtsQuery(filters.query) : "";
  const words = fts ? matchingWords(db, index, fts, version) : undefined;
  const district = filters.districtId
    ? (index.coveringDistrict.get(filters.districtId) ?? index.countywide)
    : undefined;
  const specialism = filters.specialismId
    ? (index.bySpecialism.get(filters.specialismId) ?? positionSet(0))
    : undefined;
  // One organisation's entries are walked from its own list, not the whole directory's.
  const candidates = filters.organisationId ? (index.byOrganisation.get(filters.organisationId) ?? []) : undefined;
  const count = candidates ? candidates.length : index.contactIds.length;
  for (let k = 0; k < count; k += 1) {
    const i = candidates ? candidates[k] : k;
    // Go-to contacts come first, in the index and in each organisation's list: after them there are none to find.
    if (filters.goToOnly && !index.goTo[i]) return;
    if (words && !holds(words, i)) continue;
    if (filters.organisationId && index.organisationIds[i] !== filters.organisationId) continue;
    if (filters.sector && index.sectors[i] !== filters.sector) continue;
    if (district && !holds(district, i)) continue;
    if (specialism && !holds(specialism, i)) continue;
    if (!visit(index.contactIds[i])) return;
  }
}

export function getContactCard({ contactId, now = new Date() }: { contactId: number; now?: Date }, db: Db = getDb()) {
  return searchDirectoryById(db, [contactId], now, directoryVersionOf(db))[0];
}

/**
 * Cards as last read, by contact id, kept until the directory changes: varied
 * searches show many of the same cards (go-to contacts come first). Room for a
 * national directory's 20,000, about 12 MB: with 5,000, varied searches over
 * pages 1-3 read cards for six requests in ten (decision note 002). Whether a
 * card is stale moves with the clock, so it is worked out on every read.
 */
const keptCards = directoryVersionBatchCache<number, DirectoryCard>(20_000);

/** The cards of these contacts, in the order asked; any no longer shown (retired, or the member inactive) left out. */
function searchDirectoryById(db: Db, ids: number[], now: Date, version: string): DirectoryCard[] {
  if (ids.length === 0) return [];
  const cards = keptCards(
    ids,
    (missing) => {
      const rows = cardStatements(db).rows.all({ ids: JSON.stringify(missing) });
      return new Map(cardsFor(db, rows, now).map((card) => [card.id, card]));
    },
    db,
    version,
  );
  return ids.flatMap((id) => {
    const card = cards.get(id);
    return card ? [{ ...card, stale: isStale({ lastConfirmedAt: card.lastConfirmedAt, now }) }] : [];
  });
}

export function getContactCards(
  { contactIds, now = new Date() }: { contactIds: number[]; now?: Date },
  db: Db = getDb(),
) {
  return searchDirectoryById(db, contactIds, now, directoryVersionOf(db));
}

/**
 * The full record, including hidden numbers, for the member, their organisation lead or the coordinator to edit;
 * a retired entry only when asked for (the member's own copy of their data).
 */
export function getContactRecord(
  { contactId, includeRetired = false }: { contactId: number; includeRetired?: boolean },
  db: Db = getDb(),
) {
  const contact = db
    .select({
      contact: contacts,
      memberName: members.name,
      organisationId: members.organisationId,
      memberStatus: members.status,
    })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .where(and(eq(contacts.id, contactId), includeRetired ? undefined : contactIsCurrent))
    .get();
  if (!contact) return undefined;
  const districtIds = db
    .select({ id: contactDistricts.districtId })
    .from(contactDistricts)
    .where(eq(contactDistricts.contactId, contactId))
    .all()
    .map((d) => d.id);
  const specialismIds = db
    .select({ id: contactSpecialisms.specialismId })
    .from(contactSpecialisms)
    .where(eq(contactSpecialisms.contactId, contactId))
    .all()
    .map((s) => s.id);
  return {
    ...contact.contact,
    memberName: contact.memberName,
    organisationId: contact.organisationId,
    memberStatus: contact.memberStatus,
    districtIds,
    specialismIds,
  };
}

/** The member's entry in the directory, if they have one that is not retired. */
export function findContactIdForMember({ memberId }: { memberId: number }, db: Db = getDb()) {
  return (
    db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.memberId, memberId), contactIsCurrent))
      .get()?.id ?? null
  );
}

export type ContactDetails = {
  isGoTo: boolean;
  howToContact: string;
  directPhone: string | null;
  showDirectPhone: boolean;
  mobile: string | null;
  showMobile: boolean;
  districtIds: string[];
  specialismIds: string[];
};

/** Only the details a person edits, for the audit log: no confirmation token, no internal columns. */
export function contactDetailsOf(record: ContactDetails): ContactDetails {
  const { isGoTo, howToContact, directPhone, showDirectPhone, mobile, showMobile, districtIds, specialismIds } = record;
  return { isGoTo, howToContact, directPhone, showDirectPhone, mobile, showMobile, districtIds, specialismIds };
}

export class DuplicateContactError extends Error {
  constructor() {
    super("This member is already in the directory.");
  }
}

function writeLinks(tx: Db, contactId: number, details: ContactDetails) {
  tx.delete(contactDistricts).where(eq(contactDistricts.contactId, contactId)).run();
  tx.delete(contactSpecialisms).where(eq(contactSpecialisms.contactId, contactId)).run();
  for (const districtId of new Set(details.districtIds))
    tx.insert(contactDistricts).values({ contactId, districtId }).run();
  for (const specialismId of new Set(details.specialismIds))
    tx.insert(contactSpecialisms).values({ contactId, specialismId }).run();
}

/**
 * A member's entry in the directory. A member keeps one entry row: one who
 * moved on and is added again at their new organisation gets their retired
 * row back, with the new details (it stops being shown to the old lead).
 */
export function createContact(
  { memberId, details, now = new Date() }: { memberId: number; details: ContactDetails; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    if (findContactIdForMember({ memberId }, tx)) throw new DuplicateContactError();
    const { districtIds: _d, specialismIds: _s, ...fields } = details;
    const retired = tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.memberId, memberId)).get();
    if (retired) {
      tx.update(contacts)
        .set({
          ...fields,
          retiredAt: null,
          retiredReason: null,
          retiredFromOrganisationId: null,
          lastConfirmedAt: now,
          confirmTokenHash: null,
          updatedAt: now,
        })
        .where(eq(contacts.id, retired.id))
        .run();
      writeLinks(tx, retired.id, details);
      reindexContact({ contactId: retired.id }, tx);
      return { id: retired.id };
    }
    const { id } = tx
      .insert(contacts)
      .values({ memberId, ...fields, lastConfirmedAt: now, createdAt: now, updatedAt: now })
      .returning({ id: contacts.id })
      .get();
    writeLinks(tx, id, details);
    reindexContact({ contactId: id }, tx);
    return { id };
  }, db);
}

/** Saving details counts as confirming them. */
export function updateContact(
  { contactId, details, now = new Date() }: { contactId: number; details: ContactDetails; now?: Date },
  db: Db = getDb(),
) {
  inTransaction((tx) => {
    const { districtIds: _d, specialismIds: _s, ...fields } = details;
    tx.update(contacts)
      .set({ ...fields, lastConfirmedAt: now, confirmTokenHash: null, updatedAt: now })
      .where(eq(contacts.id, contactId))
      .run();
    writeLinks(tx, contactId, details);
    reindexContact({ contactId }, tx);
  }, db);
}

/**
 * Takes an entry out of the directory: its search row, its place as a
 * district's Duty to Refer contact or deputy, the log of who viewed it, and
 * the entry itself (its districts and specialisms go with it, by cascade).
 * Erasure also merges the search index (`mergeIndex`), so the entry's words are
 * gone from the index's segments and not only marked deleted.
 */
export function removeContact(
  { contactId, mergeIndex = false }: { contactId: number; mergeIndex?: boolean },
  db: Db = getDb(),
) {
  inTransaction((tx) => {
    tx.run(sql`DELETE FROM contacts_fts WHERE rowid = ${contactId}`);
    tx.update(districtReferralDetails)
      .set({ dutyToReferContactId: null })
      .where(eq(districtReferralDetails.dutyToReferContactId, contactId))
      .run();
    tx.update(districtReferralDetails)
      .set({ deputyContactId: null })
      .where(eq(districtReferralDetails.deputyContactId, contactId))
      .run();
    tx.delete(directoryAccessLog).where(eq(directoryAccessLog.contactId, contactId)).run();
    tx.delete(contacts).where(eq(contacts.id, contactId)).run();
    if (mergeIndex) tx.run(sql`INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')`);
  }, db);
}

export function confirmContact({ contactId, now = new Date() }: { contactId: number; now?: Date }, db: Db = getDb()) {
  db.update(contacts)
    .set({ lastConfirmedAt: now, confirmTokenHash: null, updatedAt: now })
    .where(eq(contacts.id, contactId))
    .run();
}

/** Confirmation links carry a random token; only its SHA-256 is stored, so a copy of the database holds no working link. */
function digestConfirmToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export function findContactByConfirmToken({ token }: { token: string }, db: Db = getDb()) {
  return db
    .select({ id: contacts.id, memberName: members.name, lastConfirmedAt: contacts.lastConfirmedAt })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .where(
      and(eq(contacts.confirmTokenHash, digestConfirmToken(token)), eq(members.status, "active"), contactIsCurrent),
    )
    .get();
}

/** Contacts past six months without confirming, who have not yet been sent a link. */
export function listContactsDueForConfirmation({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return db
    .select({
      id: contacts.id,
      memberId: members.id,
      name: members.name,
      email: members.email,
      lastConfirmedAt: contacts.lastConfirmedAt,
    })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .where(
      and(
        eq(members.status, "active"),
        contactIsCurrent,
        lt(contacts.lastConfirmedAt, new Date(now.getTime() - STALE_AFTER_MS)),
      ),
    )
    .all();
}

/** A new confirmation token for the email's link (any earlier link stops working); only its digest is stored. */
export function issueConfirmToken({ contactId }: { contactId: number }, db: Db = getDb()) {
  const token = randomBytes(32).toString("base64url");
  db.update(contacts)
    .set({ confirmTokenHash: digestConfirmToken(token) })
    .where(eq(contacts.id, contactId))
    .run();
  return token;
}

/** Contacts of one organisation, for its lead and the coordinator; includes stale flags. */
/** An active member's contact, at `organisationId` if given, not confirmed since `cutoff` if given. */
function contactsWhere({ organisationId, cutoff }: { organisationId?: number; cutoff?: Date }) {
  return and(
    eq(members.status, "active"),
    contactIsCurrent,
    organisationId === undefined ? undefined : eq(members.organisationId, organisationId),
    cutoff === undefined ? undefined : lt(contacts.lastConfirmedAt, cutoff),
  );
}

function countContacts(filters: { organisationId?: number; cutoff?: Date }, db: Db) {
  return (
    db
      .select({ n: count() })
      .from(contacts)
      .innerJoin(members, eq(members.id, contacts.memberId))
      .where(contactsWhere(filters))
      .get()?.n ?? 0
  );
}

/**
 * One page of an organisation's contacts, for its lead and the coordinator,
 * with how many there are in all and how many have gone stale.
 */
export function pageOrganisationContacts(
  {
    organisationId,
    limit,
    offset,
    now = new Date(),
  }: { organisationId: number; limit: number; offset: number; now?: Date },
  db: Db = getDb(),
) {
  return {
    total: countContacts({ organisationId }, db),
    stale: countContacts({ organisationId, cutoff: new Date(now.getTime() - STALE_AFTER_MS) }, db),
    contacts: searchDirectory({ organisationId, limit, offset, now }, db),
  };
}

/** Active members of an organisation who are not in the directory yet, by name: every one of them. */
export function listMembersOutsideDirectory({ organisationId }: { organisationId: number }, db: Db = getDb()) {
  return db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(
      and(
        eq(members.organisationId, organisationId),
        eq(members.status, "active"),
        sql`NOT EXISTS (SELECT 1 FROM contacts c WHERE c.member_id = ${members.id} AND c.retired_at IS NULL)`,
      ),
    )
    .orderBy(asc(members.name), asc(members.id))
    .all();
}

/**
 * Contacts across the network (or of one organisation) not confirmed for over
 * six months: how many, and one page of them, the longest unconfirmed first.
 */
export function pageStaleContacts(
  {
    limit,
    offset,
    organisationId,
    now = new Date(),
  }: { limit: number; offset: number; organisationId?: number; now?: Date },
  db: Db = getDb(),
) {
  const cutoff = new Date(now.getTime() - STALE_AFTER_MS);
  const rows = db
    .select({
      id: contacts.id,
      name: members.name,
      organisationName: organisations.name,
      organisationSlug: organisations.slug,
      lastConfirmedAt: contacts.lastConfirmedAt,
    })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(contactsWhere({ organisationId, cutoff }))
    .orderBy(asc(contacts.lastConfirmedAt), asc(contacts.id))
    .limit(limit)
    .offset(offset)
    .all();
  return { total: countContacts({ organisationId, cutoff }, db), contacts: rows };
}

export function listSpecialisms(db: Db = getDb()) {
  return db.select().from(specialisms).orderBy(asc(specialisms.label)).all();
}
