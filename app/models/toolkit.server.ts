import { diffLines } from "diff";
import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import {
  circumstances,
  districts,
  members,
  toolkitAttachments,
  toolkitCardCircumstances,
  toolkitCardDistricts,
  toolkitCards,
  toolkitCardVersions,
  toolkitFlags,
  TOOLKIT_CARD_TYPE_LABELS,
  type ToolkitCard,
  type ToolkitCardType,
  type ToolkitVisibility,
} from "../../drizzle/schema";
import { renderMarkdown } from "~/lib/content/markdown.server";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { toolkitEmails } from "~/lib/email/toolkit-emails";
import { toolkitVisibilitiesFor, type Actor } from "~/lib/permissions";
import { toFtsQuery } from "./contact.server";
import { emailWasQueued, queueEmail } from "./outbox.server";

/** What a card is made of: the fields every version keeps. */
export type ToolkitCardInput = {
  title: string;
  type: ToolkitCardType;
  body: string;
  visibility: ToolkitVisibility;
  districtIds: string[];
  circumstanceIds: string[];
  sectors: string[];
  ownerId: number;
  /** YYYY-MM-DD */
  reviewOn: string;
};

/** Today's date in London as YYYY-MM-DD, to compare with review dates. */
export function londonDate(now: Date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now);
}

export function isOverdue(reviewOn: string, now: Date) {
  return reviewOn < londonDate(now);
}

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** The visibility rule, in the query: only the cards this viewer may read; archived ones only when asked for. */
function visibleTo(viewer: Actor | null, { withArchived = false } = {}) {
  const readable = inArray(toolkitCards.visibility, toolkitVisibilitiesFor(viewer));
  // A card's owner always sees it, whatever its visibility.
  const conditions: SQL[] = [viewer ? or(readable, eq(toolkitCards.ownerId, viewer.id))! : readable];
  if (!withArchived) conditions.push(isNull(toolkitCards.archivedAt));
  return and(...conditions)!;
}

function tagsOf(cardIds: number[], db: Db) {
  if (cardIds.length === 0)
    return new Map<
      number,
      { districts: { id: string; name: string }[]; circumstances: { id: string; label: string }[] }
    >();
  const d = db
    .select({ cardId: toolkitCardDistricts.cardId, id: districts.id, name: districts.name })
    .from(toolkitCardDistricts)
    .innerJoin(districts, eq(districts.id, toolkitCardDistricts.districtId))
    .where(inArray(toolkitCardDistricts.cardId, cardIds))
    .orderBy(asc(districts.name))
    .all();
  const c = db
    .select({ cardId: toolkitCardCircumstances.cardId, id: circumstances.id, label: circumstances.label })
    .from(toolkitCardCircumstances)
    .innerJoin(circumstances, eq(circumstances.id, toolkitCardCircumstances.circumstanceId))
    .where(inArray(toolkitCardCircumstances.cardId, cardIds))
    .orderBy(asc(circumstances.sortOrder), asc(circumstances.label))
    .all();
  const tags = new Map<
    number,
    { districts: { id: string; name: string }[]; circumstances: { id: string; label: string }[] }
  >();
  for (const id of cardIds) tags.set(id, { districts: [], circumstances: [] });
  for (const row of d) tags.get(row.cardId)!.districts.push({ id: row.id, name: row.name });
  for (const row of c) tags.get(row.cardId)!.circumstances.push({ id: row.id, label: row.label });
  return tags;
}

/** Rewrites the card's row in the full-text index: title, body, and its tags as words. */
export function reindexCard({ cardId }: { cardId: number }, db: Db = getDb()) {
  db.run(sql`DELETE FROM toolkit_cards_fts WHERE rowid = ${cardId}`);
  const card = db.select().from(toolkitCards).where(eq(toolkitCards.id, cardId)).get();
  if (!card) return;
  const tags = tagsOf([cardId], db).get(cardId)!;
  const words = [
    TOOLKIT_CARD_TYPE_LABELS[card.type],
    ...tags.districts.map((d) => d.name),
    ...tags.circumstances.map((c) => c.label),
    ...parseList(card.sectors),
  ].join(" ");
  db.run(
    sql`INSERT INTO toolkit_cards_fts (rowid, title, body, tags) VALUES (${cardId}, ${card.title}, ${card.body}, ${words})`,
  );
}

export type ToolkitFilters = { query?: string; type?: ToolkitCardType; districtId?: string; circumstanceId?: string };

