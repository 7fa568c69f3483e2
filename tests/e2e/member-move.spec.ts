import { expect, signInAs, test } from "./fixtures";

test("a member records their move to another organisation and keeps their certificates", async ({ page, axe }) => {
  await signInAs(page, "generalist@example.org");
  await page.goto("/learning");
  await axe.check();
  const certificates = page.getByRole("region", { name: "Your certificates" }).getByRole("row");
  const before = await certificates.allInnerTexts();
  expect(before.length).toBeGreaterThan(1);

  await page.goto("/account");
  await axe.check();
  const organisation = page.locator("dt", { hasText: "Organisation" }).locator("xpath=following-sibling::dd");
  const oldName = (await organisation.innerText()).trim();
  await page.getByRole("link", { name: "I have moved to another organisation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("I have moved to another organisation");
  await axe.check();
  // Nothing chosen first: the error summary names the list.
  await page.getByRole("button", { name: "Record my move" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose the organisation you have moved to");
  await axe.check();
  await page
    .getByLabel("The organisation you work for now")
    .selectOption({ label: "Oxford University Hospitals NHS Foundation Trust" });
  await page.getByRole("button", { name: "Record my move" }).click();
  await expect(
    page.getByText("You are now recorded at Oxford University Hospitals NHS Foundation Trust"),
  ).toBeVisible();
  await expect(organisation).toHaveText("Oxford University Hospitals NHS Foundation Trust");
  await axe.check();

  await page.goto("/learning");
  await axe.check();
  expect(await certificates.allInnerTexts()).toEqual(before);

  // Back where they were, so the demo data stays as other specs expect it.
  await page.goto("/account/move");
  await page.getByLabel("The organisation you work for now").selectOption({ label: oldName });
  await page.getByRole("button", { name: "Record my move" }).click();
  await expect(organisation).toHaveText(oldName);
});
