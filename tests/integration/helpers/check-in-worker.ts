/**
 * A separate process with its own SQLite connection that checks one member in,
 * so the double check-in test really has connections racing for the same row.
 * It opens its connection, says it is ready, and checks in when told the moment.
 */
import { openDatabase } from "../../../app/lib/db.server";
import { checkIn } from "../../../app/models/check-in.server";

type Job = { databaseUrl: string; code: string; memberId: number; now: number };

process.once("message", (job: Job) => {
  const db = openDatabase(job.databaseUrl);
  process.once("message", ({ startAt }: { startAt: number }) => {
    // Every process waits for the same moment, then all fire together.
    while (Date.now() < startAt) {
      /* spin */
    }
    const result = checkIn({ code: job.code, memberId: job.memberId, now: new Date(job.now) }, db);
    db.$client.close();
    process.send!(result, () => process.disconnect());
  });
  process.send!("ready");
});
