/**
 * Accounts that look after themselves, in Chromium: a forgotten password
 * through the emailed link, a change of password, a change of email address
 * through the confirmation link, and the coordinator re-inviting a member
 * whose invitation expired. Links are read from the outbox (no SMTP server is
 * set in the e2e server, so every email waits there with its text). Each test
 * makes its own member, so the demo accounts other specs use keep their passwords.
 */
import Database from "better-sqlite3";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, signInAs, test, type Axe } from "./fixtures";

/** The link to `path` in the newest email to `to`, read from the server's outbox table. */
function linkFromOutbox(to: string, path: string) {
  const db = new Database(process.env.E2E_DATABASE_URL!, { readonly: true, fileMustExist: true });
  try {
    const email = db
      .prepare("SELECT body FROM outbox WHERE to_address = ? AND body LIKE ? ORDER BY id DESC LIMIT 1")
      .get(to, `%${path}/%`) as { body: string } | undefined;
    if (!email) throw new Error(`no email to ${to} with a ${path} link`);
    const link = new RegExp(`https?://[^\\s]+${path}/[A-Za-z0-9_-]+`).exec(email.body)?.[0];
    if (!link) throw new Error(`no ${path} link in the email to ${to}`);
    // The e2e server's APP_URL is its own: only the path is needed.
    return new URL(link).pathname;
  } finally {
    db.close();
  }
}

function unique(prefix: string) {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
}

/** A new learner who registered themselves (through the public form's post), signed in only in `request`. */
async function registerMember(request: APIRequestContext, email: string, password: string) {
  const response = await request.post("/register", {
    form: {
      name: "Robin Quayside",
      email,
      jobTitle: "Support worker",
      password,
      organisation: "other",
      otherOrganisation: "Quayside Project",
    },
    maxRedirects: 0,
  });
  expect(response.status(), `registering ${email}`).toBe(302);
}

async function signInWithForm(page: Page, axe: Axe, email: string, password: string) {
  await page.goto("/login");
  await axe.check(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await axe.check(page);
}

/** From My account, follows a link to one of its pages (named as the link is), scanning both. */
async function openFromMyAccount(page: Page, axe: Axe, name: string) {
  await page.goto("/account");
  await axe.check();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await axe.check();
}

test("a member who forgot their password sets a new one through the emailed link and is signed in", async ({
  page,
  axe,
  request,
}) => {
  const email = unique("forgetful");
  await registerMember(request, email, "an old forgotten passphrase 1");

  await page.goto("/login");
  await axe.check();
  await page.getByRole("link", { name: "Forgotten your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgotten your password?" })).toBeVisible();
  await axe.check();
  // An address that is not an email first: the error summary, with the address kept.
  await page.getByLabel("Email").fill("not an address");
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter an email address in the correct format");
  await expect(page).toHaveTitle(/^Error: /);
  await axe.check();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("If that address belongs to an account in the network");
  await axe.check();

  const link = linkFromOutbox(email, "/reset-password");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await axe.check();
  await page.getByLabel("New password").fill("a fresh remembered passphrase 2");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("status")).toContainText("Your new password is set, and you are signed in.");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await axe.check();

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
  await axe.check();
  // The old password no longer signs in; the new one does.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signInWithForm(page, axe, email, "a fresh remembered passphrase 2");
});

test("a member changes their password in My account and is told by email", async ({ page, axe, request }) => {
  const email = unique("changer");
  await registerMember(request, email, "the first passphrase of mine 3");
  await signInWithForm(page, axe, email, "the first passphrase of mine 3");

  await openFromMyAccount(page, axe, "Change your password");
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password").fill("the second passphrase of mine 4");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("Your current password is not correct");
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await axe.check();
  await page.getByLabel("Current password").fill("the first passphrase of mine 3");
  await page.getByLabel("New password").fill("the second passphrase of mine 4");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText(
    "Your password has been changed. You have been signed out everywhere else.",
  );
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
  await axe.check();

  // The other sign-in (the registration's) has ended; the email says what happened.
  expect((await request.get("/account", { maxRedirects: 0 })).status()).toBe(302);
  const db = new Database(process.env.E2E_DATABASE_URL!, { readonly: true });
  const told = db.prepare("SELECT subject FROM outbox WHERE to_address = ? AND kind = 'password-changed'").all(email);
  db.close();
  expect(told).toEqual([{ subject: "Your Champions Network password has been changed" }]);
});

