import { expect, signInAs, test } from "./fixtures";

const CHECKLIST = "Leaving prison: a checklist of every housing option";

test("a member finds the prison-leaver checklist from 'Who do I call?', and its file downloads", async ({
  page,
  axe,
}) => {
  await signInAs(page, "generalist@example.org");
  await page.goto("/directory/ask");
  await axe.check();
  await page.getByLabel("The person's situation").selectOption({ label: "Someone leaving prison" });
  await page.getByLabel("District they live in or are going to").selectOption({ label: "West Oxfordshire" });
  await page.getByRole("button", { name: "Show who to call" }).click();
  const toolkit = page.getByRole("region", { name: "From the toolkit" });
  await expect(toolkit).toBeVisible();
  await axe.check();
  await toolkit.getByRole("link", { name: CHECKLIST }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CHECKLIST);
  await expect(page.locator(".prose")).toContainText("Duty to Refer");
  await axe.check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /\.csv$/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("prison-leaver-checklist-record.csv");
});

test("the card's owner edits it, compares the two versions and restores the first", async ({ page, axe }) => {
  await signInAs(page, "champion@example.org");
  await page.goto("/toolkit/prison-leaver-checklist");
  await axe.check();
  await page.getByRole("link", { name: "Edit the card" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Edit ${CHECKLIST}`);
  await axe.check();
  // A mistake first: the form says what is wrong and keeps the rest.
  await page.getByLabel("Title").fill("");
  await page.getByLabel("What changed").fill("Shorter title");
  await page.getByRole("button", { name: "Save a new version" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a title");
  await expect(page.getByLabel("What changed")).toHaveValue("Shorter title");
  await axe.check();
  await page.getByLabel("Title").fill("Leaving prison: every option");
  await page.getByRole("button", { name: "Save a new version" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leaving prison: every option");
  await axe.check();

  await page.getByRole("link", { name: "history and changes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("History of Leaving prison: every option");
  await axe.check();
  await page.getByLabel("Compare", { exact: true }).selectOption("1");
  await page.getByLabel("With", { exact: true }).selectOption("2");
  await page.getByRole("button", { name: "Compare" }).click();
  const changes = page.locator(".diff");
  await expect(changes.locator("del")).toContainText(`Title: ${CHECKLIST}`);
  await expect(changes.locator("ins")).toContainText("Title: Leaving prison: every option");
  await axe.check();
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("status").first()).toContainText("Version 1 has been restored as version 3");
  await expect(page.getByRole("row", { name: /Restored version 1/ })).toBeVisible();
  await axe.check();
  await page.getByRole("link", { name: "Back to the card" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CHECKLIST);
});

test("the public sees public cards and not the members' ones", async ({ page, axe }) => {
  await page.goto("/toolkit");
  await axe.check();
  await expect(page.getByRole("link", { name: "The Duty to Refer in Oxfordshire, on two pages" })).toBeVisible();
  await expect(page.getByText(CHECKLIST)).toHaveCount(0);
  await page.getByLabel("Search", { exact: true }).fill("univ cred");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: "Universal Credit housing costs: a quick guide" })).toBeVisible();
  await axe.check();
  await page.getByRole("link", { name: "Universal Credit housing costs: a quick guide" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Universal Credit housing costs: a quick guide");
  await axe.check();
  const response = await page.goto("/toolkit/prison-leaver-checklist");
  expect(response?.status()).toBe(404);
  await expect(page.getByText(CHECKLIST)).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await axe.check();
});
