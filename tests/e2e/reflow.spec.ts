/**
 * Reflow (WCAG 2.2 success criterion 1.4.10): every page the crawler reaches,
 * for every role, fits a 320 px wide screen without sideways scrolling, and
 * fits a 1280 px screen with text at 200%. Tables may scroll inside their own
 * focusable, labelled region; the page itself may not.
 *
 * Text zoom is approximated by setting the root font size to 200%, which is
 * what a browser's "text only" zoom and its default-font-size setting do to a
 * page sized in rem and em, as this one is: the viewport stays 1280 px wide and
 * only the text grows. (Full-page zoom at 200% would be a 640 px viewport, a
 * layout the 320 px run already covers more strictly.)
 */
import fs from "node:fs";
import path from "node:path";
import type { Cookie, Page } from "@playwright/test";
import { crawl, type CrawledPage } from "./crawl";
import { expect, signInAs, test, type Axe } from "./fixtures";

// Each role's pages are split into parts, a test each, so a part stays well inside the time limit on a busy machine.
const ROLES = [
  { role: "anonymous", email: null, parts: 6 },
  { role: "learner", email: "learner@example.org", parts: 9 },
  { role: "generalist", email: "generalist@example.org", parts: 9 },
  { role: "champion", email: "champion@example.org", parts: 9 },
  { role: "organisation lead", email: "orglead@example.org", parts: 12 },
  { role: "coordinator", email: "coordinator@example.org", parts: 20 },
  { role: "admin", email: "admin@example.org", parts: 20 },
] as const;

const PHONE = { width: 320, height: 640 };
const WIDE = { width: 1280, height: 800 };

/**
 * Signs the page in as the role and returns the role's pages. The first test of
 * a role to get here signs in with signInAs and crawls; the role's other tests
 * (in either worker) reuse that session and the crawl, from a file, so a staff
 * account does not spend a two-step code on every part.
 */
async function signInAndCrawl(role: string, email: string | null, page: Page, baseURL: string): Promise<CrawledPage[]> {
  const database = process.env.E2E_DATABASE_URL!;
  const file = path.join(path.dirname(database), `${path.basename(database)}.reflow-${role.replaceAll(" ", "-")}.json`);
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { cookies: Cookie[]; pages: CrawledPage[] };
    await page.context().addCookies(saved.cookies);
    return saved.pages;
  }
  if (email) await signInAs(page, email);
  const pages = await crawl(page.request, baseURL);
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify({ cookies: await page.context().cookies(), pages }));
  fs.renameSync(`${file}.${process.pid}`, file);
  return pages;
}

/** Where the page is wider than its viewport: the width, and the outermost elements that stick out. */
async function overflowOf(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const limit = root.clientWidth + 0.5;
    const culprits: string[] = [];
    for (const element of document.body.querySelectorAll("*")) {
      if (element.getBoundingClientRect().right <= limit) continue;
      if (element.parentElement && element.parentElement.getBoundingClientRect().right > limit) continue;
      const classes = [...element.classList].map((c) => `.${c}`).join("");
      culprits.push(`${element.tagName.toLowerCase()}${classes}`);
      if (culprits.length === 3) break;
    }
    return `${root.scrollWidth} px wide (${culprits.join(", ")})`;
  });
}

/**
 * Opens the page once, on a phone, and scans it; checks it there, then on the
 * wide screen with the text doubled.
 */
async function reflowProblems(page: Page, axe: Axe, url: string) {
  const phone: string[] = [];
  const zoomed: string[] = [];
  await page.setViewportSize(PHONE);
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await axe.check();
  const overflow = await overflowOf(page);
  if (overflow) phone.push(`${url} is ${overflow}`);
  // The header is compact on a phone: the page's own content starts near the top of the first screen.
  const top = await page.evaluate(() => document.querySelector("main > *")?.getBoundingClientRect().top ?? null);
  if (top === null) phone.push(`${url} has nothing in its main content`);
  else if (top > 150) phone.push(`${url}: the main content starts ${Math.round(top)} px down`);
  await page.setViewportSize(WIDE);
  await page.evaluate(() => document.documentElement.style.setProperty("font-size", "200%", "important"));
  const zoomedOverflow = await overflowOf(page);
  if (zoomedOverflow) zoomed.push(`${url} is ${zoomedOverflow}`);
  return { phone, zoomed };
}

test.describe("every page reflows at 320 × 640 and on a 1280 px screen with text at 200%", () => {
  test.describe.configure({ mode: "parallel" });
  for (const { role, email, parts } of ROLES) {
    for (let part = 0; part < parts; part += 1) {
      test(`for the ${role} (part ${part + 1} of ${parts})`, async ({ page, axe, baseURL }) => {
        const pages = await signInAndCrawl(role, email, page, baseURL!);
        expect(pages.length, `pages the ${role} reaches`).toBeGreaterThan(email ? 8 : 4);
        const phone: string[] = [];
        const zoomed: string[] = [];
        for (const { url } of pages.filter((_, i) => i % parts === part)) {
          const problems = await reflowProblems(page, axe, url);
          phone.push(...problems.phone);
          zoomed.push(...problems.zoomed);
        }
        expect.soft(phone, "pages that do not fit 320 × 640").toEqual([]);
        expect(zoomed, "pages that do not fit 1280 px with text at 200%").toEqual([]);
      });
    }
  }
});

test("text zoom doubles the text", async ({ page, axe }) => {
  await page.goto("/organisations");
  await axe.check();
  const before = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.querySelector("main p, main td")!).fontSize),
  );
  await page.evaluate(() => document.documentElement.style.setProperty("font-size", "200%", "important"));
  const after = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.querySelector("main p, main td")!).fontSize),
  );
  expect(after).toBe(before * 2);
});

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("the header is compact and its menu button opens the navigation by keyboard", async ({ page, axe }) => {
    await signInAs(page, "coordinator@example.org");
    await page.goto("/");
    await axe.check();
    const heading = await page.getByRole("heading", { level: 1 }).boundingBox();
    expect(heading!.y, "the main heading's distance from the top").toBeLessThan(200);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    const menu = page.locator("summary", { hasText: "Menu" });
    await menu.focus();
    expect(await menu.evaluate((summary) => getComputedStyle(summary).outlineStyle), "the focus indicator").not.toBe(
      "none",
    );
    await page.keyboard.press("Enter");
    await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await axe.check();
    await nav.getByRole("link", { name: "Directory" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Directory of housing contacts");
    await axe.check();
    // The next page starts with the menu folded again.
    await expect(nav).toBeHidden();
  });

  // axe runs as a script in the page, so it cannot scan here; this markup is the server's, scanned above.
  test("the menu button works without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    await signInAs(page, "champion@example.org");
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await page.locator("summary", { hasText: "Menu" }).click();
    await nav.getByRole("link", { name: "Directory" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Directory of housing contacts");
    await context.close();
  });
});

test("on a wide screen the navigation shows without a menu button", async ({ page, axe }) => {
  await page.goto("/");
  await axe.check();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organisations" }),
  ).toBeVisible();
  await expect(page.locator("summary", { hasText: "Menu" })).toBeHidden();
});
