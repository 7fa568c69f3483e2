/**
 * Text that goes into an email header (a subject built from a workshop title,
 * a name) must stay on one line: a carriage return or line feed would end the
 * header and let the text start one of its own (`Bcc: …`). Every control
 * character (C0, DEL, C1) and the Unicode line and paragraph separators become
 * a single space.
 */
export function headerText(value: string) {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** One plain address (local@domain): no spaces, control characters, commas, angle brackets or a second address. */
const SINGLE_ADDRESS = /^[^\s\p{Cc}@<>,;:"()[\]\\]+@[^\s\p{Cc}@<>,;:"()[\]\\]+$/u;

export function isSingleAddress(value: string) {
  return SINGLE_ADDRESS.test(value);
}
