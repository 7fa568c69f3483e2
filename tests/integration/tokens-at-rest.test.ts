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
import { calendarFeeds, contacts, outbox, signInAttempts } from "../../drizzle/schema";
import { getDb, migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import { deliverOutbox, queueContactConfirmations, runJobs } from "~/lib/jobs.server";
import type { Mailer } from "~/lib/email/mailer.server";
import { listFeedEvents } from "~/models/calendar-feed.server";
import { createContact, findContactByConfirmToken, STALE_AFTER_MS } from "~/models/contact.server";
import { findValidInvitation, inviteMember } from "~/models/invitation.server";
import { EMAIL_TEXT_RETENTION_MS } from "~/models/outbox.server";
import { accountKeyFor, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { action as calendarAction, loader as calendarLoader } from "~/routes/calendar";
import { action as confirmAction, loader as confirmLoader } from "~/routes/directory.confirm.$token";
import { loader as feedLoader } from "~/routes/feeds.$token";
import { loader as outboxLoader } from "~/routes/manage.outbox";
import { createTestMember } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A copy of the migrations folder that stops after migration `last`, to build a database as it was then. */
function migrationsUpTo(last: number) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "champions-old-migrations-"));
  fs.cpSync(path.resolve("drizzle/migrations"), folder, { recursive: true });
  const journalFile = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= last);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

/** The tables (other than those named) and columns where a value appears, read from sqlite_master and pragma table_info. */
function tablesHolding(db: Db, needle: string, except: string[] = []) {
  const sqlite = db.$client;
  const tables = (
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
  ).filter((t) => !except.includes(t.name));
  const hits: string[] = [];
  for (const { name: table } of tables) {
    for (const { name: column } of sqlite.prepare("SELECT name FROM pragma_table_info(?)").all(table) as Array<{
      name: string;
    }>) {
      const values = sqlite.prepare(`SELECT "${column}" FROM "${table}"`).pluck().all() as unknown[];
      if (
        values.some((v) =>
          (Buffer.isBuffer(v) ? v.toString("latin1") : typeof v === "string" ? v : "").includes(needle),
        )
      )
        hits.push(`${table}.${column}`);
    }
  }
  return hits;
}

