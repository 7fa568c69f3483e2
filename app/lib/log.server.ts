/**
 * Structured logs: one JSON object per line on stdout, with a UTC time. Only
 * internal ids identify people; never an email, a name, a password, a cookie
 * or a token. Paths that carry a secret have it replaced before logging.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

const SECRET_PATHS = [/^(\/verify\/)[^/?#]+/, /^(\/feeds\/)[^/?#]+/, /^(\/invite\/)[^/?#]+/, /^(\/directory\/confirm\/)[^/?#]+/, /^(\/certificates\/)[^/?#]+/];

/** The path without its query string, and with any secret segment replaced. */
export function redactPath(url: string) {
  let path = url.split("?")[0].split("#")[0];
  for (const pattern of SECRET_PATHS) path = path.replace(pattern, "$1:redacted");
  return path;
}

export function logEvent(event: string, fields: Fields = {}) {
  if (process.env.LOG_LEVEL === "silent") return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
}
