import type { Browser, Page } from "@playwright/test";
import { toLondonInputs } from "../../app/lib/dates";
import { expect, signInAs, test, type Axe } from "./fixtures";

const DAY = 86_400_000;
const london = (offsetDays: number) => toLondonInputs(new Date(Date.now() + offsetDays * DAY)).date;

async function memberPage(browser: Browser, axe: Axe, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  axe.track(page);
  await signInAs(page, email);
  return page;
}

async function openWorkshop(page: Page, axe: Axe, title: string) {
  await page.goto("/workshops");
  await axe.check(page);
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await axe.check(page);
}

// One workshop's life in three steps, run in order: each step is a test of its own, with its own time limit.
test.describe("a workshop with two places", () => {
  test.describe.configure({ mode: "serial" });
  const title = `Duty to Refer surgery ${Date.now()}`;
  let manageUrl = "";

  test("the coordinator schedules it, correcting a mistake the form points out", async ({ page, axe }) => {
    await signInAs(page, "coordinator@example.org");
    await page.goto("/manage");
    await axe.check();
    await page.getByRole("link", { name: "Workshops and sessions" }).click();
    await axe.check();
    await page.getByRole("link", { name: "Schedule a workshop" }).click();
    await axe.check();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Topic").fill("Duty to Refer procedure");
    await page.getByLabel(/Tier 2 Generalist session/).check();
    await page.getByLabel("Venue").fill("County Hall, Oxford");
    await page.getByLabel("Places").fill("2");
    await page.getByLabel("Date").fill(london(30));
    await page.getByLabel("Start time (UK time)").fill("10:00");
    await page.getByLabel("End time (UK time)").fill("09:00");
    await page.getByLabel("Booking closes on").fill(london(28));
    await page.getByLabel("Booking closes at (UK time)").fill("17:00");
    await page.getByRole("button", { name: "Schedule workshop" }).click();
    await expect(page.getByRole("alert")).toContainText("The end time must be after the start time");
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await axe.check();
    await page.getByLabel("End time (UK time)").fill("12:30");
    await page.getByRole("button", { name: "Schedule workshop" }).click();
    await expect(page.getByRole("status")).toContainText("scheduled and open for booking");
    await axe.check();
    manageUrl = page.url();
  });

  test("three members book: two get places, the third waits and is promoted when one cancels", async ({
    page,
    axe,
    browser,
  }) => {
    await signInAs(page, "coordinator@example.org");

    // Three members book: the third goes on the waiting list.
    const champion = await memberPage(browser, axe, "champion@example.org");
    await openWorkshop(champion, axe, title);
    await champion.getByRole("button", { name: "Book a place" }).click();
    await expect(champion.getByRole("status")).toContainText("Your place is booked");
    await axe.check(champion);

    const generalist = await memberPage(browser, axe, "generalist@example.org");
    await openWorkshop(generalist, axe, title);
    await generalist.getByRole("button", { name: "Book a place" }).click();
    await expect(generalist.getByRole("status")).toContainText("Your place is booked");
    await axe.check(generalist);

    const third = await memberPage(browser, axe, "orglead@example.org");
    await openWorkshop(third, axe, title);
    await third.getByRole("button", { name: "Join the waiting list" }).click();
    await expect(third.getByRole("status")).toContainText("you are on the waiting list");
    await axe.check(third);

    // One cancels; the third is promoted automatically and told.
    await generalist.getByRole("button", { name: "Cancel my booking" }).click();
    await expect(generalist.getByRole("status")).toContainText("Your booking has been cancelled");
    await axe.check(generalist);
    await third.reload();
    await expect(third.getByText("Booked", { exact: true })).toBeVisible();
    await axe.check(third);

    await page.goto("/manage/outbox");
    await axe.check();
    await expect(page.getByText(`A place has come up: ${title} – to orglead@example.org`)).toBeVisible();
  });

  test("after the day the coordinator takes the register, and an attendee's feedback and topic reach the coordinator", async ({
    page,
    axe,
    browser,
  }) => {
    await signInAs(page, "coordinator@example.org");

    // After the day: the coordinator moves the record to when it happened and takes the register.
    await page.goto(manageUrl);
    await axe.check();
    await expect(page.getByRole("table", { name: "People booked" })).toContainText("Priya Bramblecombe");
    await expect(page.getByRole("table", { name: "People booked" })).toContainText("Jo Fernley");
    await page.getByLabel("Date").fill(london(-1));
    await page.getByLabel("Booking closes on").fill(london(-2));
    await page.getByRole("button", { name: "Save changes" }).click();
    // A workshop that is over tells nobody of a change to its record.
    await expect(page.getByRole("status")).toContainText("Changes saved.");
    await expect(page.getByRole("status")).not.toContainText("being told");
    await axe.check();
    await page.getByRole("link", { name: "Take the register" }).click();
    await axe.check();
    await page.getByRole("button", { name: /Mark all booked as attended/ }).click();
    await expect(page.getByRole("status")).toContainText("2 people marked");
    await axe.check();
    await page
      .getByRole("group", { name: /Jo Fernley/ })
      .getByLabel("Absent")
      .check();
    await page.getByRole("button", { name: "Save register" }).click();
    await expect(page.getByRole("status")).toContainText("1 mark changed");
    await expect(page.getByRole("table", { name: "Late changes to the register" })).toContainText("Attended to Absent");
    await axe.check();

    // An attendee leaves feedback and proposes a topic.
    const champion = await memberPage(browser, axe, "champion@example.org");
    await champion.goto(new URL(manageUrl).pathname.replace("/manage/workshops/", "/workshops/"));
    await axe.check(champion);
    await champion.getByRole("link", { name: "Give feedback on this workshop" }).click();
    await axe.check(champion);
    await champion.getByRole("button", { name: "Send feedback" }).click();
    await expect(champion.getByRole("alert")).toContainText("Choose a rating from 1 to 5");
    await axe.check(champion);
    await champion
      .getByRole("group", { name: /How useful/ })
      .getByLabel("5")
      .check();
    await champion
      .getByLabel("What was most useful? (optional)")
      .fill("Walking through a real referral for a patient going to Cherwell.");
    await champion.getByLabel("Topic").fill("Discharge to no fixed abode");
    await champion.getByRole("button", { name: "Send feedback" }).click();
    await expect(champion.getByRole("status")).toContainText("Thank you");
    await axe.check(champion);

    // It appears on the coordinator's pages.
    await page.goto(manageUrl);
    await expect(page.getByText("Walking through a real referral for a patient going to Cherwell.")).toBeVisible();
    await expect(page.getByText("5 out of 5")).toBeVisible();
    await axe.check();
    await page.goto("/manage/topics");
    await expect(page.getByRole("heading", { name: /Discharge to no fixed abode/ })).toBeVisible();
    await axe.check();
    await page.goto("/manage/feedback");
    await expect(page.getByRole("link", { name: title })).toBeVisible();
    await axe.check();

    // The champion's attendance history shows it.
    await champion.goto("/learning");
    await expect(champion.getByRole("table", { name: "Your workshop attendance" })).toContainText(title);
    await axe.check(champion);
  });
});

