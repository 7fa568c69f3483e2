/**
 * A separate process with its own SQLite connection that books places, so
 * the concurrency test really has many connections racing for the same rows.
 */
import { openDatabase } from "../../../app/lib/db.server";
import { bookPlace } from "../../../app/models/booking.server";

type Job = { databaseUrl: string; workshopId: number; memberIds: number[]; startAt: number };

process.once("message", (job: Job) => {
  const db = openDatabase(job.databaseUrl);
  // Every process waits for the same moment, then all fire together.
  while (Date.now() < job.startAt) {
    /* spin */
  }
  const results = job.memberIds.map((memberId) => ({ memberId, status: bookPlace({ workshopId: job.workshopId, memberId }, db).status }));
  db.$client.close();
  process.send!(results);
});
