/**
 * The e2e test fixture: every page a test visits must be scanned with axe
 * (WCAG 2.2 A and AA). Any violation fails the test, and so does a visited
 * page that the test left unscanned.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "champions-demo-2026";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

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
          const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
          return !router || router.state.navigation.state === "idle";
        });
        const results = await new AxeBuilder({ page: target }).withTags(WCAG_TAGS).analyze();
        const summary = results.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        );
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

/** Signs in through the form, as a person does, scanning the sign-in page and where it lands. */
export async function signIn(page: Page, axe: Axe, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await axe.check(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await axe.check(page);
}
