import ICAL from "ical.js";

/** Hostile text shared by the tests of what is stored and what is exported. */

/** Every C0 control, DEL, NEL and another C1 control, the Unicode line and paragraph separators, and an unpaired surrogate. */
export const HOSTILE_CHARACTERS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  "\x7f",
  "\x85",
  "\x9b",
  "\u2028",
  "\u2029",
  "\uD800",
];

/** Each hostile character between two words. */
export const HOSTILE_WORDS = HOSTILE_CHARACTERS.map((c) => `Ann${c}Smith`);

/** True when the text holds a control character or an unpaired surrogate (LF allowed when the text may be several lines). */
export function hasControl(text: string, { lineFeeds = false } = {}) {
  const checked = lineFeeds ? text.replace(/\n/g, "") : text;
  return /[\0-\x1F\x7F-\x9F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
    checked,
  );
}

const ANY_LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** What a reader that honours every kind of line break (as vobject and many importers do) sees: each becomes CRLF. */
export function lenient(text: string) {
  return text.split(ANY_LINE_BREAK).join("\r\n");
}

/** The vCards or calendars in a file, as ical.js reads them: it returns one jCard/jCal for one component and an array for several. */
export function components(text: string): unknown[] {
  const parsed = ICAL.parse(text) as unknown[];
  return typeof parsed[0] === "string" ? [parsed] : parsed;
}