describe("tokens at rest", () => {
  it("stores no confirmation token that appears in an email's link, and the link still works", async () => {
    const member = await createTestMember({ name: "Ash Pendleford" });
    const contact = createContact({
      memberId: member.id,
      details: {
        isGoTo: false,
        howToContact: "",
        directPhone: null,
        showDirectPhone: false,
        mobile: null,
        showMobile: false,
        districtIds: [],
        specialismIds: [],
      },
    });
    getDb()
      .update(contacts)
      .set({ lastConfirmedAt: new Date(Date.now() - STALE_AFTER_MS - 86_400_000) })
      .where(eq(contacts.id, contact.id))
      .run();
    queueContactConfirmations();
    const email = getDb().select().from(outbox).where(eq(outbox.kind, "reconfirm")).get()!;
    const token = /\/directory\/confirm\/([A-Za-z0-9_-]+)/.exec(email.body)![1];
    expect(token.length).toBeGreaterThanOrEqual(43);

    // Only the email itself (the outbox) carries the token; the contact holds its SHA-256.
    expect(tablesHolding(getDb(), token, ["outbox"])).toEqual([]);
    expect(getDb().select().from(contacts).where(eq(contacts.id, contact.id)).get()?.confirmTokenHash).toBe(
      sha256(token),
    );

    const page = await call(confirmLoader, getRequest(`/directory/confirm/${token}`), { token });
    expect(page.status).toBe(200);
    expect((await page.json()).contact.name).toBe("Ash Pendleford");
    const confirmed = await call(confirmAction, formRequest(`/directory/confirm/${token}`, {}), { token });
    expect(await confirmed.json()).toEqual({ done: true });
    // Knowing the stored digest is no use: it is not a working link.
    expect(
      (await call(confirmLoader, getRequest(`/directory/confirm/${sha256(token)}`), { token: sha256(token) })).status,
    ).toBe(404);
  });

  it("stores no calendar feed token: the address is shown once, then only that a feed exists, and it still works", async () => {
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const created = await call(calendarAction, formRequest("/calendar", { intent: "create" }, { cookie }));
    const { feedUrl } = (await created.json()) as { feedUrl: string };
    const token = /\/feeds\/([A-Za-z0-9_-]+)\.ics$/.exec(feedUrl)![1];
    expect(token.length).toBeGreaterThanOrEqual(43);

    expect(tablesHolding(getDb(), token)).toEqual([]);
    expect(getDb().select().from(calendarFeeds).where(eq(calendarFeeds.memberId, member.id)).get()?.tokenHash).toBe(
      sha256(token),
    );

    // The page afterwards says a feed exists and when it was made, and does not hold the address.
    const page = await call(calendarLoader, getRequest("/calendar", { cookie }));
    const data = await page.json();
    expect(data.feed).toEqual({ created: expect.stringMatching(/ at \d\d:\d\d$/), lastUsed: null });
    expect(JSON.stringify(data)).not.toContain(token);

    const feed = await call(feedLoader, getRequest(`/feeds/${token}.ics`), { token: `${token}.ics` });
    expect(feed.headers.get("Content-Type")).toMatch(/text\/calendar/);
    expect(await feed.text()).toContain("BEGIN:VCALENDAR");
    expect((await (await call(calendarLoader, getRequest("/calendar", { cookie }))).json()).feed.lastUsed).toMatch(
      / at \d\d:\d\d$/,
    );
    // Knowing the stored digest is no use: it is not a working address.
    expect(
      (await call(feedLoader, getRequest(`/feeds/${sha256(token)}.ics`), { token: `${sha256(token)}.ics` })).status,
    ).toBe(404);
  });

  it("keeps no invitation or confirmation token once the email is sent, and no finished email's text after 30 days", async () => {
    const now = new Date();
    const invited = await createTestMember({ name: "Rosa Quillfield" });
    const invitationToken = inviteMember({ memberId: invited.id, invitedBy: null, now }).token;
    const member = await createTestMember({ name: "Ash Pendleford" });
    const contact = createContact({
      memberId: member.id,
      details: {
        isGoTo: false,
        howToContact: "",
        directPhone: null,
        showDirectPhone: false,
        mobile: null,
        showMobile: false,
        districtIds: [],
        specialismIds: [],
      },
    });
    getDb()
      .update(contacts)
      .set({ lastConfirmedAt: new Date(now.getTime() - STALE_AFTER_MS - 86_400_000) })
      .where(eq(contacts.id, contact.id))
      .run();
    queueContactConfirmations({ now });
    const confirmToken = /\/directory\/confirm\/([A-Za-z0-9_-]+)/.exec(
      getDb().select().from(outbox).where(eq(outbox.kind, "reconfirm")).get()!.body,
    )![1];
    expect(tablesHolding(getDb(), invitationToken)).toEqual(["outbox.body"]);
    expect(tablesHolding(getDb(), confirmToken)).toEqual(["outbox.body"]);

    const delivered: string[] = [];
    const mailer: Mailer = { send: async (message) => void delivered.push(message.text) };
    expect((await deliverOutbox({ mailer, now })).sent).toBe(2);
    // The recipients got the working links; the database keeps neither.
    expect(delivered.join("\n")).toContain(`/invite/${invitationToken}`);
    expect(delivered.join("\n")).toContain(`/directory/confirm/${confirmToken}`);
    expect(tablesHolding(getDb(), invitationToken)).toEqual([]);
    expect(tablesHolding(getDb(), confirmToken)).toEqual([]);
    // The links still work.
    expect(findValidInvitation({ token: invitationToken })?.name).toBe("Rosa Quillfield");
    expect(findContactByConfirmToken({ token: confirmToken })?.memberName).toBe("Ash Pendleford");
    // The coordinator still reads what was sent, to whom, and what each link was for.
    const coordinator = await createTestMember({ role: "coordinator" });
    const page = await (
      await call(outboxLoader, getRequest("/manage/outbox", { cookie: await cookieFor(coordinator.id) }))
    ).json();
    const invitation = page.emails.find((e: { to: string }) => e.to === invited.email);
    expect(invitation.status).toBe("sent");
    expect(invitation.body).toContain("Dear Rosa Quillfield");
    expect(invitation.body).toMatch(/\/invite\/\[removed once sent\]\n/);

    // Without SMTP an email is kept for the coordinator to read, link and all, until the retention period ends.
    const kept = await createTestMember();
    const keptToken = inviteMember({ memberId: kept.id, invitedBy: null, now }).token;
    await deliverOutbox({ mailer: null, now });
    expect(tablesHolding(getDb(), keptToken)).toEqual(["outbox.body"]);
    // An email still waiting to be sent keeps its text, however old.
    const waiting = await createTestMember();
    const waitingToken = inviteMember({ memberId: waiting.id, invitedBy: null, now }).token;
    const after = new Date(now.getTime() + EMAIL_TEXT_RETENTION_MS + 1000);
    getDb()
      .update(outbox)
      .set({ nextAttemptAt: new Date(after.getTime() + 3_600_000) })
      .where(eq(outbox.memberId, waiting.id))
      .run();

    const justBefore = new Date(now.getTime() + EMAIL_TEXT_RETENTION_MS - 1000);
    expect((await runJobs({ now: justBefore, mailer: null })).clearedEmailTexts).toBe(0);
    expect(tablesHolding(getDb(), keptToken)).toEqual(["outbox.body"]);
    const cleared = (await runJobs({ now: after, mailer: null })).clearedEmailTexts;
    expect(tablesHolding(getDb(), keptToken)).toEqual([]);
    expect(tablesHolding(getDb(), "Dear Rosa Quillfield")).toEqual([]);
    expect(getDb().select().from(outbox).where(eq(outbox.memberId, waiting.id)).get()?.body).toContain(
      `/invite/${waitingToken}`,
    );
    expect(cleared).toBe(getDb().select().from(outbox).where(eq(outbox.body, "")).all().length);
    // Who, what and what happened stay; the page says the text is gone.
    const later = await (
      await call(outboxLoader, getRequest("/manage/outbox", { cookie: await cookieFor(coordinator.id) }))
    ).json();
    expect(later.emails.find((e: { to: string }) => e.to === invited.email)).toMatchObject({
      status: "sent",
      body: null,
      subject: expect.stringContaining("invited"),
    });
  });

  it("keys sign-in attempts with a server secret, so hashing a member list does not find anyone", async () => {
    const members = await Promise.all(
      ["ruth.ambergate@example.org", "kofi.bellweather@example.org"].map((email) => createTestMember({ email })),
    );
    for (const m of members) recordSignInAttempt({ email: m.email, ipAddress: "192.0.2.10", succeeded: false });
    const keys = getDb()
      .select({ key: signInAttempts.accountKey })
      .from(signInAttempts)
      .all()
      .map((r) => r.key);
    expect(keys).toHaveLength(2);
    for (const m of members) {
      expect(keys).not.toContain(sha256(m.email));
      expect(keys).toContain(accountKeyFor(m.email));
    }
    // The same email under another secret is another key.
    expect(accountKeyFor(members[0].email, "another-secret-of-at-least-32-characters")).not.toBe(
      accountKeyFor(members[0].email),
    );
  });

  it("migrates an old database: plain confirmation tokens become digests and keep working, unsalted attempt keys are removed", async () => {
    // A database as it was before the change (migrations up to 0008), with a plain token and old attempt rows.
    const folder = migrationsUpTo(8);
    const db = openDatabase(path.join(folder, "old.db"));
    try {
      migrate(db, { migrationsFolder: folder });
      const sqlite = db.$client;
      const emailAddress = "old.member@example.org";
      const memberId = sqlite
        .prepare(
          "INSERT INTO members (email, name, password_hash, created_at, updated_at) VALUES (?, 'Old Member', 'x', 0, 0) RETURNING id",
        )
        .pluck()
        .get(emailAddress) as number;
      const plain = "OldPlainConfirmationToken0123456789abcdef";
      sqlite
        .prepare(
          "INSERT INTO contacts (member_id, last_confirmed_at, confirm_token, created_at, updated_at) VALUES (?, 0, ?, 0, 0)",
        )
        .run(memberId, plain);
      sqlite
        .prepare(
          "INSERT INTO sign_in_attempts (account_key, ip_address, succeeded, created_at) VALUES (?, '192.0.2.9', 0, ?)",
        )
        .run(sha256(emailAddress), Date.now());

      migrateDatabase(db);

      expect(tablesHolding(db, plain)).toEqual([]);
      expect(findContactByConfirmToken({ token: plain }, db)?.memberName).toBe("Old Member");
      const columns = sqlite.prepare("SELECT name FROM pragma_table_info('contacts')").pluck().all() as string[];
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

  it("migrates an old database: plain calendar feed tokens become digests, subscriptions keep working, and sent emails lose their secret links", async () => {
    // A database as it was before the change (migrations up to 0012), with a feed whose token is stored as issued
    // and emails, sent and kept, whose links carry tokens.
    const folder = migrationsUpTo(12);
    const db = openDatabase(path.join(folder, "old.db"));
    try {
      // Migration 0009 already needs the digest function migrateDatabase lends.
      db.$client.function("sha256_hex", { deterministic: true }, (value: unknown) =>
        value === null ? null : sha256(String(value)),
      );
      migrate(db, { migrationsFolder: folder });
      const sqlite = db.$client;
      const memberId = sqlite
        .prepare(
          "INSERT INTO members (email, name, password_hash, created_at, updated_at) VALUES ('feed.member@example.org', 'Feed Member', 'x', 0, 0) RETURNING id",
        )
        .pluck()
        .get() as number;
      const workshopId = sqlite
        .prepare(
          "INSERT INTO workshops (title, topic, audience_tier, venue, starts_at, ends_at, capacity, booking_closes_at, created_at, updated_at) VALUES ('Old feed workshop', 'Housing options', 1, 'Online', 4000000000000, 4000003600000, 10, 3999999000000, 0, 0) RETURNING id",
        )
        .pluck()
        .get() as number;
      sqlite
        .prepare(
          "INSERT INTO bookings (workshop_id, member_id, status, created_at, updated_at) VALUES (?, ?, 'booked', 0, 0)",
        )
        .run(workshopId, memberId);
      const plain = "OldPlainFeedToken0123456789abcdef";
      sqlite.prepare("INSERT INTO calendar_feeds (member_id, token, created_at) VALUES (?, ?, 0)").run(memberId, plain);
      const email = sqlite.prepare(
        "INSERT INTO outbox (dedupe_key, member_id, to_address, subject, body, kind, status, next_attempt_at, created_at) VALUES (?, ?, 'feed.member@example.org', 'Subject', ?, ?, ?, 0, ?)",
      );
      const now = Date.now();
      email.run(
        "invitation:1",
        memberId,
        "Dear Feed Member,\n\nSet your password:\n\nhttps://champions.example.org/invite/SentInvitationToken0123456789abcdefghijklmno\n\nSigned",
        "invitation",
        "sent",
        now,
      );
      email.run(
        "reconfirm:1:0",
        memberId,
        "Confirm with one click:\nhttps://champions.example.org/directory/confirm/SentConfirmToken0123456789abcdefghijklmnopq\n\nIf something has changed",
        "reconfirm",
        "sent",
        now,
      );
      email.run(
        "invitation:2",
        memberId,
        "Dear Feed Member,\n\nhttps://champions.example.org/invite/KeptInvitationToken0123456789abcdefghijklmno\n\nSigned",
        "invitation",
        "kept",
        now,
      );

      migrateDatabase(db);

      const bodies = sqlite.prepare("SELECT body FROM outbox ORDER BY id").pluck().all() as string[];
      expect(bodies).toEqual([
        "Dear Feed Member,\n\nSet your password:\n\nhttps://champions.example.org/invite/[removed once sent]\n\nSigned",
        "Confirm with one click:\nhttps://champions.example.org/directory/confirm/[removed once sent]\n\nIf something has changed",
        // Not sent: without SMTP the coordinator hands it over, until the retention period ends.
        "Dear Feed Member,\n\nhttps://champions.example.org/invite/KeptInvitationToken0123456789abcdefghijklmno\n\nSigned",
      ]);

      expect(tablesHolding(db, plain)).toEqual([]);
      expect(listFeedEvents({ token: plain }, db)?.map((e) => e.workshop.title)).toEqual(["Old feed workshop"]);
      const columns = sqlite.prepare("SELECT name FROM pragma_table_info('calendar_feeds')").pluck().all() as string[];
      expect(columns).toEqual(["member_id", "token_hash", "created_at", "last_used_at"]);
      expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.$client.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
