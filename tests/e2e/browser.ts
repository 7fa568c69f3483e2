/**
 * Finds a Chromium for the end-to-end tests, in this order: CHROMIUM_PATH,
 * Debian's /usr/bin/chromium, Playwright's own browser. No step downloads a
 * browser build.
 */
import fs from "node:fs";
import { chromium } from "@playwright/test";
import { ensureDebianPackage } from "../debian-package";

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

/** The browser to use, installing Debian's chromium package when running as root on Debian. */
export function ensureChromium(): string {
  if (process.env.CHROMIUM_PATH && !fs.existsSync(process.env.CHROMIUM_PATH)) {
    throw new Error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but no file is there.`);
  }
  const found = findChromium();
  if (found) return found;
  if (ensureDebianPackage("chromium", DEBIAN_CHROMIUM, "(about a minute)")) return DEBIAN_CHROMIUM;
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
