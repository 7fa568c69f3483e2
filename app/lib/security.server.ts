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
 * True when a state-changing request comes from another origin. Browsers send
 * Sec-Fetch-Site on every request; older ones send Origin on cross-origin
 * POSTs. A request with neither (curl, a server) is not a browser CSRF vector.
 */
export function isCrossOriginWrite(req: {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}) {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
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
