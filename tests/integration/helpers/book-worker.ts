/**
 * A separate process with its own SQLite connection that books places, so
 * the concurrency test really has many connections racing for the same rows.
 * It opens its connection, says it is ready, and books when told the moment.
 */
import { openDatabase } from "../../../app/lib/db.server";
import { bookPlace } from "../../../app/models/booking.server";

type Job = { databaseUrl: string; workshopId: number; memberIds: number[] };

process.once("message", (job: Job) => {
  const db = openDatabase(job.databaseUrl);
  process.once("message", ({ startAt }: { startAt: number }) => {
    // Every process waits for the same moment, then all fire together.
    while (Date.now() < startAt) {
      /* spin */
    }
    const results = job.memberIds.map((memberId) => ({
      memberId,
      status: bookPlace({ workshopId: job.workshopId, memberId }, db).status,
    }));
    db.$client.close();
    process.send!(results, () => process.disconnect());
  });
  process.send!("ready");
});
