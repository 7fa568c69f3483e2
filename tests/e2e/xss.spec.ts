import type { Browser, Page } from "@playwright/test";
import { toLondonInputs } from "../../app/lib/dates";
import { expect, signInAs, test, type Axe } from "./fixtures";

/** Payloads that would set window.__xss if any of them ran. */
const CORPUS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=1">`,
  `<svg onload="window.__xss=1"></svg>`,
  `"><iframe src="javascript:window.__xss=1">`,
  `[click me](javascript:window.__xss=1)`,
  `<a href="data:text/html,<script>window.__xss=1</script>">data link</a>`,
  `<details open ontoggle="window.__xss=1">`,
  `[x](  javascript:window.__xss=1 )`,
];

function watch(page: Page) {
  const problems: string[] = [];
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return problems;
}

async function assertNothingRan(page: Page, axe: Axe, problems: string[]) {
  await axe.check(page);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(problems).toEqual([]);
}

/** Another person's browser: a new context, signed in, tracked for axe scans and watched for anything that runs. */
async function personPage(browser: Browser, axe: Axe, email: string, password?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  axe.track(page);
  const problems = watch(page);
  await signInAs(page, email, password);
  return { page, problems };
}

// One hostile registrant and three hostile staff members, in order: each step is a test with its own time limit.
test.describe("hostile text in names, descriptions, topics and organisation details is shown as text, never run", () => {
  test.describe.configure({ mode: "serial" });
  const stamp = Date.now();
  const registrant = { email: `xss.${stamp}@example.org`, password: "harbour lantern violet" };
  let workshopId = "";

  test("a person registers with a hostile name and job title and proposes a hostile topic", async ({ page, axe }) => {
    const problems = watch(page);
    await page.goto("/register");
    await axe.check();
    await page.getByLabel("Full name").fill(`<img src=x onerror="window.__xss=1"> ${stamp}`);
    await page.getByLabel("Email").fill(registrant.email);
    await page.getByLabel("Job title (optional)").fill(`<script>window.__xss=1</script>`);
    await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Crisis" });
    await page.getByLabel("Password").fill(registrant.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(
      `<img src=x onerror="window.__xss=1"> ${stamp}`,
    );
    await assertNothingRan(page, axe, problems);
    // Their topic, which everyone sees.
    await page.goto("/topics");
    await page.getByLabel("Topic").fill(`<svg onload="window.__xss=1"></svg> ${stamp}`);
    await page.getByLabel("What would you like covered? (optional)").fill(CORPUS.join("\n"));
    await page.getByRole("button", { name: "Propose topic" }).click();
    await expect(page.getByRole("status")).toContainText("Your topic has been added");
    await assertNothingRan(page, axe, problems);
  });

  test("a workshop's hostile markdown description, and the registrant's name and topic, are text wherever shown", async ({
    page: coordinator,
    axe,
    browser,
  }) => {
    const coordinatorProblems = watch(coordinator);
    await signInAs(coordinator, "coordinator@example.org");
    await coordinator.goto("/manage/workshops/new");
    await axe.check(coordinator);
    await coordinator.getByLabel("Title").fill(`<script>window.__xss=1</script> ${stamp}`);
    await coordinator.getByLabel("Topic").fill(`<img src=x onerror="window.__xss=1">`);
    await coordinator.getByLabel(/Open session/).check();
    await coordinator.getByLabel("Description (optional)").fill(CORPUS.join("\n\n"));
    await coordinator.getByLabel("Venue").fill(`<b onmouseover="window.__xss=1">Hall</b>`);
    await coordinator.getByLabel("Places").fill("10");
    await coordinator.getByLabel("Date").fill(toLondonInputs(new Date(Date.now() + 40 * 86_400_000)).date);
    await coordinator.getByLabel("Booking closes on").fill(toLondonInputs(new Date(Date.now() + 38 * 86_400_000)).date);
    await coordinator.getByRole("button", { name: "Schedule workshop" }).click();
    await expect(coordinator.getByRole("status")).toContainText("scheduled");
    await assertNothingRan(coordinator, axe, coordinatorProblems);
    workshopId = /\/manage\/workshops\/(\d+)/.exec(coordinator.url())![1];

    // Where others see it: the member list, the topics pages, the workshop page.
    await coordinator.goto(`/members?q=${stamp}`);
    await expect(coordinator.getByRole("link", { name: new RegExp(String(stamp)) })).toBeVisible();
    await assertNothingRan(coordinator, axe, coordinatorProblems);
    await coordinator.goto("/manage/topics");
    await expect(
      coordinator.getByRole("heading", { name: new RegExp(`<svg onload="window.__xss=1"></svg> ${stamp}`) }),
    ).toBeVisible();
    await assertNothingRan(coordinator, axe, coordinatorProblems);

    const { page, problems } = await personPage(browser, axe, registrant.email, registrant.password);
    await page.goto(`/workshops/${workshopId}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`<script>window.__xss=1</script> ${stamp}`);
    await expect(
      page.locator(
        ".prose a[href^='javascript'], .prose a[href^='data'], .prose script, .prose svg, .prose iframe, .prose img",
      ),
    ).toHaveCount(0);
    await assertNothingRan(page, axe, problems);
    await page.goto("/topics");
    await assertNothingRan(page, axe, problems);
    await page.context().close();
  });

  test("an organisation lead's hostile description is text on the public organisation page", async ({
    page: lead,
    axe,
    browser,
  }) => {
    const leadProblems = watch(lead);
    await signInAs(lead, "orglead@example.org");
    await lead.goto("/organisations/oxford-health/edit");
    await axe.check(lead);
    await lead.getByLabel("What the organisation does").fill(CORPUS.join(" "));
    await lead.getByRole("button", { name: "Save details" }).click();
    await expect(lead.getByRole("status")).toContainText("saved");
    await assertNothingRan(lead, axe, leadProblems);

    const { page, problems } = await personPage(browser, axe, registrant.email, registrant.password);
    await page.goto("/organisations/oxford-health");
    await expect(page.getByText(CORPUS[0], { exact: false }).first()).toBeVisible();
    await assertNothingRan(page, axe, problems);
    await page.context().close();
  });

  test("a champion's hostile feedback on a workshop they attended is text when the coordinator reads it", async ({
    page: champion,
    axe,
    browser,
  }) => {
    const championProblems = watch(champion);
    await signInAs(champion, "champion@example.org");
    await champion.goto("/learning");
    await axe.check(champion);
    // One of the demo data's past Tier 1 workshops (other tests add workshops of their own, and may leave feedback on them).
    const attendedRow = champion
      .getByRole("table", { name: "Your workshop attendance" })
      .getByRole("row")
      .filter({ hasText: "Tier 1 champions' workshop" })
      .filter({ hasText: "Attended" })
      .first();
    const href = (await attendedRow.getByRole("link").getAttribute("href"))!;
    await champion.goto(`${href}/feedback`);
    await axe.check(champion);
    await champion
      .getByRole("group", { name: /How useful/ })
      .getByLabel("4")
      .check();
    await champion.getByLabel("What was most useful? (optional)").fill(CORPUS.join(" "));
    await champion.getByLabel("Topic").fill(`<img src=x onerror="window.__xss=1"> ${stamp}`);
    await champion.getByRole("button", { name: "Send feedback" }).click();
    await expect(champion.getByRole("status")).toContainText("Thank you");
    await assertNothingRan(champion, axe, championProblems);

    const { page: coordinator, problems: coordinatorProblems } = await personPage(
      browser,
      axe,
      "coordinator@example.org",
    );
    await coordinator.goto(`/manage${href}`);
    await expect(coordinator.getByText(CORPUS[1], { exact: false }).first()).toBeVisible();
    await assertNothingRan(coordinator, axe, coordinatorProblems);
    await coordinator.goto("/manage/topics");
    await assertNothingRan(coordinator, axe, coordinatorProblems);
    await coordinator.context().close();
  });
});
