import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../../drizzle/schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle/migrations");

let handle: { url: string; db: Db } | undefined;

function resolveFile(url: string) {
  const file = url.startsWith("file:") ? url.slice("file:".length) : url;
  return file === ":memory:" ? file : path.resolve(process.cwd(), file);
}

export type QueryLogger = { logQuery(query: string, params: unknown[]): void };

const STATEMENT_CACHE_SIZE = 300;

/**
 * drizzle asks SQLite to compile every query afresh; this keeps the compiled
 * statements of one connection by their SQL, so a page's queries are compiled
 * once per process. A statement put in raw mode by one caller is put back
 * before it is handed out again.
 */
function cacheStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = statements.get(source);
    if (cached) {
      statements.delete(source);
      statements.set(source, cached);
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = prepare(source);
    statements.set(source, statement);
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    return statement;
  }) as typeof sqlite.prepare;
}

/** Opens a SQLite database with the pragmas the app relies on; a logger sees every query (tests and profiling). */
export function openDatabase(url: string, logger?: QueryLogger): Db {
  const file = resolveFile(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  // Deleted content is overwritten, so erased personal data does not linger in free pages.
  sqlite.pragma("secure_delete = ON");
  cacheStatements(sqlite);
  return drizzle(sqlite, { schema, logger }) as Db;
}

/**
 * The shared database handle, opened lazily on first use from DATABASE_URL
 * (default data/champions.db). Tests point DATABASE_URL at a fresh file and
 * call closeDb() between tests.
 */
export function getDb(): Db {
  const url = process.env.DATABASE_URL || "data/champions.db";
  if (handle && handle.url === url) return handle.db;
  if (handle) handle.db.$client.close();
  handle = { url, db: openDatabase(url) };
  return handle.db;
}

export function closeDb() {
  handle?.db.$client.close();
  handle = undefined;
}

/**
 * Applies the migrations. Migration 0009 replaces stored plain tokens with
 * their SHA-256 in SQL, which SQLite cannot compute by itself: the function
 * is lent to the connection here.
 */
export function migrateDatabase(db: Db = getDb()) {
  db.$client.function("sha256_hex", { deterministic: true }, (value: unknown) =>
    value === null ? null : createHash("sha256").update(String(value)).digest("hex"),
  );
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  // Migrations run at every start (server and jobs): the planner's statistics are brought up to date with them.
  optimizeDatabase(db, { everyTable: true });
}

/**
 * Keeps the query planner's statistics current, as SQLite recommends: PRAGMA
 * optimize runs ANALYZE only on tables that have changed enough since the last
 * time (or were never analysed), under a built-in limit, so it takes
 * milliseconds even at national size. `everyTable` (at start) checks every
 * table; the periodic run checks those this connection's queries used.
 */
export function optimizeDatabase(db: Db = getDb(), { everyTable = false }: { everyTable?: boolean } = {}) {
  db.$client.pragma(everyTable ? "optimize = 0x10002" : "optimize");
}

const preparedStatements = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built and prepared once per database handle and reused: for the
 * queries the busiest pages run on every request (the session lookup, My
 * learning), where building the SQL with drizzle costs more than running it.
 */
export function preparedOnce<T>(db: Db, name: string, prepare: () => T): T {
  let statements = preparedStatements.get(db);
  if (!statements) preparedStatements.set(db, (statements = new Map()));
  if (!statements.has(name)) statements.set(name, prepare());
  return statements.get(name) as T;
}

/**
 * How many rows this connection has written since it opened (SQLite's
 * total_changes()): a read kept while the count is unchanged has seen every
 * write this process has made since.
 */
export function writesSoFar(db: Db = getDb()): number {
  return preparedOnce(db, "total-changes", () =>
    db.$client.prepare<[], number>("SELECT total_changes()").pluck(),
  ).get()!;
}

/** Runs `work` in one SQLite transaction (BEGIN IMMEDIATE, so writers queue). */
export function inTransaction<T>(work: (tx: Db) => T, db: Db = getDb()): T {
  return db.$client.transaction(() => work(db)).immediate();
}
