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

type Cache = { version: string; entries: Map<unknown, unknown> };
type Store = WeakMap<Db, Cache>;

/** The directory's version: any write to a table the directory reads moves it. */
export function directoryVersionOf(db: Db = getDb()) {
  // Read several times by every directory page: SQLite's own statement, without drizzle's row mapping (5 µs, not 8-11).
  const version = preparedOnce(db, "directory-version", () =>
    db.$client.prepare("SELECT version FROM directory_version WHERE id = 1").pluck(),
  ).get();
  return String(version ?? "none");
}

/** The entries kept for this version of the directory: those of an older version are dropped. */
function entriesFor(store: Store, version: string, db: Db) {
  let cache = store.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    store.set(db, cache);
  }
  return cache.entries;
}

/** The kept value, made the most recently used (last), so the oldest is the first to go. */
function take(entries: Map<unknown, unknown>, key: unknown) {
  const value = entries.get(key);
  entries.delete(key);
  entries.set(key, value);
  return value;
}

function keep(entries: Map<unknown, unknown>, key: unknown, value: unknown, maxEntries: number) {
  entries.set(key, value);
  if (entries.size > maxEntries) entries.delete(entries.keys().next().value);
}

function lookup<T>(store: Store, version: string, key: string, read: () => T, maxEntries: number, db: Db): T {
  if (db.$client.inTransaction) return read();
  const entries = entriesFor(store, version, db);
  if (entries.has(key)) return take(entries, key) as T;
  const value = read();
  keep(entries, key, value, maxEntries);
  return value;
}

const byMinute: Store = new WeakMap();
const byVersion: Store = new WeakMap();

/**
 * `read()` once per version of the directory and minute for each key; the same answer to everyone meanwhile.
 * `timeless` answers (choices of districts, organisations and specialisms: nothing that depends on the time)
 * are kept until the directory changes, whatever the minute.
 *
 * `version` is the directory's version as this request read it (directoryVersionOf), for a page that asks
 * for several kept answers: each would otherwise read it again. Read here when not given.
 */
export function cachedDirectoryRead<T>(
  {
    key,
    read,
    now = new Date(),
    timeless = false,
    version,
  }: { key: unknown[]; read: () => T; now?: Date; timeless?: boolean; version?: string },
  db: Db = getDb(),
): T {
  const asOf = version ?? directoryVersionOf(db);
  if (timeless) return lookup(byVersion, asOf, JSON.stringify(key), read, MAX_ENTRIES, db);
  return lookup(byMinute, `${asOf}:${Math.floor(now.getTime() / 60_000)}`, JSON.stringify(key), read, MAX_ENTRIES, db);
}

/**
 * A cache of at most `maxEntries` answers that do not depend on the time
 * (search's index of the directory, which words match whom), each kept until
 * the directory changes. `version` as for cachedDirectoryRead.
 */
export function directoryVersionCache(maxEntries: number) {
  const store: Store = new WeakMap();
  return <T>(key: string, read: () => T, db: Db = getDb(), version?: string): T =>
    lookup(store, version ?? directoryVersionOf(db), key, read, maxEntries, db);
}

/**
 * A cache of at most `maxEntries` values by key, each kept until the
 * directory changes, for reads that ask for many keys at once (the cards of a
 * page of results): `readMissing` is asked once, for the keys not kept, and
 * answers with those it found. `version` as for cachedDirectoryRead.
 */
export function directoryVersionBatchCache<K, T>(maxEntries: number) {
  const store: Store = new WeakMap();
  return (keys: K[], readMissing: (missing: K[]) => Map<K, T>, db: Db = getDb(), version?: string): Map<K, T> => {
    if (db.$client.inTransaction) return readMissing(keys);
    const entries = entriesFor(store, version ?? directoryVersionOf(db), db);
    const found = new Map<K, T>();
    const missing: K[] = [];
    for (const key of keys) {
      if (entries.has(key)) found.set(key, take(entries, key) as T);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    for (const [key, value] of readMissing(missing)) {
      found.set(key, value);
      keep(entries, key, value, maxEntries);
    }
    return found;
  };
}
