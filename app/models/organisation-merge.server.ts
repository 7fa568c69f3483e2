import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import {
  attendance,
  bookings,
  completions,
  contacts,
  coordinatorMessages,
  directoryVersion,
  members,
  organisationFormerNames,
  organisations,
} from "../../drizzle/schema";
import { getDb, preparedOnce, type Db } from "~/lib/db.server";
import { withAudit } from "./audit.server";
import { reindexOrganisationContacts } from "./contact.server";
import { addFormerName } from "./organisation.server";

/**
 * Merging one organisation (the source) into another (the target): every row
 * that names the source is moved to the target in one transaction, the source
 * is deleted, and its name and address become a former name of the target, so
 * `/organisations/<old-slug>` redirects and the directory still finds the old
 * name. What refers to an organisation is read from the database's own foreign
 * keys, so a table added later moves too; the ones below have labels.
 */
const LABELS: Record<string, string> = {
  "members.organisation_id": "Members (their learning record, certificates, bookings and attendance go with them)",
  "prevention_actions.organisation_id": "Prevention log entries",
  "cascade_sessions.organisation_id": "Cascaded training sessions",
  "barrier_organisations.organisation_id": "Barriers the organisation is linked to",
  "organisation_former_names.organisation_id": "Former names of the organisation",
  "member_moves.from_organisation_id": "Members' moves away from the organisation",
  "member_moves.to_organisation_id": "Members' moves to the organisation",
  "champion_gaps.organisation_id": "Open champion gaps",
};

/**
 * Rows that would name both organisations twice after the merge, and are the
 * same fact: the source's copy is dropped (a barrier linked to both is linked
 * once to the target). A clash in any other table stops the merge.
 */
const MERGED_WHEN_BOTH = new Set(["barrier_organisations.organisation_id"]);

/**
 * Rows that are history, not duplicates: when both organisations have an open
 * champion gap, the source's gap ends at the merge (closed, kept in the gaps
 * report) and the merged organisation carries the target's, which the gap job
 * closes once it has a current champion.
 */
const CLOSED_WHEN_BOTH: Record<string, string> = {
  "champion_gaps.organisation_id": "closed_at",
};

