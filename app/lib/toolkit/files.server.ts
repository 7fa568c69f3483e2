/**
 * Attachments on toolkit cards: what a file is, found from its content (never
 * from its name or the browser's word), and the name it is downloaded as.
 */

/** The largest attachment a card takes. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export const ATTACHMENT_TOO_LARGE =
  "The file is larger than 5 MB. Make it smaller (save it as a PDF, say) and try again.";

export type AttachmentKind = "pdf" | "docx" | "doc" | "xlsx" | "xls" | "odt" | "ods" | "csv";

const CONTENT_TYPES: Record<AttachmentKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  doc: "application/msword",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  xls: "application/vnd.ms-excel",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  csv: "text/csv; charset=utf-8",
};

export const ATTACHMENT_EXTENSIONS = Object.keys(CONTENT_TYPES).map((kind) => `.${kind}`);

export class AttachmentError extends Error {}

/** The file names inside a zip, from its central directory; null when it is not a readable zip. */
function zipEntryNames(data: Buffer): string[] | null {
  // The end-of-central-directory record is in the last 22 bytes plus up to 64 KB of comment.
  const earliest = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let at = data.length - 22; at >= earliest; at--) {
    if (data.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    if (at + 46 + nameLength > data.length) return null;
    names.push(data.subarray(at + 46, at + 46 + nameLength).toString("utf8"));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** An OpenDocument file starts with an uncompressed `mimetype` entry holding its type. */
function openDocumentType(data: Buffer) {
  if (data.length < 38 || data.subarray(30, 38).toString("latin1") !== "mimetype") return null;
  if (data.readUInt16LE(8) !== 0) return null;
  const size = data.readUInt32LE(18);
  const start = 30 + 8 + data.readUInt16LE(28);
  return data.subarray(start, start + Math.min(size, 100)).toString("latin1");
}

function isCsvText(data: Buffer) {
  if (data.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

function extensionOf(name: string) {
  const match = /\.([A-Za-z0-9]{1,5})$/.exec(name.trim());
  return match ? match[1].toLowerCase() : "";
}

/** What the content says the file is, or null when it is none of the kinds a card takes. */
export function detectAttachmentKind(data: Buffer, name: string): AttachmentKind | null {
  const extension = extensionOf(name);
  if (data.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0 && data.readUInt32BE(4) === 0xa1b11ae1) {
    // An OLE2 compound file is a Word 97 document or an Excel 97 workbook; its name says which.
    return extension === "xls" ? "xls" : extension === "doc" ? "doc" : null;
  }
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
    const odf = openDocumentType(data);
    if (odf === "application/vnd.oasis.opendocument.text") return "odt";
    if (odf === "application/vnd.oasis.opendocument.spreadsheet") return "ods";
    const entries = zipEntryNames(data);
    if (!entries || !entries.includes("[Content_Types].xml")) return null;
    if (entries.includes("word/document.xml")) return "docx";
    if (entries.includes("xl/workbook.xml")) return "xlsx";
    return null;
  }
  if (extension === "csv" && data.length > 0 && isCsvText(data)) return "csv";
  return null;
}

const KIND_NAMES: Record<AttachmentKind, string> = {
  pdf: "a PDF",
  docx: "a Word document",
  doc: "a Word document",
  xlsx: "an Excel spreadsheet",
  xls: "an Excel spreadsheet",
  odt: "an OpenDocument text file",
  ods: "an OpenDocument spreadsheet",
  csv: "a CSV file",
};

/**
 * Checks an uploaded file and returns what to store: its kind, content type
 * and a safe name. Throws AttachmentError with a message for the person.
 */
export function checkAttachment(data: Buffer, name: string) {
  if (data.length === 0) throw new AttachmentError("The file is empty. Select the file again.");
  if (data.length > MAX_ATTACHMENT_BYTES) throw new AttachmentError(ATTACHMENT_TOO_LARGE);
  const kind = detectAttachmentKind(data, name);
  if (!kind)
    throw new AttachmentError(
      "The file must be a PDF, a Word document (.docx or .doc), a spreadsheet (.xlsx, .xls, .ods or .csv) " +
        "or an OpenDocument text file (.odt). This file's content is none of those.",
    );
  const extension = extensionOf(name);
  const matches = extension === kind;
  if (!matches)
    throw new AttachmentError(
      `The file is ${KIND_NAMES[kind]} but its name ends ${extension ? `“.${extension}”` : "with no type"}. ` +
        `Rename it to end “.${kind}” and upload it again.`,
    );
  return { kind, contentType: CONTENT_TYPES[kind], fileName: safeFileName(name, kind) };
}

/**
 * A name safe to store, show and download: only the last part of a path,
 * no control or format characters, quotes, or characters Windows refuses,
 * at most 100 characters, ending in the kind's extension.
 */
export function safeFileName(name: string, kind: AttachmentKind) {
  const last = name.split(/[\\/]/).pop() ?? "";
  const cleaned = last
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/["'`<>:|?*;%]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+/, "")
    .trim();
  const stem = cleaned
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .slice(0, 90)
    .trim();
  return `${stem || "attachment"}.${kind}`;
}

/** `Content-Disposition: attachment` with an ASCII name and the full name encoded as RFC 6266 / 5987 say. */
export function attachmentDisposition(fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The uploaded file from a form, checked; throws AttachmentError with a message for the person. */
export async function readAttachmentUpload(file: FormDataEntryValue | null) {
  // With nothing chosen, a browser still sends the field: an empty file with no name.
  if (!(file instanceof File) || (file.name === "" && file.size === 0))
    throw new AttachmentError("Select a file to upload.");
  if (file.size > MAX_ATTACHMENT_BYTES) throw new AttachmentError(ATTACHMENT_TOO_LARGE);
  const data = Buffer.from(await file.arrayBuffer());
  return { ...checkAttachment(data, file.name), data };
}
