import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContentError, loadCatalogue } from "~/lib/content/catalogue.server";
import { checkContent } from "~/lib/content/content-check.server";
import { renderMarkdown } from "~/lib/content/markdown.server";
import { reviewState } from "~/lib/content/review";

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
checked:
  date: "2026-11-01"
  by: Network coordinator
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
    write("modules/sample/index.md", INDEX.replace('    date: "2026-11-01"', '    date: "1 November 2026"'));
    expect(errorOf(() => loadCatalogue(root))).toMatch(
      /index\.md: changes\.0\.date must be a date written as YYYY-MM-DD/,
    );
  });

  it("refuses a single-answer question with two right answers", () => {
    writeValidModule();
    write("modules/sample/check.md", CHECK.replace("correct: false", "correct: true"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(
      /check\.md: questions\.0\.options a single-answer question needs exactly one correct option \(has 2\)/,
    );
  });

  it("refuses an id that does not match its folder, and a lesson file without a position", () => {
    writeValidModule();
    write("modules/sample/index.md", INDEX.replace("id: sample", "id: other"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/must match the folder name "sample"/);
    writeValidModule();
    write("modules/sample/lessons/second.md", LESSON.replace("id: first", "id: second"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(
      /lessons\/second\.md: file name must start with a two-digit position/,
    );
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
      write(
        "modules/sample/lessons/01-first.md",
        `${fence}\n(globalThis.frontMatterRan = true, { id: "first", title: "First lesson" })\n---\nSome text.\n`,
      );
      expect(
        errorOf(() => loadCatalogue(root)),
        fence,
      ).toMatch(
        /01-first\.md: frontmatter is not valid YAML \(front matter marked "(js|javascript|JavaScript|JS)" is not read/,
      );
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
      const words = module.lessons
        .map((l) => l.html.replace(/<[^>]+>/g, " "))
        .join(" ")
        .split(/\s+/)
        .filter(Boolean).length;
      expect(words, module.id).toBeGreaterThanOrEqual(1200);
      expect(module.sources.length, module.id).toBeGreaterThan(0);
      const urls = module.sources.map((s) => s.url);
      expect(
        urls.filter((url, i) => urls.indexOf(url) !== i),
        `${module.id}: a source listed twice`,
      ).toEqual([]);
    }
  });
});

/**
 * One spelling for one thing across every module. Each rule names what to write instead; the text checked is
 * what learners read (titles, summaries, lessons, questions, explanations, change notes), not the official
 * titles of sources, which keep their publishers' spelling.
 */
const WORD_LIST: { wrong: RegExp; write: string }[] = [
  { wrong: /\bStreet ?link\b|\bStreet Link\b/, write: "StreetLink (the web address stays streetlink.org.uk)" },
  { wrong: /\banti-social\b/i, write: "antisocial" },
  { wrong: /\bcooperat/i, write: "co-operation, co-operate" },
  { wrong: /\b1[67] (?:and|or) 1[67][ -]year[ -]olds?\b/, write: "16- and 17-year-olds (or a 16- or 17-year-old)" },
  {
    wrong: /\b1[67]- (?:and|or) 1[67] year[ -]olds?\b|\b1[67]- (?:and|or) 1[67]-year olds?\b/,
    write: "16- and 17-year-olds",
  },
  { wrong: /\bsofa-surfing\b/i, write: "sofa surfing" },
  { wrong: /\b(?:the|legal|a) duty to refer\b/, write: "the Duty to Refer" },
  {
    wrong: /(?<!replaced |called )\bDiscretionary Housing Payments?\b|\bDHPs?\b/,
    write: "Housing Payment (from the Crisis and Resilience Fund since 1 April 2026)",
  },
  {
    wrong: /\b(?:up to|at least) 56 days\b|\b(?:usually|normally) lasts 56 days\b/,
    write: "the one wording for how long the duties last (see homelessness-reduction-act lesson 3)",
  },
];

function learnerText(module: ReturnType<typeof loadCatalogue>["modules"][number]) {
  const plain = (html: string) =>
    html
      .replace(/<[^>]+>/g, " ")
      .replace(/&#39;|&rsquo;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  const parts: [string, string][] = [
    ["title", module.title],
    ["summary", module.summary],
    ["introduction", plain(module.introHtml)],
    ...module.changes.map((c): [string, string] => [`changes ${c.version}`, c.summary]),
    ...module.lessons.map((l): [string, string] => [`lesson ${l.id}`, `${l.title} ${plain(l.html)}`]),
    ["check", plain(module.check.introHtml)],
    ...module.check.questions.map((q): [string, string] => [
      `question ${q.id}`,
      [q.prompt, ...q.options.map((o) => o.text), q.explanation].join(" "),
    ]),
  ];
  return parts.map(([where, text]) => [where, text.replace(/\s+/g, " ")] as const);
}

describe("consistent words across modules", () => {
  it("every module follows the word list", () => {
    const problems: string[] = [];
    for (const module of loadCatalogue(path.resolve("content")).modules) {
      for (const [where, text] of learnerText(module)) {
        for (const rule of WORD_LIST) {
          const match = new RegExp(
            rule.wrong.source,
            rule.wrong.flags.includes("g") ? rule.wrong.flags : `${rule.wrong.flags}g`,
          );
          for (const found of text.matchAll(match)) {
            const context = text.slice(Math.max(0, found.index! - 30), found.index! + found[0].length + 30);
            problems.push(`${module.id}, ${where}: "${found[0]}" (write ${rule.write}) in "…${context}…"`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("the word list catches what it is for", () => {
    const caught = (text: string) => WORD_LIST.some((rule) => rule.wrong.test(text));
    for (const wrong of [
      "Send an alert to Streetlink",
      "anti-social behaviour",
      "a refusal to cooperate notice",
      "most 16 and 17 year olds",
      "a 16 or 17 year old",
      "16- and 17 year olds",
      "a person sofa-surfing",
      "under the legal duty to refer",
      "a Discretionary Housing Payment",
      "It normally lasts up to 56 days.",
      "It normally lasts at least 56 days",
    ]) {
      expect(caught(wrong), wrong).toBe(true);
    }
    for (const right of [
      "Send an alert to StreetLink at streetlink.org.uk",
      "antisocial behaviour",
      "a refusal to co-operate notice",
      "most 16- and 17-year-olds",
      "a 16- or 17-year-old",
      "aged 16 or 17",
      "sofa surfing",
      "the Duty to Refer",
      "a Housing Payment",
      "Housing Payments replaced Discretionary Housing Payments",
      "likely to become homeless within 56 days",
    ]) {
      expect(caught(right), right).toBe(false);
    }
  });
});

describe("keeping modules true: the last check against the law", () => {
  it("refuses a module that does not say when it was last checked and by whom", () => {
    writeValidModule();
    write("modules/sample/index.md", INDEX.replace('checked:\n  date: "2026-11-01"\n  by: Network coordinator\n', ""));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/index\.md: checked must say when the module was last checked/);
    write("modules/sample/index.md", INDEX.replace("  by: Network coordinator\n", ""));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/index\.md: checked\.by must name the role/);
    write("modules/sample/index.md", INDEX.replace('date: "2026-11-01"\n  by', 'date: "2026-02-30"\n  by'));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/index\.md: checked\.date must be a real calendar date/);
  });

  it("refuses a change note naming a lesson the module does not have", () => {
    writeValidModule();
    write(
      "modules/sample/index.md",
      INDEX.replace("summary: First published.", "summary: First published.\n    lessons: [first, missing]"),
    );
    expect(errorOf(() => loadCatalogue(root))).toMatch(
      /changes for version 1 name lesson "missing", which is not in lessons\//,
    );
  });

  it("is current up to 10 months, warns from 10 months, and fails after 12 months", () => {
    expect(reviewState({ checkedOn: "2026-02-01", now: new Date("2026-11-30T12:00:00Z") }).state).toBe("current");
    expect(reviewState({ checkedOn: "2026-01-30", now: new Date("2026-11-30T00:00:00Z") }).state).toBe("due-soon");
    expect(reviewState({ checkedOn: "2025-11-30", now: new Date("2026-11-30T23:59:59Z") }).state).toBe("due-soon");
    expect(reviewState({ checkedOn: "2025-11-30", now: new Date("2026-12-01T00:00:00Z") }).state).toBe("overdue");
    expect(reviewState({ checkedOn: "2026-12-01", now: new Date("2026-11-30T12:00:00Z") }).state).toBe("future");
  });

  it("passes the build check for a recently checked module", () => {
    writeValidModule();
    expect(checkContent({ root, now: new Date("2026-11-30T12:00:00Z") })).toEqual({
      errors: [],
      warnings: [],
      moduleCount: 1,
    });
  });

  it("warns from 10 months after the last check, without failing", () => {
    writeValidModule();
    const result = checkContent({ root, now: new Date("2027-09-01T12:00:00Z") });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      "modules/sample/index.md: last checked against the law on 1 November 2026, 10 or more months ago; check it by 1 November 2027 or the build will fail.",
    ]);
  });

  it("fails the build check once the last check is more than 12 months old", () => {
    writeValidModule();
    expect(checkContent({ root, now: new Date("2027-11-01T23:00:00Z") }).errors).toEqual([]);
    const result = checkContent({ root, now: new Date("2027-11-02T00:00:00Z") });
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^modules\/sample\/index\.md: last checked against the law on 1 November 2026, more than 12 months ago\./,
      ),
    ]);
  });

  it("fails the build check for a date in the future, and reports invalid files as errors", () => {
    writeValidModule();
    expect(checkContent({ root, now: new Date("2026-10-31T12:00:00Z") }).errors).toEqual([
      "modules/sample/index.md: checked.date 2026-11-01 is in the future",
    ]);
    write("modules/sample/index.md", INDEX.replace("tier: 3", "tier: 4"));
    expect(checkContent({ root, now: new Date("2026-11-30T12:00:00Z") }).errors).toEqual([
      expect.stringMatching(/modules\/sample\/index\.md: tier must be 1, 2 or 3/),
    ]);
  });

  it("every real module was checked against the law within the last 10 months, by a role", () => {
    const result = checkContent({ root: path.resolve("content"), now: new Date("2026-11-30T12:00:00Z") });
    expect(result).toEqual({ errors: [], warnings: [], moduleCount: 6 });
    for (const module of loadCatalogue(path.resolve("content")).modules) {
      expect(module.checked.by, module.id).toMatch(/^(Network coordinator|Content editor|District housing lead)$/);
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
    const html = renderMarkdown(
      "## Heading\n\n- one\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[gov](https://www.gov.uk)",
    );
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

/**
 * Where the right answers sit in the file, per module: for single-answer questions the position of the right
 * option, for multiple-answer questions the set of positions of the right options. The page shuffles options
 * for each attempt, but the file's order is what a reader of the source, or a learner comparing notes, sees.
 */
function answerPositionProblems(modules: ReturnType<typeof loadCatalogue>["modules"]) {
  const problems: string[] = [];
  for (const module of modules) {
    for (const type of ["single", "multiple"] as const) {
      const questions = module.check.questions.filter((q) => q.type === type);
      if (questions.length < 2) continue;
      const counts = new Map<string, number>();
      for (const question of questions) {
        const where = question.options.flatMap((o, i) => (o.correct ? [i + 1] : [])).join("+");
        counts.set(where, (counts.get(where) ?? 0) + 1);
      }
      const [where, most] = [...counts].sort((a, b) => b[1] - a[1])[0];
      if (most * 2 > questions.length) {
        problems.push(
          `${module.id}: the right answer of ${most} of ${questions.length} ${type}-answer questions is option ${where}`,
        );
      }
    }
  }
  return problems;
}

describe("knowledge checks that test knowledge", () => {
  it("no module's right answers sit in one position more than half the time", () => {
    expect(answerPositionProblems(loadCatalogue(path.resolve("content")).modules)).toEqual([]);
  });

  it("finds a module whose right answer is always the first option", () => {
    writeValidModule();
    const second = CHECK.split("questions:\n")[1].replace("id: q-one", "id: q-two");
    write("modules/sample/check.md", CHECK.replace("---\n", "---\n").replace(/---\n$/, `${second}`));
    expect(answerPositionProblems(loadCatalogue(root).modules)).toEqual([
      "sample: the right answer of 2 of 2 single-answer questions is option 1",
    ]);
  });

  it("no check repeats the instructions the page gives, nor 'Select all that apply' in a prompt", () => {
    for (const module of loadCatalogue(path.resolve("content")).modules) {
      expect(module.check.introHtml, module.id).not.toMatch(/answer all|to pass|try again|retake/i);
    }
    writeValidModule();
    write(
      "modules/sample/check.md",
      CHECK.replace("type: single", "type: multiple").replace(
        "prompt: Which?",
        "prompt: Which? Select all that apply.",
      ),
    );
    expect(errorOf(() => loadCatalogue(root))).toMatch(
      /check\.md: questions\.0\.prompt must not say "Select all that apply"/,
    );
  });

  it("a question bank asks at most as many questions as it holds", () => {
    writeValidModule();
    write("modules/sample/check.md", CHECK.replace("questions:", "questionsPerAttempt: 2\nquestions:"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(
      /check\.md: questionsPerAttempt must be at most the number of questions \(1\)/,
    );
    write("modules/sample/check.md", CHECK.replace("questions:", "questionsPerAttempt: 0\nquestions:"));
    expect(errorOf(() => loadCatalogue(root))).toMatch(/check\.md: questionsPerAttempt must be 1 or more/);
    write("modules/sample/check.md", CHECK.replace("questions:", "questionsPerAttempt: 1\nquestions:"));
    expect(loadCatalogue(root).byId.get("sample")!.check.questionsPerAttempt).toBe(1);
    write("modules/sample/check.md", CHECK);
    expect(loadCatalogue(root).byId.get("sample")!.check.questionsPerAttempt).toBe(1);
  });

  it("every module with more than eight questions is a bank: a retake is not the same paper", () => {
    for (const module of loadCatalogue(path.resolve("content")).modules) {
      if (module.check.questions.length > 8)
        expect(module.check.questionsPerAttempt, module.id).toBeLessThan(module.check.questions.length);
    }
  });
});
