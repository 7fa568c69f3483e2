/**
 * How long merging two large organisations takes at national size: copies the
 * national dataset (npm run seed:scale, or SCALE_DATABASE_URL) so the original
 * is left alone, brings the copy's schema up to date, then previews and merges
 * the two organisations with the most members, and prints each step's time and
 * what moved. A script, not a timed test: run it on a quiet machine.
 *
 *   npx tsx tests/bench/merge.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { mergeOrganisations, previewMerge } from "~/models/organisation-merge.server";

const original = path.resolve(process.env.SCALE_DATABASE_URL ?? "data/national.db");
const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "merge-bench-")), "national.db");
const source = openDatabase(original);
await source.$client.backup(copy);
source.$client.close();
const db = openDatabase(copy);
migrateDatabase(db);

const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
const [large, larger] = db.$client
  .prepare(
    `SELECT organisation_id AS id, count(*) AS n FROM members WHERE organisation_id IS NOT NULL
     GROUP BY organisation_id ORDER BY n DESC LIMIT 2`,
  )
  .all() as Array<{ id: number; n: number }>;
console.log(
  `${count("SELECT count(*) AS n FROM organisations")} organisations, ${count("SELECT count(*) AS n FROM members")} members; ` +
    `merging one of ${large.n} members into one of ${larger.n}`,
);
const coordinator = count("SELECT id AS n FROM members WHERE role = 'coordinator' LIMIT 1");

let started = performance.now();
const previewed = previewMerge({ sourceId: large.id, targetId: larger.id }, db);
console.log(`preview: ${(performance.now() - started).toFixed(0)} ms`);
if (!previewed.ok) throw new Error(previewed.refused.message);
const { preview } = previewed;
started = performance.now();
const result = mergeOrganisations(
  {
    sourceId: large.id,
    targetId: larger.id,
    fingerprint: preview.fingerprint,
    goToContactId: preview.goTo.target[0]?.contactId ?? null,
    actorId: coordinator,
  },
  db,
);
const took = performance.now() - started;
if (!result.ok) throw new Error(`merge refused: ${JSON.stringify(Object.keys(result))}`);
console.log(`merge (one transaction, preview re-checked, audited): ${took.toFixed(0)} ms`);
for (const [key, n] of Object.entries(result.moved)) if (n) console.log(`  ${key}: ${n}`);
for (const f of preview.following) console.log(`  ${f.label}: ${f.count}`);
db.$client.close();
fs.rmSync(path.dirname(copy), { recursive: true, force: true });
