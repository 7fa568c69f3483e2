/**
 * Plain text as it is stored and exported: no control characters that a
 * file format, a spreadsheet or a terminal could read as structure.
 *
 * Every line break a reader might honour (CRLF, bare CR, LF, vertical tab,
 * form feed, NEL, U+2028, U+2029) becomes one LF; a tab becomes a space;
 * every other C0 and C1 control character and DEL is removed; an unpaired
 * surrogate becomes U+FFFD so the text is well-formed UTF-16 and encodes to
 * valid UTF-8.
 */
const LINE_BREAK = /\r\n|[\n\r\v\f\x85\u2028\u2029]/g;
const CONTROL_EXCEPT_LF = /[\0-\x09\x0B-\x1F\x7F-\x9F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text that may run over several lines: line breaks kept, as LF. */
export function multiLine(text: string) {
  return text
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(LINE_BREAK, "\n")
    .replace(/\t/g, " ")
    .replace(CONTROL_EXCEPT_LF, "");
}

/** Text that is one line: line breaks become spaces too. */
export function singleLine(text: string) {
  return multiLine(text).replace(/\n/g, " ");
}
