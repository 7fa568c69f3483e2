import { Secret, TOTP } from "otpauth";
import { expect, signInAs, test, type Axe } from "./fixtures";
import type { Page } from "@playwright/test";

const PASSWORD = "heron lantern orchard 42";

/** The code an authenticator app would show for this key at this 30-second step. */
function codeAt(key: string, step: number) {
  return TOTP.generate({ secret: Secret.fromBase32(key.replace(/\s+/g, "")), timestamp: step * 30_000 });
}

const currentStep = () => Math.floor(Date.now() / 30_000);

async function signOut(page: Page, axe: Axe) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await axe.check();
}

async function passwordStep(page: Page, axe: Axe, email: string) {
  await page.goto("/login");
  await axe.check();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
  await axe.check();
}

test.describe.configure({ mode: "serial" });

const person = {
  email: `ash.twostep.${Date.now()}@salvation-army.example.org`,
  registered: false,
  key: "",
  recoveryCode: "",
  lastStep: 0,
};

test("a member registers and the administrator makes them a coordinator", async ({ page, browser, axe }) => {
  // A member registers, and the administrator makes them a coordinator.
  await page.goto("/register");
  await axe.check();
  await page.getByLabel("Full name").fill("Ash Twostep");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Salvation Army" });
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Ash Twostep");
  await axe.check();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  axe.track(admin);
  await signInAs(admin, "admin@example.org");
  await admin.goto("/members?q=Twostep");
  await axe.check(admin);
  await admin.getByRole("link", { name: "Ash Twostep" }).click();
  await axe.check(admin);
  await admin.getByLabel("Role").selectOption({ label: "Network coordinator" });
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByRole("status")).toBeVisible();
  await axe.check(admin);
  await adminContext.close();
  person.registered = true;
});

test("the new coordinator is sent from a staff page to set up two-step sign-in, and sets it up with a code from their app", async ({
  page,
  axe,
}) => {
  expect(person.registered, "the coordinator is made in the test before").toBe(true);
  // Signed in with the password alone, a staff page sends them to set up two-step sign-in.
  await signInAs(page, person.email, PASSWORD);
  await page.goto("/members");
  await expect(page).toHaveURL(/\/account\/two-step\?redirectTo=%2Fmembers$/);
  await expect(page.getByText("Set up two-step sign-in to use the coordinator pages")).toBeVisible();
  await axe.check();
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toHaveAttribute(
    "src",
    /^data:image\/svg\+xml;base64,/,
  );
  await axe.check();
  person.key = (await page.locator(".secret-key").innerText()).trim();
  person.lastStep = currentStep();
  await page.getByLabel("Code from your app").fill(codeAt(person.key, person.lastStep));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allInnerTexts();
  expect(codes).toHaveLength(10);
  person.recoveryCode = codes[0].trim();
  await axe.check();
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await axe.check();
});

test("the coordinator signs in with a code from their app, and signs out", async ({ page, axe }) => {
  expect(person.key, "two-step sign-in is set up in the test before").toBeTruthy();
  // With a code from the app: the next one, since the set-up used the last.
  await passwordStep(page, axe, person.email);
  const step = Math.max(currentStep(), person.lastStep + 1);
  await page.getByLabel("Code").fill(codeAt(person.key, step));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await axe.check();
  await page.goto("/members");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Members/);
  await axe.check();
  await signOut(page, axe);
});

test("the coordinator signs in with a recovery code, which then no longer works", async ({ page, axe }) => {
  expect(person.recoveryCode, "recovery codes are shown in the set-up before").toBeTruthy();
  await passwordStep(page, axe, person.email);
  await page.getByLabel("Code").fill(person.recoveryCode);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await axe.check();
  await signOut(page, axe);

  // The same recovery code a second time is refused, and no session is made.
  await passwordStep(page, axe, person.email);
  await page.getByLabel("Code").fill(person.recoveryCode);
  await page.getByRole("button", { name: "Continue" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("The code is not correct");
  await expect(page).toHaveTitle(/^Error: /);
  await axe.check();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});
