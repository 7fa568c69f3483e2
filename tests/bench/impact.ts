/**
 * How long the impact report takes to build at national scale: reads the
 * national dataset (npm run seed:scale, or SCALE_DATABASE_URL), builds the
 * report (queries, small-number suppression, tables) for the whole network,
 * one district and one organisation, each over the last year, several times,
 * and prints the median and worst time of each. A
 * script, not a timed test: run it on a quiet machine.
 *
 *   npx tsx tests/bench/impact.ts
 *
 * A cold build is the first one in a fresh process, as after a restart: no
 * function of the report compiled by V8 yet, no statement prepared, SQLite's
 * page cache empty. Run IMPACT_RUNS=1 five times and take the median of the
 * "first build" lines. The process's start-up (Node, tsx compiling the import
 * graph, opening the database) is printed apart: it is not the report, and a
 * server pays it once when it starts, not on the first report.
 */
import path from "node:path";
import { showReport } from "~/components/report-content";
import { openDatabase } from "~/lib/db.server";
import { readReport, type ReportFilters } from "~/models/report.server";

// Top-level code runs once every import has loaded: everything before this is start-up.
const loaded = performance.now();
const file = path.resolve(process.env.SCALE_DATABASE_URL ?? "data/national.db");
const db = openDatabase(file);
const year = new Date(Date.now() - 365 * 86_400_000);
const sample = db.$client
  .prepare("SELECT organisation_id AS organisationId, district_id AS districtId FROM prevention_actions LIMIT 1")
  .get() as { organisationId: number; districtId: string };
console.log(
  `start-up (not the report): modules loaded at ${loaded.toFixed(0)} ms, database open at ${performance.now().toFixed(0)} ms`,
);
const DAY = 86_400_000;
const cases: Record<string, ReportFilters | ((run: number) => ReportFilters)> = {
  "the whole network, last year": { from: year },
  "the whole network, a different year each run": (run) => ({
    from: new Date(year.getTime() - (run + 1) * 3 * DAY),
    to: new Date(Date.now() - (run + 1) * 3 * DAY),
  }),
  "the whole network, all time": {},
  "one district, last year": { from: year, districtId: sample.districtId },
  "one organisation, last year": { from: year, organisationId: sample.organisationId },
};
const runs = Number(process.env.IMPACT_RUNS ?? 7);
let first = true;
for (const [name, filters] of Object.entries(cases)) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    // A fresh report each time (no report cache), as after any write to the database; the prevention facts it
    // counts are kept between writes to the log (app/models/prevention-facts.server.ts), so only the first build
    // reads them. A year ending on a different day each run, as coordinators ask.
    const data = readReport("impact", typeof filters === "function" ? filters(i) : filters, db);
    const read = performance.now();
    const report = showReport(data);
    const done = performance.now();
    const used = process.cpuUsage(cpu);
    times.push(done - started);
    if (report.tables.length === 0) throw new Error("no tables");
    if (first) {
      console.log(
        `first build (${name}): ${(done - started).toFixed(0)} ms, of which reading ${(read - started).toFixed(0)} ms and suppression and tables ${(done - read).toFixed(0)} ms; CPU time ${((used.user + used.system) / 1000).toFixed(0)} ms (all the process's threads)`,
      );
      first = false;
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(32)} median ${times[Math.floor(runs / 2)].toFixed(0)} ms, best ${times[0].toFixed(0)} ms, worst ${times[runs - 1].toFixed(0)} ms`,
  );
}
const counted = db.$client.prepare("SELECT count(*) AS n FROM prevention_actions").get() as { n: number };
console.log(`prevention_actions: ${counted.n} rows`);