/** The cards a viewer may read that match the search and filters, title order. */
export function listToolkitCards(
  { viewer, filters = {}, now = new Date() }: { viewer: Actor | null; filters?: ToolkitFilters; now?: Date },
  db: Db = getDb(),
) {
  const conditions: SQL[] = [visibleTo(viewer)];
  const fts = filters.query ? toFtsQuery(filters.query) : "";
  if (filters.query && !fts) return [];
  if (fts)
    conditions.push(
      sql`${toolkitCards.id} IN (SELECT rowid FROM toolkit_cards_fts WHERE toolkit_cards_fts MATCH ${fts})`,
    );
  if (filters.type) conditions.push(eq(toolkitCards.type, filters.type));
  if (filters.districtId)
    // A county-wide card (no district) belongs to every district.
    conditions.push(
      or(
        sql`${toolkitCards.id} IN (SELECT card_id FROM toolkit_card_districts WHERE district_id = ${filters.districtId})`,
        sql`${toolkitCards.id} NOT IN (SELECT card_id FROM toolkit_card_districts)`,
      )!,
    );
  if (filters.circumstanceId)
    conditions.push(
      sql`${toolkitCards.id} IN (SELECT card_id FROM toolkit_card_circumstances WHERE circumstance_id = ${filters.circumstanceId})`,
    );
  const rows = db
    .select({
      id: toolkitCards.id,
      slug: toolkitCards.slug,
      title: toolkitCards.title,
      type: toolkitCards.type,
      visibility: toolkitCards.visibility,
      sectors: toolkitCards.sectors,
      reviewOn: toolkitCards.reviewOn,
    })
    .from(toolkitCards)
    .where(and(...conditions))
    .orderBy(asc(toolkitCards.title))
    .limit(200)
    .all();
  const tags = tagsOf(
    rows.map((r) => r.id),
    db,
  );
  return rows.map((r) => ({
    ...r,
    sectors: parseList(r.sectors),
    overdue: isOverdue(r.reviewOn, now),
    ...tags.get(r.id)!,
  }));
}

/** Cards for a "who do I call?" answer: about this circumstance, in this district or county-wide. */
export function listCardsForSituation(
  { viewer, circumstanceId, districtId }: { viewer: Actor | null; circumstanceId: string; districtId: string },
  db: Db = getDb(),
) {
  return listToolkitCards({ viewer, filters: { circumstanceId, districtId } }, db).map(({ slug, title, type }) => ({
    slug,
    title,
    type,
  }));
}

/** Cards for a district's page: those about the district, and the county-wide ones. */
export function listCardsForDistrict(
  { viewer, districtId }: { viewer: Actor | null; districtId: string },
  db: Db = getDb(),
) {
  return listToolkitCards({ viewer, filters: { districtId } }, db).map(({ slug, title, type }) => ({
    slug,
    title,
    type,
  }));
}

/** The card row, if this viewer may read it (archived cards only for staff). */
export function findVisibleCard(
  { slug, viewer, withArchived = false }: { slug: string; viewer: Actor | null; withArchived?: boolean },
  db: Db = getDb(),
) {
  return db
    .select()
    .from(toolkitCards)
    .where(and(eq(toolkitCards.slug, slug), visibleTo(viewer, { withArchived })))
    .get();
}

/** Everything the card's page shows. */
export function getCardDetails({ card, now = new Date() }: { card: ToolkitCard; now?: Date }, db: Db = getDb()) {
  const owner = db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(members)
    .where(eq(members.id, card.ownerId))
    .get();
  return {
    ...card,
    sectors: parseList(card.sectors),
    html: renderMarkdown(card.body),
    overdue: isOverdue(card.reviewOn, now),
    owner: owner ?? null,
    ...tagsOf([card.id], db).get(card.id)!,
    attachments: db
      .select({
        id: toolkitAttachments.id,
        fileName: toolkitAttachments.fileName,
        kind: toolkitAttachments.kind,
        size: toolkitAttachments.size,
      })
      .from(toolkitAttachments)
      .where(eq(toolkitAttachments.cardId, card.id))
      .orderBy(asc(toolkitAttachments.id))
      .all(),
  };
}

