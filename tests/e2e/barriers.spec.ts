import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

/** Payloads that would set window.__xss if any of them ran (as in xss.spec.ts). */
const CORPUS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=1">`,
  `<svg onload="window.__xss=1"></svg>`,
  `"><iframe src="javascript:window.__xss=1">`,
  `[click me](javascript:window.__xss=1)`,
  `<details open ontoggle="window.__xss=1">`,
];

async function nothingRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

// One barrier's life in three steps, run in order: each step is a test of its own, with its own time limit.
test.describe("a system barrier", () => {
  test.describe.configure({ mode: "serial" });
  const title = `<img src=x onerror="window.__xss=1"> Friday releases ${Date.now()}`;
  let barrierUrl = "";
  let resolved = false;

  test("a member raises it, correcting what the form points out", async ({ page, axe }) => {
    await signInAs(page, "learner@example.org");
    await page.goto("/barriers");
    await axe.check();
    await page.getByRole("link", { name: "Raise a barrier" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Raise a system barrier");
    await expect(page.getByRole("note")).toContainText("Do not include personal data");
    await axe.check();

    await page.getByLabel("Summary").fill(title);
    await page.getByLabel("What happened").fill(`Released late on a Friday. Born 03/04/1961.\n${CORPUS.join("\n")}`);
    await page.getByRole("button", { name: "Raise the barrier" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: /date of birth/ })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Say where it happens" })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Select at least one organisation involved" })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Select how often it happens" })).toBeVisible();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel("Summary")).toHaveValue(title);
    await axe.check();

    await page.getByLabel("What happened").fill(`Released late on a Friday.\n${CORPUS.join("\n")}`);
    await page.getByLabel("Where it happens").fill(`<svg onload="window.__xss=1"></svg> release from prison`);
    await page.getByRole("checkbox", { name: "HMP Bullingdon", exact: true }).check();
    await page.getByRole("checkbox", { name: "Cherwell", exact: true }).check();
    await page.getByRole("radio", { name: "Most weeks" }).check();
    await page.getByRole("button", { name: "Raise the barrier" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByRole("status")).toContainText("the barrier is raised");
    await expect(page.getByText(CORPUS[0])).toBeVisible();
    await nothingRan(page);
    await axe.check();
    barrierUrl = new URL(page.url()).pathname;
  });

  test("another member says it happens to them too", async ({ page, axe }) => {
    expect(barrierUrl, "the first step raised the barrier").toMatch(/^\/barriers\/\d+$/);
    await signInAs(page, "champion@example.org");
    await page.goto("/barriers");
    await axe.check();
    await page.getByRole("link", { name: title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await axe.check();
    await page.getByRole("button", { name: "This happens to us too" }).click();
    await expect(page.getByRole("status")).toContainText("you have said this happens to you too");
    await expect(
      page.getByText("You have said this happens to you too. You will be emailed when it changes."),
    ).toBeVisible();
    await nothingRan(page);
    await axe.check();
  });

  test("the coordinator resolves it, links the remedy card, and the board's report lists it", async ({ page, axe }) => {
    expect(barrierUrl, "the first step raised the barrier").toMatch(/^\/barriers\/\d+$/);
    await signInAs(page, "coordinator@example.org");
    await page.goto(barrierUrl);
    await axe.check();
    await page.getByRole("radio", { name: "Resolved" }).check();
    await page
      .getByLabel("Note for the people who raised and supported it (optional)")
      .fill("Probation now books a council appointment before release.");
    await page
      .getByLabel("Toolkit card that records the remedy")
      .selectOption({ label: "Leaving prison: a checklist of every housing option" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("2 people are being emailed about it");
    const remedy = page.getByRole("link", { name: "Leaving prison: a checklist of every housing option" });
    await expect(remedy).toHaveAttribute("href", "/toolkit/prison-leaver-checklist");
    await expect(page.getByText("Open to Resolved")).toBeVisible();
    await nothingRan(page);
    await axe.check();
    resolved = true;

    await page.getByRole("link", { name: "Back to system barriers" }).click();
    await axe.check();
    await page.getByRole("link", { name: "Report for the board" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("System barriers: report for the board");
    await expect(page.getByRole("rowheader", { name: title })).toBeVisible();
    await nothingRan(page);
    await axe.check();
  });

  test("the member who raised it sees the outcome and the remedy, without the coordinator's controls", async ({
    page,
    axe,
  }) => {
    expect(resolved, "the third step resolved the barrier").toBe(true);
    await signInAs(page, "learner@example.org");
    await page.goto(barrierUrl);
    await expect(page.getByText("Resolved", { exact: true })).toBeVisible();
    await expect(page.getByText("Probation now books a council appointment before release.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Leaving prison: a checklist of every housing option" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Triage" })).toHaveCount(0);
    await nothingRan(page);
    await axe.check();
  });
});