test("a member changes their email address through the link sent to the new one", async ({ page, axe, request }) => {
  const email = unique("mover");
  const newEmail = unique("moved");
  await registerMember(request, email, "a mover's own passphrase 5");
  await signInWithForm(page, axe, email, "a mover's own passphrase 5");

  await openFromMyAccount(page, axe, "Change your email address");
  // Someone else's address is refused without saying whose it is.
  await page.getByLabel("New email address").fill("learner@example.org");
  await page.getByLabel("Current password").fill("a mover's own passphrase 5");
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByRole("alert")).toContainText("This email address is already used by another account.");
  await expect(page.getByLabel("New email address")).toHaveValue("learner@example.org");
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await axe.check();
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Current password").fill("a mover's own passphrase 5");
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByRole("status").first()).toContainText("We have sent a link to your new address.");
  await expect(page.getByText(`We sent a link to ${newEmail}`)).toBeVisible();
  await axe.check();

  await page.goto(linkFromOutbox(newEmail, "/email-change/confirm"));
  await expect(page.getByRole("heading", { name: "Confirm your new email address" })).toBeVisible();
  await axe.check();
  await page.getByRole("button", { name: "Use this email address" }).click();
  await expect(page.getByRole("status")).toContainText("Your email address has been changed.");
  await expect(page.getByRole("definition").filter({ hasText: newEmail })).toBeVisible();
  await axe.check();

  // The old address was told, with a way to say it was not them.
  const report = linkFromOutbox(email, "/email-change/report");
  expect(report).toMatch(/^\/email-change\/report\/[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signInWithForm(page, axe, newEmail, "a mover's own passphrase 5");
});

test("the coordinator re-invites a member whose invitation expired, who then sets a password and signs in", async ({
  page,
  axe,
  browser,
}) => {
  const email = unique("latecomer");
  await signInAs(page, "coordinator@example.org");
  await page.goto("/members/invite");
  await axe.check();
  await page.getByLabel("Full name").fill("Lou Latecomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Organisation", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText("Lou Latecomer has been invited.");
  await axe.check();
  const firstLink = linkFromOutbox(email, "/invite");

  // Eight days pass: the first invitation expires.
  const db = new Database(process.env.E2E_DATABASE_URL!);
  const memberId = (db.prepare("SELECT id FROM members WHERE email = ?").get(email) as { id: number }).id;
  db.prepare("UPDATE invitations SET expires_at = ?, created_at = ? WHERE member_id = ?").run(
    Date.now() - 86_400_000,
    Date.now() - 8 * 86_400_000,
    memberId,
  );
  db.close();

  await page.goto(`/members/${memberId}`);
  await expect(page.getByText("Lou Latecomer has not set a password yet. Their invitation expired on")).toBeVisible();
  await axe.check();
  await page.getByRole("button", { name: "Send a new invitation" }).click();
  await expect(page.getByRole("status")).toContainText("A new invitation has been sent to Lou Latecomer.");
  await expect(page.getByText("Their invitation works until")).toBeVisible();
  await axe.check();
  const newLink = linkFromOutbox(email, "/invite");
  expect(newLink).not.toBe(firstLink);

  // The member, in their own browser.
  const context = await browser.newContext();
  const member = await context.newPage();
  axe.track(member);
  await member.goto(firstLink);
  await expect(member.getByRole("heading", { name: "This invitation has expired or has been used" })).toBeVisible();
  await axe.check(member);
  await member.goto(newLink);
  await expect(member.getByRole("heading", { name: "Welcome, Lou Latecomer" })).toBeVisible();
  await axe.check(member);
  await member.getByLabel("Password").fill("a latecomer's passphrase 6");
  await member.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(member.getByRole("button", { name: "Sign out" })).toBeVisible();
  await axe.check(member);
  await member.getByRole("button", { name: "Sign out" }).click();
  await expect(member.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signInWithForm(member, axe, email, "a latecomer's passphrase 6");
  await context.close();
});
