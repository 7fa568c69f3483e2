import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import YAML from "yaml";
import type { z } from "zod";
import { renderMarkdown } from "./markdown.server";
import {
  checkFrontmatterSchema,
  lessonFrontmatterSchema,
  moduleFrontmatterSchema,
  pathwaysSchema,
  type ModuleFrontmatter,
  type Pathways,
  type Question,
} from "./schema";

export type Lesson = { id: string; title: string; position: number; html: string };

export type LearningModule = ModuleFrontmatter & {
  introHtml: string;
  lessons: Lesson[];
  /** questionsPerAttempt: how many of the questions each attempt asks (all of them unless the check is a bank). */
  check: { introHtml: string; questions: Question[]; questionsPerAttempt: number };
  /** SHA-256 of every file of the module: any edit changes it. */
  contentHash: string;
};

export type Catalogue = {
  modules: LearningModule[];
  byId: Map<string, LearningModule>;
  pathways: Pathways;
};

/** A content file that breaks the rules: names the file, the field and the reason. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join("; ")}`);
    this.name = "ContentError";
  }
}

const yamlEngine = { parse: (text: string) => YAML.parse(text) as object };

/**
 * gray-matter picks the engine from the opening fence, and its own `js`
 * (alias `javascript`) engine runs the front matter through eval(); no release
 * removes it. Front matter here is YAML only: every other engine refuses.
 */
function refuseEngine(language: string) {
  return {
    parse: (): object => {
      throw new Error(`front matter marked "${language}" is not read: write it as YAML (---)`);
    },
  };
}
const FRONT_MATTER_ENGINES = {
  yaml: yamlEngine,
  javascript: refuseEngine("javascript"),
  js: refuseEngine("js"),
  json: refuseEngine("json"),
};

function relative(root: string, file: string) {
  return path.relative(path.dirname(root), file) || file;
}

function validate<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "(frontmatter)";
    return `${field} ${issue.message}`;
  });
  throw new ContentError(file, problems);
}

function readMarkdown(file: string, label: string) {
  const text = fs.readFileSync(file, "utf8");
  try {
    const parsed = matter(text, { engines: FRONT_MATTER_ENGINES });
    return { data: parsed.data as unknown, body: parsed.content, text };
  } catch (error) {
    throw new ContentError(label, [`frontmatter is not valid YAML (${(error as Error).message.split("\n")[0]})`]);
  }
}