type Reference = { table: string; column: string; key: string; label: string };
type UniqueClash = {
  key: string;
  label: string;
  count: number;
  /** merged: the source's copy is dropped; closed: the source's copy is closed at the merge; blocking: stops it. */
  resolution: "merged" | "closed" | "blocking";
  sql: string;
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every (table, column) with a foreign key to organisations, from SQLite's own schema. */
function organisationReferences(db: Db): Reference[] {
  const sqlite = db.$client;
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  const references: Reference[] = [];
  for (const { name } of tables) {
    const keys = sqlite.pragma(`foreign_key_list(${quote(name)})`) as Array<{ table: string; from: string }>;
    for (const key of keys) {
      if (key.table !== "organisations") continue;
      const id = `${name}.${key.from}`;
      references.push({ table: name, column: key.from, key: id, label: LABELS[id] ?? `${name} (${key.from})` });
    }
  }
  return references;
}

/**
 * Unique indexes (primary keys included) that contain a reference's column: a
 * source row whose other columns equal a target row's would break them. A
 * partial index's condition applies to both rows (an unqualified column in the
 * inner query names the inner row).
 */
function uniqueClashes(
  db: Db,
  reference: Reference,
  sourceId: number,
  targetId: number,
  now: Date = new Date(),
): UniqueClash[] {
  const sqlite = db.$client;
  const clashes: UniqueClash[] = [];
  const indexes = sqlite.pragma(`index_list(${quote(reference.table)})`) as Array<{
    name: string;
    unique: number;
    partial: number;
  }>;
  for (const index of indexes) {
    if (!index.unique) continue;
    const columns = (sqlite.pragma(`index_info(${quote(index.name)})`) as Array<{ name: string | null }>).map(
      (c) => c.name,
    );
    if (!columns.includes(reference.column) || columns.includes(null)) continue;
    let condition = "";
    if (index.partial) {
      const definition = sqlite
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
        .get(index.name) as { sql: string } | undefined;
      const where = definition?.sql.match(/\bwhere\b([\s\S]*)$/i);
      if (where) condition = ` AND (${where[1]})`;
    }
    const others = columns.filter((c) => c !== reference.column) as string[];
    const matches = others.map((c) => ` AND t.${quote(c)} IS s.${quote(c)}`).join("");
    const table = quote(reference.table);
    const column = quote(reference.column);
    const clash =
      `FROM ${table} AS s WHERE s.${column} = ${sourceId}${condition} AND EXISTS ` +
      `(SELECT 1 FROM ${table} AS t WHERE t.${column} = ${targetId}${matches}${condition})`;
    const n = (sqlite.prepare(`SELECT count(*) AS n ${clash}`).get() as { n: number }).n;
    if (n === 0) continue;
    const closedColumn = CLOSED_WHEN_BOTH[reference.key];
    clashes.push({
      key: `${reference.key}:${index.name}`,
      label: reference.label,
      count: n,
      resolution: closedColumn ? "closed" : MERGED_WHEN_BOTH.has(reference.key) ? "merged" : "blocking",
      sql: closedColumn
        ? `UPDATE ${table} SET ${quote(closedColumn)} = ${now.getTime()} WHERE rowid IN (SELECT s.rowid ${clash})`
        : `DELETE FROM ${table} WHERE rowid IN (SELECT s.rowid ${clash})`,
    });
  }
  return clashes;
}

type OrganisationSummary = { id: number; slug: string; name: string; closedAt: Date | null };

function getSummary(db: Db, where: ReturnType<typeof eq>) {
  return db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      closedAt: organisations.closedAt,
    })
    .from(organisations)
    .where(where)
    .get();
}

function goToContacts(db: Db, organisationId: number) {
  return db
    .select({ contactId: contacts.id, name: members.name, jobTitle: members.jobTitle })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .where(and(eq(members.organisationId, organisationId), eq(contacts.isGoTo, true)))
    .orderBy(asc(members.name), asc(contacts.id))
    .all();
}

function countFollowing(db: Db, sourceId: number) {
  const ofSource = db.select({ id: members.id }).from(members).where(eq(members.organisationId, sourceId));
  const n = (query: { get(): { n: number } | undefined }) => query.get()?.n ?? 0;
  return [
    {
      key: "contacts",
      label: "Directory entries",
      count: n(db.select({ n: count() }).from(contacts).where(inArray(contacts.memberId, ofSource))),
    },
    {
      key: "completions",
      label: "Completions and certificates",
      count: n(db.select({ n: count() }).from(completions).where(inArray(completions.memberId, ofSource))),
    },
    {
      key: "bookings",
      label: "Workshop bookings",
      count: n(db.select({ n: count() }).from(bookings).where(inArray(bookings.memberId, ofSource))),
    },
    {
      key: "attendance",
      label: "Workshop attendance marks",
      count: n(db.select({ n: count() }).from(attendance).where(inArray(attendance.memberId, ofSource))),
    },
  ];
}

export type MergePreview = ReturnType<typeof readPreview>;

