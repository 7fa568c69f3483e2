/**
 * Queuing a month's digest at national size (issue 17), measured:
 *
 *   node --max-old-space-size=256 --import tsx tests/bench/digest.ts
 *
 * Copies the national dataset (npm run seed:scale; SCALE_DATABASE_URL or
 * data/national.db) to a temporary file, migrates the copy, sets the digest's
 * day and queues the month's digest for every active member with it on, with
 * the server's heap limit. Prints how long it took, how many were queued, the
 * peak resident memory and the peak V8 heap, then stops half-way through a
 * second month and resumes it, to show a restart carries on where it stopped.
 * The national dataset itself is left as it was.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const SOURCE = path.resolve(process.env.SCALE_DATABASE_URL ?? "data/national.db");
if (!fs.existsSync(SOURCE)) {
  console.error(`No national dataset at ${SOURCE}: run npm run seed:scale first.`);
  process.exit(1);
}
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cn-digest-bench-"));
const copy = path.join(directory, "national.db");
const source = new Database(SOURCE, { readonly: true });
source.exec(`VACUUM INTO '${copy}'`);
source.close();

process.env.DATABASE_URL = copy;
process.env.SESSION_SECRET ??= "digest-bench-".padEnd(48, "x");
process.env.LOG_LEVEL = "silent";

const { getDb, migrateDatabase, closeDb } = await import("~/lib/db.server");
const { queueMonthlyDigest, saveDigestDay } = await import("~/models/digest.server");
const schema = await import("~drizzle/schema");
const { and, eq, count, like } = await import("drizzle-orm");

const db = getDb();
migrateDatabase(db);
const coordinator = db
  .select({ id: schema.members.id })
  .from(schema.members)
  .where(eq(schema.members.role, "coordinator"))
  .get();
saveDigestDay({ dayOfMonth: 1, actorId: coordinator!.id });
const eligible =
  db
    .select({ n: count() })
    .from(schema.members)
    .where(and(eq(schema.members.status, "active"), eq(schema.members.digestEmails, true)))
    .get()?.n ?? 0;

let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 50);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const started = performance.now();
const result = await queueMonthlyDigest({ now: new Date(Date.UTC(2026, 11, 1, 9)) }, db);
const seconds = (performance.now() - started) / 1000;
const queued =
  db.select({ n: count() }).from(schema.outbox).where(like(schema.outbox.dedupeKey, "digest:2026-12:%")).get()?.n ?? 0;
console.log(`Members with the digest on: ${eligible.toLocaleString("en-GB")}`);
console.log(`Queued: ${queued.toLocaleString("en-GB")} (reported ${result.queued}, done: ${result.done})`);
console.log(`Time: ${seconds.toFixed(1)} s (${Math.round(queued / seconds).toLocaleString("en-GB")} a second)`);

// A restart half-way through January: the first half, then the rest from where it stopped.
const january = new Date(Date.UTC(2027, 0, 1, 9));
const half = Math.ceil(eligible / 2 / 2_000);
const first = await queueMonthlyDigest({ now: january, maxBatches: half }, db);
const rest = await queueMonthlyDigest({ now: january }, db);
const januaryQueued =
  db.select({ n: count() }).from(schema.outbox).where(like(schema.outbox.dedupeKey, "digest:2027-01:%")).get()?.n ?? 0;
clearInterval(sampler);
console.log(
  `Resumed: ${first.queued.toLocaleString("en-GB")} before the stop, ${rest.queued.toLocaleString("en-GB")} after; ` +
    `${januaryQueued.toLocaleString("en-GB")} in all (each once)`,
);
console.log(`Peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}; peak V8 heap used: ${mb(peakHeap)}`);
closeDb();
fs.rmSync(directory, { recursive: true, force: true });
