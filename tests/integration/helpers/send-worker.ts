/**
 * A separate process with its own SQLite connection that delivers the outbox
 * through a real SMTP server, so a test can kill it with SIGKILL mid-send.
 */
import { openDatabase } from "../../../app/lib/db.server";
import { createMailer } from "../../../app/lib/email/mailer.server";
import { deliverOutbox } from "../../../app/lib/jobs.server";

type Job = { databaseUrl: string; smtpUrl: string };

process.once("message", async (job: Job) => {
  const db = openDatabase(job.databaseUrl);
  const result = await deliverOutbox({ mailer: createMailer(job.smtpUrl) }, db);
  db.$client.close();
  process.send!(result);
});