/** The card as an editable form's values. */
export function cardInputOf(card: ToolkitCard, db: Db = getDb()): ToolkitCardInput {
  const tags = tagsOf([card.id], db).get(card.id)!;
  return {
    title: card.title,
    type: card.type,
    body: card.body,
    visibility: card.visibility,
    districtIds: tags.districts.map((d) => d.id),
    circumstanceIds: tags.circumstances.map((c) => c.id),
    sectors: parseList(card.sectors),
    ownerId: card.ownerId,
    reviewOn: card.reviewOn,
  };
}

function writeTags(cardId: number, input: ToolkitCardInput, db: Db) {
  db.delete(toolkitCardDistricts).where(eq(toolkitCardDistricts.cardId, cardId)).run();
  db.delete(toolkitCardCircumstances).where(eq(toolkitCardCircumstances.cardId, cardId)).run();
  const districtIds = [...new Set(input.districtIds)];
  const circumstanceIds = [...new Set(input.circumstanceIds)];
  if (districtIds.length)
    db.insert(toolkitCardDistricts)
      .values(districtIds.map((districtId) => ({ cardId, districtId })))
      .run();
  if (circumstanceIds.length)
    db.insert(toolkitCardCircumstances)
      .values(circumstanceIds.map((circumstanceId) => ({ cardId, circumstanceId })))
      .run();
}

function writeVersion(
  {
    cardId,
    number,
    input,
    editorId,
    note,
    now,
  }: { cardId: number; number: number; input: ToolkitCardInput; editorId: number | null; note: string; now: Date },
  db: Db,
) {
  db.insert(toolkitCardVersions)
    .values({
      cardId,
      number,
      title: input.title,
      type: input.type,
      body: input.body,
      visibility: input.visibility,
      districts: JSON.stringify([...new Set(input.districtIds)].sort()),
      circumstances: JSON.stringify([...new Set(input.circumstanceIds)].sort()),
      sectors: JSON.stringify(input.sectors),
      ownerId: input.ownerId,
      reviewOn: input.reviewOn,
      editorId,
      note,
      createdAt: now,
    })
    .run();
}

export class SlugTakenError extends Error {}

/** A new card and its first version. */
export function createToolkitCard(
  {
    slug,
    input,
    editorId,
    note = "First version",
    now = new Date(),
  }: { slug: string; input: ToolkitCardInput; editorId: number | null; note?: string; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    if (tx.select({ id: toolkitCards.id }).from(toolkitCards).where(eq(toolkitCards.slug, slug)).get())
      throw new SlugTakenError(slug);
    const card = tx
      .insert(toolkitCards)
      .values({
        slug,
        title: input.title,
        type: input.type,
        body: input.body,
        visibility: input.visibility,
        sectors: JSON.stringify(input.sectors),
        ownerId: input.ownerId,
        reviewOn: input.reviewOn,
        currentVersion: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    writeTags(card.id, input, tx);
    writeVersion({ cardId: card.id, number: 1, input, editorId, note, now }, tx);
    reindexCard({ cardId: card.id }, tx);
    return card;
  }, db);
}

/** Saves an edit as the card's next version. */
export function updateToolkitCard(
  {
    cardId,
    input,
    editorId,
    note,
    now = new Date(),
  }: { cardId: number; input: ToolkitCardInput; editorId: number; note: string; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const card = tx.select().from(toolkitCards).where(eq(toolkitCards.id, cardId)).get();
    if (!card) throw new Error(`No toolkit card ${cardId}`);
    const number = card.currentVersion + 1;
    tx.update(toolkitCards)
      .set({
        title: input.title,
        type: input.type,
        body: input.body,
        visibility: input.visibility,
        sectors: JSON.stringify(input.sectors),
        ownerId: input.ownerId,
        reviewOn: input.reviewOn,
        currentVersion: number,
        updatedAt: now,
      })
      .where(eq(toolkitCards.id, cardId))
      .run();
    writeTags(cardId, input, tx);
    writeVersion({ cardId, number, input, editorId, note, now }, tx);
    reindexCard({ cardId }, tx);
    return { before: cardInputOf(card, tx), number };
  }, db);
}

function versionInput(version: typeof toolkitCardVersions.$inferSelect): ToolkitCardInput {
  return {
    title: version.title,
    type: version.type,
    body: version.body,
    visibility: version.visibility,
    districtIds: parseList(version.districts),
    circumstanceIds: parseList(version.circumstances),
    sectors: parseList(version.sectors),
    ownerId: version.ownerId,
    reviewOn: version.reviewOn,
  };
}