function readPreview(db: Db, source: OrganisationSummary, target: OrganisationSummary) {
  const references = organisationReferences(db);
  const moves = references.map((r) => ({
    key: r.key,
    label: r.label,
    count: (
      db.$client.prepare(`SELECT count(*) AS n FROM ${quote(r.table)} WHERE ${quote(r.column)} = ?`).get(source.id) as {
        n: number;
      }
    ).n,
  }));
  const messages =
    db
      .select({ n: count() })
      .from(coordinatorMessages)
      .where(and(eq(coordinatorMessages.audience, "organisation"), eq(coordinatorMessages.audienceValue, source.id)))
      .get()?.n ?? 0;
  moves.push({ key: "coordinator_messages.audience_value", label: "Messages written to its members", count: messages });
  const clashes = references.flatMap((r) => uniqueClashes(db, r, source.id, target.id));
  const goTo = { source: goToContacts(db, source.id), target: goToContacts(db, target.id) };
  const following = countFollowing(db, source.id);
  const fingerprint = [
    ...moves.map((m) => `${m.key}=${m.count}`),
    ...following.map((f) => `${f.key}=${f.count}`),
    ...clashes.map((c) => `${c.key}=${c.count}`),
    `goto=${[...goTo.source, ...goTo.target].map((c) => c.contactId).join(".")}`,
  ].join(";");
  return {
    source: { id: source.id, slug: source.slug, name: source.name },
    target: { id: target.id, slug: target.slug, name: target.name },
    moves,
    following,
    clashes: clashes.map(({ sql: _sql, ...clash }) => clash),
    goTo,
    /** Two organisations with go-to contacts: the coordinator chooses the one who stays go-to. */
    goToConflict: goTo.source.length > 0 && goTo.target.length > 0,
    /** The preview's counts in one string: the merge goes ahead only if they are still the same. */
    fingerprint,
  };
}

export type MergeRefusal =
  | { reason: "not-found"; message: string }
  | { reason: "same"; message: string }
  | { reason: "closed"; message: string };

/** Why these two cannot be merged, or the pair. */
function resolvePair(db: Db, { sourceId, targetId }: { sourceId: number; targetId: number }) {
  const source = getSummary(db, eq(organisations.id, sourceId));
  if (!source) return { refused: { reason: "not-found", message: "We could not find that organisation." } as const };
  const target = getSummary(db, eq(organisations.id, targetId));
  if (!target)
    return {
      refused: {
        reason: "not-found",
        message: "We could not find the organisation to merge into. Choose one from the list.",
      },
    } as const;
  if (target.id === source.id)
    return {
      refused: { reason: "same", message: `${source.name} cannot be merged into itself. Choose another organisation.` },
    } as const;
  if (target.closedAt)
    return {
      refused: {
        reason: "closed",
        message: `${target.name} has closed, so nothing can be merged into it. Choose an open organisation.`,
      },
    } as const;
  return { source, target };
}

/** What merging the organisation into the one at `targetId` would move and what clashes. Writes nothing. */
export function previewMerge(
  { sourceId, targetId }: { sourceId: number; targetId: number },
  db: Db = getDb(),
): { ok: true; preview: MergePreview } | { ok: false; refused: MergeRefusal } {
  const pair = resolvePair(db, { sourceId, targetId });
  if ("refused" in pair) return { ok: false, refused: pair.refused as MergeRefusal };
  return { ok: true, preview: readPreview(db, pair.source, pair.target) };
}

export type MergeResult =
  | { ok: true; preview: MergePreview; moved: Record<string, number> }
  | { ok: false; refused: MergeRefusal }
  | { ok: false; changed: MergePreview }
  | { ok: false; blocked: MergePreview; message: string }
  | { ok: false; chooseGoTo: MergePreview; message: string };

/**
 * Merges the source into the target in one transaction, audited: only if the
 * counts are still those of the preview the coordinator saw (`fingerprint`;
 * otherwise the new preview is returned), and, when both have go-to contacts,
 * with the one who stays go-to chosen (`goToContactId`). Every move is one
 * set-based UPDATE per table. `beforeDelete` lets a test fail the merge midway.
 */