test("a member subscribes to a calendar feed and it serves their bookings", async ({ page, axe }) => {
  await signInAs(page, "champion@example.org");
  await page.goto("/calendar");
  await axe.check();
  await page.getByRole("button", { name: "Create my calendar feed address" }).click();
  await expect(page.getByRole("status")).toContainText("ready");
  await axe.check();
  const url = (await page.locator(".code-block").textContent())!.trim();
  const feed = await page.request.get(url);
  expect(feed.headers()["content-type"]).toMatch(/text\/calendar/);
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");
  // Shown once: coming back, the page says the feed exists but not its address.
  await page.goto("/calendar");
  await expect(page.getByText("Last fetched by a calendar")).toBeVisible();
  await expect(page.getByText(url)).toHaveCount(0);
  await page.getByRole("button", { name: "Stop the feed" }).click();
  await axe.check();
  expect((await page.request.get(url)).status()).toBe(404);
});

test("the coordinator previews and creates a year of bi-monthly workshops", async ({ page, axe }) => {
  await signInAs(page, "coordinator@example.org");
  await page.goto("/manage/workshops/series");
  await axe.check();
  const firstMonth = london(400).slice(0, 7);
  await page.getByLabel("Title").fill("Series test workshop");
  await page.getByLabel("Topic").fill("Housing options");
  await page.getByLabel(/Tier 1 Specialist workshop/).check();
  await page.getByLabel("Venue").fill("Online");
  await page.getByLabel("First month").fill(firstMonth);
  await page.getByRole("button", { name: "Preview the dates" }).click();
  await expect(page.getByRole("heading", { name: "Check the 6 dates" })).toBeVisible();
  await axe.check();
  await page.getByRole("button", { name: "Create 6 workshops" }).click();
  await expect(page.getByRole("status")).toContainText("6 workshops are scheduled");
  await axe.check();
});