/** Restores an old version by saving it again as the newest one; districts or circumstances since removed are dropped. */
export function restoreToolkitVersion(
  { cardId, number, editorId, now = new Date() }: { cardId: number; number: number; editorId: number; now?: Date },
  db: Db = getDb(),
) {
  const version = getCardVersion({ cardId, number }, db);
  if (!version) return null;
  const input = versionInput(version);
  const knownDistricts = new Set(
    db
      .select({ id: districts.id })
      .from(districts)
      .all()
      .map((d) => d.id),
  );
  const knownCircumstances = new Set(
    db
      .select({ id: circumstances.id })
      .from(circumstances)
      .all()
      .map((c) => c.id),
  );
  input.districtIds = input.districtIds.filter((id) => knownDistricts.has(id));
  input.circumstanceIds = input.circumstanceIds.filter((id) => knownCircumstances.has(id));
  return updateToolkitCard({ cardId, input, editorId, note: `Restored version ${number}`, now }, db);
}

export function listCardVersions({ cardId }: { cardId: number }, db: Db = getDb()) {
  return db
    .select({
      number: toolkitCardVersions.number,
      title: toolkitCardVersions.title,
      note: toolkitCardVersions.note,
      createdAt: toolkitCardVersions.createdAt,
      editor: members.name,
    })
    .from(toolkitCardVersions)
    .leftJoin(members, eq(members.id, toolkitCardVersions.editorId))
    .where(eq(toolkitCardVersions.cardId, cardId))
    .orderBy(desc(toolkitCardVersions.number))
    .all();
}

export function getCardVersion({ cardId, number }: { cardId: number; number: number }, db: Db = getDb()) {
  return db
    .select()
    .from(toolkitCardVersions)
    .where(and(eq(toolkitCardVersions.cardId, cardId), eq(toolkitCardVersions.number, number)))
    .get();
}

export type DiffLine = { kind: "added" | "removed" | "same"; text: string };

/** A version as lines of text to compare: title, type, visibility, tags, review date, then the body. */
function versionText(version: typeof toolkitCardVersions.$inferSelect, db: Db) {
  const names = new Map(
    db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .all()
      .map((d) => [d.id, d.name]),
  );
  const labels = new Map(
    db
      .select({ id: circumstances.id, label: circumstances.label })
      .from(circumstances)
      .all()
      .map((c) => [c.id, c.label]),
  );
  const input = versionInput(version);
  const list = (values: string[]) => (values.length ? values.join(", ") : "none");
  return [
    `Title: ${input.title}`,
    `Type: ${TOOLKIT_CARD_TYPE_LABELS[input.type]}`,
    `Visibility: ${input.visibility}`,
    `Districts: ${input.districtIds.length ? list(input.districtIds.map((id) => names.get(id) ?? id)) : "county-wide"}`,
    `Circumstances: ${list(input.circumstanceIds.map((id) => labels.get(id) ?? id))}`,
    `Sectors: ${list(input.sectors)}`,
    `Review by: ${input.reviewOn}`,
    "",
    input.body,
  ].join("\n");
}

/** A line diff between two versions of a card, or null when either does not exist. */
export function compareCardVersions(
  { cardId, from, to }: { cardId: number; from: number; to: number },
  db: Db = getDb(),
) {
  const a = getCardVersion({ cardId, number: from }, db);
  const b = getCardVersion({ cardId, number: to }, db);
  if (!a || !b) return null;
  const lines: DiffLine[] = [];
  for (const part of diffLines(versionText(a, db), versionText(b, db))) {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    for (const text of part.value.replace(/\n$/, "").split("\n")) lines.push({ kind, text });
  }
  return lines;
}

export function setCardArchived(
  { cardId, archived, now = new Date() }: { cardId: number; archived: boolean; now?: Date },
  db: Db = getDb(),
) {
  db.update(toolkitCards)
    .set({ archivedAt: archived ? now : null, updatedAt: now })
    .where(eq(toolkitCards.id, cardId))
    .run();
}

export function addAttachment(
  {
    cardId,
    file,
    uploadedById,
    now = new Date(),
  }: {
    cardId: number;
    file: { fileName: string; kind: string; contentType: string; data: Buffer };
    uploadedById: number;
    now?: Date;
  },
  db: Db = getDb(),
) {
  return db
    .insert(toolkitAttachments)
    .values({ cardId, ...file, size: file.data.length, uploadedById, createdAt: now })
    .returning({ id: toolkitAttachments.id, fileName: toolkitAttachments.fileName })
    .get();
}

