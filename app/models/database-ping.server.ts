import { sql } from "drizzle-orm";
import { getDb, type Db } from "~/lib/db.server";

/** Throws unless the database answers a query. */
export function checkDatabase(db: Db = getDb()) {
  db.get(sql`select 1`);
}
