import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** `PRAGMA integrity_check` on a database file, opened read-only. */
export function checkIntegrity(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma("integrity_check", { simple: true });
    const migrated = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'")
      .get() as { n: number };
    return {
      ok: result === "ok" && migrated.n === 1,
      detail: result === "ok" ? (migrated.n === 1 ? "ok" : "not a Champions Network database") : String(result),
    };
  } finally {
    db.close();
  }
}

/**
 * A consistent copy of a live database, using SQLite's online backup API:
 * the server keeps serving reads and writes while it runs.
 */
export async function backupDatabase({ source, destination }: { source: string; destination: string }) {
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const db = new Database(source, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
  const integrity = checkIntegrity(destination);
  if (!integrity.ok) throw new Error(`The backup failed its integrity check: ${integrity.detail}`);
  return { destination, bytes: fs.statSync(destination).size };
}

/**
 * Puts a backup in place of the database after checking it. Stop the server
 * first. The old database is kept beside it as <name>.before-restore.
 */
export function restoreDatabase({ backup, target }: { backup: string; target: string }) {
  const integrity = checkIntegrity(backup);
  if (!integrity.ok)
    throw new Error(`The backup at ${backup} failed its integrity check (${integrity.detail}); nothing was restored.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  fs.copyFileSync(backup, staging);
  if (fs.existsSync(target)) {
    // Fold any write-ahead log into the old file before setting it aside.
    const old = new Database(target);
    old.pragma("wal_checkpoint(TRUNCATE)");
    old.close();
    fs.renameSync(target, `${target}.before-restore`);
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(staging, target);
  return { target };
}
