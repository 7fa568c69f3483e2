import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { CIRCUMSTANCES, DISTRICTS } from "../../drizzle/county-data";
import { DEMO_ACCOUNTS } from "../../drizzle/seed";

/**
 * The demo toolkit cards in content/toolkit/*.md: their front matter is what the toolkit seed
 * loads, so every field is checked here against the same seed data the cards refer to.
 */
const DIRECTORY = path.join(process.cwd(), "content", "toolkit");
const TYPES = ["procedure", "checklist", "local-service", "protocol", "template", "guide"];
const VISIBILITIES = ["public", "members", "staff"];
const FIELDS = ["slug", "title", "type", "visibility", "districts", "circumstances", "sectors", "owner", "review_on"];
/** A fixed "today" for the overdue rule, so the test does not change its answer with the calendar. */
const TODAY = "2026-11-30";

type Card = { file: string; data: Record<string, unknown>; body: string };

function parseCard(file: string): Card {
  const text = fs.readFileSync(path.join(DIRECTORY, file), "utf8");
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${file}: no front matter between --- lines`);
  return { file, data: YAML.parse(match[1]) as Record<string, unknown>, body: match[2] };
}

const cards = fs
  .readdirSync(DIRECTORY)
  .filter((file) => file.endsWith(".md"))
  .sort()
  .map(parseCard);

describe("toolkit content", () => {
  it("has the six demo cards", () => {
    expect(cards.map((card) => card.data.slug).sort()).toEqual([
      "duty-to-refer-procedure",
      "hospital-discharge-guide",
      "mental-health-pre-eviction-protocol",
      "prison-leaver-checklist",
      "services-resilience-map",
      "universal-credit-housing-costs",
    ]);
  });

  it.each(cards.map((card) => [card.file, card] as const))("%s has valid front matter", (file, card) => {
    const { data } = card;
    expect(Object.keys(data).sort()).toEqual([...FIELDS].sort());
    expect(file).toBe(`${data.slug}.md`);
    expect(data.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(typeof data.title).toBe("string");
    expect((data.title as string).length).toBeGreaterThan(5);
    expect(TYPES).toContain(data.type);
    expect(VISIBILITIES).toContain(data.visibility);
    for (const list of ["districts", "circumstances", "sectors"]) expect(Array.isArray(data[list])).toBe(true);
    const districtIds = DISTRICTS.map((district) => district.id as string);
    for (const id of data.districts as unknown[]) expect(districtIds).toContain(id);
    const circumstanceIds = CIRCUMSTANCES.map((circumstance) => circumstance.id);
    for (const id of data.circumstances as unknown[]) expect(circumstanceIds).toContain(id);
    for (const sector of data.sectors as unknown[]) expect(sector).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(DEMO_ACCOUNTS.map((account) => account.email)).toContain(data.owner);
    expect(data.review_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(data.review_on as string))).toBe(false);
    expect(card.body.trim().length).toBeGreaterThan(500);
  });

  it("links the prison-leaver checklist to the directory's leaving-prison circumstance", () => {
    const checklist = cards.find((card) => card.data.slug === "prison-leaver-checklist");
    expect(checklist?.data.circumstances).toContain("leaving-prison");
    expect(checklist?.data.type).toBe("checklist");
  });

  it("shows at least two cards to the public and keeps at least one for members", () => {
    const visibilities = cards.map((card) => card.data.visibility);
    expect(visibilities.filter((visibility) => visibility === "public").length).toBeGreaterThanOrEqual(2);
    expect(visibilities).toContain("members");
  });

  it("has exactly one card past its review date", () => {
    const overdue = cards.filter((card) => (card.data.review_on as string) < TODAY);
    expect(overdue.map((card) => card.data.slug)).toEqual(["mental-health-pre-eviction-protocol"]);
  });

  it("gives no phone numbers, only the app's directory", () => {
    for (const card of cards) {
      expect(card.body, card.file).not.toMatch(/\b0\d{3,4}[ -]?\d{3}[ -]?\d{3,4}\b/);
      expect(card.body, card.file).not.toMatch(/@[a-z0-9-]+\.[a-z]/i);
    }
  });
});
