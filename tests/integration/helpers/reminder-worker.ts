/**
 * A separate process with its own SQLite connection that runs the reminder
 * job when told to, so a test can run it in two processes at the same moment.
 */
import { openDatabase } from "../../../app/lib/db.server";
import { queueLapseReminders } from "../../../app/lib/reminders.server";

type Job = { databaseUrl: string; now: number; runs: number };

process.once("message", (job: Job) => {
  const db = openDatabase(job.databaseUrl);
  const totals = [];
  for (let run = 0; run < job.runs; run += 1) totals.push(queueLapseReminders({ now: new Date(job.now) }, db));
  db.$client.close();
  process.send!(totals);
});
