import { multiLine } from "./plain-text";

/**
 * Text a spreadsheet might run as a formula: it starts with = + - @ (or their
 * full-width forms, which some locales' spreadsheets accept), or with white
 * space, which spreadsheet programs may skip to find one.
 */
const FORMULA_OR_SPACE = /^[\s\u200B\uFEFF=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * CSV that opens safely in spreadsheet programs: control characters removed
 * (line breaks kept, as LF, inside quotes), every field quoted as needed, and
 * text a spreadsheet might run as a formula prefixed with an apostrophe.
 * Numbers are written as they are: a number is never a formula.
 */
export function csvField(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  let text = value === null || value === undefined ? "" : multiLine(String(value));
  if (FORMULA_OR_SPACE.test(text)) text = `'${text}`;
  return /[",\n']/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]) {
  // A byte-order mark so Excel reads UTF-8 names correctly.
  return "\uFEFF" + [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
