/**
 * Content lines of vCard (RFC 6350 3.2) and iCalendar (RFC 5545 3.1) files:
 * a line longer than 75 octets is folded with CRLF and a space, never in the
 * middle of a UTF-8 sequence.
 */
const encoder = new TextEncoder();

export function foldContentLine(line: string) {
  const pieces: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      pieces.push(current);
      current = "";
      octets = 0;
      limit = 74; // the space that starts a continuation line counts
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

/**
 * Refolds a whole file at 75 octets. Only for files whose values hold no CR
 * or LF of their own (made plain text first), so that every CRLF followed by
 * a space or tab is a fold.
 */
export function refoldContentLines(text: string) {
  return text
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .map(foldContentLine)
    .join("\r\n");
}
