/** npm run jobs: queue due reminders and feedback requests, and deliver the outbox, once. */
import { closeDb, getDb, migrateDatabase } from "./lib/db.server";
import { runJobs } from "./lib/jobs.server";

migrateDatabase(getDb());
const result = await runJobs();
closeDb();
console.log(
  `Queued ${result.reminders} reminder(s) and ${result.feedbackRequests} feedback request(s); sent ${result.sent}, failed ${result.failed}.`,
);
