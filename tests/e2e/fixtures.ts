/**
 * The e2e test fixture: every page a test visits must be scanned with axe
 * (WCAG 2.2 A and AA). Any violation fails the test, and so does a visited
 * page that the test left unscanned.
 *
 * axe-core runs in the page itself, injected once per document. The
 * @axe-core/playwright wrapper opened a new browser page for every scan and
 * injected axe's 550 KB source twice: on a busy two-core machine that was 5 to
 * 10 seconds a scan, against 1 to 3 for the same rules run here. A document
 * whose markup and viewport are exactly those of one already scanned in this
 * worker has the same result, so it is not scanned twice.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { expect, test as base, type BrowserContext, type Page } from "@playwright/test";
import type { AxeResults } from "axe-core";
import { Secret, TOTP } from "otpauth";

export const DEMO_PASSWORD = "champions-demo-2026";
/** The demo coordinator's and administrator's published authenticator secret (DEMO_TWO_STEP_SECRET in drizzle/seed.ts). */
export const DEMO_TWO_STEP_SECRET = "CHAMPIONSNETWORKDEMOTWOSTEPCODES";
const PERIOD_MS = 30_000;

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Violations already found for a document fingerprint in this worker ([] when it was clean). */
const scannedDocuments = new Map<string, string[]>();

/** The page's markup without the per-request CSP nonces, and its viewport: what an axe result depends on. */
async function fingerprint(page: Page) {
  const markup = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const element of copy.querySelectorAll("[nonce]")) element.removeAttribute("nonce");
    return copy.outerHTML;
  });
  return createHash("sha256")
    .update(JSON.stringify([page.viewportSize(), markup]))
    .digest("hex");
}

/** Runs axe-core's WCAG 2.2 A and AA rules in the page; returns each violation as one line. */
export async function axeViolations(page: Page) {
  if (page.frames().length > 1) throw new Error(`${page.url()} has frames: scan each with axe's frame support`);
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }),
    WCAG_TAGS,
  );
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

export type Axe = {
  /** Scans the page as it is now; fails on any violation. */
  check: (page?: Page) => Promise<void>;
  /** Tracks another page (a second browser context) so its visits must be scanned too. */
  track: (page: Page) => void;
};

function pathOf(url: string) {
  return new URL(url).pathname;
}

export const test = base.extend<{ axe: Axe }>({
  axe: [
    async ({ page }, use) => {
      const visited = new Set<string>();
      const scanned = new Set<string>();
      const track = (target: Page) => {
        target.on("framenavigated", (frame) => {
          if (frame === target.mainFrame() && frame.url().startsWith("http")) visited.add(pathOf(frame.url()));
        });
      };
      track(page);
      const check = async (target: Page = page) => {
        await target.waitForLoadState("load");
        // A client-side navigation may still be loading: scan the page it lands on, not the one it leaves.
        await target.waitForFunction(() => {
          const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } })
            .__remixRouter;
          return !router || router.state.navigation.state === "idle";
        });
        const key = await fingerprint(target);
        let summary = scannedDocuments.get(key);
        if (!summary) {
          summary = await axeViolations(target);
          scannedDocuments.set(key, summary);
        }
        expect(summary, `axe violations on ${target.url()}`).toEqual([]);
        scanned.add(pathOf(target.url()));
      };
      await use({ check, track });
      const unscanned = [...visited].filter((p) => !scanned.has(p));
      expect(unscanned, "pages visited without an axe scan").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * A code for this account's authenticator secret that the server has not
 * seen used. Each code works once and a code older than the last one used
 * is refused, so every sign-in to one account (from either worker) takes
 * the next time step in turn: the one before, the current one or the one
 * after it (the server accepts one step either side); when all are used, it
 * waits for the clock to reach the next, as a person waits for their app's
 * next code.
 */
export async function nextTwoStepCode(email: string, secret = DEMO_TWO_STEP_SECRET) {
  const folder = path.resolve("tests/.tmp");
  fs.mkdirSync(folder, { recursive: true });
  const lock = path.join(folder, `two-step-${email}.lock`);
  const record = path.join(folder, `two-step-${email}.json`);
  while (true) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    const last: number = fs.existsSync(record) ? JSON.parse(fs.readFileSync(record, "utf8")).last : -1;
    // The step before the current one is accepted too, while at least 10 s of the current step remain.
    const current = Math.floor(Date.now() / PERIOD_MS);
    const earliest = (current + 1) * PERIOD_MS - Date.now() > 10_000 ? current - 1 : current;
    const step = Math.max(earliest, last + 1);
    const wait = (step - 1) * PERIOD_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 100));
    fs.writeFileSync(record, JSON.stringify({ last: step }));
    return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: step * PERIOD_MS });
  } finally {
    fs.rmdirSync(lock);
  }
}

/** Signs in through the form, as a person does, scanning the sign-in page and where it lands (and the code page, for staff). */
export async function signIn(page: Page, axe: Axe, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await axe.check(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("button", { name: "Sign out" }).or(page.getByRole("heading", { name: "Enter your code" })),
  ).toBeVisible();
  if (new URL(page.url()).pathname === "/login/two-step") {
    await axe.check(page);
    await page.getByLabel("Code").fill(await nextTwoStepCode(email));
    await page.getByRole("button", { name: "Continue" }).click();
  }
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await axe.check(page);
}

/**
 * Signs in by posting the sign-in form's fields from the page's browser context
 * (its cookies are the page's), without opening the sign-in page: for tests about
 * something else. Signing in through the page is tested in foundation.spec.ts.
 */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  if (await reuseTwoStepSession(page, email)) return;
  const response = await page.request.post("/login", { form: { email, password }, maxRedirects: 0 });
  expect(response.status(), `signing in as ${email}`).toBe(302);
  if (response.headers()["location"] !== "/login/two-step") return;
  // Staff: the second step, with the code their app would show.
  const code = await nextTwoStepCode(email);
  const second = await page.request.post("/login/two-step", { form: { code }, maxRedirects: 0 });
  expect(second.status(), `second step for ${email}`).toBe(302);
  twoStepSessions.set(email, await page.context().cookies());
}

/**
 * Staff sessions this worker has signed in, by email. Each authenticator code works
 * once, so a new sign-in to a staff account may have to wait for the next 30-second
 * step: a test about something else carries on in the session an earlier test made,
 * as a coordinator who stays signed in does, and signs in afresh only if that session
 * has ended (signed out, or its password changed).
 */
const twoStepSessions = new Map<string, Awaited<ReturnType<BrowserContext["cookies"]>>>();

async function reuseTwoStepSession(page: Page, email: string) {
  const cookies = twoStepSessions.get(email);
  if (!cookies) return false;
  await page.context().addCookies(cookies);
  const account = await page.request.get("/account", { maxRedirects: 0 });
  if (account.status() === 200 && (await account.text()).includes(email)) return true;
  twoStepSessions.delete(email);
  await page.context().clearCookies();
  return false;
}
