import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./tests/e2e/browser";

// Set once in the runner; workers inherit the environment, so all share one server and database.
const port = Number((process.env.E2E_PORT ??= "3210"));
const databaseUrl = (process.env.E2E_DATABASE_URL ??= `tests/.tmp/e2e-${Date.now()}.db`);
const sessionSecret = (process.env.E2E_SESSION_SECRET ??= randomBytes(32).toString("hex"));
// A second server on the next port, with a national-shaped dataset: pages that change shape at national size.
const nationalPort = Number((process.env.E2E_NATIONAL_PORT ??= String(port + 1)));
const nationalDatabaseUrl = (process.env.E2E_NATIONAL_DATABASE_URL ??= `tests/.tmp/e2e-national-${Date.now()}.db`);
const executablePath = process.env.CHROMIUM_PATH ?? findChromium() ?? undefined;

/** The production build, as people will run it, on a loopback port with its own database. */
function server({
  command,
  port,
  database,
  demoData,
}: {
  command: string;
  port: number;
  database: string;
  demoData: boolean;
}) {
  return {
    command,
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database,
      SESSION_SECRET: sessionSecret,
      SEED_DEMO_DATA: String(demoData),
    },
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "off",
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
  webServer: [
    server({ command: "node --import tsx app/server.ts", port, database: databaseUrl, demoData: true }),
    // The same build on a national-shaped dataset (tests/e2e/national-dataset.ts), for national.spec.ts.
    server({
      command: "node --import tsx tests/e2e/national-dataset.ts && node --import tsx app/server.ts",
      port: nationalPort,
      database: nationalDatabaseUrl,
      demoData: false,
    }),
  ],
});
