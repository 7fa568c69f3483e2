import { format } from "node:util";

/**
 * Structured logs: every line the server writes is one JSON object with a UTC
 * time and an event name: events on stdout, faults on stderr. Only internal
 * ids identify people; never an email, a name, a password, a cookie or a
 * token (the one exception is the fixed demo accounts, printed once when demo
 * data is seeded). Paths that carry a secret have it replaced before logging.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

const SECRET_PATHS = [
  /^(\/verify\/)[^/?#]+/,
  /^(\/feeds\/)[^/?#]+/,
  /^(\/invite\/)[^/?#]+/,
  /^(\/directory\/confirm\/)[^/?#]+/,
  /^(\/reset-password\/)[^/?#]+/,
  /^(\/email-change\/(?:confirm|report)\/)[^/?#]+/,
  /^(\/certificates\/)[^/?#]+/,
  /^(\/unsubscribe\/)[^/?#]+/,
  /^(\/prevention\/outcome\/\d+\/)[^/?#]+/,
];

/** The path without its query string, and with any secret segment replaced. */
export function redactPath(url: string) {
  let path = url.split("?")[0].split("#")[0];
  for (const pattern of SECRET_PATHS) path = path.replace(pattern, "$1:redacted");
  return path;
}

function writeLine(stream: NodeJS.WriteStream, event: string, fields: Fields) {
  stream.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
}

export function logEvent(event: string, fields: Fields = {}) {
  if (process.env.LOG_LEVEL === "silent") return;
  writeLine(process.stdout, event, fields);
}

/** A fault, on stderr: the error's message and stack only, never a request body or cookie. */
export function logError(event: string, error: unknown, fields: Fields = {}) {
  if (process.env.LOG_LEVEL === "silent") return;
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  writeLine(process.stderr, event, { ...fields, error: message, stack });
}

/** Why the server will not start. Written even with LOG_LEVEL=silent: the server is about to stop. */
export function logStartupFailure(message: string) {
  writeLine(process.stderr, "startup-failed", { message: `Champions Network cannot start: ${message}` });
}

/**
 * Makes every line the server process writes a JSON object: what libraries
 * print through the console (React Router's development warnings, say) becomes
 * a "console" event, and an uncaught exception or unhandled rejection is
 * logged before the process ends (Node would print a bare stack otherwise).
 */
export function routeProcessOutputToLog() {
  const toLog =
    (level: "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      if (process.env.LOG_LEVEL === "silent") return;
      writeLine(level === "info" ? process.stdout : process.stderr, "console", { level, message: format(...args) });
    };
  console.log = console.info = console.debug = toLog("info");
  console.warn = toLog("warn");
  console.error = console.trace = toLog("error");
  const fail = (event: string) => (error: unknown) => {
    writeLine(process.stderr, event, {
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    process.exit(1);
  };
  process.on("uncaughtException", fail("uncaught-exception"));
  process.on("unhandledRejection", fail("unhandled-rejection"));
}
