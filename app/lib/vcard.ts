import { foldContentLine } from "./content-line";
import { multiLine, singleLine } from "./plain-text";

/**
 * A vCard 3.0 for one contact (RFC 2426), written here rather than by a
 * library: the writers on npm leave a bare CR in a value as it is. 3.0, not
 * 4.0, because Outlook's import reads 4.0 poorly and every current contacts
 * app reads 3.0. The tests read these cards back with ical.js and with
 * Python's vobject, two independent parsers.
 *
 * Every value is first made plain text (no control characters: a bare CR is
 * a line break to many readers, and would start a forged card), then escaped
 * (backslash, comma, semicolon and newline, as RFC 2426's text value asks),
 * and each content line is folded at 75 octets without splitting a UTF-8
 * sequence.
 */
function text(value: string, { multiline = false } = {}) {
  const plain = multiline ? multiLine(value) : singleLine(value);
  return plain.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/;/g, "\\;").replace(/\n/g, "\\n");
}

/** A telephone number keeps only digits and a leading plus. */
function phoneNumber(phone: string) {
  return phone.replace(/[^\d+]/g, "");
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
  const given = parts.length > 1 ? parts.slice(0, -1).join(" ") : (parts[0] ?? "");
  const lines = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    `FN:${text(name)}`,
    `N:${text(family)};${text(given)};;;`,
    contact.organisationName ? `ORG:${text(contact.organisationName)}` : null,
    contact.jobTitle ? `TITLE:${text(contact.jobTitle)}` : null,
    `EMAIL;TYPE=INTERNET,WORK:${text(contact.email)}`,
    contact.directPhone ? `TEL;TYPE=WORK,VOICE:${phoneNumber(contact.directPhone)}` : null,
    contact.mobile ? `TEL;TYPE=CELL,VOICE:${phoneNumber(contact.mobile)}` : null,
    contact.note ? `NOTE:${text(contact.note, { multiline: true })}` : null,
    "END:VCARD",
  ];
  return (
    lines
      .filter((line): line is string => line !== null)
      .map(foldContentLine)
      .join("\r\n") + "\r\n"
  );
}
