import { expect, signInAs, test } from "./fixtures";

test("the coordinator imports a spreadsheet with First name / Last name columns, a BOM and CRLF line ends, creating one member and updating another", async ({
  page,
  axe,
}) => {
  const stamp = Date.now();
  await signInAs(page, "coordinator@example.org");
  await page.goto("/members/import");
  await axe.check();
  const csv =
    "\uFEFFFirst name,Surname,E-mail address,Org,Job title\r\n" +
    `Wren,Calloway,wren.calloway.${stamp}@example.org,jobcentre plus ,Work coach\r\n` +
    "Sam,Willowmere,LEARNER@example.org,Jobcentre Plus,Senior work coach\r\n";
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Upload and match columns" }).click();
  await expect(page.getByRole("heading", { name: "Match the columns" })).toBeVisible();
  await expect(page.getByLabel("What “First name” holds")).toHaveValue("firstName");
  await expect(page.getByLabel("What “Surname” holds")).toHaveValue("lastName");
  await expect(page.getByLabel("What “E-mail address” holds")).toHaveValue("email");
  await expect(page.getByLabel("What “Org” holds")).toHaveValue("organisation");
  await axe.check();
  await page.getByRole("button", { name: "Continue to preview" }).click();
  await expect(page.getByRole("status")).toContainText(
    "2 rows: 1 ready to import, 0 with problems, 0 skipped. 1 existing members to update, 0 with no change.",
  );
  const existing = page.getByRole("table", { name: "Existing members and what will change" });
  await expect(existing).toContainText("Sam Willowmere");
  await expect(existing).toContainText("Job title: Work coach → Senior work coach");
  await axe.check();
  await page.getByLabel("Email each new member an invitation to set their password").uncheck();
  await page.getByRole("button", { name: "Import 1 members and update 1" }).click();
  await expect(page.getByRole("status").first()).toContainText("1 members imported. 1 existing members updated.");
  await axe.check();
  await page.goto(`/members?q=${encodeURIComponent("Willowmere")}`);
  // The same path as the page after the import, already scanned.
  await expect(page.getByRole("main")).toContainText("Senior work coach");
});
