/**
 * npm run test:e2e: finds (or installs) a browser, then runs Playwright.
 * Extra arguments are passed to `playwright test`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureChromium } from "./browser";

let browser: string;
try {
  browser = ensureChromium();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [path.resolve("node_modules/@playwright/test/cli.js"), "test", ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH: browser } },
);
fs.rmSync(path.resolve("tests/.tmp"), { recursive: true, force: true });
process.exit(result.status ?? 1);
