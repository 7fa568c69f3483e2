import type { Db } from "~/lib/db.server";

/** The SQL of every statement prepared on the connection while `work` runs, in order. */
export function sqlPreparedDuring(db: Db, work: () => unknown): string[] {
  const sqlite = db.$client;
  const prepared: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    prepared.push(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  try {
    work();
  } finally {
    sqlite.prepare = prepare;
  }
  return prepared;
}

/** EXPLAIN QUERY PLAN of a statement, with every `?` bound to `value` (the plan does not depend on it). */
export function planOf(db: Db, query: string, value: string | number) {
  const bounds = Array.from(query.matchAll(/\?/g), () => value);
  return (db.$client.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...bounds) as Array<{ detail: string }>)
    .map((row) => row.detail)
    .join("\n");
}
