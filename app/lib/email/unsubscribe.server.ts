/**
 * One-click unsubscribe (RFC 8058) for optional mail: the monthly digest,
 * reminders and the coordinator's messages. Each link names one member and one
 * kind of mail and carries an HMAC-SHA256 of the two under a key derived from
 * SESSION_SECRET (an HMAC of a fixed label, as the sign-in throttle and the
 * two-step secrets derive theirs, with a label of its own), so nobody can
 * write a link for someone else. It needs no row: the same link works for as
 * long as SESSION_SECRET (or an older secret still listed in it) does.
 *
 * A link only turns one kind of optional mail off, which the member can turn
 * back on in My account, so it is not kept from the stored copy of an email
 * (see SECRET_LINK in app/models/outbox.server.ts).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "../env.server";
import { appUrl } from "./templates";

export const OPTIONAL_EMAIL_KINDS = ["digest", "reminders", "messages"] as const;
export type OptionalEmailKind = (typeof OPTIONAL_EMAIL_KINDS)[number];

/** What each kind is called on the page and in the email footer. */
export const OPTIONAL_EMAIL_LABELS: Record<OptionalEmailKind, string> = {
  digest: "the monthly digest",
  reminders: "reminders before your learning or Tier 1 currency lapses",
  messages: "messages from the coordinator",
};

const KEY_LABEL = "champions-network:unsubscribe-link-key";

function macKey(secret: string) {
  return createHmac("sha256", secret).update(KEY_LABEL).digest();
}

function mac(memberId: number, kind: OptionalEmailKind, secret: string) {
  return createHmac("sha256", macKey(secret)).update(`${memberId}:${kind}`).digest();
}

/** The last part of the link: kind, member and MAC, e.g. `digest.42.<43 characters>`. */
export function unsubscribeToken(
  { memberId, kind }: { memberId: number; kind: OptionalEmailKind },
  secrets: string[] = getEnv().sessionSecrets,
) {
  return `${kind}.${memberId}.${mac(memberId, kind, secrets[0]).toString("base64url")}`;
}

const TOKEN = /^(digest|reminders|messages)\.([1-9][0-9]{0,14})\.([A-Za-z0-9_-]{43})$/;

/**
 * The member and kind a link names, when its MAC is right under the current
 * SESSION_SECRET or an older one still listed; null for anything else (a
 * forged or altered link, another member's number with this MAC, junk).
 */
export function readUnsubscribeToken(
  token: string | undefined,
  secrets: string[] = getEnv().sessionSecrets,
): { memberId: number; kind: OptionalEmailKind } | null {
  const match = token ? TOKEN.exec(token) : null;
  if (!match) return null;
  const kind = match[1] as OptionalEmailKind;
  const memberId = Number(match[2]);
  const given = Buffer.from(match[3], "base64url");
  if (given.length !== 32) return null;
  // Every secret is tried, without stopping at the first match, so the time taken says nothing about which matched.
  let valid = false;
  for (const secret of secrets) {
    if (timingSafeEqual(given, mac(memberId, kind, secret))) valid = true;
  }
  return valid ? { memberId, kind } : null;
}

/** The absolute link for an email's footer: a page with one button, which works signed out. */
export function unsubscribeLink({ memberId, kind }: { memberId: number; kind: OptionalEmailKind }) {
  return appUrl(`/unsubscribe/${unsubscribeToken({ memberId, kind })}`);
}

/**
 * The header fields every optional email carries (RFC 2369 and RFC 8058): a
 * mail client that offers "Unsubscribe" POSTs `List-Unsubscribe=One-Click` to
 * the link, with no cookies, and the preference is turned off.
 */
export function unsubscribeHeaders({
  memberId,
  kind,
}: {
  memberId: number;
  kind: OptionalEmailKind;
  now?: Date;
}): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeLink({ memberId, kind })}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** The footer every optional email ends with. */
export function unsubscribeFooter({ memberId, kind }: { memberId: number; kind: OptionalEmailKind }) {
  return `You receive ${OPTIONAL_EMAIL_LABELS[kind]} because it is on in My account. To stop receiving it: ${unsubscribeLink({ memberId, kind })}\nOr choose which emails you receive: ${appUrl("/account/emails")}`;
}
