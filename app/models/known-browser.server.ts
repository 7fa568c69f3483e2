import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { knownBrowsers, members } from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { headerText } from "~/lib/email/headers";
import { twoStepEmails } from "~/lib/email/two-step-emails";
import { queueEmail } from "./outbox.server";

/** A browser not used to sign in for this long is forgotten (and would count as new again). */
export const KNOWN_BROWSER_MS = 400 * 24 * 60 * 60 * 1000;

/** A new random token for a browser's cookie (256 bits). */
export function newBrowserToken() {
  return randomBytes(32).toString("base64url");
}

function browserId(memberId: number, token: string) {
  return createHash("sha256").update(`${memberId}:${token}`).digest("hex");
}

/**
 * Notes that a member signed in from the browser holding this token. When it
 * is one the member has not signed in from before and `tellIfNew` is set (staff
 * roles), they are emailed. Returns whether the browser was new.
 */
export function recordSignInBrowser(
  {
    memberId,
    token,
    userAgent,
    tellIfNew,
    now = new Date(),
  }: { memberId: number; token: string; userAgent: string; tellIfNew: boolean; now?: Date },
  db: Db = getDb(),
) {
  const id = browserId(memberId, token);
  return inTransaction((tx) => {
    tx.delete(knownBrowsers)
      .where(lt(knownBrowsers.lastSeenAt, new Date(now.getTime() - KNOWN_BROWSER_MS)))
      .run();
    const known = tx.select({ id: knownBrowsers.id }).from(knownBrowsers).where(eq(knownBrowsers.id, id)).get();
    if (known) {
      tx.update(knownBrowsers)
        .set({ lastSeenAt: now })
        .where(and(eq(knownBrowsers.id, id)))
        .run();
      return false;
    }
    tx.insert(knownBrowsers).values({ id, memberId, createdAt: now, lastSeenAt: now }).run();
    const member = tx
      .select({ name: members.name, email: members.email })
      .from(members)
      .where(eq(members.id, memberId))
      .get();
    if (tellIfNew && member) {
      const { subject, body } = twoStepEmails.newBrowser(member.name, now, headerText(userAgent).slice(0, 200));
      queueEmail(
        { dedupeKey: `new-browser:${id}`, memberId, to: member.email, subject, body, kind: "new-browser", now },
        tx,
      );
    }
    return true;
  }, db);
}
