import { expect, signInAs, test } from "./fixtures";

test("a new member at a hospital trust finds their go-to contact and the right district contact", async ({
  page,
  axe,
}) => {
  await page.goto("/register");
  await axe.check();
  await page.getByLabel("Full name").fill("Alex Mossbury");
  await page.getByLabel("Email").fill(`alex.mossbury.${Date.now()}@example.org`);
  await page
    .getByLabel("Organisation", { exact: true })
    .selectOption({ label: "Oxford University Hospitals NHS Foundation Trust" });
  await page.getByLabel("Password").fill("violet kettle harbour");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Alex Mossbury");
  await axe.check();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Directory" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Directory of housing contacts");
  await axe.check();
  await page.getByRole("link", { name: "Find my housing contact" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find my housing contact");
  await axe.check();
  // Their own organisation is already chosen; they pick the district.
  await expect(page.getByLabel("Your organisation")).toHaveValue(/\d+/);
  await page.getByLabel("District").selectOption({ label: "Oxford" });
  await page.getByRole("button", { name: "Show contacts" }).click();
  await expect(
    page.getByRole("heading", { name: /Your go-to housing contact at Oxford University Hospitals/ }),
  ).toBeVisible();
  await expect(page.getByRole("article", { name: "Priya Bramblecombe" })).toContainText("Go-to housing contact");
  await expect(page.getByRole("heading", { name: "Oxford City Council: Duty to Refer" })).toBeVisible();
  await expect(page.getByText("Named Duty to Refer contact")).toBeVisible();
  await expect(page.getByText("duty-to-refer@oxford.example.org")).toBeVisible();
  await axe.check();

  // A card's links are plain anchors (PageLink) that navigate in the browser, as Remix's links do: the document, and
  // anything set on its window, stays.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await page.getByRole("link", { name: "Priya Bramblecombe" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Priya Bramblecombe");
  expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
  await axe.check();
  const vcard = await page.request.get(`${page.url()}/vcard`);
  expect(await vcard.text()).toContain("FN:Priya Bramblecombe");
});

test("“someone leaving prison, going to West Oxfordshire” shows the district contact and the relevant champions", async ({
  page,
  axe,
}) => {
  await signInAs(page, "generalist@example.org");
  await page.goto("/directory/ask");
  await axe.check();
  await page.getByLabel("The person's situation").selectOption({ label: "Someone leaving prison" });
  await page.getByLabel("District they live in or are going to").selectOption({ label: "West Oxfordshire" });
  await page.getByRole("button", { name: "Show who to call" }).click();
  await expect(page.getByRole("heading", { name: "Someone leaving prison, West Oxfordshire" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "West Oxfordshire District Council: Duty to Refer" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Ayesha Lindenhurst" })).toBeVisible();
  await expect(page.getByText(/Prison release specialist at National Probation Service/).first()).toBeVisible();
  await axe.check();
});

test("directory search tolerates partial words and combines filters", async ({ page, axe }) => {
  await signInAs(page, "learner@example.org");
  await page.goto("/directory?q=disch");
  await expect(page.getByRole("status")).toContainText("found");
  await expect(page.getByRole("article", { name: "Priya Bramblecombe" })).toBeVisible();
  await axe.check();
  // From the keyboard: Enter on a card's link opens the contact in the browser, and Back returns to the results.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await page
    .getByRole("article", { name: "Priya Bramblecombe" })
    .getByRole("link", { name: "Priya Bramblecombe" })
    .focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Priya Bramblecombe");
  await axe.check();
  await page.goBack();
  await expect(page.getByRole("article", { name: "Priya Bramblecombe" })).toBeVisible();
  expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
  await page.getByLabel("Specialism", { exact: true }).selectOption({ label: "Prison release" });
  await page.getByLabel("Name, role, organisation or specialism").fill("");
  await page.getByLabel("District covered").selectOption({ label: "Cherwell" });
  await page.getByRole("button", { name: "Search" }).click();
  const results = page.getByRole("article");
  await expect(results.first()).toContainText("Prison release");
  await expect(page.getByRole("article", { name: "Priya Bramblecombe" })).toHaveCount(0);
  await axe.check();
});

test("the public sees district pages without named people, and the coordinator sees the coverage grid", async ({
  page,
  axe,
}) => {
  await page.goto("/districts");
  await axe.check();
  await page.getByRole("link", { name: "West Oxfordshire District Council" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("West Oxfordshire District Council");
  await expect(page.getByText("Sign in", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Ayesha Lindenhurst")).toHaveCount(0);
  await axe.check();

  await signInAs(page, "coordinator@example.org");
  await page.goto("/manage/coverage");
  await expect(page.getByRole("table", { name: "Duty to Refer bodies against districts" })).toBeVisible();
  await expect(page.getByText(/gaps?, shaded/)).toBeVisible();
  await axe.check();
});
