/**
 * Secrets that travel in links are stored only as digests, and the sign-in
 * throttle's account keys cannot be matched against a list of addresses.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { contacts, outbox, signInAttempts } from "../../drizzle/schema";
import { getDb, migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import { queueContactConfirmations } from "~/lib/jobs.server";
import { createContact, findContactByConfirmToken, STALE_AFTER_MS } from "~/models/contact.server";
import { accountKeyFor, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { action as confirmAction, loader as confirmLoader } from "~/routes/directory.confirm.$token";
import { createTestMember } from "../factories";
import { call, formRequest, getRequest } from "../request";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The tables (other than those named) and columns where a value appears, read from sqlite_master and pragma table_info. */
function tablesHolding(db: Db, needle: string, except: string[] = []) {
  const sqlite = db.$client;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).filter((t) => !except.includes(t.name));
  const hits: string[] = [];
  for (const { name: table } of tables) {
    for (const { name: column } of sqlite.prepare("SELECT name FROM pragma_table_info(?)").all(table) as Array<{ name: string }>) {
      const values = sqlite.prepare(`SELECT "${column}" FROM "${table}"`).pluck().all() as unknown[];
      if (values.some((v) => (Buffer.isBuffer(v) ? v.toString("latin1") : typeof v === "string" ? v : "").includes(needle))) hits.push(`${table}.${column}`);
    }
  }
  return hits;
}

describe("tokens at rest", () => {
  it("stores no confirmation token that appears in an email's link, and the link still works", async () => {
    const member = await createTestMember({ name: "Ash Pendleford" });
    const contact = createContact({
      memberId: member.id,
      details: { isGoTo: false, howToContact: "", directPhone: null, showDirectPhone: false, mobile: null, showMobile: false, districtIds: [], specialismIds: [] },
    });
    getDb().update(contacts).set({ lastConfirmedAt: new Date(Date.now() - STALE_AFTER_MS - 86_400_000) }).where(eq(contacts.id, contact.id)).run();
    queueContactConfirmations(new Date());
    const email = getDb().select().from(outbox).where(eq(outbox.kind, "reconfirm")).get()!;
    const token = /\/directory\/confirm\/([A-Za-z0-9_-]+)/.exec(email.body)![1];
    expect(token.length).toBeGreaterThanOrEqual(43);

    // Only the email itself (the outbox) carries the token; the contact holds its SHA-256.
    expect(tablesHolding(getDb(), token, ["outbox"])).toEqual([]);
    expect(getDb().select().from(contacts).where(eq(contacts.id, contact.id)).get()?.confirmTokenHash).toBe(sha256(token));

    const page = await call(confirmLoader, getRequest(`/directory/confirm/${token}`), { token });
    expect(page.status).toBe(200);
    expect((await page.json()).contact.name).toBe("Ash Pendleford");
    const confirmed = await call(confirmAction, formRequest(`/directory/confirm/${token}`, {}), { token });
    expect(await confirmed.json()).toEqual({ done: true });
    // Knowing the stored digest is no use: it is not a working link.
    expect((await call(confirmLoader, getRequest(`/directory/confirm/${sha256(token)}`), { token: sha256(token) })).status).toBe(404);
  });

  it("keys sign-in attempts with a server secret, so hashing a member list does not find anyone", async () => {
    const members = await Promise.all(["ruth.ambergate@example.org", "kofi.bellweather@example.org"].map((email) => createTestMember({ email })));
    for (const m of members) recordSignInAttempt({ email: m.email, ipAddress: "192.0.2.10", succeeded: false });
    const keys = getDb().select({ key: signInAttempts.accountKey }).from(signInAttempts).all().map((r) => r.key);
    expect(keys).toHaveLength(2);
    for (const m of members) {
      expect(keys).not.toContain(sha256(m.email));
      expect(keys).toContain(accountKeyFor(m.email));
    }
    // The same email under another secret is another key.
    expect(accountKeyFor(members[0].email, "another-secret-of-at-least-32-characters")).not.toBe(accountKeyFor(members[0].email));
  });

  it("migrates an old database: plain confirmation tokens become digests and keep working, unsalted attempt keys are removed", async () => {
    // A database as it was before the change (migrations up to 0008), with a plain token and old attempt rows.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "champions-old-migrations-"));
    const source = path.resolve("drizzle/migrations");
    fs.cpSync(source, folder, { recursive: true });
    const journalFile = path.join(folder, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
    journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 8);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const db = openDatabase(path.join(folder, "old.db"));
    try {
      migrate(db, { migrationsFolder: folder });
      const sqlite = db.$client;
      const emailAddress = "old.member@example.org";
      const memberId = sqlite
        .prepare("INSERT INTO members (email, name, password_hash, created_at, updated_at) VALUES (?, 'Old Member', 'x', 0, 0) RETURNING id")
        .pluck()
        .get(emailAddress) as number;
      const plain = "OldPlainConfirmationToken0123456789abcdef";
      sqlite.prepare("INSERT INTO contacts (member_id, last_confirmed_at, confirm_token, created_at, updated_at) VALUES (?, 0, ?, 0, 0)").run(memberId, plain);
      sqlite.prepare("INSERT INTO sign_in_attempts (account_key, ip_address, succeeded, created_at) VALUES (?, '192.0.2.9', 0, ?)").run(sha256(emailAddress), Date.now());

      migrateDatabase(db);

      expect(tablesHolding(db, plain)).toEqual([]);
      expect(findContactByConfirmToken({ token: plain }, db)?.memberName).toBe("Old Member");
      const columns = (sqlite.prepare("SELECT name FROM pragma_table_info('contacts')").pluck().all() as string[]);
      expect(columns).toContain("confirm_token_hash");
      expect(columns).not.toContain("confirm_token");
      const members = sqlite.prepare("SELECT email FROM members").pluck().all() as string[];
      const attemptKeys = sqlite.prepare("SELECT account_key FROM sign_in_attempts").pluck().all() as string[];
      for (const address of members) expect(attemptKeys).not.toContain(sha256(address));
      expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.$client.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
