import { getDb, preparedOnce, type Db } from "./db.server";

/**
 * Directory reads that are the same for every signed-in member (search
 * results, find-my-contact, the district list), kept in memory until the
 * directory changes. The key is the directory's version, which triggers on
 * its tables move on any write from any connection or process (migration
 * 0007), together with the minute, because a card's "stale" flag depends on
 * the time. A cached answer is never older than the directory or the minute.
 *
 * Inside a transaction nothing is kept: what it reads may yet be rolled back,
 * and the version with it.
 */
const MAX_ENTRIES = 500;

type Cache = { version: string; entries: Map<string, unknown> };
type Store = WeakMap<Db, Cache>;

/** The directory's version: any write to a table the directory reads moves it. */
export function directoryVersionOf(db: Db = getDb()) {
  // Read several times by every directory page: SQLite's own statement, without drizzle's row mapping (5 µs, not 8-11).
  const version = preparedOnce(db, "directory-version", () =>
    db.$client.prepare("SELECT version FROM directory_version WHERE id = 1").pluck(),
  ).get();
  return String(version ?? "none");
}

function lookup<T>(store: Store, version: string, key: string, read: () => T, maxEntries: number, db: Db): T {
  if (db.$client.inTransaction) return read();
  let cache = store.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    store.set(db, cache);
  }
  if (cache.entries.has(key)) {
    // Most recently used last, so the oldest is the first to go.
    const value = cache.entries.get(key) as T;
    cache.entries.delete(key);
    cache.entries.set(key, value);
    return value;
  }
  const value = read();
  cache.entries.set(key, value);
  if (cache.entries.size > maxEntries) cache.entries.delete(cache.entries.keys().next().value!);
  return value;
}

const byMinute: Store = new WeakMap();
const byVersion: Store = new WeakMap();

/**
 * `read()` once per version of the directory and minute for each key; the same answer to everyone meanwhile.
 * `timeless` answers (choices of districts, organisations and specialisms: nothing that depends on the time)
 * are kept until the directory changes, whatever the minute.
 */
export function cachedDirectoryRead<T>(
  { key, read, now = new Date(), timeless = false }: { key: unknown[]; read: () => T; now?: Date; timeless?: boolean },
  db: Db = getDb(),
): T {
  const version = directoryVersionOf(db);
  if (timeless) return lookup(byVersion, version, JSON.stringify(key), read, MAX_ENTRIES, db);
  return lookup(
    byMinute,
    `${version}:${Math.floor(now.getTime() / 60_000)}`,
    JSON.stringify(key),
    read,
    MAX_ENTRIES,
    db,
  );
}

/**
 * A cache of at most `maxEntries` answers that do not depend on the time
 * (search's index of the directory, which words match whom), each kept until
 * the directory changes.
 */
export function directoryVersionCache(maxEntries: number) {
  const store: Store = new WeakMap();
  return <T>(key: string, read: () => T, db: Db = getDb()): T =>
    lookup(store, directoryVersionOf(db), key, read, maxEntries, db);
}
