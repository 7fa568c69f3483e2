/**
 * Two-step sign-in codes (TOTP, RFC 6238: HMAC-SHA-1, 30-second steps, 6
 * digits, one step either side accepted), from the otpauth library; the QR
 * code is drawn as SVG on the server by qrcode, so set-up makes no request
 * to anyone else.
 *
 * The authenticator secret never leaves the server after set-up, and is kept
 * encrypted at rest: AES-256-GCM under a key derived from SESSION_SECRET (an
 * HMAC of a fixed label, as the sign-in throttle derives its key), so a copy
 * of the database alone gives nobody the codes. A secret encrypted under an
 * older SESSION_SECRET still listed in SESSION_SECRET is read, and rewritten
 * under the current one the next time it is used.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { getEnv } from "./env.server";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes one step before or after the current one are accepted (a phone's clock may be a little out). */
export const TOTP_WINDOW = 1;
const ISSUER = "Champions Network";
const ENCRYPTION_VERSION = "v1";

function encryptionKey(secret: string) {
  return createHmac("sha256", secret).update("champions-network:two-step-secret-key").digest();
}

/** A new random authenticator secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret() {
  return new Secret({ size: 20 }).base32;
}

/** The base32 secret encrypted for storage: version, IV, tag and ciphertext. */
export function encryptTotpSecret(base32: string, secrets: string[] = getEnv().sessionSecrets) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(secrets[0]), iv);
  const ciphertext = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return [ENCRYPTION_VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/**
 * The stored secret decrypted, and whether it was under the current
 * SESSION_SECRET; null when no configured secret opens it.
 */
export function decryptTotpSecret(stored: string, secrets: string[] = getEnv().sessionSecrets) {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== ENCRYPTION_VERSION || !iv || !tag || !ciphertext) return null;
  for (const [index, secret] of secrets.entries()) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", encryptionKey(secret), Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      const base32 = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
        "utf8",
      );
      return { base32, current: index === 0 };
    } catch {
      // Not this key: try the next one.
    }
  }
  return null;
}

function totp(base32: string, label = "") {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(base32),
  });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(base32: string, email: string) {
  return totp(base32, email).toString();
}

/** The time step (30-second period since 1970) a moment falls in. */
export function totpStep({ now = new Date() }: { now?: Date } = {}) {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() });
}

/** The code for a moment (for tests and the demo-code script). */
export function totpCode({ base32, now = new Date() }: { base32: string; now?: Date }) {
  return totp(base32).generate({ timestamp: now.getTime() });
}

/**
 * The time step a code belongs to, if it is the code for the current step or
 * one either side; otherwise null. The library compares in constant time.
 */
export function matchingTotpStep({ base32, code, now = new Date() }: { base32: string; code: string; now?: Date }) {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(base32).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : totpStep({ now }) + delta;
}

/** The QR code of the otpauth:// address, as an SVG document (drawn here, not by a third party). */
export function totpQrSvg(uri: string) {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The secret in groups of four, as people type it into an app. */
export function groupedSecret(base32: string) {
  return base32.match(/.{1,4}/g)?.join(" ") ?? base32;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A recovery code: 16 characters (about 78 bits) from letters and digits that cannot be mistaken, in groups of four. */
export function newRecoveryCode() {
  const bytes = randomBytes(16);
  const characters = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join("");
  return characters.match(/.{4}/g)!.join("-");
}

/** What a typed recovery code is compared as: lower case, without spaces or hyphens. */
export function normaliseRecoveryCode(code: string) {
  return code.toLowerCase().replace(/[\s-]+/g, "");
}

export function looksLikeRecoveryCode(code: string) {
  return /^[a-z0-9]{16}$/.test(normaliseRecoveryCode(code));
}

/** The digest a recovery code is stored as (the code itself is never stored). */
export function recoveryCodeDigest(code: string) {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string) {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