function loadModule(root: string, directory: string): LearningModule {
  const hash = createHash("sha256");
  const indexFile = path.join(directory, "index.md");
  if (!fs.existsSync(indexFile)) throw new ContentError(relative(root, directory), ["index.md is missing"]);
  const index = readMarkdown(indexFile, relative(root, indexFile));
  hash.update(index.text);
  const frontmatter = validate(moduleFrontmatterSchema, index.data, relative(root, indexFile));
  const folderName = path.basename(directory);
  if (frontmatter.id !== folderName) {
    throw new ContentError(relative(root, indexFile), [`id "${frontmatter.id}" must match the folder name "${folderName}"`]);
  }
  if (!frontmatter.changes.some((c) => c.version === frontmatter.version)) {
    throw new ContentError(relative(root, indexFile), [`changes must describe the current version ${frontmatter.version}`]);
  }

  const lessonsDirectory = path.join(directory, "lessons");
  const lessonFiles = fs.existsSync(lessonsDirectory)
    ? fs.readdirSync(lessonsDirectory).filter((f) => f.endsWith(".md")).sort()
    : [];
  if (lessonFiles.length === 0) throw new ContentError(relative(root, directory), ["lessons/ must hold at least one lesson"]);
  const lessons: Lesson[] = lessonFiles.map((name, i) => {
    const file = path.join(lessonsDirectory, name);
    const label = relative(root, file);
    if (!/^\d{2}-/.test(name)) throw new ContentError(label, ["file name must start with a two-digit position, like 01-"]);
    const lesson = readMarkdown(file, label);
    hash.update(lesson.text);
    const front = validate(lessonFrontmatterSchema, lesson.data, label);
    if (lesson.body.trim() === "") throw new ContentError(label, ["the lesson has no text"]);
    return { id: front.id, title: front.title, position: i + 1, html: renderMarkdown(lesson.body) };
  });
  const lessonIds = lessons.map((l) => l.id);
  const duplicate = lessonIds.find((id, i) => lessonIds.indexOf(id) !== i);
  if (duplicate) throw new ContentError(relative(root, lessonsDirectory), [`lesson id "${duplicate}" is used twice`]);
  const currentChange = frontmatter.changes.find((c) => c.version === frontmatter.version)!;
  const unknownLesson = currentChange.lessons.find((id) => !lessonIds.includes(id));
  if (unknownLesson) {
    throw new ContentError(relative(root, indexFile), [
      `changes for version ${frontmatter.version} name lesson "${unknownLesson}", which is not in lessons/`,
    ]);
  }

  const checkFile = path.join(directory, "check.md");
  if (!fs.existsSync(checkFile)) throw new ContentError(relative(root, directory), ["check.md is missing"]);
  const check = readMarkdown(checkFile, relative(root, checkFile));
  hash.update(check.text);
  const { questions, questionsPerAttempt } = validate(checkFrontmatterSchema, check.data, relative(root, checkFile));
  const questionIds = questions.map((q) => q.id);
  const duplicateQuestion = questionIds.find((id, i) => questionIds.indexOf(id) !== i);
  if (duplicateQuestion) {
    throw new ContentError(relative(root, checkFile), [`questions: id "${duplicateQuestion}" is used twice`]);
  }

  return {
    ...frontmatter,
    introHtml: renderMarkdown(index.body),
    lessons,
    check: { introHtml: renderMarkdown(check.body), questions, questionsPerAttempt: questionsPerAttempt ?? questions.length },
    contentHash: hash.digest("hex"),
  };
}

/** Reads and validates every module and the pathways under a content folder. */
export function loadCatalogue(root: string = path.resolve(process.cwd(), "content")): Catalogue {
  const modulesDirectory = path.join(root, "modules");
  const directories = fs
    .readdirSync(modulesDirectory, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(modulesDirectory, d.name))
    .sort();
  const modules = directories.map((directory) => loadModule(root, directory));
  const byId = new Map(modules.map((m) => [m.id, m]));

  const pathwaysFile = path.join(root, "pathways.yaml");
  const pathwaysLabel = relative(root, pathwaysFile);
  if (!fs.existsSync(pathwaysFile)) throw new ContentError(pathwaysLabel, ["the file is missing"]);
  let pathwaysData: unknown;
  try {
    pathwaysData = YAML.parse(fs.readFileSync(pathwaysFile, "utf8"));
  } catch (error) {
    throw new ContentError(pathwaysLabel, [`not valid YAML (${(error as Error).message.split("\n")[0]})`]);
  }
  const pathways = validate(pathwaysSchema, pathwaysData, pathwaysLabel);
  for (const tier of pathways.tiers) {
    for (const moduleId of tier.requires.modules) {
      if (!byId.has(moduleId)) {
        throw new ContentError(pathwaysLabel, [`tier ${tier.tier} requires module "${moduleId}", which does not exist`]);
      }
    }
  }
  pathways.tiers.sort((a, b) => b.tier - a.tier);
  return { modules: [...modules].sort((a, b) => b.tier - a.tier || a.title.localeCompare(b.title)), byId, pathways };
}

let cached: Catalogue | undefined;

/** The catalogue, read once per process. */
export function getCatalogue(): Catalogue {
  cached ??= loadCatalogue();
  return cached;
}

export function getModule(id: string) {
  return getCatalogue().byId.get(id);
}
