import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A secret for a link: 256 random bits, URL-safe (43 characters). */
export function newLinkToken() {
  return randomBytes(32).toString("base64url");
}

/** What is stored for a link's secret: its SHA-256, in hex. */
export function tokenDigest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Compares two digests in constant time (the row was found by its digest; this re-checks it without an early exit). */
export function sameDigest(a: string, b: string) {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A link's secret as it may arrive in a URL; anything else cannot be a token we issued. */
export function linkTokenParam(token: string | undefined) {
  return token && /^[A-Za-z0-9_-]{20,64}$/.test(token) ? token : null;
}