export function mergeOrganisations(
  {
    sourceId,
    targetId,
    fingerprint,
    goToContactId,
    actorId,
    now = new Date(),
  }: {
    sourceId: number;
    targetId: number;
    fingerprint: string | null;
    goToContactId?: number | null;
    actorId: number;
    now?: Date;
  },
  db: Db = getDb(),
): MergeResult {
  return withAudit<MergeResult>(
    (tx) => {
      const pair = resolvePair(tx, { sourceId, targetId });
      if ("refused" in pair) return { ok: false, refused: pair.refused as MergeRefusal };
      const { source, target } = pair;
      const preview = readPreview(tx, source, target);
      if (fingerprint !== null && fingerprint !== preview.fingerprint) return { ok: false, changed: preview };
      const blocking = preview.clashes.filter((c) => c.resolution === "blocking");
      if (blocking.length)
        return {
          ok: false,
          blocked: preview,
          message: `Some records would be duplicated: ${blocking.map((c) => c.label).join(", ")}. Resolve them first.`,
        };
      const goTos = [...preview.goTo.source, ...preview.goTo.target];
      if (preview.goToConflict && !goTos.some((c) => c.contactId === goToContactId))
        return { ok: false, chooseGoTo: preview, message: "Choose who stays the go-to housing contact." };

      const sqlite = tx.$client;
      const references = organisationReferences(tx);
      for (const reference of references)
        for (const clash of uniqueClashes(tx, reference, source.id, target.id, now)) sqlite.prepare(clash.sql).run();
      const moved: Record<string, number> = {};
      for (const r of references)
        moved[r.key] = sqlite
          .prepare(`UPDATE ${quote(r.table)} SET ${quote(r.column)} = ? WHERE ${quote(r.column)} = ?`)
          .run(target.id, source.id).changes;
      moved["coordinator_messages.audience_value"] = tx
        .update(coordinatorMessages)
        .set({ audienceValue: target.id })
        .where(and(eq(coordinatorMessages.audience, "organisation"), eq(coordinatorMessages.audienceValue, source.id)))
        .run().changes;
      if (preview.goToConflict) {
        const others = goTos.filter((c) => c.contactId !== goToContactId).map((c) => c.contactId);
        tx.update(contacts).set({ isGoTo: false, updatedAt: now }).where(inArray(contacts.id, others)).run();
      }
      addFormerName({ organisationId: target.id, name: source.name, slug: source.slug, reason: "merged", now }, tx);
      mergeHooks.beforeDelete?.(tx);
      tx.delete(organisations).where(eq(organisations.id, source.id)).run();
      tx.update(organisations).set({ updatedAt: now }).where(eq(organisations.id, target.id)).run();
      reindexOrganisationContacts({ organisationId: target.id }, tx);
      tx.update(directoryVersion)
        .set({ version: sql`${directoryVersion.version} + 1` })
        .where(eq(directoryVersion.id, 1))
        .run();
      return { ok: true, preview, moved };
    },
    (result) =>
      result.ok
        ? {
            actorId,
            action: "organisation.merged",
            entityType: "organisation",
            entityId: result.preview.target.id,
            summary: `Merged ${result.preview.source.name} into ${result.preview.target.name}`,
            before: { source: result.preview.source, target: result.preview.target },
            after: { moved: result.moved, goToContactId: result.preview.goToConflict ? goToContactId : undefined },
            now,
          }
        : null,
    db,
  );
}

/** For tests: a step run inside the merge's transaction just before the source is deleted. */
export const mergeHooks: { beforeDelete?: (tx: Db) => void } = {};

/**
 * Organisations merged since `from` (all of them without one), oldest first:
 * reports count people and records where they are now, so a report over a
 * period before a merge counts the merged organisation's under the one it
 * joined, and says so with this list.
 */
export function listMergesSince({ from }: { from?: Date }, db: Db = getDb()) {
  // Prepared once: every report's page asks, and building the query cost more than running it.
  return preparedOnce(db, "merges-since", () =>
    db
      .select({ name: organisationFormerNames.name, into: organisations.name, on: organisationFormerNames.until })
      .from(organisationFormerNames)
      .innerJoin(organisations, eq(organisations.id, organisationFormerNames.organisationId))
      .where(
        and(eq(organisationFormerNames.reason, "merged"), gt(organisationFormerNames.until, sql.placeholder("from"))),
      )
      .orderBy(asc(organisationFormerNames.until))
      .prepare(),
  ).all({ from: from?.getTime() ?? -Infinity });
}
