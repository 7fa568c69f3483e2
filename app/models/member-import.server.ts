import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, eq, gt, lte } from "drizzle-orm";
import { z } from "zod";
import { TIERS } from "~drizzle/schema/constants";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { createContact, reindexContactsWhere } from "./contact.server";
import { inviteMember, unusablePasswordHash } from "./invitation.server";
import { createMember, normaliseEmail } from "./member.server";
import { listOrganisationOptions } from "./organisation.server";
import { importUploads, members, organisationFormerNames, organisations } from "../../drizzle/schema";

/** One row of a members spreadsheet, as text, with its line number in the file. */
export type ImportRow = {
  line: number;
  name: string;
  email: string;
  organisation: string;
  jobTitle: string;
  tier: string;
  directory: string;
  skip?: boolean;
};

export type ImportColumn = keyof Omit<ImportRow, "line" | "skip">;
export type RowProblem = { line: number; column: ImportColumn; message: string };

/** What a column of the file can be matched to. First and last names are joined into the name. */
export const IMPORT_FIELDS = [
  "name",
  "firstName",
  "lastName",
  "email",
  "organisation",
  "jobTitle",
  "tier",
  "directory",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnChoice = ImportField | "skip";

/** A heading as compared: lower case, without spaces or punctuation ("E-mail address" is "emailaddress"). */
export function headingKey(heading: string) {
  return heading
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Headings spreadsheets use for each field, compared by headingKey. A Map, so "constructor" is not a key. */
const HEADINGS = new Map<string, ImportField>(
  (
    [
      ["name", ["Name", "Full name", "Member name", "Person", "Champion", "Contact name"]],
      ["firstName", ["First name", "Forename", "Forenames", "Given name", "Given names", "First"]],
      ["lastName", ["Last name", "Surname", "Family name", "Last"]],
      ["email", ["Email", "E-mail", "Email address", "E-mail address", "Work email", "Mail"]],
      [
        "organisation",
        ["Organisation", "Organization", "Org", "Organisation name", "Organization name", "Employer", "Agency"],
      ],
      ["jobTitle", ["Job title", "Role", "Job", "Position", "Job role"]],
      ["tier", ["Tier", "Champion tier"]],
      ["directory", ["Directory", "In directory", "In the directory", "Directory listing"]],
    ] as const
  ).flatMap(([field, headings]) => headings.map((heading) => [headingKey(heading), field] as const)),
);

/** The field a heading is matched to automatically, or "skip" when it is not one the import knows. */
export function matchHeading(heading: string): ColumnChoice {
  return HEADINGS.get(headingKey(heading)) ?? "skip";
}

/** Automatic matches for a file's headings: each field goes to the first column that names it. */
export function autoMatchColumns(headings: string[]): ColumnChoice[] {
  const taken = new Set<ColumnChoice>();
  return headings.map((heading) => {
    const choice = matchHeading(heading);
    if (choice === "skip" || taken.has(choice)) return "skip";
    taken.add(choice);
    return choice;
  });
}

export class ImportFileError extends Error {}

/** The largest members file the import reads. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const IMPORT_TOO_LARGE =
  "The selected file is larger than 5 MB. Split it into smaller files and upload each one.";
const SAVE_AS_CSV = "In your spreadsheet, choose Save as, then CSV UTF-8 (comma delimited), and upload that file.";
const NOT_CSV = `The selected file must be a CSV file. ${SAVE_AS_CSV}`;
const NOT_UTF8 = `The selected file must be saved as UTF-8. ${SAVE_AS_CSV}`;

/** The first bytes of files picked by mistake: Excel and OpenDocument workbooks (zip), older Excel files, PDF. */
const NOT_CSV_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0],
  [0x25, 0x50, 0x44, 0x46],
];
/** Byte-order marks of UTF-16, which Excel writes for "Unicode text". */
const UTF16_MARKS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

function startsWithAny(bytes: Uint8Array, signatures: number[][]) {
  return signatures.some((signature) => signature.every((byte, i) => bytes[i] === byte));
}

/**
 * Reads an uploaded members file as text, or throws an ImportFileError that
 * says what is wrong with it: no file chosen, an empty file, one larger than
 * 5 MB, one that is not a CSV, one not saved as UTF-8, or a CSV that cannot be read.
 */