/** One attachment with its bytes, only when it belongs to this card. */
export function getAttachment({ cardId, attachmentId }: { cardId: number; attachmentId: number }, db: Db = getDb()) {
  return db
    .select()
    .from(toolkitAttachments)
    .where(and(eq(toolkitAttachments.cardId, cardId), eq(toolkitAttachments.id, attachmentId)))
    .get();
}

export function removeAttachment({ cardId, attachmentId }: { cardId: number; attachmentId: number }, db: Db = getDb()) {
  return db
    .delete(toolkitAttachments)
    .where(and(eq(toolkitAttachments.cardId, cardId), eq(toolkitAttachments.id, attachmentId)))
    .returning({ id: toolkitAttachments.id, fileName: toolkitAttachments.fileName })
    .get();
}

export function flagCard(
  {
    cardId,
    raisedById,
    comment,
    now = new Date(),
  }: { cardId: number; raisedById: number; comment: string; now?: Date },
  db: Db = getDb(),
) {
  return db
    .insert(toolkitFlags)
    .values({ cardId, raisedById, comment, createdAt: now })
    .returning({ id: toolkitFlags.id })
    .get();
}

export function listOpenFlags({ cardId }: { cardId: number }, db: Db = getDb()) {
  return db
    .select({
      id: toolkitFlags.id,
      comment: toolkitFlags.comment,
      createdAt: toolkitFlags.createdAt,
      raisedBy: members.name,
    })
    .from(toolkitFlags)
    .leftJoin(members, eq(members.id, toolkitFlags.raisedById))
    .where(and(eq(toolkitFlags.cardId, cardId), isNull(toolkitFlags.resolvedAt)))
    .orderBy(asc(toolkitFlags.createdAt))
    .all();
}

/** Resolves an open flag on this card; false when there is no such open flag. */
export function resolveFlag(
  {
    cardId,
    flagId,
    resolvedById,
    now = new Date(),
  }: { cardId: number; flagId: number; resolvedById: number; now?: Date },
  db: Db = getDb(),
) {
  const result = db
    .update(toolkitFlags)
    .set({ resolvedAt: now, resolvedById })
    .where(and(eq(toolkitFlags.id, flagId), eq(toolkitFlags.cardId, cardId), isNull(toolkitFlags.resolvedAt)))
    .run();
  return result.changes > 0;
}

/** Members who can own a card: active members, by name. */
export function listPossibleOwners(db: Db = getDb()) {
  return db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(members)
    .where(eq(members.status, "active"))
    .orderBy(asc(members.name))
    .all();
}

/**
 * Emails each owner whose card's review date has come, once per card and
 * review date (the dedupe key): a new review date brings a new reminder.
 */
export function queueToolkitReviewReminders({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  const today = londonDate(now);
  const due = db
    .select({
      id: toolkitCards.id,
      slug: toolkitCards.slug,
      title: toolkitCards.title,
      reviewOn: toolkitCards.reviewOn,
      ownerId: members.id,
      ownerName: members.name,
      ownerEmail: members.email,
    })
    .from(toolkitCards)
    .innerJoin(members, eq(members.id, toolkitCards.ownerId))
    .where(and(lte(toolkitCards.reviewOn, today), isNull(toolkitCards.archivedAt), eq(members.status, "active")))
    .all();
  let queued = 0;
  for (const card of due) {
    const dedupeKey = `toolkit-review:${card.id}:${card.reviewOn}`;
    if (emailWasQueued({ dedupeKey }, db)) continue;
    queueEmail(
      {
        dedupeKey,
        memberId: card.ownerId,
        to: card.ownerEmail,
        ...toolkitEmails.reviewDue(card.ownerName, card),
        kind: "toolkit-review",
        now,
      },
      db,
    );
    queued += 1;
  }
  return queued;
}

/** A slug for a new card made from its title: lower-case words joined by hyphens, numbered when already taken. */
export function newCardSlug({ title }: { title: string }, db: Db = getDb()) {
  const base =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "card";
  const taken = new Set(
    db
      .select({ slug: toolkitCards.slug })
      .from(toolkitCards)
      .where(or(eq(toolkitCards.slug, base), sql`${toolkitCards.slug} LIKE ${`${base}-%`}`))
      .all()
      .map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}
