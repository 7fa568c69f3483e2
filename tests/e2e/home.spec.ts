import { expect, signInAs, test } from "./fixtures";

test("the coordinator's home starts with the next workshop and its bookings, and what is waiting for them", async ({
  page,
  axe,
}) => {
  await signInAs(page, "coordinator@example.org");
  await page.goto("/");
  await axe.check();
  await expect(page.getByText(/You are a Tier \d/)).toHaveCount(0);
  const next = page.locator(".notification", { has: page.getByRole("heading", { name: "Next workshop" }) });
  await expect(next).toContainText(/\d+ of \d+ places booked, \d+ waiting/);
  const needs = page.locator("ul", { has: page.getByRole("link", { name: /without a current Tier 1 champion/ }) });
  await expect(needs.getByRole("link", { name: /directory (entry|entries) gone stale/ })).toHaveAttribute(
    "href",
    "/manage/health#stale",
  );
  await expect(needs.getByRole("link", { name: /topic proposals? not yet scheduled/ })).toHaveAttribute(
    "href",
    "/manage/topics",
  );
  await expect(needs.getByRole("link", { name: /emails? failed/ })).toHaveAttribute("href", "/manage/outbox");
  const workshop = next.getByRole("link");
  const title = (await workshop.textContent())!;
  await workshop.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await axe.check();
});

test("a champion's home shows their Tier 1 currency and their next workshop", async ({ page, axe }) => {
  await signInAs(page, "champion@example.org");
  await page.goto("/");
  await axe.check();
  // The demo champion attended four of the last six Tier 1 workshops.
  await expect(page.getByRole("heading", { name: "Your Tier 1 currency" })).toBeVisible();
  await expect(page.getByText(/^(Current|At risk): 4 of the last 6 Tier 1 workshops attended/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your next workshop" })).toBeVisible();
  await expect(page.getByText(/you are booked\.|open for booking/)).toBeVisible();
});
