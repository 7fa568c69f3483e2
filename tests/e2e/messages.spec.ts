/**
 * Coordinator messages (issue 17), in Chromium with axe on every page: the
 * coordinator writes to lapsed Tier 1 champions, sees how many will receive it
 * and the email as the first of them gets it, sends it, and finds it in sent
 * messages with its count.
 */
import { expect, signInAs, test } from "./fixtures";

test("the coordinator previews a message to lapsed champions, sends it and finds it in sent messages", async ({
  page,
  axe,
}) => {
  await signInAs(page, "coordinator@example.org");
  await page.goto("/manage");
  await axe.check();
  await page.getByRole("link", { name: "Messages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sent messages" })).toBeVisible();
  await axe.check();
  await page.getByRole("link", { name: "Write a message" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Write a message" })).toBeVisible();
  await axe.check();

  const subject = `Come back to Tier 1 ${Date.now().toString(36)}`;
  await page.getByLabel("Subject").fill(subject);
  await page
    .getByLabel("Message")
    .fill("We miss you. Book the next workshop: [workshops](https://example.org/workshops)");
  await page.getByLabel("Lapsed Tier 1 champions").check();
  await page.getByRole("button", { name: "Preview and count recipients" }).click();

  const count = page.locator("#recipient-count");
  await expect(count).toContainText("To Lapsed Tier 1 champions:");
  const people = Number(/(\d+) (?:person|people)/.exec((await count.textContent()) ?? "")?.[1]);
  expect(people).toBeGreaterThan(0);
  await expect(page.locator("pre.email")).toContainText("workshops (https://example.org/workshops)");
  await axe.check();

  await page.getByRole("button", { name: `Send to ${people} ${people === 1 ? "person" : "people"}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByText(`Message queued for ${people} ${people === 1 ? "person" : "people"}.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "workshops", exact: true })).toHaveAttribute(
    "href",
    "https://example.org/workshops",
  );
  await axe.check();

  await page.getByRole("link", { name: "All sent messages" }).click();
  const row = page.getByRole("row", { name: new RegExp(subject) });
  await expect(row).toContainText("Lapsed Tier 1 champions");
  await expect(row).toContainText(String(people));
  await axe.check();
});
