import { parse } from "csv-parse/sync";
import { z } from "zod";
import { TIERS } from "~drizzle/schema/constants";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { createContact } from "./contact.server";
import { inviteMember, unusablePasswordHash } from "./invitation.server";
import { createMember, normaliseEmail } from "./member.server";
import { listOrganisationOptions } from "./organisation.server";
import { members } from "../../drizzle/schema";

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

export type RowProblem = { line: number; column: keyof Omit<ImportRow, "line" | "skip">; message: string };

const HEADERS: Record<string, keyof Omit<ImportRow, "line" | "skip">> = {
  name: "name",
  "full name": "name",
  email: "email",
  "email address": "email",
  organisation: "organisation",
  organization: "organisation",
  "job title": "jobTitle",
  role: "jobTitle",
  tier: "tier",
  directory: "directory",
  "in directory": "directory",
};

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
 * Reads an uploaded members file into rows, or throws an ImportFileError that
 * says what is wrong with it: no file chosen, an empty file, one larger than
 * 5 MB, one that is not a CSV, one not saved as UTF-8, or a CSV that cannot be read.
 */
export async function readMembersUpload(file: FormDataEntryValue | null): Promise<ImportRow[]> {
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
  return parseMembersCsv(text);
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

/** Reads a CSV (byte-order mark, Windows line endings and quoted commas all handled). */
export function parseMembersCsv(text: string): ImportRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new ImportFileError(
      `The selected file could not be read as CSV: ${csvProblem(error as Error)}. Check it in your spreadsheet, save it as CSV again and upload it.`,
    );
  }
  if (records.length === 0) throw new ImportFileError("The selected file is empty.");
  const header = records[0].map((h) => HEADERS[h.toLowerCase().trim()]);
  for (const required of ["name", "email", "organisation"] as const) {
    if (!header.includes(required)) {
      throw new ImportFileError(
        `The first row must name the columns, including “${required === "organisation" ? "Organisation" : required === "name" ? "Name" : "Email"}”.`,
      );
    }
  }
  if (records.length === 1)
    throw new ImportFileError("The selected file has the column names but no members below them.");
  if (records.length - 1 > 5000)
    throw new ImportFileError("The file has more than 5,000 rows: split it into smaller files.");
  return records.slice(1).map((record, i) => {
    const row: ImportRow = {
      line: i + 2,
      name: "",
      email: "",
      organisation: "",
      jobTitle: "",
      tier: "",
      directory: "",
    };
    header.forEach((column, j) => {
      if (column) row[column] = (record[j] ?? "").slice(0, 500);
    });
    return row;
  });
}

const emailSchema = z.email();

/** Every problem with every row, by row and column. Skipped rows are not checked. */
export function checkImportRows(rows: ImportRow[], db: Db = getDb()) {
  const organisations = new Map(listOrganisationOptions(db).map((o) => [o.name.toLowerCase(), o.id]));
  const existing = new Set(
    db
      .select({ email: members.email })
      .from(members)
      .all()
      .map((m) => m.email),
  );
  const seen = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const row of rows) {
    if (row.skip) continue;
    if (!row.name.trim()) problems.push({ line: row.line, column: "name", message: "Name is missing" });
    else if (row.name.length > 100)
      problems.push({ line: row.line, column: "name", message: "Name is longer than 100 characters" });
    const email = normaliseEmail(row.email);
    if (!email) problems.push({ line: row.line, column: "email", message: "Email is missing" });
    else if (!emailSchema.safeParse(email).success)
      problems.push({ line: row.line, column: "email", message: `“${row.email}” is not a valid email address` });
    else if (existing.has(email))
      problems.push({ line: row.line, column: "email", message: "A member with this email already exists" });
    else if (seen.has(email))
      problems.push({ line: row.line, column: "email", message: `Duplicate of row ${seen.get(email)}` });
    if (email) seen.set(email, seen.get(email) ?? row.line);
    if (!row.organisation.trim())
      problems.push({ line: row.line, column: "organisation", message: "Organisation is missing" });
    else if (!organisations.has(row.organisation.trim().toLowerCase()))
      problems.push({
        line: row.line,
        column: "organisation",
        message: `“${row.organisation}” is not an organisation in the network`,
      });
    if (row.tier.trim() && !TIERS.includes(Number(row.tier.trim().replace(/^tier\s*/i, "")) as 1 | 2 | 3)) {
      problems.push({ line: row.line, column: "tier", message: "Tier must be 1, 2 or 3" });
    }
    if (row.directory.trim() && !/^(yes|no|y|n|true|false)$/i.test(row.directory.trim())) {
      problems.push({ line: row.line, column: "directory", message: "Directory must be yes or no" });
    }
  }
  return { problems, organisations };
}

/**
 * Imports every row that is not skipped, in one transaction: if any row
 * fails, nothing is imported. Optionally emails each new member an invitation.
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
    const { problems, organisations } = checkImportRows(rows, tx);
    if (problems.length) throw new ImportFileError("Some rows still have problems: nothing was imported.");
    let imported = 0;
    for (const row of rows) {
      if (row.skip) continue;
      const tier = row.tier.trim() ? Number(row.tier.trim().replace(/^tier\s*/i, "")) : 3;
      const { id } = createMember(
        {
          email: row.email,
          name: row.name,
          jobTitle: row.jobTitle,
          organisationId: organisations.get(row.organisation.trim().toLowerCase())!,
          tier,
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
    return { imported };
  }, db);
}
