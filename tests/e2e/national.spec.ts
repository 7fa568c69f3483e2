/**
 * Pages that change shape at national size, on the second server's
 * national-shaped dataset (tests/e2e/national-dataset.ts; playwright.config.ts):
 * above 30 districts the district filters are a text field that finds the
 * district by name, and above 200 organisations the impact page leaves its
 * organisation tables to their CSVs. The county demo data never shows either,
 * so they are clicked through and scanned with axe here.
 */
import { Secret, TOTP } from "otpauth";
import { expect, signIn, test } from "./fixtures";

const BENCH_PASSWORD = "bench-password-2026";

test.use({ baseURL: `http://localhost:${process.env.E2E_NATIONAL_PORT}` });

test("a champion finds a district by typing part of its name, in the directory and in find my contact", async ({
  page,
  axe,
}) => {
  await signIn(page, axe, "bench-champion@example.org", BENCH_PASSWORD);
  await page.goto("/directory");
  await axe.check();
  const district = page.getByRole("textbox", { name: "District covered" });
  await expect(district).toBeVisible();

  // Part of a name that four districts share: the field says so and links to each.
  await district.fill("North");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("4 districts match “North”: choose one")).toBeVisible();
  const matches = page.locator(".district-matches").getByRole("link");
  await expect(matches).toHaveText(["North Ashbury", "North Birchcombe", "North Brambleworth", "North Copperstead"]);
  await axe.check();
  await matches.filter({ hasText: "North Birchcombe" }).click();
  await expect(page).toHaveURL(/district=la-\d{3}/);
  await expect(district).toHaveValue("North Birchcombe");
  await expect(page.getByRole("heading", { name: /contacts? found/i })).toBeVisible();
  await axe.check();

  // Ten contacts a page: the next page goes on with ten others, and the previous page comes back.
  await district.fill("");
  await page.getByLabel("Name, role, organisation or specialism").fill("housing");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=housing/);
  await expect(page.getByRole("heading", { name: "Contacts found: page 1" })).toBeVisible();
  const cards = page.getByRole("article");
  await expect(cards).toHaveCount(10);
  const first = await cards.allInnerTexts();
  const pager = page.getByRole("navigation", { name: "More results" });
  await pager.getByRole("link", { name: "Next page" }).click();
  await expect(page.getByRole("heading", { name: "Contacts found: page 2" })).toBeVisible();
  await expect(page).toHaveURL(/q=housing.*page=2/);
  await expect(cards).toHaveCount(10);
  const second = await cards.allInnerTexts();
  expect(second.filter((text) => first.includes(text))).toEqual([]);
  await axe.check();
  await pager.getByRole("link", { name: "Previous page" }).click();
  await expect(page).toHaveURL(/page=1/);
  await expect(page.getByRole("heading", { name: "Contacts found: page 1" })).toBeVisible();
  expect(await cards.allInnerTexts()).toEqual(first);

  // A name that matches none is answered at the field, with no results that ignore it.
  await district.fill("Atlantis");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No district or council matches “Atlantis”: check the spelling")).toBeVisible();
  await expect(page.getByRole("heading", { name: /contacts? found/i })).toHaveCount(0);
  await axe.check();

  // Find my contact: a sector and a district typed in full.
  await page.goto("/directory/find");
  await axe.check();
  // Their own organisation is chosen at first: they ask as their sector instead.
  await page.getByLabel("Your organisation").selectOption({ label: "Not listed: use my sector" });
  await page.getByLabel("Or your sector").selectOption({ label: "Health (hospitals and commissioning)" });
  await page.getByRole("textbox", { name: "District" }).fill("North Ashbury");
  await page.getByRole("button", { name: "Show contacts" }).click();
  await expect(page.getByRole("heading", { name: "Go-to housing contacts in your sector" })).toBeVisible();
  await expect(page.getByText("duty-to-refer@la-001.example.org").first()).toBeVisible();
  await axe.check();
});

test("a coordinator's impact report leaves the organisation tables to their CSVs, and finds a district by name", async ({
  page,
  axe,
}) => {
  await signIn(page, axe, "bench-coordinator@example.org", BENCH_PASSWORD);
  // The dataset's coordinator has no two-step sign-in yet: a report sends them to set it up first.
  await page.goto("/reports/impact");
  await expect(page).toHaveURL(/\/account\/two-step/);
  await axe.check();
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  await axe.check();
  const key = (await page.locator(".secret-key").innerText()).replace(/\s+/g, "");
  await page.getByLabel("Code from your app").fill(TOTP.generate({ secret: Secret.fromBase32(key) }));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  await axe.check();
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(page).toHaveURL(/\/reports\/impact$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impact: prevention outcomes and reach");
  await axe.check();

  // Each organisation table: a folded section whose paragraph links to the CSV with every row.
  const folded = page.locator("details.report-detail").filter({ hasText: "too many to read on a page" });
  await expect(folded).toHaveCount(2);
  for (const section of await folded.all()) {
    await section.locator("summary").click();
    await expect(section.getByText(/This table has a row for each of the \d+ organisations/)).toBeVisible();
    const download = section.getByRole("link", { name: /Download .* \(CSV\)/ });
    const csv = await page.request.get((await download.getAttribute("href"))!);
    expect(csv.status()).toBe(200);
    const rows = (await csv.text()).trim().split(/\r?\n/);
    expect(rows.length).toBeGreaterThan(201);
  }
  // Both sections open: one scan covers both paragraphs.
  await axe.check();

  // The report's district filter is a text field too.
  await page.getByRole("textbox", { name: "District" }).fill("South");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText(/\d+ districts match “South”: choose one/)).toBeVisible();
  await axe.check();
  await page.locator(".district-matches").getByRole("link").first().click();
  await expect(page).toHaveURL(/district=la-\d{3}/);
  await expect(page.getByRole("heading", { name: "Detail" })).toBeVisible();
  await axe.check();
});