export async function readMembersUpload(file: FormDataEntryValue | null): Promise<{ fileName: string; text: string }> {
  // With nothing chosen, a browser still sends the field: an empty file with no name.
  if (!(file instanceof File) || (file.name === "" && file.size === 0))
    throw new ImportFileError("Select a CSV file to upload.");
  if (file.size === 0) throw new ImportFileError("The selected file is empty.");
  if (file.size > MAX_IMPORT_BYTES) throw new ImportFileError(IMPORT_TOO_LARGE);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!/\.(csv|txt)$/i.test(file.name) || startsWithAny(bytes, NOT_CSV_SIGNATURES)) throw new ImportFileError(NOT_CSV);
  if (startsWithAny(bytes, UTF16_MARKS)) throw new ImportFileError(NOT_UTF8);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError(NOT_UTF8);
  }
  if (text.includes("\u0000")) throw new ImportFileError(NOT_CSV);
  readCsvRecords(text);
  return { fileName: file.name.slice(0, 200), text };
}

/** What csv-parse found wrong, said for a person. */
function csvProblem(error: Error & { code?: string; lines?: number }) {
  const where = error.lines ? ` on line ${error.lines}` : "";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quotation mark is opened but never closed, so everything after it would be one cell";
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return `a closing quotation mark${where} is followed by more text in the same cell`;
    default:
      return `${error.message.split("\n")[0]}`;
  }
}

/** Reads a CSV (byte-order mark, Windows line endings and quoted commas all handled) into its heading row and rows. */
export function readCsvRecords(text: string): { headings: string[]; records: string[][] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new ImportFileError(
      `The selected file could not be read as CSV: ${csvProblem(error as Error)}. Check it in your spreadsheet, save it as CSV again and upload it.`,
    );
  }
  if (records.length === 0) throw new ImportFileError("The selected file is empty.");
  if (records.length === 1)
    throw new ImportFileError("The selected file has the column names but no members below them.");
  if (records.length - 1 > 5000)
    throw new ImportFileError("The file has more than 5,000 rows: split it into smaller files.");
  if (records[0].length > 100) throw new ImportFileError("The file has more than 100 columns.");
  const width = records[0].length;
  return {
    headings: records[0].map((h) => h.slice(0, 200)),
    records: records.slice(1).map((record) => Array.from({ length: width }, (_, j) => (record[j] ?? "").slice(0, 500))),
  };
}

/** Each column of a file: its heading, its first three values and the field it is matched to automatically. */
export function describeColumns(text: string) {
  const { headings, records } = readCsvRecords(text);
  const choices = autoMatchColumns(headings);
  return headings.map((heading, j) => ({
    heading,
    samples: records
      .map((r) => r[j])
      .filter((v) => v !== "")
      .slice(0, 3),
    choice: choices[j],
  }));
}

const FIELD_LABELS: Record<ImportField, string> = {
  name: "Name",
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  organisation: "Organisation",
  jobTitle: "Job title",
  tier: "Tier",
  directory: "Directory",
};

/**
 * The rows of a file with its columns matched as chosen, or an ImportFileError
 * saying which match is missing or doubled. First and last names are joined.
 */
export function rowsFromColumns(text: string, choices: ColumnChoice[]): ImportRow[] {
  const { headings, records } = readCsvRecords(text);
  const columnOf = new Map<ImportField, number>();
  for (let j = 0; j < headings.length; j++) {
    const choice = choices[j] ?? "skip";
    if (choice === "skip") continue;
    if (columnOf.has(choice))
      throw new ImportFileError(`${FIELD_LABELS[choice]} is chosen for more than one column: choose it for one only.`);
    columnOf.set(choice, j);
  }
  if (columnOf.has("name") && (columnOf.has("firstName") || columnOf.has("lastName")))
    throw new ImportFileError("Choose either a Name column or First name and Last name columns, not both.");
  const missing = [
    !columnOf.has("name") && !columnOf.has("firstName") && !columnOf.has("lastName")
      ? "Name (or First name and Last name)"
      : "",
    !columnOf.has("email") ? "Email" : "",
    !columnOf.has("organisation") ? "Organisation" : "",
  ].filter(Boolean);
  if (missing.length) throw new ImportFileError(`Choose which column holds: ${missing.join(", ")}.`);
  const cell = (record: string[], field: ImportField) => {
    const j = columnOf.get(field);
    return j === undefined ? "" : record[j];
  };
  return records.map((record, i) => ({
    line: i + 2,
    name: columnOf.has("name")
      ? cell(record, "name")
      : [cell(record, "firstName"), cell(record, "lastName")].filter(Boolean).join(" "),
    email: cell(record, "email"),
    organisation: cell(record, "organisation"),
    jobTitle: cell(record, "jobTitle"),
    tier: cell(record, "tier"),
    directory: cell(record, "directory"),
  }));
}

