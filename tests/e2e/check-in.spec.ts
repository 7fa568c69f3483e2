import { toLondonInputs } from "../../app/lib/dates";
import { expect, signInAs, test } from "./fixtures";

// A walk-in's check-in in two steps, run in order: each step is a test of its own, with its own time limit.
test.describe("a walk-in at a workshop", () => {
  test.describe.configure({ mode: "serial" });
  const title = `Walk-in surgery ${Date.now()}`;
  let manageUrl = "";
  let code = "";

  // A session starting in five minutes (workshops are scheduled in the future) and running to the end of its day:
  // check-in opens 30 minutes before the start, so it is open at once.
  test("the coordinator schedules a session and shows the room its check-in code", async ({ page, axe }) => {
    let start = toLondonInputs(new Date(Date.now() + 5 * 60_000));
    if (start.time === "23:59") start = toLondonInputs(new Date(Date.now() + 7 * 60_000));
    const closes = toLondonInputs(new Date());
    await signInAs(page, "coordinator@example.org");
    await page.goto("/manage/workshops/new");
    await axe.check();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Topic").fill("Duty to Refer procedure");
    await page.getByLabel(/Tier 2 Generalist session/).check();
    await page.getByLabel("Venue").fill("County Hall, Oxford");
    await page.getByLabel("Places").fill("10");
    await page.getByLabel("Date").fill(start.date);
    await page.getByLabel("Start time (UK time)").fill(start.time);
    await page.getByLabel("End time (UK time)").fill("23:59");
    await page.getByLabel("Booking closes on").fill(closes.date);
    await page.getByLabel("Booking closes at (UK time)").fill(closes.time);
    await page.getByRole("button", { name: "Schedule workshop" }).click();
    await expect(page.getByRole("status")).toContainText("scheduled");
    await axe.check();
    manageUrl = page.url();

    // The coordinator shows the room the code.
    await page.getByRole("link", { name: "Check-in code" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Check-in: ${title}`);
    await axe.check();
    await page.getByRole("button", { name: "Show the check-in code" }).click();
    await expect(page.getByRole("status")).toContainText("Check-in is open");
    await expect(
      page.getByRole("img", { name: /QR code for the check-in address .*\/check-in\/[A-Z2-9]{6}$/ }),
    ).toBeVisible();
    await axe.check();
    code = ((await page.locator(".check-in-code").textContent()) ?? "").match(/[A-HJ-NP-Z2-9]{6}$/)?.[0] ?? "";
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  });

  test("a member without a booking checks in with the code, and the coordinator confirms them", async ({
    page,
    axe,
    browser,
  }) => {
    // A step whose earlier step left nothing behind fails rather than checking nothing.
    expect(code, "the first step shows the code").not.toBe("");
    await signInAs(page, "coordinator@example.org");

    // A member without a booking types it (in small letters) and checks in as a walk-in.
    const member = await (await browser.newContext()).newPage();
    axe.track(member);
    await signInAs(member, "generalist@example.org");
    await member.goto("/check-in");
    await axe.check(member);
    await member.getByLabel("Check-in code").fill(code.toLowerCase());
    await member.getByRole("button", { name: "Continue" }).click();
    await expect(member.getByRole("heading", { level: 1 })).toHaveText(`Check in: ${title}`);
    await expect(member.getByText("You have no booking for this workshop")).toBeVisible();
    await axe.check(member);
    await member.getByRole("button", { name: "Check in", exact: true }).click();
    await expect(member.getByRole("status")).toContainText("checked in as a walk-in");
    await expect(member.getByText("You have no booking, so you are a walk-in")).toBeVisible();
    await axe.check(member);

    // The coordinator sees them waiting on the register and confirms them: they are marked attended.
    await page.goto(`${manageUrl}/register`);
    await expect(page.getByText("Dev Kestrelford (National Probation Service), checked in at")).toBeVisible();
    await axe.check();
    await page.getByRole("button", { name: "Confirm Dev Kestrelford", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("Dev Kestrelford confirmed");
    const row = page.getByRole("group", { name: /Dev Kestrelford.*\(walk-in\)/ });
    await expect(row.getByRole("radio", { name: "Attended" })).toBeChecked();
    await axe.check();

    // The member's page now says so.
    await member.reload();
    await expect(member.getByText("The coordinator has confirmed you")).toBeVisible();
    await axe.check(member);
  });
});
