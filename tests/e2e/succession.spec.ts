/**
 * Champion succession (issue 16), in Chromium with axe on every page: a
 * champion moving on names a colleague, the gap shows on the organisation's
 * page, the organisation lead confirms and the successor books the place held
 * for them with one click; and an organisation lead books a workshop place for
 * a colleague, who sees the booking. Each test makes its own organisation and
 * people, so the demo data other specs use is left as it was.
 */
import Database from "better-sqlite3";
import { expect, signInAs, test } from "./fixtures";

type Person = { email: string; name: string };

/** A new organisation with a lead, a Tier 1 champion (new, so current) and a colleague, written to the server's database. */
function newOrganisation(colleagueTier: number) {
  const db = new Database(process.env.E2E_DATABASE_URL!, { fileMustExist: true });
  try {
    const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const now = Date.now();
    // The demo password, as the demo accounts have it.
    const { password_hash: hash } = db
      .prepare("SELECT password_hash FROM members WHERE email = 'champion@example.org'")
      .get() as { password_hash: string };
    const name = `Succession Trust ${stamp}`;
    const slug = `succession-trust-${stamp}`;
    const organisationId = db
      .prepare(
        "INSERT INTO organisations (slug, name, sector, subject_to_duty_to_refer, description, created_at, updated_at) " +
          "VALUES (?, ?, 'voluntary_and_community', 0, '', ?, ?)",
      )
      .run(slug, name, now, now).lastInsertRowid;
    const person = (first: string, role: string, tier: number): Person => {
      const email = `${first.toLowerCase()}.${stamp}@example.org`;
      const fullName = `${first} Hollowmere`;
      db.prepare(
        "INSERT INTO members (email, name, job_title, organisation_id, role, tier, status, password_hash, created_at, " +
          "updated_at, tier1_since) VALUES (?, ?, 'Support worker', ?, ?, ?, 'active', ?, ?, ?, ?)",
      ).run(email, fullName, organisationId, role, tier, hash, now, now, tier === 1 ? now : null);
      return { email, name: fullName };
    };
    return {
      name,
      slug,
      lead: person("Lena", "org_lead", 2),
      champion: person("Carys", "learner", 1),
      colleague: person("Kofi", "learner", colleagueTier),
    };
  } finally {
    db.close();
  }
}

/** The one-click link to the place held for `to`, from the newest email in the server's outbox. */
function heldPlaceLink(to: string) {
  const db = new Database(process.env.E2E_DATABASE_URL!, { readonly: true, fileMustExist: true });
  try {
    const email = db
      .prepare("SELECT body FROM outbox WHERE to_address = ? AND body LIKE '%/hold%' ORDER BY id DESC LIMIT 1")
      .get(to) as { body: string } | undefined;
    const link = email && /https?:\/\/\S+\/workshops\/\d+\/hold/.exec(email.body)?.[0];
    if (!link) throw new Error(`no held place link in an email to ${to}`);
    return new URL(link).pathname;
  } finally {
    db.close();
  }
}

test("a champion moving on names a colleague, the lead confirms, and the successor books the held place", async ({
  page,
  browser,
  axe,
}) => {
  const o = newOrganisation(3);
  // Three people, each in their own browser, signed in at once.
  const [lead, successor] = await Promise.all([browser.newPage(), browser.newPage()]);
  axe.track(lead);
  axe.track(successor);
  await Promise.all([
    signInAs(page, o.champion.email),
    signInAs(lead, o.lead.email),
    signInAs(successor, o.colleague.email),
  ]);

  await page.goto("/account");
  await axe.check();
  await page.getByRole("link", { name: "I'm moving on" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("I'm moving on");
  await axe.check();
  await page.getByLabel("Your successor").selectOption({ label: o.colleague.name });
  await page.getByRole("button", { name: "Name my successor" }).click();
  await expect(page.getByText("Your organisation lead has been asked to confirm your successor.")).toBeVisible();

  // The organisation is left without a current champion: its page shows the gap, and its lead the way to close it.
  await lead.goto(`/organisations/${o.slug}`);
  await expect(lead.getByText("Champion gap open for 0 days")).toBeVisible();
  await axe.check(lead);
  await lead.getByRole("link", { name: "Nominate a successor" }).click();
  await expect(lead.getByText(`${o.champion.name} is moving on and has named`)).toBeVisible();
  await axe.check(lead);
  await lead.getByRole("button", { name: `Confirm ${o.colleague.name}` }).click();
  await expect(lead.getByText("The nomination is confirmed.")).toBeVisible();
  await expect(lead.getByText(`${o.name} has a current Tier 1 champion.`)).toBeVisible();

  // The successor books the place held for them with one click from their email.
  await successor.goto(heldPlaceLink(o.colleague.email));
  await expect(successor.getByText(/A place is held for you until/)).toBeVisible();
  await axe.check(successor);
  await successor.getByRole("button", { name: "Book my place" }).click();
  await expect(successor.getByText("Your place is booked. We have emailed you the details.")).toBeVisible();
  await axe.check(successor);
});

test("an organisation lead books a workshop place for a colleague, who sees the booking", async ({
  page,
  browser,
  axe,
}) => {
  const o = newOrganisation(1);
  const colleague = await browser.newPage();
  axe.track(colleague);
  await Promise.all([signInAs(page, o.lead.email), signInAs(colleague, o.colleague.email)]);
  await page.goto(`/organisations/${o.slug}/succession`);
  await axe.check();
  const places = page.getByRole("region", { name: "Hold or book a workshop place for a colleague" });
  await places.getByLabel("Colleague").selectOption({ label: o.colleague.name });
  // The furthest workshop ahead: the one other specs' bookings are least likely to have filled.
  const workshops = places.getByLabel("Workshop");
  const options = await workshops.locator("option").allInnerTexts();
  const chosen = options[options.length - 1];
  await workshops.selectOption({ label: chosen });
  await places.getByRole("button", { name: "Book the place" }).click();
  await expect(page.getByText(`A place is booked for ${o.colleague.name}, who has been emailed.`)).toBeVisible();
  await axe.check();

  await colleague.goto("/workshops");
  const title = chosen.slice(0, chosen.indexOf(", "));
  const booking = colleague.locator("h2", { hasText: "Your bookings" }).locator("xpath=following-sibling::ul[1]");
  await expect(booking.locator("li", { hasText: title })).toContainText("Booked");
  await axe.check(colleague);
});
