import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "./env.server";

/**
 * The secret in a prevention entry's one-click outcome links: an HMAC of the
 * entry's id and its champion's id under the session secret, so the follow-up
 * and its reminder carry the same links, nothing is stored, and a token made
 * for one entry opens no other. A rotated-out secret (the later ones in
 * SESSION_SECRET) still opens the links it signed.
 */
function sign(secret: string, entryId: number, memberId: number) {
  return createHmac("sha256", secret).update(`prevention-outcome:v1:${entryId}:${memberId}`).digest("base64url");
}

export function outcomeLinkToken({ entryId, memberId }: { entryId: number; memberId: number }) {
  return sign(getEnv().sessionSecrets[0], entryId, memberId);
}

/** Whether the token was made for this entry and this champion, compared in constant time. */
export function isOutcomeLinkToken({ entryId, memberId, token }: { entryId: number; memberId: number; token: string }) {
  const given = Buffer.from(token);
  return getEnv().sessionSecrets.some((secret) => {
    const expected = Buffer.from(sign(secret, entryId, memberId));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
