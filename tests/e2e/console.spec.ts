import fs from "node:fs";
import { expect, signInAs, test } from "./fixtures";

test("the coordinator imports a spreadsheet with good and bad rows, fixes the preview, and finds the new members in reports and the directory", async ({
  page,
  axe,
}) => {
  const stamp = Date.now();
  await signInAs(page, "coordinator@example.org");
  await page.goto("/members");
  await axe.check();
  await page.getByRole("link", { name: "Import from a spreadsheet" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import members from a spreadsheet");
  await axe.check();
  const csv =
    "\uFEFFName,Email,Organisation,Job title,Tier,Directory\r\n" +
    `"Quill, Robin",robin.quill.${stamp}@example.org,Crisis,"Outreach worker, nights",2,yes\r\n` +
    `Tamsin Oakhurst,tamsin.oakhurst.${stamp}@example,Turning Point,Recovery worker,1,yes\r\n` +
    `Nobody Known,nobody.${stamp}@example.org,Atlantis Housing,,3,no\r\n`;
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Upload and match columns" }).click();
  await page.getByRole("button", { name: "Continue to preview" }).click();
  await expect(page.getByRole("status")).toContainText("3 rows: 1 ready to import, 2 with problems, 0 skipped");
  await expect(page.getByRole("alert")).toContainText("Row 3, email");
  await expect(page.getByRole("alert")).toContainText("Row 4, organisation");
  await axe.check();

  await page.getByLabel("Email (row 3)").fill(`tamsin.oakhurst.${stamp}@example.org`);
  await page.getByLabel("Skip row 4").check();
  await page.getByRole("button", { name: "Check again" }).click();
  await expect(page.getByRole("status")).toContainText("3 rows: 2 ready to import, 0 with problems, 1 skipped");
  await axe.check();
  await page.getByRole("button", { name: "Import 2 members" }).click();
  await expect(page.getByRole("status").first()).toContainText("2 members imported");
  await axe.check();

  await page.goto(`/members?q=${stamp}`);
  await expect(page.getByRole("link", { name: "Tamsin Oakhurst" })).toBeVisible();
  await axe.check();
  await page.goto(`/directory?q=Oakhurst`);
  await expect(page.getByRole("article", { name: "Tamsin Oakhurst" })).toBeVisible();
  await axe.check();
  await page.goto("/reports/tiers");
  // Read whether or not the table is long enough to be folded under the summary and chart.
  const tiers = page.locator("table", {
    has: page.locator("caption", { hasText: "Active members by organisation and tier" }),
  });
  await expect(tiers.locator("tr", { hasText: "Turning Point" })).toContainText("1");
  await expect(page.locator("svg[role=img] title")).toHaveText("Active members by tier");
  await axe.check();
});

test("network health shows the seeded gaps, and reports download as CSV", async ({ page, axe }) => {
  await signInAs(page, "coordinator@example.org");
  await page.goto("/manage/health");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Network health");
  const gaps = page
    .getByRole("heading", { name: /Organisations without a current Tier 1 champion/ })
    .locator("xpath=following-sibling::ul[1]");
  await expect(gaps).toContainText("Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board");
  await expect(gaps).toContainText("HMP Spring Hill");
  await expect(page.getByRole("table", { name: "Attendance at the last six Tier 1 workshops" })).toBeVisible();
  await axe.check();
  for (const report of ["completions", "attendance", "refreshers", "feedback"]) {
    await page.goto(`/reports/${report}`);
    await expect(page.locator("figure svg[role=img]")).toBeVisible();
    await axe.check();
  }
  const csv = await page.request.get("/reports/attendance/csv");
  expect(csv.headers()["content-type"]).toMatch(/text\/csv/);
  // One table per CSV, its header on line 1 (after the byte-order mark Excel needs).
  const [header, first] = (await csv.text()).replace(/^\uFEFF/, "").split(/\r?\n/);
  expect(header).toBe("Workshop,Date,Booked,Attended,Rate (%)");
  expect(first).toMatch(/^"Tier 1 champions' workshop: .+",\d{1,2} \w+ \d{4},\d+,\d+,\d+$/);
  await page.goto("/manage/audit");
  await axe.check();
});

test("the coordinator checks Tier 1 currency, lapsed champions first and by tab", async ({ page, axe }) => {
  await signInAs(page, "coordinator@example.org");
  await page.goto("/manage/currency");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tier 1 currency");
  const tabs = page.getByRole("navigation", { name: "Champions by currency" });
  await expect(tabs.getByRole("link", { name: /^All \(\d+\)$/ })).toHaveAttribute("aria-current", "page");
  await axe.check();
  const lapsedTab = tabs.getByRole("link", { name: /^Lapsed \(\d+\)$/ });
  const lapsed = Number((await lapsedTab.textContent())!.match(/\d+/)![0]);
  await lapsedTab.click();
  await expect(lapsedTab).toHaveAttribute("aria-current", "page");
  const rows = page.getByRole("table", { name: "Tier 1 champions and their currency" }).getByRole("row");
  // A header row, then one row per lapsed champion, each marked Lapsed.
  await expect(rows).toHaveCount(lapsed + 1);
  for (const row of await rows.all().then((all) => all.slice(1))) await expect(row).toContainText("Lapsed");
  await axe.check();
});

test("an organisation lead sees only their own organisation's reports", async ({ page, axe }) => {
  await signInAs(page, "orglead@example.org");
  await page.goto("/reports/tiers");
  await expect(page.getByRole("table", { name: "Active members by organisation and tier" })).toContainText(
    "Oxford Health",
  );
  await expect(page.getByRole("table", { name: "Active members by organisation and tier" })).not.toContainText(
    "Crisis",
  );
  await axe.check();
  const other = await page.goto("/reports/tiers?organisation=1");
  expect(other?.status()).toBe(403);
  await axe.check();
});

test("a member downloads everything held about them", async ({ page, axe }) => {
  await signInAs(page, "learner@example.org");
  await page.goto("/account");
  await axe.check();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download everything held about me (JSON)" }).click();
  const file = await download;
  const data = JSON.parse(fs.readFileSync((await file.path())!, "utf8"));
  expect(data.member.email).toBe("learner@example.org");
});

test("a contact confirms their directory entry from their account", async ({ page, axe }) => {
  await signInAs(page, "champion@example.org");
  await page.goto("/account");
  await axe.check();
  await page.getByRole("link", { name: "My directory entry" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My directory entry");
  await axe.check();
  await page.getByRole("button", { name: "My details are still right" }).click();
  await expect(page.getByRole("status")).toContainText("confirmed for another six months");
  await axe.check();
});

test("the coordinator erases a member on request, after confirming", async ({ page, axe }) => {
  const stamp = Date.now();
  await signInAs(page, "coordinator@example.org");
  await page.goto("/members/invite");
  await axe.check();
  await page.getByLabel("Full name").fill(`Erin Larchford ${stamp}`);
  await page.getByLabel("Email").fill(`erin.${stamp}@example.org`);
  await page.getByLabel("Organisation").selectOption({ label: "Crisis" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText("has been invited");
  await axe.check();
  await page.getByRole("link", { name: "Erase this member's personal details" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Erase Erin Larchford ${stamp}'s personal details`);
  await axe.check();
  await page.getByRole("button", { name: "Erase personal details" }).click();
  await expect(page.getByRole("alert")).toContainText("Confirm that you want to erase");
  await axe.check();
  await page.getByLabel(/has asked for erasure/).check();
  await page.getByRole("button", { name: "Erase personal details" }).click();
  await expect(page.getByRole("status")).toContainText("personal details have been erased");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Erased member");
  await axe.check();
});