/** Reads a CSV whose headings are all matched automatically (byte-order mark, Windows line endings and quoted commas all handled). */
export function parseMembersCsv(text: string): ImportRow[] {
  return rowsFromColumns(text, autoMatchColumns(readCsvRecords(text).headings));
}

/** How long an uploaded file is kept for its coordinator to match, check and import. */
export const IMPORT_UPLOAD_TTL_MS = 60 * 60 * 1000;

/** Keeps an uploaded file on the server for an hour, for the coordinator who uploaded it; clears expired uploads. */
export function saveImportUpload(
  { memberId, fileName, text, now = new Date() }: { memberId: number; fileName: string; text: string; now?: Date },
  db: Db = getDb(),
) {
  const id = randomBytes(32).toString("base64url");
  db.delete(importUploads).where(lte(importUploads.expiresAt, now)).run();
  db.insert(importUploads)
    .values({ id, memberId, fileName, text, createdAt: now, expiresAt: new Date(now.getTime() + IMPORT_UPLOAD_TTL_MS) })
    .run();
  return id;
}

/** The upload with this id if it is this coordinator's and has not expired; otherwise null. */
export function findImportUpload(
  { id, memberId, now = new Date() }: { id: string; memberId: number; now?: Date },
  db: Db = getDb(),
) {
  return (
    db
      .select({ id: importUploads.id, fileName: importUploads.fileName, text: importUploads.text })
      .from(importUploads)
      .where(and(eq(importUploads.id, id), eq(importUploads.memberId, memberId), gt(importUploads.expiresAt, now)))
      .get() ?? null
  );
}

