import { axeViolations, expect, test } from "./fixtures";

test("the axe scan finds a violation when there is one, so a clean scan means something", async ({ page, axe }) => {
  await page.goto("/");
  await axe.check();
  await page.evaluate(() => {
    const field = document.createElement("input");
    field.type = "text";
    document.querySelector("main")!.append(field);
  });
  const violations = await axeViolations(page);
  expect(violations.some((line) => line.startsWith("label "))).toBe(true);
});
