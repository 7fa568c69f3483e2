import fs from "node:fs";
import { loadCatalogue } from "../../app/lib/content/catalogue.server";
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

const awareness = loadCatalogue().byId.get("homelessness-awareness")!;

/** The questions the check page shows (an attempt may ask some of a bank), found by their prompts; answers are picked by text. */
async function shownQuestions(page: Page) {
  const legends = await page.locator("fieldset legend").allTextContents();
  const shown = awareness.check.questions.filter((q) => legends.some((legend) => legend.includes(q.prompt)));
  expect(shown).toHaveLength(legends.length);
  return shown;
}

// A new learner's first module, in order: each step is a test with its own time limit.
test.describe("a new learner registers, completes the awareness module, passes, downloads the certificate and it verifies in a fresh browser", () => {
  test.describe.configure({ mode: "serial" });
  const learner = { email: "jamie.rowanfield@example.org", password: "harbour willow candle" };
  let code = "";

  test("registers and reads the module, leaving part-way and resuming where they left off", async ({ page, axe }) => {
    await page.goto("/register");
    await axe.check();
    await page.getByLabel("Full name").fill("Jamie Rowanfield");
    await page.getByLabel("Email").fill(learner.email);
    await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Citizens Advice" });
    await page.getByLabel("Password").fill(learner.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Jamie Rowanfield");
    await axe.check();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "E-learning" }).click();
    await axe.check();
    await page.getByRole("link", { name: "Homelessness awareness" }).click();
    await expect(page.getByText("Checked against the law as it stood on 30 November 2026")).toBeVisible();
    await axe.check();
    await page.getByRole("link", { name: "Start the module" }).click();
    await expect(page.getByText("Checked against the law as it stood on 30 November 2026")).toBeVisible();

    const total = awareness.lessons.length;
    // Read two lessons, leave, and come back: the module resumes at lesson 3.
    for (let i = 1; i <= 2; i += 1) {
      await expect(page.getByText(`Homelessness awareness: lesson ${i} of ${total}`)).toBeVisible();
      await expect(page.getByLabel(`${i - 1} of ${total} lessons read`)).toBeVisible();
      await axe.check();
      await page.getByRole("button", { name: "Continue to the next lesson" }).click();
    }
    // The second lesson is marked read when its form's answer arrives, which is lesson 3; leaving
    // before then would cancel the request and the module would rightly resume at lesson 2.
    await expect(page.getByText(`Homelessness awareness: lesson 3 of ${total}`)).toBeVisible();
    await page.goto("/learn");
    await axe.check();
    await page.getByRole("link", { name: "Homelessness awareness" }).click();
    await expect(page.getByLabel(`2 of ${total} lessons read`)).toBeVisible();
    await axe.check();
    await page.getByRole("link", { name: "Continue where you left off" }).click();
    await expect(page.getByText(`Homelessness awareness: lesson 3 of ${total}`)).toBeVisible();
    for (let i = 3; i <= total; i += 1) {
      await expect(page.getByText(`Homelessness awareness: lesson ${i} of ${total}`)).toBeVisible();
      await axe.check();
      const label = i === total ? "Finish and go to the knowledge check" : "Continue to the next lesson";
      await page.getByRole("button", { name: label }).click();
    }

    await expect(page.getByRole("heading", { level: 1, name: "Knowledge check" })).toBeVisible();
    await axe.check();
  });

  test("fails the knowledge check, learns why, retakes it, passes and downloads the certificate", async ({
    page,
    axe,
  }) => {
    await signInAs(page, learner.email, learner.password);
    await page.goto(`/learn/${awareness.id}/check`);
    // First attempt: everything wrong, to see the feedback and retake.
    await expect(page.getByRole("heading", { level: 1, name: "Knowledge check" })).toBeVisible();
    await axe.check();
    // The instructions once, "Select all that apply." once under each multiple-answer question, and no answer key.
    const shown = await shownQuestions(page);
    await expect(page.getByText(/You need \d+% to pass/)).toHaveCount(1);
    await expect(page.getByText("Select all that apply.")).toHaveCount(
      shown.filter((q) => q.type === "multiple").length,
    );
    const html = await page.content();
    for (const question of awareness.check.questions) expect(html).not.toContain(question.explanation);
    expect(html).not.toMatch(/"correct"|correct:/);
    for (const question of shown) {
      const wrong = question.options.find((o) => !o.correct)!;
      await page.getByRole("group", { name: question.prompt }).getByLabel(wrong.text, { exact: true }).check();
    }
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You did not pass this time");
    await expect(page.getByText(awareness.check.questions[0].explanation)).toBeVisible();
    await axe.check();
    await page.getByRole("link", { name: "Try the knowledge check again" }).click();
    await axe.check();

    for (const question of await shownQuestions(page)) {
      const group = page.getByRole("group", { name: question.prompt });
      for (const option of question.options.filter((o) => o.correct)) {
        await group.getByLabel(option.text, { exact: true }).check();
      }
    }
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You passed");
    await axe.check();

    await page.getByRole("link", { name: "Get your certificate" }).click();
    const certificate = page.getByRole("article", { name: "Certificate" });
    await expect(certificate).toContainText("Jamie Rowanfield");
    await expect(certificate).toContainText("Citizens Advice");
    await expect(certificate).toContainText("Homelessness awareness");
    await expect(certificate).toContainText("Tier 3 Awareness");
    await axe.check();
    code = (await certificate.locator(".certificate__code").first().textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{1,4}){6}$/);

    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download PDF" }).click();
    const download = await downloadPromise;
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(download.suggestedFilename()).toBe("certificate-homelessness-awareness.pdf");

    // My learning shows the certificate and Tier 3 achieved.
    await page.goto("/learning");
    await axe.check();
    await expect(page.getByRole("heading", { name: /Tier 3 Awareness/ })).toContainText("Achieved");
    await expect(page.getByRole("link", { name: "Homelessness awareness" }).first()).toBeVisible();
  });

  test("a stranger with a fresh browser, not signed in, checks the certificate's code", async ({
    page: strangerPage,
    axe,
  }) => {
    await strangerPage.goto("/verify");
    await axe.check(strangerPage);
    await strangerPage.getByLabel("Verification code").fill(code.toLowerCase());
    await strangerPage.getByRole("button", { name: "Check certificate" }).click();
    await expect(strangerPage.getByRole("heading", { level: 1 })).toHaveText("This certificate is genuine and current");
    await expect(strangerPage.getByText("Jamie Rowanfield")).toBeVisible();
    await expect(strangerPage.getByText("Homelessness awareness")).toBeVisible();
    await axe.check(strangerPage);

    const unknown = await strangerPage.goto("/verify/AAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown?.status()).toBe(404);
    await expect(strangerPage.getByRole("heading", { level: 1 })).toHaveText("Certificate not found");
    await axe.check(strangerPage);

    // The certificate page itself is private to the learner.
    const privatePage = await strangerPage.goto(`/certificates/${code.replace(/-/g, "")}`);
    expect(privatePage?.url()).toContain("/login");
    await axe.check(strangerPage);
  });
});

test("the knowledge check sends no answer key to the browser", async ({ page, axe }) => {
  await page.goto("/login");
  await axe.check();
  await page.getByLabel("Email").fill("champion@example.org");
  await page.getByLabel("Password").fill("champions-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await axe.check();
  const response = await page.request.get(
    "/learn/homelessness-awareness/check?_data=routes%2Flearn.%24moduleId.check._index",
  );
  const body = await response.text();
  expect(body).toContain(awareness.check.questions[0].prompt.slice(0, 30));
  expect(body).not.toContain('"correct"');
  expect(body).not.toContain(awareness.check.questions[0].explanation.slice(0, 40));
});
