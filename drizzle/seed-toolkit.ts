import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import YAML from "yaml";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { members, TOOLKIT_CARD_TYPES, TOOLKIT_VISIBILITIES } from "./schema";
import type { Db } from "../app/lib/db.server";
import { checkAttachment } from "../app/lib/toolkit/files.server";
import { addAttachment, createToolkitCard } from "../app/models/toolkit.server";

/** The demo toolkit cards are markdown files with YAML front matter in content/toolkit; their files in content/toolkit/files/<slug>/. */
export const TOOLKIT_CONTENT_DIR = path.join(process.cwd(), "content", "toolkit");

const idList = z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]);

const cardFrontmatterSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  title: z.string().min(1).max(200),
  type: z.enum(TOOLKIT_CARD_TYPES),
  visibility: z.enum(TOOLKIT_VISIBILITIES),
  districts: idList,
  circumstances: idList,
  sectors: z.array(z.string().min(1).max(40)).default([]),
  owner: z.string().email(),
  review_on: z.union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    z.date().transform((d) => d.toISOString().slice(0, 10)),
  ]),
});

/** Front matter is YAML only (as for learning content): no other engine is ever run. */
const engines = {
  yaml: { parse: (text: string) => YAML.parse(text) as object },
  javascript: { parse: (): object => ({}) },
  js: { parse: (): object => ({}) },
  json: { parse: (): object => ({}) },
};

export function readToolkitCardFile(file: string) {
  const parsed = matter(fs.readFileSync(file, "utf8"), { engines });
  const result = cardFrontmatterSchema.safeParse(parsed.data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(front matter)"} ${i.message}`);
    throw new Error(`${path.basename(file)}: ${problems.join("; ")}`);
  }
  return { ...result.data, body: parsed.content.trim() };
}

/** Loads every card in the directory, each owned by the seeded member its front matter names. */
export function seedToolkit(tx: Db, { now, directory = TOOLKIT_CONTENT_DIR }: { now: Date; directory?: string }) {
  if (!fs.existsSync(directory)) return 0;
  const files = fs
    .readdirSync(directory)
    .filter((f) => f.endsWith(".md") && f.toLowerCase() !== "readme.md")
    .sort();
  for (const file of files) {
    const card = readToolkitCardFile(path.join(directory, file));
    const owner = tx.select({ id: members.id }).from(members).where(eq(members.email, card.owner)).get();
    if (!owner) throw new Error(`${file}: the owner ${card.owner} is not a seeded member`);
    const created = createToolkitCard(
      {
        slug: card.slug,
        input: {
          title: card.title,
          type: card.type,
          body: card.body,
          visibility: card.visibility,
          districtIds: card.districts,
          circumstanceIds: card.circumstances,
          sectors: card.sectors,
          ownerId: owner.id,
          reviewOn: card.review_on,
        },
        editorId: owner.id,
        note: "First version, from the programme's documents",
        now,
      },
      tx,
    );
    // A card's files sit in files/<slug>/, checked as an upload is.
    const folder = path.join(directory, "files", card.slug);
    const attachments = fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
    for (const name of attachments) {
      const data = fs.readFileSync(path.join(folder, name));
      const file = { ...checkAttachment(data, name), data };
      addAttachment({ cardId: created.id, file, uploadedById: owner.id, now }, tx);
    }
  }
  return files.length;
}
