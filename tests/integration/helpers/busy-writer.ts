/** Writes audit events as fast as it can until killed: load for the backup test. */
import { openDatabase } from "../../../app/lib/db.server";

const db = openDatabase(process.argv[2]);
const insert = db.$client.prepare(
  "INSERT INTO audit_events (actor_id, action, entity_type, summary, created_at) VALUES (NULL, 'load', 'test', 'busy writer', ?)",
);
insert.run(Date.now());
process.send!("started");
setInterval(() => {
  for (let i = 0; i < 20; i += 1) insert.run(Date.now());
}, 1);
