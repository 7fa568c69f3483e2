import { expect, signInAs, test } from "./fixtures";

// Two demo organisations no other spec looks at: Aspire Oxford is merged into Connection Support.
test("the coordinator merges one organisation into another through the preview", async ({ page, axe }) => {
  await signInAs(page, "coordinator@example.org");
  await page.goto("/organisations/aspire-oxford/merge");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Merge Aspire Oxford into another organisation");
  await axe.check();
  await page.getByLabel("Merge into", { exact: true }).selectOption({ label: "Connection Support" });
  await page.getByRole("button", { name: "Preview the merge" }).click();
  const moves = page.getByRole("table", { name: "Records that will name Connection Support instead" });
  await expect(moves.getByRole("row", { name: /^Members \(their learning/ })).toContainText(/\d+/);
  await axe.check();
  const goTo = page.getByRole("group", { name: /Who stays the go-to contact/ });
  if (await goTo.isVisible()) await goTo.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Merge Aspire Oxford into Connection Support" }).click();
  await expect(page).toHaveURL(/\/organisations\/connection-support$/);
  await expect(page.getByText("Aspire Oxford has been merged into Connection Support.")).toBeVisible();
  await expect(page.getByText("Formerly: Aspire Oxford")).toBeVisible();
  await axe.check();
  // The old address leads to the organisation it joined.
  await page.goto("/organisations/aspire-oxford");
  await expect(page).toHaveURL(/\/organisations\/connection-support$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connection Support");
});
