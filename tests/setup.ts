/**
 * Every test gets its own real, migrated SQLite database file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach } from "vitest";
import { closeDb, getDb, migrateDatabase } from "~/lib/db.server";

// Structured logs are tested where they matter (tests/integration/logging.test.ts); elsewhere they are noise.
process.env.LOG_LEVEL = "silent";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "champions-test-"));
let count = 0;

beforeEach(() => {
  closeDb();
  count += 1;
  process.env.DATABASE_URL = path.join(directory, `test-${count}.db`);
  migrateDatabase(getDb());
});

afterAll(() => {
  closeDb();
  fs.rmSync(directory, { recursive: true, force: true });
});
