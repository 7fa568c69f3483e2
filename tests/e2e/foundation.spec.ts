import { expect, signIn, test } from "./fixtures";

const PUBLIC = ["Home", "Organisations", "District housing teams", "Toolkit"];
const LEARNING = ["E-learning", "My learning", "Workshops", "Directory"];
// Tier 1 and 2 members log prevention actions; every member may raise a system barrier.
const CHAMPION = [...LEARNING, "Prevention log", "System barriers"];
const MEMBER = [...LEARNING, "System barriers"];
const ROLES = [
  // The demo coordinator is on Tier 1, the administrator on Tier 3.
  {
    email: "coordinator@example.org",
    nav: [...PUBLIC, ...CHAMPION, "Coordinator", "Reports", "Members", "My account"],
  },
  { email: "admin@example.org", nav: [...PUBLIC, ...MEMBER, "Coordinator", "Reports", "Members", "My account"] },
  { email: "orglead@example.org", nav: [...PUBLIC, ...CHAMPION, "Reports", "My organisation", "My account"] },
  { email: "champion@example.org", nav: [...PUBLIC, ...CHAMPION, "My account"] },
  { email: "generalist@example.org", nav: [...PUBLIC, ...CHAMPION, "My account"] },
  { email: "learner@example.org", nav: [...PUBLIC, ...MEMBER, "My account"] },
];

test("someone signed out sees the public navigation and a way to sign in", async ({ page, axe }) => {
  await page.goto("/");
  await axe.check();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText([...PUBLIC, "Register"]);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
});

for (const role of ROLES) {
  test(`${role.email} signs in and sees the navigation for their role`, async ({ page, axe }) => {
    await signIn(page, axe, role.email);
    await axe.check();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(role.nav);
    for (const label of role.nav.slice(1)) {
      await nav.getByRole("link", { name: label }).click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await axe.check();
    }
  });
}

test("a wrong password shows the error summary, keeps the email and signs nobody in", async ({ page, axe }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("champion@example.org");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toContainText("The email address or password is not correct");
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expect(page.getByLabel("Email")).toHaveValue("champion@example.org");
  await expect(page.getByLabel("Password")).toHaveValue("");
  await axe.check();
  await summary.getByRole("link").click();
  await expect(page.getByLabel("Email")).toBeFocused();
});

test("the session cookie is HttpOnly, SameSite=Lax and Secure", async ({ page, context, axe }) => {
  await signIn(page, axe, "learner@example.org");
  const cookie = (await context.cookies()).find((c) => c.name === "cn_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
});

test("every response carries the security headers and an enforced CSP", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self' 'nonce-");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy-report-only"]).toBeUndefined();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("the page's scripts run under the CSP with no violations", async ({ page, axe }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/register");
  await axe.check();
  // Hydration has happened: client-side validation is not needed, but the error summary takes focus via React.
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toBeFocused();
  await axe.check();
  expect(violations).toEqual([]);
});

test("a POST from another website is refused and signs nobody in", async ({ request }) => {
  const response = await request.post("/login", {
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    form: { email: "coordinator@example.org", password: "champions-demo-2026" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();
  expect(await response.text()).toContain("came from another website");
});

test("a learner asking for the members list gets a page that explains, with status 403", async ({ page, axe }) => {
  await signIn(page, axe, "learner@example.org");
  const response = await page.goto("/members");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have permission to see this page");
  await axe.check();
});

test("someone signed out is sent to sign in and then on to the page they wanted", async ({ page, axe }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  await axe.check();
  await page.getByLabel("Email").fill("generalist@example.org");
  await page.getByLabel("Password").fill("champions-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
  await axe.check();
});

test("an unknown address gets a helpful 404 page", async ({ page, axe }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page).toHaveTitle(/Page not found/);
  await axe.check();
});

test("a new learner registers, fixing a mistake on the way", async ({ page, axe }) => {
  await page.goto("/register");
  await axe.check();
  await page.getByLabel("Full name").fill("Robin Ashcombe");
  await page.getByLabel("Email").fill("robin.ashcombe@example.org");
  await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Crisis" });
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toContainText("Password must be 8 characters or more");
  await expect(page.getByLabel("Full name")).toHaveValue("Robin Ashcombe");
  await axe.check();
  await page.getByLabel("Password").fill("kettle orchard violet");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Robin Ashcombe");
  await expect(page.getByRole("status")).toContainText("Your account has been created");
  await axe.check();
});

test("an organisation lead edits their organisation's public inbox", async ({ page, axe }) => {
  await signIn(page, axe, "orglead@example.org");
  await page.goto("/organisations/oxford-health");
  await axe.check();
  await page.getByRole("link", { name: "Edit the organisation's details" }).click();
  await axe.check();
  await page.getByLabel("Public contact inbox (optional)").fill("not-an-email");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("alert")).toContainText("correct format");
  await axe.check();
  await page.getByLabel("Public contact inbox (optional)").fill("housing-team@oxford-health.example.org");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status")).toContainText("saved");
  await expect(page.getByRole("link", { name: "housing-team@oxford-health.example.org" })).toBeVisible();
  await axe.check();
  const response = await page.goto("/organisations/crisis/edit");
  expect(response?.status()).toBe(403);
  await axe.check();
});

test("deactivating a member ends their session at once", async ({ page, axe, browser }) => {
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  axe.track(memberPage);
  await memberPage.goto("/register");
  await axe.check(memberPage);
  await memberPage.getByLabel("Full name").fill("Casey Mossley");
  await memberPage.getByLabel("Email").fill("casey.mossley@example.org");
  await memberPage.getByLabel("Organisation", { exact: true }).selectOption({ label: "Salvation Army" });
  await memberPage.getByLabel("Password").fill("lantern meadow pebble");
  await memberPage.getByRole("button", { name: "Create account" }).click();
  await expect(memberPage.getByRole("heading", { level: 1 })).toHaveText("Welcome, Casey Mossley");
  await axe.check(memberPage);

  await signIn(page, axe, "coordinator@example.org");
  await page.goto("/members?q=Casey");
  await axe.check();
  await page.getByRole("link", { name: "Casey Mossley" }).click();
  await axe.check();
  await page.getByLabel("Status").selectOption("deactivated");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("signed out everywhere");
  await axe.check();

  await memberPage.goto("/account");
  await expect(memberPage).toHaveURL(/\/login/);
  await axe.check(memberPage);
  await memberContext.close();
});

test("pages work on a 320 pixel wide screen without sideways scrolling", async ({ page, axe }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/", "/organisations", "/login"]) {
    await page.goto(path);
    await axe.check();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});

test("the skip link moves focus to the main content", async ({ page, axe }) => {
  await page.goto("/organisations");
  await axe.check();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main-content")).toBeFocused();
});
