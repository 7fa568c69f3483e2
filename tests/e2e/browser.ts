/**
 * Finds a Chromium for the end-to-end tests, in this order: CHROMIUM_PATH,
 * Debian's /usr/bin/chromium, Playwright's own browser. No step downloads a
 * browser build.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { chromium } from "@playwright/test";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

function playwrightChromium() {
  try {
    const candidate = chromium.executablePath();
    return candidate && fs.existsSync(candidate) ? candidate : null;
  } catch {
    return null;
  }
}

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return playwrightChromium();
}

function canInstallDebianPackage() {
  return process.getuid?.() === 0 && fs.existsSync("/etc/debian_version") && fs.existsSync("/usr/bin/apt-get");
}

/** The browser to use, installing Debian's chromium package when running as root on Debian. */
export function ensureChromium(): string {
  if (process.env.CHROMIUM_PATH && !fs.existsSync(process.env.CHROMIUM_PATH)) {
    throw new Error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but no file is there.`);
  }
  const found = findChromium();
  if (found) return found;
  if (canInstallDebianPackage()) {
    console.log("No Chromium found: installing Debian's chromium package (about a minute)...");
    execFileSync("apt-get", ["update"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  }
  throw new Error(
    "No Chromium browser was found: install one (on Debian or Ubuntu, `sudo apt-get install chromium`) or set CHROMIUM_PATH to its executable.",
  );
}

/** Flags that keep Chromium quiet on a closed network and runnable as root. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
