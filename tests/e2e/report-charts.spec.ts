/**
 * Report charts can be read (issue 20): every label on a chart is whole
 * inside the chart, or cut at its end with an ellipsis and the full text
 * beside it (a <title>, read as a tooltip, and in the chart's description),
 * on a phone, on a wide screen and when printed. The summary comes first and
 * the long tables after it.
 */
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

const REPORTS = ["completions", "tiers", "attendance", "refreshers", "feedback"];

/** Each chart text that is not wholly inside its SVG, or is cut without the full text beside it. */
async function labelProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    let labels = 0;
    for (const svg of document.querySelectorAll<SVGSVGElement>("figure svg[role=img]")) {
      const box = svg.getBoundingClientRect();
      const description = svg.querySelector("desc")?.textContent ?? "";
      for (const text of svg.querySelectorAll<SVGTextElement>("text")) {
        if (getComputedStyle(text).display === "none" || text.getClientRects().length === 0) continue;
        labels += 1;
        const shown = text.textContent ?? "";
        const r = text.getBoundingClientRect();
        if (
          r.left < box.left - 0.5 ||
          r.right > box.right + 0.5 ||
          r.top < box.top - 0.5 ||
          r.bottom > box.bottom + 0.5
        ) {
          problems.push(
            `"${shown}" is outside its chart: ${Math.round(r.left - box.left)} to ${Math.round(r.right - box.left)} of ${Math.round(box.width)} px`,
          );
        }
        if (shown.endsWith("…")) {
          const full = text.parentElement?.querySelector(":scope > title")?.textContent ?? "";
          const start = shown.slice(0, -1);
          if (!(full.startsWith(start) && full.length > start.length))
            problems.push(`"${shown}" is cut without its full text in a title`);
          else if (!description.includes(full)) problems.push(`"${full}" is missing from the chart's description`);
        }
      }
    }
    if (labels === 0) problems.push("no chart labels on the page");
    return problems;
  });
}

for (const width of [320, 1280]) {
  for (const report of REPORTS) {
    test(`${report} report: chart labels are whole, or cut at their end with the full text, at ${width} px and in print`, async ({
      page,
      axe,
    }) => {
      await page.setViewportSize({ width, height: 800 });
      await signInAs(page, "coordinator@example.org");
      await page.goto(`/reports/${report}`);
      await expect(page.locator("figure svg[role=img]")).toBeVisible();
      await axe.check();
      expect(await labelProblems(page), "on screen").toEqual([]);
      await page.emulateMedia({ media: "print" });
      expect(await labelProblems(page), "in print").toEqual([]);
    });
  }
}

test("a long report puts its summary and chart first, and its long tables after, folded under their names", async ({
  page,
  axe,
}) => {
  await signInAs(page, "coordinator@example.org");
  await page.goto("/reports/completions");
  await axe.check();
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary.getByRole("img")).toBeVisible();
  await expect(summary.locator("dt").first()).toHaveText("Completions");
  const detail = page.getByRole("region", { name: "Detail" });
  const caption = page.locator("caption", { hasText: "Completions by organisation and module" });
  const table = detail.locator("table", { has: caption });
  // The table is longer than a screen: it waits, folded, under a summary naming it and its size.
  const fold = detail.locator("details", { has: caption });
  await expect(fold.locator("summary")).toHaveText(/^Completions by organisation and module: [\d,]+ rows$/);
  await expect(table).toBeHidden();
  const chartBottom = (await summary.getByRole("img").boundingBox())!;
  const foldTop = (await fold.boundingBox())!;
  expect(chartBottom.y + chartBottom.height).toBeLessThan(foldTop.y);
  await expect(
    detail.getByRole("link", { name: "Download “Completions by organisation and module” (CSV)" }),
  ).toBeHidden();
  await fold.locator("summary").click();
  await expect(table).toBeVisible();
  await axe.check();
  const link = detail.getByRole("link", { name: "Download “Completions by organisation and module” (CSV)" });
  const csv = await page.request.get((await link.getAttribute("href"))!);
  expect((await csv.text()).replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("Organisation,Module,Completions");
  // Printed, the folded tables are printed too.
  await fold.locator("summary").click();
  await page.emulateMedia({ media: "print" });
  await expect(table).toBeVisible();
});
