import { randomBytes } from "node:crypto";

export function createNonce() {
  return randomBytes(16).toString("base64");
}

/** The enforced Content-Security-Policy; scripts only from us or with this request's nonce. */
export function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Paths whose POST is authorised by a secret in the address, not by a cookie,
 * so a request from another site can do nothing there that the link's holder
 * could not: one-click unsubscribe (RFC 8058), which a mail provider may send
 * from a web page of its own.
 */
const CROSS_ORIGIN_WRITE_ALLOWED = /^\/unsubscribe\/[^/]+$/;

/** Whether a POST to this path may come from another site (see CROSS_ORIGIN_WRITE_ALLOWED). */
export function crossOriginWriteAllowed(path: string) {
  return CROSS_ORIGIN_WRITE_ALLOWED.test(path);
}

/**
 * True when a state-changing request comes from another origin. Browsers send
 * Sec-Fetch-Site on every request; older ones send Origin on cross-origin
 * POSTs. A request with neither (curl, a server) is not a browser CSRF vector.
 */
export function isCrossOriginWrite(req: {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  path?: string;
}) {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  if (req.path && crossOriginWriteAllowed(req.path)) return false;
  if (req.secFetchSite) {
    return req.secFetchSite !== "same-origin" && req.secFetchSite !== "none";
  }
  if (req.origin) {
    if (req.origin === "null") return true;
    try {
      return new URL(req.origin).host !== req.host;
    } catch {
      return true;
    }
  }
  return false;
}

/** A control character (tab, newline, carriage return, NUL, DEL...) or a backslash. */
const UNSAFE_IN_TARGET = /[\u0000-\u001f\u007f-\u009f\\]/;
/** A percent-escape of an ASCII control character or a backslash. */
const UNSAFE_ESCAPE = /%(?:[01][0-9a-f]|7f|5c)/i;
/** A stand-in origin: a target is safe when it cannot leave whatever origin it is resolved against. */
const OWN_ORIGIN = "https://champions-network.invalid";

/**
 * Where to go after signing in: only a path on this site. Browsers drop tabs
 * and newlines from a URL and read a backslash as a slash, so `/<TAB>/evil.example`
 * would become `//evil.example`. A target is refused when it has a control
 * character or a backslash anywhere, also percent-encoded once or more
 * (`%09`, `%2509`), or when it does not resolve to this site's own origin.
 */
export function safeRedirectTarget(target: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof target !== "string" || !target.startsWith("/") || UNSAFE_IN_TARGET.test(target)) return fallback;
  // Undo percent-encoding layer by layer ("%2509" -> "%09"), looking for an escaped control character or backslash.
  let layer = target;
  for (let round = 0; round < 5; round += 1) {
    if (UNSAFE_ESCAPE.test(layer)) return fallback;
    const next = layer.replace(/%25/gi, "%");
    if (next === layer) break;
    layer = next;
  }
  const url = new URL(target, OWN_ORIGIN);
  if (url.origin !== OWN_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
