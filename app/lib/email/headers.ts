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

/** A header field name: printable ASCII without a colon (RFC 5322 section 3.6.8). */
const FIELD_NAME = /^[!-9;-~]+$/;

/** Fields the mailer writes itself: an extra field of the same name would replace or repeat one of them. */
const MAILER_FIELD = /^(?:from|sender|reply-to|to|cc|bcc|subject|date|message-id|mime-version|content-.*)$/i;

/**
 * Extra header fields (List-Unsubscribe, List-Unsubscribe-Post) as they are sent: a name that is not a
 * field name, or names a field the mailer writes, is refused; each value is kept to one line (headerText).
 */
export function extraHeaderFields(headers: Record<string, string> = {}) {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_NAME.test(name) || MAILER_FIELD.test(name)) {
      throw new Error(`"${headerText(name)}" cannot be an extra header field.`);
    }
    safe[name] = headerText(value);
  }
  return safe;
}
