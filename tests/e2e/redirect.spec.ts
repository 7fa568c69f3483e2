import { DEMO_PASSWORD, expect, test } from "./fixtures";

/**
 * After signing in, the browser goes only to a page of this site. Browsers
 * drop tabs and newlines from a URL and read a backslash as a slash, so
 * `/<TAB>/evil.example` once sent Chromium to http://evil.example/.
 */
const HOSTILE = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\\evil.example",
  "/\t\\evil.example",
  "//evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%5C/evil.example",
  "/%2509/evil.example",
  "/%255C/evil.example",
  "https://evil.example/",
];

for (const target of HOSTILE) {
  test(`signing in with redirectTo ${JSON.stringify(target)} stays on this site`, async ({ page, axe, baseURL }) => {
    await page.goto(`/login?redirectTo=${encodeURIComponent(target)}`);
    await axe.check();
    await page.getByLabel("Email").fill("learner@example.org");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const landed = new URL(page.url());
    expect(landed.origin).toBe(new URL(baseURL!).origin);
    expect(landed.pathname).toBe("/");
    await axe.check();
  });
}

test("signing in still goes on to the page that asked for it", async ({ page, axe }) => {
  await page.goto("/learning");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearning$/);
  await axe.check();
  await page.getByLabel("Email").fill("learner@example.org");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/learning");
  await axe.check();
});
