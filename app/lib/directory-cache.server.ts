import { eq } from "drizzle-orm";
import { directoryVersion } from "../../drizzle/schema";
import { getDb, preparedOnce, type Db } from "./db.server";

/**
 * Directory reads that are the same for every signed-in member (search
 * results, find-my-contact, the district list), kept in memory until the
 * directory changes. The key is the directory's version, which triggers on
 * its tables move on any write from any connection or process (migration
 * 0007), together with the minute, because a card's "stale" flag depends on
 * the time. A cached answer is never older than the directory or the minute.
 */
const MAX_ENTRIES = 500;

type Cache = { version: string; entries: Map<string, unknown> };
const caches = new WeakMap<Db, Cache>();

function currentVersion(db: Db, now: Date) {
  const row = preparedOnce(db, "directory-version", () =>
    db.select({ version: directoryVersion.version }).from(directoryVersion).where(eq(directoryVersion.id, 1)).prepare(),
  ).get();
  return `${row?.version ?? "none"}:${Math.floor(now.getTime() / 60_000)}`;
}

/** `read()` once per version of the directory and minute for each key; the same answer to everyone meanwhile. */
export function cachedDirectoryRead<T>(
  { key, read, now = new Date() }: { key: unknown[]; read: () => T; now?: Date },
  db: Db = getDb(),
): T {
  const version = currentVersion(db, now);
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    caches.set(db, cache);
  }
  const id = JSON.stringify(key);
  if (cache.entries.has(id)) {
    // Most recently used last, so the oldest is the first to go.
    const value = cache.entries.get(id) as T;
    cache.entries.delete(id);
    cache.entries.set(id, value);
    return value;
  }
  const value = read();
  cache.entries.set(id, value);
  if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  return value;
}
