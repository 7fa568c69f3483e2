/**
 * The prevention log at a phone's width (issue 19), with axe on every page: a
 * champion logs an action (a note with a phone number is refused first, with
 * the error summary), the server's job emails the outcome follow-up, and the
 * champion answers it signed out from the email's one-click link, confirming
 * with the button. The link is read from the outbox (no SMTP server is set).
 * The coordinator's impact report counts it: one entry alone would show as
 * "fewer than 5", so the whole network's figures (well above 5 in the demo
 * data) are read before and after, and each goes up by exactly one.
 */
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

test.use({ viewport: { width: 320, height: 720 } });

/** The "prevented" link in the newest outcome email to `to`, as a path; null until the job has queued it. */
function outcomeLink(to: string, after: number) {
  const db = new Database(process.env.E2E_DATABASE_URL!, { readonly: true, fileMustExist: true });
  try {
    const email = db
      .prepare(
        "SELECT body FROM outbox WHERE to_address = ? AND kind = 'prevention-follow-up' AND id > ? ORDER BY id DESC",
      )
      .get(to, after) as { body: string } | undefined;
    const link =
      email && /https?:\/\/\S+\/prevention\/outcome\/\d+\/[A-Za-z0-9_-]+\?outcome=prevented/.exec(email.body);
    return link ? new URL(link[0]).pathname + new URL(link[0]).search : null;
  } finally {
    db.close();
  }
}

function lastOutboxId() {
  const db = new Database(process.env.E2E_DATABASE_URL!, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT coalesce(max(id), 0) AS id FROM outbox").get() as { id: number }).id;
  } finally {
    db.close();
  }
}

/** A whole-network figure from the impact report's summary, as a number. */
async function impactFigure(page: Page, label: string) {
  const value = await page.locator(`.report-figures dt:text-is("${label}") + dd`).textContent();
  const n = Number((value ?? "").replace(/,/g, ""));
  expect(n, `${label}: ${value}`).toBeGreaterThanOrEqual(5);
  return n;
}

test("a champion logs an action on a phone and answers the follow-up from the email link", async ({ page, axe }) => {
  const champion = "champion@example.org";
  const before = lastOutboxId();
  await signInAs(page, "coordinator@example.org");
  await page.goto("/reports/impact");
  await expect(page.getByRole("heading", { name: "Summary" })).toBeVisible();
  const loggedBefore = await impactFigure(page, "Actions logged");
  const preventedBefore = await impactFigure(page, "Homelessness prevented");
  await axe.check();

  await signInAs(page, champion);
  await page.goto("/prevention");
  await expect(page.getByRole("heading", { name: "My prevention log" })).toBeVisible();
  await axe.check();

  await page.getByRole("link", { name: "Log a prevention action" }).click();
  await expect(page.getByRole("heading", { name: "Log a prevention action" })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("Do not enter a name, date of birth, address");
  await axe.check();
  // Sixty days ago, so the follow-up (day 56) is already due and the server's job sends it.
  const sixtyDaysAgo = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Date of the action").fill(sixtyDaysAgo);
  await page.getByLabel("District").selectOption({ label: "Oxford" });
  await page.getByLabel("Circumstance").selectOption({ index: 1 });
  await page.getByLabel("Within 56 days of homelessness").check();
  await page.getByLabel("Duty to Refer referral made").check();
  await page.getByLabel("Note (optional)").fill("Rent arrears of £1,200; her mobile is 07700 900123");
  await page.getByRole("button", { name: "Log the action" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert")).toContainText("phone number");
  await axe.check();
  await page.getByLabel("Note (optional)").fill("Rent arrears of £1,200; Section 21 notice");
  await page.getByRole("button", { name: "Log the action" }).click();
  await expect(page.getByRole("status")).toContainText("Logged.");
  await expect(page.getByRole("heading", { name: "My prevention log" })).toBeVisible();
  await expect(page.getByText("Section 21 notice")).toBeVisible();
  await axe.check();

  // The server's job runs every 15 seconds: the follow-up email arrives within one interval or two.
  await expect.poll(() => outcomeLink(champion, before), { timeout: 35_000 }).not.toBeNull();
  const link = outcomeLink(champion, before)!;

  // One click from the email, signed out: the page shows the choice and changes nothing until confirmed.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "What happened?" })).toBeVisible();
  await expect(page.getByLabel("Homelessness prevented")).toBeChecked();
  await axe.check();
  await page.getByRole("button", { name: "Confirm the outcome" }).click();
  await expect(page.getByRole("status")).toContainText("recorded as “Homelessness prevented”");
  await expect(page.getByText(/Recorded on .* as Homelessness prevented/)).toBeVisible();
  await axe.check();

  // Back in the log, the entry shows its outcome.
  await signInAs(page, champion);
  await page.goto("/prevention");
  const entry = page.getByRole("listitem").filter({ hasText: "Section 21 notice" });
  await expect(entry).toContainText("Homelessness prevented");
  await axe.check();

  // The coordinator's impact report counts the entry and its outcome.
  await signInAs(page, "coordinator@example.org");
  await page.goto("/reports/impact");
  expect(await impactFigure(page, "Actions logged")).toBe(loggedBefore + 1);
  expect(await impactFigure(page, "Homelessness prevented")).toBe(preventedBefore + 1);
  await axe.check();
});
