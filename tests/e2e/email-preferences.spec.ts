import { expect, signInAs, test } from "./fixtures";

test("a member turns off the monthly digest in My account and it stays off", async ({ page, axe }) => {
  await signInAs(page, "learner@example.org");
  await page.goto("/account");
  await axe.check();
  await page.getByRole("link", { name: "Emails you receive" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Emails you receive");
  await expect(page.getByText("the security of your account always come")).toBeVisible();
  const digest = page.getByRole("checkbox", { name: "The monthly digest" });
  await expect(digest).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Reminders" })).toBeChecked();
  await axe.check();

  await digest.uncheck();
  await page.getByRole("button", { name: "Save email choices" }).click();
  await expect(page.getByRole("status")).toContainText("Your email choices have been saved.");
  await axe.check();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "The monthly digest" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Reminders" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Messages from the coordinator" })).toBeChecked();
  await axe.check();

  // Leave the demo learner as other specs expect to find them.
  await page.getByRole("checkbox", { name: "The monthly digest" }).check();
  await page.getByRole("button", { name: "Save email choices" }).click();
  await expect(page.getByRole("status")).toContainText("Your email choices have been saved.");
  await expect(page.getByRole("checkbox", { name: "The monthly digest" })).toBeChecked();
  await axe.check();
});
