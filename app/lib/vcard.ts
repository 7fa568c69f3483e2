import { foldContentLine } from "./content-line";
import { multiLine, singleLine } from "./plain-text";

/**
 * A vCard 4.0 for one contact (RFC 6350), written here rather than by a
 * library: the writers on npm either emit vCard 3.0 or leave a bare CR in a
 * value as it is, and ical.js (which can write vCards) is the independent
 * parser our tests read these cards back with.
 *
 * Every value is first made plain text (no control characters: a bare CR is
 * a line break to many readers, and would start a forged card), then escaped
 * (backslash, comma, newline; semicolon too in structured values), and each
 * content line is folded at 75 octets without splitting a UTF-8 sequence.
 */
function text(value: string, { multiline = false } = {}) {
  const plain = multiline ? multiLine(value) : singleLine(value);
  return plain.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/\n/g, "\\n");
}

/** A component of a structured value (N, ORG): semicolons separate components. */
function component(value: string) {
  return text(value).replace(/;/g, "\\;");
}

/** A tel: URI keeps only digits and a leading plus. */
function telUri(phone: string) {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

export function buildVCard(contact: {
  name: string;
  jobTitle: string;
  organisationName: string | null;
  email: string;
  directPhone?: string;
  mobile?: string;
  note?: string;
}) {
  const name = singleLine(contact.name).trim();
  const parts = name.split(/\s+/);
  const family = parts.length > 1 ? parts[parts.length - 1] : "";
  const given = parts.length > 1 ? parts.slice(0, -1).join(" ") : parts[0] ?? "";
  const lines = [
    "BEGIN:VCARD",
    "VERSION:4.0",
    `FN:${text(name)}`,
    `N:${component(family)};${component(given)};;;`,
    contact.organisationName ? `ORG:${component(contact.organisationName)}` : null,
    contact.jobTitle ? `TITLE:${text(contact.jobTitle)}` : null,
    `EMAIL;TYPE=work:${text(contact.email)}`,
    contact.directPhone ? `TEL;TYPE=work,voice;VALUE=uri:${telUri(contact.directPhone)}` : null,
    contact.mobile ? `TEL;TYPE=cell;VALUE=uri:${telUri(contact.mobile)}` : null,
    contact.note ? `NOTE:${text(contact.note, { multiline: true })}` : null,
    "END:VCARD",
  ];
  return lines.filter((line): line is string => line !== null).map(foldContentLine).join("\r\n") + "\r\n";
}