/** A name as compared: lower case, single spaces, no surrounding spaces. */
function nameKey(name: string) {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

function levenshtein(a: string, b: string) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * How alike two organisation names are, from 0 to 1: the larger of the share
 * of words they have in common ("Oxford Health NHS Trust" and "Oxford Health
 * NHS Foundation Trust" share 4 of 5) and how few letters differ (typing slips).
 */
export function nameSimilarity(a: string, b: string) {
  const wordsA = new Set(
    nameKey(a)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
  const wordsB = new Set(
    nameKey(b)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
  const shared = [...wordsA].filter((w) => wordsB.has(w)).length;
  const words = shared / (new Set([...wordsA, ...wordsB]).size || 1);
  const x = nameKey(a);
  const y = nameKey(b);
  const letters = 1 - levenshtein(x, y) / (Math.max(x.length, y.length) || 1);
  return Math.max(words, letters);
}

/** The least similarity at which a name is offered as a suggestion. */
const SUGGESTION_THRESHOLD = 0.7;

/**
 * Finds open organisations by name, ignoring case and surrounding spaces, and
 * by a former name (after a rename or merge). Closed organisations are not found.
 */
export function organisationMatcher(db: Db = getDb()) {
  const open = listOrganisationOptions(db);
  const byKey = new Map(open.map((o) => [nameKey(o.name), o]));
  const byId = new Map(open.map((o) => [o.id, o]));
  for (const former of db
    .select({ name: organisationFormerNames.name, organisationId: organisationFormerNames.organisationId })
    .from(organisationFormerNames)
    .all()) {
    const now = byId.get(former.organisationId);
    if (now && !byKey.has(nameKey(former.name))) byKey.set(nameKey(former.name), now);
  }
  return {
    find: (name: string) => byKey.get(nameKey(name)),
    /** The most alike open organisation, when one is alike enough to offer; never applied without the coordinator. */
    suggest: (name: string) => {
      let best: { id: number; name: string } | undefined;
      let bestScore = SUGGESTION_THRESHOLD;
      for (const o of open) {
        const score = nameSimilarity(name, o.name);
        if (score >= bestScore) {
          best = o;
          bestScore = score;
        }
      }
      return best;
    },
  };
}

/** Rows with the suggestions the coordinator accepted (by the value in the file) applied. */
export function acceptSuggestions(rows: ImportRow[], accepted: string[], db: Db = getDb()) {
  const matcher = organisationMatcher(db);
  const replacements = new Map<string, string>();
  for (const value of accepted) {
    const suggestion = matcher.find(value) ? undefined : matcher.suggest(value);
    if (suggestion) replacements.set(nameKey(value), suggestion.name);
  }
  return rows.map((row) => {
    const replacement = replacements.get(nameKey(row.organisation));
    return replacement ? { ...row, organisation: replacement } : row;
  });
}

const emailSchema = z.email();

function tierOf(row: ImportRow) {
  return row.tier.trim() ? Number(row.tier.trim().replace(/^tier\s*/i, "")) : null;
}

/** One change to an existing member: what it is now and what the file makes it. */
export type FieldChange = { field: "name" | "organisation" | "jobTitle" | "tier"; before: string; after: string };
/** An existing member the file names, with what would change ("no change" when nothing would). */
export type MemberUpdate = { line: number; memberId: number; email: string; name: string; changes: FieldChange[] };
/** An organisation name in the file that is not in the network but is like one that is. */
export type OrganisationSuggestion = { value: string; suggestion: string };

/**
 * Every problem with every row, by row and column; the existing members the
 * file would update with each change before → after; and a suggestion for
 * each distinct organisation name that nearly matches. Skipped rows are not checked.
 */
export function checkImportRows(rows: ImportRow[], db: Db = getDb()) {
  const matcher = organisationMatcher(db);
  const organisationNames = new Map(listOrganisationOptions(db).map((o) => [o.id, o.name]));
  const existing = new Map(
    db
      .select({
        id: members.id,
        email: members.email,
        name: members.name,
        jobTitle: members.jobTitle,
        tier: members.tier,
        organisationId: members.organisationId,
        organisationName: organisations.name,
      })
      .from(members)
      .leftJoin(organisations, eq(organisations.id, members.organisationId))
      .all()
      .map((m) => [m.email, m]),
  );
  const seen = new Map<string, number>();
  const problems: RowProblem[] = [];
  const updates: MemberUpdate[] = [];
  const suggestions = new Map<string, OrganisationSuggestion>();
  for (const row of rows) {
    if (row.skip) continue;
    const email = normaliseEmail(row.email);
    const member = email ? existing.get(email) : undefined;
    if (!row.name.trim()) {
      if (!member) problems.push({ line: row.line, column: "name", message: "Name is missing" });
    } else if (row.name.length > 100)
      problems.push({ line: row.line, column: "name", message: "Name is longer than 100 characters" });
    if (!email) problems.push({ line: row.line, column: "email", message: "Email is missing" });
    else if (!emailSchema.safeParse(email).success)
      problems.push({ line: row.line, column: "email", message: `“${row.email}” is not a valid email address` });
    else if (seen.has(email))
      problems.push({ line: row.line, column: "email", message: `Duplicate of row ${seen.get(email)}` });
    if (email) seen.set(email, seen.get(email) ?? row.line);
    const organisation = row.organisation.trim() ? matcher.find(row.organisation) : undefined;
    if (!row.organisation.trim())
      problems.push({ line: row.line, column: "organisation", message: "Organisation is missing" });
    else if (!organisation) {
      const suggestion = matcher.suggest(row.organisation);
      if (suggestion && !suggestions.has(nameKey(row.organisation)))
        suggestions.set(nameKey(row.organisation), { value: row.organisation.trim(), suggestion: suggestion.name });
      problems.push({
        line: row.line,
        column: "organisation",
        message: suggestion
          ? `“${row.organisation}” is not an organisation in the network. Did you mean “${suggestion.name}”?`
          : `“${row.organisation}” is not an organisation in the network`,
      });
    }
    if (row.jobTitle.length > 100)
      problems.push({ line: row.line, column: "jobTitle", message: "Job title is longer than 100 characters" });
    const tier = tierOf(row);
    if (tier !== null && !TIERS.includes(tier as 1 | 2 | 3)) {
      problems.push({ line: row.line, column: "tier", message: "Tier must be 1, 2 or 3" });
    }
    if (row.directory.trim() && !/^(yes|no|y|n|true|false)$/i.test(row.directory.trim())) {
      problems.push({ line: row.line, column: "directory", message: "Directory must be yes or no" });
    }
    if (member && seen.get(email) === row.line) {
      const changes: FieldChange[] = [];
      if (row.name.trim() && row.name.trim() !== member.name)
        changes.push({ field: "name", before: member.name, after: row.name.trim() });
      if (organisation && organisation.id !== member.organisationId)
        changes.push({
          field: "organisation",
          before: member.organisationName ?? "none",
          after: organisationNames.get(organisation.id) ?? organisation.name,
        });
      if (row.jobTitle.trim() && row.jobTitle.trim() !== member.jobTitle)
        changes.push({ field: "jobTitle", before: member.jobTitle || "none", after: row.jobTitle.trim() });
      if (tier !== null && TIERS.includes(tier as 1 | 2 | 3) && tier !== member.tier)
        changes.push({ field: "tier", before: `Tier ${member.tier}`, after: `Tier ${tier}` });
      updates.push({ line: row.line, memberId: member.id, email: member.email, name: member.name, changes });
    }
  }
  return { problems, updates, suggestions: [...suggestions.values()], matcher };
}

/**
 * Imports every row that is not skipped, in one transaction: a row whose
 * email is a member's updates that member (name only if given, organisation,
 * job title and tier when given), every other row creates a member. If any
 * row has a problem, nothing is written. Optionally emails each new member an invitation.
 */
export function importMembers(
  {
    rows,
    invitedBy,
    sendInvitations,
    now = new Date(),
  }: { rows: ImportRow[]; invitedBy: number; sendInvitations: boolean; now?: Date },
  db: Db = getDb(),
) {
  return inTransaction((tx) => {
    const { problems, updates, matcher } = checkImportRows(rows, tx);
    if (problems.length) throw new ImportFileError("Some rows still have problems: nothing was imported.");
    const updateByLine = new Map(updates.map((u) => [u.line, u]));
    let imported = 0;
    let updated = 0;
    let unchanged = 0;
    for (const row of rows) {
      if (row.skip) continue;
      const organisationId = matcher.find(row.organisation)!.id;
      const update = updateByLine.get(row.line);
      if (update) {
        if (update.changes.length === 0) {
          unchanged += 1;
          continue;
        }
        const current = tx.select().from(members).where(eq(members.id, update.memberId)).get()!;
        const tier = tierOf(row) ?? current.tier;
        tx.update(members)
          .set({
            name: row.name.trim() || current.name,
            jobTitle: row.jobTitle.trim() || current.jobTitle,
            organisationId,
            otherOrganisationName: null,
            tier,
            // Moving to Tier 1 starts their time as a new champion; leaving it ends it.
            tier1Since: tier !== 1 ? null : current.tier === 1 ? current.tier1Since : now,
            updatedAt: now,
          })
          .where(eq(members.id, update.memberId))
          .run();
        reindexContactsWhere({ memberId: update.memberId }, tx);
        updated += 1;
        continue;
      }
      const { id } = createMember(
        {
          email: row.email,
          name: row.name,
          jobTitle: row.jobTitle,
          organisationId,
          tier: tierOf(row) ?? 3,
          role: "learner",
          passwordHash: unusablePasswordHash(),
          now,
        },
        tx,
      );
      if (/^(yes|y|true)$/i.test(row.directory.trim())) {
        createContact(
          {
            memberId: id,
            details: {
              isGoTo: false,
              howToContact: "",
              directPhone: null,
              showDirectPhone: false,
              mobile: null,
              showMobile: false,
              districtIds: [],
              specialismIds: [],
            },
            now,
          },
          tx,
        );
      }
      if (sendInvitations) inviteMember({ memberId: id, invitedBy, now }, tx);
      imported += 1;
    }
    return { imported, updated, unchanged, changes: updates.filter((u) => u.changes.length > 0) };
  }, db);
}

/** Forgets an upload once it has been imported. */
export function deleteImportUpload({ id }: { id: string }, db: Db = getDb()) {
  db.delete(importUploads).where(eq(importUploads.id, id)).run();
}
