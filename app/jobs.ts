/**
 * npm run jobs: queue due reminders, feedback requests and directory
 * confirmations, deliver the outbox and remove expired sessions, once. Meant
 * for cron, so it logs like the server: one JSON line, or a jobs-failed line
 * on stderr and exit code 1.
 */
import { closeDb, getDb, migrateDatabase } from "./lib/db.server";
import { runJobs } from "./lib/jobs.server";
import { logError, logEvent } from "./lib/log.server";

try {
  migrateDatabase(getDb());
  const result = await runJobs();
  logEvent("jobs-run", result);
} catch (error) {
  logError("jobs-failed", error);
  process.exitCode = 1;
} finally {
  closeDb();
}
