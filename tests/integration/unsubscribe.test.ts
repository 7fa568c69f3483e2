import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvents } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { readUnsubscribeToken, unsubscribeLink, unsubscribeToken } from "~/lib/email/unsubscribe.server";
import { getEmailPreferences } from "~/models/email-preference.server";
import { action, loader } from "~/routes/unsubscribe.$token";
import { createTestMember } from "../factories";
import { BASE, call, cookieFor } from "../request";
import { send, startRealServer, type RealServer } from "./helpers/real-server";

function oneClick(token: string, init: { cookie?: string; body?: string } = {}) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`${BASE}/unsubscribe/${encodeURIComponent(token)}`, {
    method: "POST",
    headers,
    body: init.body ?? "List-Unsubscribe=One-Click",
  });
}

const page = (token: string) => new Request(`${BASE}/unsubscribe/${encodeURIComponent(token)}`);

function preferences(memberId: number) {
  return getEmailPreferences({ memberId })!.preferences;
}

describe("one-click unsubscribe link", () => {
  it("asks on GET and changes nothing; a signed-out POST with List-Unsubscribe=One-Click turns that kind off", async () => {
    const member = await createTestMember();
    const token = unsubscribeToken({ memberId: member.id, kind: "digest" });
    const shown = await call(loader, page(token), { token });
    expect(shown.status).toBe(200);
    expect(await shown.json()).toEqual({ link: { label: "the monthly digest", on: true } });
    expect(preferences(member.id)).toEqual({ digest: true, reminders: true, messages: true });
    expect(getDb().select().from(auditEvents).all()).toEqual([]);

    const done = await call(action, oneClick(token), { token });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ done: true, label: "the monthly digest" });
    expect(preferences(member.id)).toEqual({ digest: false, reminders: true, messages: true });
    const [entry] = getDb().select().from(auditEvents).all();
    expect(entry).toMatchObject({
      actorId: member.id,
      action: "email-preferences.update",
      entityId: String(member.id),
    });
    expect(entry.summary).toContain("the monthly digest off");
    expect(entry.summary).toContain("one-click unsubscribe link");

    // A second POST (the mail client retrying) is answered the same and records nothing more.
    expect((await call(action, oneClick(token), { token })).status).toBe(200);
    expect(getDb().select().from(auditEvents).all()).toHaveLength(1);
    const again = await call(loader, page(token), { token });
    expect(await again.json()).toEqual({ link: { label: "the monthly digest", on: false } });
  });

  it("turns off only the kind the link names, for the member it names, whoever is signed in", async () => {
    const member = await createTestMember();
    const other = await createTestMember();
    const token = unsubscribeToken({ memberId: member.id, kind: "reminders" });
    const answer = await call(action, oneClick(token, { cookie: await cookieFor(other.id), body: "" }), { token });
    expect(answer.status).toBe(200);
    expect(preferences(member.id)).toEqual({ digest: true, reminders: false, messages: true });
    expect(preferences(other.id)).toEqual({ digest: true, reminders: true, messages: true });
  });

  it("answers a forged link, another member's MAC, and hostile values with a 404 page and changes nothing", async () => {
    const member = await createTestMember();
    const other = await createTestMember();
    const good = unsubscribeToken({ memberId: member.id, kind: "digest" });
    const mac = good.split(".")[2];
    const forged = good.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    for (const token of [
      forged,
      `digest.${other.id}.${mac}`,
      `messages.${member.id}.${mac}`,
      `digest.99999.${unsubscribeToken({ memberId: 99999, kind: "digest" }, ["a-secret-this-server-does-not-hold-0000"]).split(".")[2]}`,
      "constructor",
      "__proto__",
      `constructor.${member.id}.${mac}`,
      `__proto__.${member.id}.${mac}`,
      `hasOwnProperty.${member.id}.${mac}`,
      "' OR 1=1 --",
      "digest.1.%00",
      "a".repeat(5000),
    ]) {
      const shown = await call(loader, page(token), { token });
      expect(shown.status, token).toBe(404);
      expect(await shown.json(), token).toEqual({ link: null });
      const posted = await call(action, oneClick(token), { token });
      expect(posted.status, token).toBe(404);
      expect(await posted.json(), token).toEqual({ done: false });
    }
    expect(preferences(member.id)).toEqual({ digest: true, reminders: true, messages: true });
    expect(preferences(other.id)).toEqual({ digest: true, reminders: true, messages: true });
    expect(getDb().select().from(auditEvents).all()).toEqual([]);
  });

  it("answers 404 for a valid link of a member who no longer exists", async () => {
    const token = unsubscribeToken({ memberId: 424242, kind: "messages" });
    expect(readUnsubscribeToken(token)).toEqual({ memberId: 424242, kind: "messages" });
    expect((await call(loader, page(token), { token })).status).toBe(404);
    expect((await call(action, oneClick(token), { token })).status).toBe(404);
  });
});

describe("one-click unsubscribe through the real server", () => {
  let server: RealServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("accepts the mail provider's POST with no cookie, no CSRF token and a cross-site origin", async () => {
    const secret = "a-session-secret-for-the-unsubscribe-test-0123456789";
    const databaseUrl = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "unsubscribe-")), "champions.db");
    server = await startRealServer({ SESSION_SECRET: secret, DATABASE_URL: databaseUrl });
    const file = new Database(databaseUrl);
    try {
      const { id } = file.prepare("SELECT id FROM members WHERE status = 'active' ORDER BY id LIMIT 1").get() as {
        id: number;
      };
      const token = unsubscribeToken({ memberId: id, kind: "digest" }, [secret]);
      const digestOn = () =>
        (file.prepare("SELECT digest_emails AS on_ FROM members WHERE id = ?").get(id) as { on_: number }).on_;
      expect(digestOn()).toBe(1);
      const shown = await send({ port: server.port, path: `/unsubscribe/${token}` });
      expect(shown.status).toBe(200);
      expect(shown.body).toContain("Stop receiving the monthly digest?");
      expect(digestOn()).toBe(1);
      // As a webmail page would send it from its own site (a server sends neither header, which passes anyway).
      const posted = await send({
        port: server.port,
        path: `/unsubscribe/${token}`,
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: "https://mail.example.net",
          "Sec-Fetch-Site": "cross-site",
        },
        body: "List-Unsubscribe=One-Click",
      });
      expect(posted.status, server.output()).toBe(200);
      expect(posted.body).toContain("You will no longer receive the monthly digest");
      expect(digestOn()).toBe(0);
      // Any other path still refuses a cross-site POST.
      const refused = await send({
        port: server.port,
        path: "/account/emails",
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" },
        body: "digest=on",
      });
      expect(refused.status).toBe(403);
    } finally {
      file.close();
    }
  }, 90_000);

  it("builds absolute links under APP_URL", () => {
    expect(unsubscribeLink({ memberId: 3, kind: "digest" })).toMatch(/^https?:\/\/[^/]+\/unsubscribe\/digest\.3\./);
  });
});
