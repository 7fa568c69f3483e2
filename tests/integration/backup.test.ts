import { forkWorker } from "./helpers/fork-worker";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { seedDemoData } from "../../drizzle/seed";
import { closeDb } from "~/lib/db.server";
import { backupDatabase, checkIntegrity, restoreDatabase } from "~/lib/backup.server";

const TABLES = ["members", "organisations", "bookings", "attendance", "completions", "outbox", "audit_events"];

function counts(file: string) {
  const db = new Database(file, { readonly: true });
  const result = Object.fromEntries(
    TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
  db.close();
  return result;
}

describe("backup and restore", () => {
  it("backs up a database while another process writes to it, and restores it after checking it", async () => {
    await seedDemoData();
    const live = process.env.DATABASE_URL!;
    closeDb();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "backup-"));
    // Another process keeps writing audit events for the whole backup.
    const writer = forkWorker("busy-writer.ts", [live]);
    await new Promise((resolve) => writer.once("message", resolve));
    const destination = path.join(directory, "copy.db");
    await backupDatabase({ source: live, destination });
    writer.kill("SIGKILL");
    await new Promise((resolve) => writer.once("exit", resolve));

    expect(checkIntegrity(destination)).toEqual({ ok: true, detail: "ok" });
    const backedUp = counts(destination);
    expect(backedUp.members).toBeGreaterThan(50);
    expect(backedUp.audit_events).toBeGreaterThan(0);
    expect(backedUp.audit_events).toBeLessThanOrEqual(counts(live).audit_events);

    const target = path.join(directory, "restored", "champions.db");
    restoreDatabase({ backup: destination, target });
    expect(counts(target)).toEqual(backedUp);
    expect(checkIntegrity(target).ok).toBe(true);
  });

  it("refuses to restore a damaged file and leaves the database alone", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "restore-"));
    const damaged = path.join(directory, "damaged.db");
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(8192, 0x42)]));
    const target = path.join(directory, "champions.db");
    fs.writeFileSync(target, "existing");
    expect(() => restoreDatabase({ backup: damaged, target })).toThrow();
    expect(fs.readFileSync(target, "utf8")).toBe("existing");
  });
});
