import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContentError, loadCatalogue } from "~/lib/content/catalogue.server";
import { renderMarkdown } from "~/lib/content/markdown.server";

let root: string;

function write(relative: string, text: string) {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const INDEX = `---
id: sample
title: Sample module
tier: 3
summary: A sample.
version: 1
passMark: 80
estimatedMinutes: 10
sources:
  - title: Homelessness Reduction Act 2017
    url: https://www.legislation.gov.uk/ukpga/2017/13/contents
changes:
  - version: 1
    date: "2026-11-01"
    summary: First published.
---
Intro.
`;
const LESSON = `---
id: first
title: First lesson
---
Some text.
`;
const CHECK = `---
questions:
  - id: q-one
    type: single
    prompt: Which?
    options:
      - id: a
        text: This
        correct: true
      - id: b
        text: That
        correct: false
    explanation: Because.
---
`;
const PATHWAYS = `tiers:
  - { tier: 3, title: T3, description: d, requires: { modules: [sample] } }
  - { tier: 2, title: T2, description: d, requires: { tiers: [3] } }
  - { tier: 1, title: T1, description: d, requires: { tiers: [2] } }
`;

function writeValidModule() {
  write("modules/sample/index.md", INDEX);
  write("modules/sample/lessons/01-first.md", LESSON);
  write("modules/sample/check.md", CHECK);
  write("pathways.yaml", PATHWAYS);
}

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContentError) return error.message;
    throw error;
  }
  throw new Error("expected a content error");
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "content-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("content validation", () => {
  it("loads a valid module with its lessons, check and hash", () => {
    writeValidModule();
    const catalogue = loadCatalogue(root);
    const sample = catalogue.byId.get("sample")!;
    expect(sample.lessons.map((l) => l.id)).toEqual(["first"]);
    expect(sample.check.questions).toHaveLength(1);
    expect(sample.contentHash).toMatch(/^[a-f0-9]{64}$/);
  });

  it("names the file, the field and the reason for a bad tier", () => {
    writeValidModule();
    write("modules/sample/index.md", INDEX.replace("tier: 3", "tier: 4"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/modules\/sample\/index\.md: tier must be 1, 2 or 3/);
  });

  it("refuses a missing field", () => {
    writeValidModule();
    write("modules/sample/index.md", INDEX.replace("passMark: 80\n", ""));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/index\.md: passMark must be a percentage/);
  });

  it("refuses a change log date not written as YYYY-MM-DD", () => {
    writeValidModule();
    write("modules/sample/index.md", INDEX.replace('date: "2026-11-01"', 'date: "1 November 2026"'));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/index\.md: changes\.0\.date must be a date written as YYYY-MM-DD/);
  });

  it("refuses a single-answer question with two right answers", () => {
    writeValidModule();
    write("modules/sample/check.md", CHECK.replace("correct: false", "correct: true"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/check\.md: questions\.0\.options a single-answer question needs exactly one correct option \(has 2\)/);
  });

  it("refuses an id that does not match its folder, and a lesson file without a position", () => {
    writeValidModule();
    write("modules/sample/index.md", INDEX.replace("id: sample", "id: other"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/must match the folder name "sample"/);
    writeValidModule();
    write("modules/sample/lessons/second.md", LESSON.replace("id: first", "id: second"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/lessons\/second\.md: file name must start with a two-digit position/);
  });

  it("refuses broken YAML and a pathway naming a module that does not exist", () => {
    writeValidModule();
    write("modules/sample/lessons/01-first.md", "---\nid: [first\n---\ntext");
    expect(errorOf(() => loadCatalogue(root))).toMatch(/01-first\.md: frontmatter is not valid YAML/);
    writeValidModule();
    write("pathways.yaml", PATHWAYS.replace("[sample]", "[missing-module]"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/pathways\.yaml: tier 3 requires module "missing-module"/);
  });

  it("never runs front matter marked as JavaScript (gray-matter would eval it)", () => {
    const flag = globalThis as { frontMatterRan?: boolean };
    for (const fence of ["---js", "---javascript", "--- JavaScript", "---JS"]) {
      delete flag.frontMatterRan;
      writeValidModule();
      write("modules/sample/lessons/01-first.md", `${fence}\n(globalThis.frontMatterRan = true, { id: "first", title: "First lesson" })\n---\nSome text.\n`);
      expect(errorOf(() => loadCatalogue(root)), fence).toMatch(/01-first\.md: frontmatter is not valid YAML \(front matter marked "(js|javascript|JavaScript|JS)" is not read/);
      expect(flag.frontMatterRan, fence).toBeUndefined();
    }
  });

  it("changes the hash when any file changes", () => {
    writeValidModule();
    const before = loadCatalogue(root).byId.get("sample")!.contentHash;
    write("modules/sample/lessons/01-first.md", LESSON + "More.\n");
    expect(loadCatalogue(root).byId.get("sample")!.contentHash).not.toBe(before);
  });

  it("validates the real content folder", () => {
    const catalogue = loadCatalogue(path.resolve("content"));
    expect(catalogue.modules.length).toBeGreaterThanOrEqual(6);
    for (const module of catalogue.modules) {
      expect(module.check.questions.length, module.id).toBeGreaterThanOrEqual(6);
      const words = module.lessons.map((l) => l.html.replace(/<[^>]+>/g, " ")).join(" ").split(/\s+/).filter(Boolean).length;
      expect(words, module.id).toBeGreaterThanOrEqual(1200);
      expect(module.sources.length, module.id).toBeGreaterThan(0);
    }
  });
});

describe("markdown rendering", () => {
  it("removes scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3)) <a href="data:text/html,x">d</a>\n\n<svg onload="alert(4)"></svg>',
    );
    expect(html).not.toMatch(/<script|onerror|javascript:|data:text|<svg|onload/i);
  });

  it("keeps headings, lists, tables, blockquotes and safe links", () => {
    const html = renderMarkdown("## Heading\n\n- one\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[gov](https://www.gov.uk)");
    expect(html).toContain("<h2>Heading</h2>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain("<table>");
    expect(html).toContain('<a href="https://www.gov.uk">gov</a>');
  });

  it("turns an author's h1 into an h2, since the page owns the h1", () => {
    expect(renderMarkdown("# Big").trim()).toBe("<h2>Big</h2>");
  });
});
