import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

/** Starts the real server process with this environment and returns how it ended. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "app/server.ts"], {
    env: {
      ...process.env,
      PORT: "39999",
      HOST: "127.0.0.1",
      JOBS_DISABLED: "true",
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "silent",
      ...env,
    },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe("startup checks", () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "startup-"));

  it("refuses to start in production without a strong SESSION_SECRET", () => {
    const missing = start({ NODE_ENV: "production", SESSION_SECRET: "", DATABASE_URL: path.join(directory, "a.db") });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("SESSION_SECRET must be set in production");
    const weak = start({
      NODE_ENV: "production",
      SESSION_SECRET: "password",
      DATABASE_URL: path.join(directory, "a.db"),
    });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain("SESSION_SECRET is too weak");
  });

  it("refuses to start when the database cannot be written", () => {
    // A path through a regular file cannot be created, even by root.
    const blocker = path.join(directory, "not-a-folder");
    fs.writeFileSync(blocker, "");
    const result = start({ NODE_ENV: "development", DATABASE_URL: path.join(blocker, "champions.db") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("not-a-folder/champions.db is not writable");
  });

  it("refuses to start when the migrations fail", () => {
    const file = path.join(directory, "clashing.db");
    // A table the first migration creates is already there, with nothing recorded as migrated.
    const db = new Database(file);
    db.exec("CREATE TABLE districts (something_else TEXT)");
    db.close();
    const result = start({ NODE_ENV: "development", DATABASE_URL: file });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("could not be migrated");
  });

  it("refuses to start when the database is damaged", () => {
    const file = path.join(directory, "damaged.db");
    fs.writeFileSync(file, Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(4096, 0x41)]));
    const result = start({ NODE_ENV: "development", DATABASE_URL: file });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("is damaged or not a database");
  });
});
