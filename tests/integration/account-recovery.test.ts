/**
 * Accounts that look after themselves: forgotten password, change of
 * password and of email address, and a coordinator or organisation lead
 * sending a new invitation or a reset link. Each link's secret is stored
 * only as a SHA-256 digest, works once, for a limited time.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditEvents,
  emailChanges,
  invitations,
  members,
  outbox,
  passwordResetRequests,
  passwordResets,
  sessions,
} from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { getSignedInMember } from "~/lib/session.server";
import { verifyPassword } from "~/lib/password.server";
import {
  findValidInvitation,
  INVITATION_VALID_MS,
  inviteMember,
  unusablePasswordHash,
} from "~/models/invitation.server";
import { createMember } from "~/models/member.server";
import { eraseMember } from "~/models/personal-data.server";
import { withoutSecretLinks } from "~/models/outbox.server";
import {
  RESET_ACCOUNT_LIMIT,
  RESET_ADDRESS_LIMIT,
  RESET_VALID_MS,
  RESET_WINDOW_MS,
  requestPasswordReset,
} from "~/models/password.server";
import { EMAIL_CHANGE_VALID_MS } from "~/models/email-change.server";
import { action as changeEmailAction } from "~/routes/account_.email";
import { action as changePasswordAction } from "~/routes/account_.password";
import { action as confirmEmailAction, loader as confirmEmailLoader } from "~/routes/email-change.confirm.$token";
import { action as reportEmailAction } from "~/routes/email-change.report.$token";
import { action as forgottenAction } from "~/routes/forgotten-password";
import { action as acceptInviteAction, loader as inviteLoader } from "~/routes/invite.$token";
import { loader as memberLoader } from "~/routes/members.$memberId";
import { action as helpAction, loader as helpLoader } from "~/routes/members.$memberId_.sign-in-help";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { createTestMember, createTestOrganisation, TEST_PASSWORD } from "../factories";
import { call, cookieFor, formRequest, getRequest, testContext } from "../request";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const NEW_PASSWORD = "a brand new passphrase 42";

function db() {
  return getDb();
}

/** The emails queued of one kind, oldest first. */
function emailsOfKind(kind: string) {
  return db().select().from(outbox).where(eq(outbox.kind, kind)).orderBy(outbox.id).all();
}

/** The secret in the last link to `path` in the newest email of `kind`. */
function tokenFromEmail(kind: string, path: string) {
  const email = emailsOfKind(kind).at(-1);
  if (!email) throw new Error(`no ${kind} email`);
  const match = new RegExp(`${path.replace(/\//g, "\\/")}\\/([A-Za-z0-9_-]+)`).exec(email.body);
  if (!match) throw new Error(`no ${path} link in ${kind} email`);
  return match[1];
}

/** The tables and columns (other than those named) where a value appears, read from sqlite_master. */
function tablesHolding(database: Db, needle: string, except: string[] = []) {
  const sqlite = database.$client;
  const tables = (
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
  ).filter((t) => !except.includes(t.name));
  const hits: string[] = [];
  for (const { name: table } of tables) {
    for (const { name: column } of sqlite.prepare("SELECT name FROM pragma_table_info(?)").all(table) as Array<{
      name: string;
    }>) {
      const values = sqlite.prepare(`SELECT "${column}" FROM "${table}"`).pluck().all() as unknown[];
      if (values.some((v) => typeof v === "string" && v.includes(needle))) hits.push(`${table}.${column}`);
    }
  }
  return hits;
}

async function askForReset(email: string, clientIp = "192.0.2.1") {
  const response = await call(
    forgottenAction,
    formRequest("/forgotten-password", { email }),
    {},
    { ...testContext, clientIp },
  );
  return { status: response.status, body: await response.text() };
}

async function passwordIs(memberId: number, password: string) {
  const row = db().select({ passwordHash: members.passwordHash }).from(members).where(eq(members.id, memberId)).get()!;
  return verifyPassword(row.passwordHash, password);
}

async function stillSignedIn(cookie: string) {
  return (await getSignedInMember(getRequest("/", { cookie }))) !== null;
}

describe("forgotten password", () => {
  it("answers the same for a member, nobody, a deactivated member and a throttled address, and emails only the active member", async () => {
    await createTestMember({ email: "active@example.org" });
    await createTestMember({ email: "gone@example.org", status: "deactivated" });
    await createTestMember({ email: "busy@example.org" });
    for (let i = 0; i < RESET_ACCOUNT_LIMIT; i += 1) await askForReset("busy@example.org");
    const sentBefore = emailsOfKind("password-reset").length;

    const answers = {
      active: await askForReset("Active@Example.org "),
      nobody: await askForReset("nobody@example.org"),
      deactivated: await askForReset("gone@example.org"),
      throttled: await askForReset("busy@example.org"),
    };
    for (const [who, answer] of Object.entries(answers)) {
      expect(answer.status, who).toBe(200);
      expect(answer.body, who).toBe(answers.active.body);
    }
    const sent = emailsOfKind("password-reset").slice(sentBefore);
    expect(sent.map((e) => e.toAddress)).toEqual(["active@example.org"]);
    // The same write path whether or not the address has an account: one request row each (the throttled one is refused before).
    expect(db().select().from(passwordResetRequests).all()).toHaveLength(RESET_ACCOUNT_LIMIT + 3);
    expect(JSON.stringify(db().select().from(passwordResetRequests).all())).not.toContain("@");
  });

  it("sends a link whose 256-bit secret is stored only as its SHA-256, and leaves the sent copy without it", async () => {
    const member = await createTestMember({ email: "nurse@example.org" });
    await askForReset("nurse@example.org");
    const token = tokenFromEmail("password-reset", "/reset-password");
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(tablesHolding(db(), token, ["outbox"])).toEqual([]);
    expect(db().select().from(passwordResets).where(eq(passwordResets.memberId, member.id)).get()?.tokenHash).toBe(
      sha256(token),
    );
    // The digest itself opens nothing.
    expect(
      (await call(resetLoader, getRequest(`/reset-password/${sha256(token)}`), { token: sha256(token) })).status,
    ).toBe(404);
    const email = emailsOfKind("password-reset").at(-1)!;
    expect(withoutSecretLinks(email.body)).not.toContain(token);
    expect(withoutSecretLinks(email.body)).toContain("/reset-password/");
  });

  it("sets the new password once, ends every session, signs the member in afresh and tells them", async () => {
    const member = await createTestMember({ email: "nurse@example.org" });
    const laptop = await cookieFor(member.id);
    const phone = await cookieFor(member.id);
    await askForReset("nurse@example.org");
    const token = tokenFromEmail("password-reset", "/reset-password");

    const page = await call(resetLoader, getRequest(`/reset-password/${token}`), { token });
    expect(page.status).toBe(200);
    expect((await page.json()).email).toBe("nurse@example.org");

    const done = await call(resetAction, formRequest(`/reset-password/${token}`, { password: NEW_PASSWORD }), {
      token,
    });
    expect(done.status).toBe(302);
    expect(await passwordIs(member.id, NEW_PASSWORD)).toBe(true);
    expect(await stillSignedIn(laptop)).toBe(false);
    expect(await stillSignedIn(phone)).toBe(false);
    const fresh = done.headers.get("Set-Cookie")!.split(";")[0];
    expect((await getSignedInMember(getRequest("/", { cookie: fresh })))?.id).toBe(member.id);
    expect(db().select().from(sessions).where(eq(sessions.memberId, member.id)).all()).toHaveLength(1);
    expect(emailsOfKind("password-changed").map((e) => e.toAddress)).toEqual(["nurse@example.org"]);

    // Used once: the second use is refused with a page that says so, and the password stays.
    const again = await call(
      resetAction,
      formRequest(`/reset-password/${token}`, { password: "another new passphrase 43" }),
      { token },
    );
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ problem: "used" });
    expect(await passwordIs(member.id, NEW_PASSWORD)).toBe(true);
    const used = await call(resetLoader, getRequest(`/reset-password/${token}`), { token });
    expect(used.status).toBe(410);
    expect(await used.json()).toMatchObject({ problem: "used" });
  });

  it("asks a member with two-step sign-in for their code after the new password, without starting a session", async () => {
    const member = await createTestMember({ email: "coordinator@example.org", role: "coordinator", twoStep: true });
    const before = await cookieFor(member.id);
    await askForReset("coordinator@example.org");
    const token = tokenFromEmail("password-reset", "/reset-password");
    const done = await call(resetAction, formRequest(`/reset-password/${token}`, { password: NEW_PASSWORD }), {
      token,
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login/two-step");
    expect(done.headers.get("Set-Cookie")).not.toMatch(/cn_session=[^;]/);
    expect(await passwordIs(member.id, NEW_PASSWORD)).toBe(true);
    expect(await stillSignedIn(before)).toBe(false);
    expect(db().select().from(sessions).where(eq(sessions.memberId, member.id)).all()).toEqual([]);
  });

  it("refuses a link after its hour, a tampered link, another member's link and a weak password, each with its own answer", async () => {
    const member = await createTestMember({ email: "nurse@example.org" });
    const other = await createTestMember({ email: "other@example.org" });
    const hourAgo = new Date(Date.now() - RESET_VALID_MS - 1000);
    requestPasswordReset({ email: "nurse@example.org", ipAddress: "192.0.2.9", now: hourAgo });
    const expired = tokenFromEmail("password-reset", "/reset-password");
    const expiredPage = await call(resetLoader, getRequest(`/reset-password/${expired}`), { token: expired });
    expect(expiredPage.status).toBe(410);
    expect(await expiredPage.json()).toMatchObject({ problem: "expired" });
    expect(
      (
        await call(resetAction, formRequest(`/reset-password/${expired}`, { password: NEW_PASSWORD }), {
          token: expired,
        })
      ).status,
    ).toBe(410);
    expect(await passwordIs(member.id, TEST_PASSWORD)).toBe(true);

    await askForReset("nurse@example.org");
    const token = tokenFromEmail("password-reset", "/reset-password");
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const bad of [tampered, "not-a-token", "' OR 1=1 --"]) {
      const answer = await call(
        resetAction,
        formRequest(`/reset-password/${encodeURIComponent(bad)}`, { password: NEW_PASSWORD }),
        { token: bad },
      );
      expect(answer.status, bad).toBe(404);
      expect(await answer.json(), bad).toMatchObject({ problem: "unknown" });
    }
    // Someone else signed in on this browser: told to sign out first, nothing changes.
    const otherCookie = await cookieFor(other.id);
    const foreign = await call(
      resetAction,
      formRequest(`/reset-password/${token}`, { password: NEW_PASSWORD }, { cookie: otherCookie }),
      { token },
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ problem: "other-member" });
    expect(await passwordIs(member.id, TEST_PASSWORD)).toBe(true);
    expect(await passwordIs(other.id, TEST_PASSWORD)).toBe(true);
    // The password rules are today's: too short, too common.
    for (const weak of ["short", "password123"]) {
      const answer = await call(resetAction, formRequest(`/reset-password/${token}`, { password: weak }), { token });
      expect(answer.status, weak).toBe(400);
      expect(Object.keys((await answer.json()).fieldErrors), weak).toEqual(["password"]);
    }
    expect(await passwordIs(member.id, TEST_PASSWORD)).toBe(true);
    // A newer link ends the earlier one.
    await askForReset("nurse@example.org");
    expect((await call(resetLoader, getRequest(`/reset-password/${token}`), { token })).status).toBe(410);
  });

  it("throttles per account and per address, and the block lifts by itself", async () => {
    await createTestMember({ email: "nurse@example.org" });
    const start = new Date(Date.now() - 60 * 60 * 1000);
    const at = (ms: number) => new Date(start.getTime() + ms);
    for (let i = 0; i < RESET_ACCOUNT_LIMIT; i += 1) {
      expect(
        requestPasswordReset({ email: "nurse@example.org", ipAddress: `192.0.2.${10 + i}`, now: at(i * 1000) }).outcome,
      ).toBe("sent");
    }
    expect(requestPasswordReset({ email: "nurse@example.org", ipAddress: "192.0.2.50", now: at(60_000) }).outcome).toBe(
      "throttled",
    );
    expect(
      requestPasswordReset({ email: "NURSE@example.org", ipAddress: "192.0.2.51", now: at(RESET_WINDOW_MS - 1000) })
        .outcome,
    ).toBe("throttled");
    expect(
      requestPasswordReset({ email: "nurse@example.org", ipAddress: "192.0.2.52", now: at(RESET_WINDOW_MS + 3000) })
        .outcome,
    ).toBe("sent");
    expect(emailsOfKind("password-reset")).toHaveLength(RESET_ACCOUNT_LIMIT + 1);

    // One address asking about many accounts.
    for (let i = 0; i < RESET_ADDRESS_LIMIT; i += 1)
      requestPasswordReset({
        email: `someone${i}@example.org`,
        ipAddress: "198.51.100.7",
        now: at(RESET_WINDOW_MS + 3100 + i),
      });
    expect(
      requestPasswordReset({ email: "nurse@example.org", ipAddress: "198.51.100.7", now: at(RESET_WINDOW_MS + 4000) })
        .outcome,
    ).toBe("throttled");
    expect(
      requestPasswordReset({
        email: "nurse@example.org",
        ipAddress: "198.51.100.7",
        now: at(2 * RESET_WINDOW_MS + 4000),
      }).outcome,
    ).toBe("sent");
  });
});

describe("change password", () => {
  it("needs the current password, ends every other session, keeps this one and emails the member", async () => {
    const member = await createTestMember({ email: "nurse@example.org" });
    const here = await cookieFor(member.id);
    const elsewhere = await cookieFor(member.id);
    const wrong = await call(
      changePasswordAction,
      formRequest(
        "/account/password",
        { currentPassword: "not my password", password: NEW_PASSWORD },
        { cookie: here },
      ),
    );
    expect(wrong.status).toBe(400);
    const wrongBody = await wrong.json();
    expect(wrongBody.fieldErrors).toEqual({ currentPassword: "Your current password is not correct" });
    expect(JSON.stringify(wrongBody)).not.toContain("not my password");
    expect(await passwordIs(member.id, TEST_PASSWORD)).toBe(true);
    expect(await stillSignedIn(elsewhere)).toBe(true);

    const changed = await call(
      changePasswordAction,
      formRequest("/account/password", { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }, { cookie: here }),
    );
    expect(changed.status).toBe(302);
    expect(changed.headers.get("Location")).toBe("/account");
    expect(await passwordIs(member.id, NEW_PASSWORD)).toBe(true);
    expect(await stillSignedIn(here)).toBe(true);
    expect(await stillSignedIn(elsewhere)).toBe(false);
    const [email] = emailsOfKind("password-changed");
    expect(email.toAddress).toBe("nurse@example.org");
    expect(email.body).toContain("has just been changed");
  });
});

describe("change email address", () => {
  it("changes the address only when the new one confirms, tells the old one, and refuses a taken address without naming anyone", async () => {
    const member = await createTestMember({ email: "nurse@example.org", name: "Nell Nurse" });
    await createTestMember({ email: "taken@example.org", name: "Tabitha Takenhouse" });
    const cookie = await cookieFor(member.id);

    const taken = await call(
      changeEmailAction,
      formRequest("/account/email", { email: "Taken@example.org", currentPassword: TEST_PASSWORD }, { cookie }),
    );
    expect(taken.status).toBe(400);
    const takenBody = await taken.text();
    expect(JSON.parse(takenBody).fieldErrors.email).toBe(
      "This email address is already used by another account. Enter a different one, or ask the network coordinator for help.",
    );
    expect(takenBody).not.toContain("Tabitha");
    expect(db().select().from(emailChanges).all()).toEqual([]);
    expect(db().select().from(outbox).all()).toEqual([]);

    const wrongPassword = await call(
      changeEmailAction,
      formRequest("/account/email", { email: "nell@new.example.org", currentPassword: "wrong" }, { cookie }),
    );
    expect(wrongPassword.status).toBe(400);
    expect(db().select().from(emailChanges).all()).toEqual([]);

    const asked = await call(
      changeEmailAction,
      formRequest("/account/email", { email: "Nell@New.example.org", currentPassword: TEST_PASSWORD }, { cookie }),
    );
    expect(asked.status).toBe(302);
    expect(db().select({ email: members.email }).from(members).where(eq(members.id, member.id)).get()?.email).toBe(
      "nurse@example.org",
    );
    const [confirm] = emailsOfKind("email-change-confirm");
    expect(confirm.toAddress).toBe("nell@new.example.org");
    const [notice] = emailsOfKind("email-change-notice");
    expect(notice.toAddress).toBe("nurse@example.org");
    expect(notice.body).toContain("nell@new.example.org");
    expect(notice.body).toMatch(/\/email-change\/report\/[A-Za-z0-9_-]{43}/);
    const token = tokenFromEmail("email-change-confirm", "/email-change/confirm");
    const reportToken = tokenFromEmail("email-change-notice", "/email-change/report");
    expect(tablesHolding(db(), token, ["outbox"])).toEqual([]);
    expect(tablesHolding(db(), reportToken, ["outbox"])).toEqual([]);
    // Once sent, the copies kept lose both secrets.
    expect(withoutSecretLinks(confirm.body)).not.toContain(token);
    expect(withoutSecretLinks(notice.body)).not.toContain(reportToken);

    const page = await call(confirmEmailLoader, getRequest(`/email-change/confirm/${token}`), { token });
    expect(page.status).toBe(200);
    expect((await page.json()).newEmail).toBe("nell@new.example.org");
    const confirmed = await call(confirmEmailAction, formRequest(`/email-change/confirm/${token}`, {}, { cookie }), {
      token,
    });
    expect(confirmed.status).toBe(302);
    expect(db().select({ email: members.email }).from(members).where(eq(members.id, member.id)).get()?.email).toBe(
      "nell@new.example.org",
    );
    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, "member.email-changed")).get()!;
    expect(audit.entityId).toBe(String(member.id));
    expect(JSON.parse(audit.after!)).toEqual({ email: "nell@new.example.org" });
    // Used once.
    const again = await call(confirmEmailAction, formRequest(`/email-change/confirm/${token}`, {}), { token });
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ problem: "used" });
  });

  it("refuses a confirmation after 24 hours, one for an address taken since, and another member's link", async () => {
    const member = await createTestMember({ email: "nurse@example.org" });
    const other = await createTestMember({ email: "other@example.org" });
    const cookie = await cookieFor(member.id);
    await call(
      changeEmailAction,
      formRequest("/account/email", { email: "late@example.org", currentPassword: TEST_PASSWORD }, { cookie }),
    );
    const late = tokenFromEmail("email-change-confirm", "/email-change/confirm");
    db()
      .update(emailChanges)
      .set({ expiresAt: new Date(Date.now() - 1000), createdAt: new Date(Date.now() - EMAIL_CHANGE_VALID_MS - 1000) })
      .run();
    const expired = await call(confirmEmailAction, formRequest(`/email-change/confirm/${late}`, {}), { token: late });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ problem: "expired" });

    await call(
      changeEmailAction,
      formRequest("/account/email", { email: "wanted@example.org", currentPassword: TEST_PASSWORD }, { cookie }),
    );
    const token = tokenFromEmail("email-change-confirm", "/email-change/confirm");
    const foreign = await call(
      confirmEmailAction,
      formRequest(`/email-change/confirm/${token}`, {}, { cookie: await cookieFor(other.id) }),
      { token },
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ problem: "other-member" });
    // Someone else registers the address before the link is used: nothing changes.
    createMember({ email: "wanted@example.org", name: "Quick Registrant", passwordHash: unusablePasswordHash() });
    const raced = await call(confirmEmailAction, formRequest(`/email-change/confirm/${token}`, {}), { token });
    expect(raced.status).toBe(409);
    expect(await raced.text()).not.toContain("Quick Registrant");
    expect(db().select({ email: members.email }).from(members).where(eq(members.id, member.id)).get()?.email).toBe(
      "nurse@example.org",
    );
  });

  it("lets the old address say 'this wasn't me': the change stops, the member is signed out, and the coordinator sees it", async () => {
    const member = await createTestMember({ email: "nurse@example.org", name: "Nell Nurse" });
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(member.id);
    await call(
      changeEmailAction,
      formRequest("/account/email", { email: "thief@example.org", currentPassword: TEST_PASSWORD }, { cookie }),
    );
    const token = tokenFromEmail("email-change-confirm", "/email-change/confirm");
    const reportToken = tokenFromEmail("email-change-notice", "/email-change/report");

    const reported = await call(reportEmailAction, formRequest(`/email-change/report/${reportToken}`, {}), {
      token: reportToken,
    });
    expect(reported.status).toBe(200);
    expect(await reported.json()).toEqual({ problem: null, confirmed: false });
    expect(await stillSignedIn(cookie)).toBe(false);
    const stopped = await call(confirmEmailAction, formRequest(`/email-change/confirm/${token}`, {}), { token });
    expect(stopped.status).toBe(410);
    expect(await stopped.json()).toMatchObject({ problem: "cancelled" });
    expect(db().select({ email: members.email }).from(members).where(eq(members.id, member.id)).get()?.email).toBe(
      "nurse@example.org",
    );
    expect(
      (await call(reportEmailAction, formRequest(`/email-change/report/${reportToken}`, {}), { token: reportToken }))
        .status,
    ).toBe(410);

    const record = await (
      await call(memberLoader, getRequest(`/members/${member.id}`, { cookie: await cookieFor(coordinator.id) }), {
        memberId: String(member.id),
      })
    ).json();
    expect(record.emailReports).toEqual([
      expect.objectContaining({ oldEmail: "nurse@example.org", newEmail: "thief@example.org", confirmed: false }),
    ]);
    const entry = db().select().from(auditEvents).where(eq(auditEvents.action, "member.email-change-reported")).get()!;
    expect(entry.entityId).toBe(String(member.id));
    expect(entry.summary).toContain("Nell Nurse");
  });
});

describe("erasure", () => {
  it("leaves nothing of a member's reset links, reset requests or email address changes", async () => {
    const member = await createTestMember({ email: "qwzx.erasable@example.org" });
    const cookie = await cookieFor(member.id);
    await askForReset("qwzx.erasable@example.org");
    await call(
      changeEmailAction,
      formRequest(
        "/account/email",
        { email: "qwzx.elsewhere@example.org", currentPassword: TEST_PASSWORD },
        { cookie },
      ),
    );
    const reset = tokenFromEmail("password-reset", "/reset-password");
    expect(db().select().from(emailChanges).all()).toHaveLength(1);
    eraseMember({ memberId: member.id });
    expect(tablesHolding(db(), "qwzx")).toEqual([]);
    expect(db().select().from(passwordResets).all()).toEqual([]);
    expect(db().select().from(passwordResetRequests).all()).toEqual([]);
    expect(db().select().from(emailChanges).all()).toEqual([]);
    expect((await call(resetLoader, getRequest(`/reset-password/${reset}`), { token: reset })).status).toBe(404);
  });
});

describe("helping someone sign in", () => {
  async function world() {
    const own = createTestOrganisation({ name: "Own Housing Trust" });
    const other = createTestOrganisation({ name: "Other Housing Trust" });
    const coordinator = await createTestMember({ role: "coordinator", organisationId: own.id });
    const lead = await createTestMember({ role: "org_lead", organisationId: own.id });
    const colleague = await createTestMember({
      email: "colleague@example.org",
      organisationId: own.id,
      name: "Cora Colleague",
    });
    const stranger = await createTestMember({
      email: "zqxv.stranger@example.org",
      organisationId: other.id,
      name: "Zqxv Stranger",
    });
    return { own, other, coordinator, lead, colleague, stranger };
  }

  it("sends a new invitation whose link works for seven days while the old one stops, audited", async () => {
    const { coordinator, own } = await world();
    const longAgo = new Date(Date.now() - INVITATION_VALID_MS - 86_400_000);
    const { id } = createMember({
      email: "late.joiner@example.org",
      name: "Lee Latejoiner",
      organisationId: own.id,
      passwordHash: unusablePasswordHash(),
      now: longAgo,
    });
    const expiredToken = inviteMember({ memberId: id, invitedBy: coordinator.id, now: longAgo }).token;
    // A second, still-working invitation: the new one must stop it too.
    const workingToken = inviteMember({ memberId: id, invitedBy: coordinator.id }).token;
    expect(findValidInvitation({ token: workingToken })).toBeTruthy();
    const cookie = await cookieFor(coordinator.id);

    const page = await call(helpLoader, getRequest(`/members/${id}/sign-in-help`, { cookie }), {
      memberId: String(id),
    });
    expect((await page.json()).facts).toMatchObject({ awaitingInvitation: true, active: true });
    const sent = await call(
      helpAction,
      formRequest(`/members/${id}/sign-in-help`, { intent: "reinvite" }, { cookie }),
      { memberId: String(id) },
    );
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/members/${id}`);
    const token = tokenFromEmail("invitation", "/invite");
    expect(token).not.toBe(workingToken);
    expect(findValidInvitation({ token: workingToken })).toBeUndefined();
    expect(findValidInvitation({ token: expiredToken })).toBeUndefined();
    expect((await call(inviteLoader, getRequest(`/invite/${workingToken}`), { token: workingToken })).status).toBe(404);
    const invitation = db()
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, sha256(token)))
      .get()!;
    expect(invitation.expiresAt.getTime() - invitation.createdAt.getTime()).toBe(INVITATION_VALID_MS);
    const entry = db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "member.reinvited"), eq(auditEvents.entityId, String(id))))
      .get()!;
    expect(entry.actorId).toBe(coordinator.id);
    // They set their password with the new link and are signed in.
    const accepted = await call(acceptInviteAction, formRequest(`/invite/${token}`, { password: NEW_PASSWORD }), {
      token,
    });
    expect(accepted.status).toBe(302);
    expect(await passwordIs(id, NEW_PASSWORD)).toBe(true);
    // Now they have a password, a new invitation is refused: a reset link is the way.
    const refused = await call(
      helpAction,
      formRequest(`/members/${id}/sign-in-help`, { intent: "reinvite" }, { cookie }),
      { memberId: String(id) },
    );
    expect(refused.status).toBe(400);
  });

  it("sends a reset link on the member's behalf without showing or setting the password, audited", async () => {
    const { lead, colleague } = await world();
    const cookie = await cookieFor(lead.id);
    const before = db()
      .select({ passwordHash: members.passwordHash })
      .from(members)
      .where(eq(members.id, colleague.id))
      .get();
    const sent = await call(
      helpAction,
      formRequest(`/members/${colleague.id}/sign-in-help`, { intent: "reset" }, { cookie }),
      { memberId: String(colleague.id) },
    );
    expect(sent.status).toBe(302);
    expect(
      db().select({ passwordHash: members.passwordHash }).from(members).where(eq(members.id, colleague.id)).get(),
    ).toEqual(before);
    const [email] = emailsOfKind("password-reset");
    expect(email.toAddress).toBe("colleague@example.org");
    expect(db().select().from(passwordResets).get()?.requestedBy).toBe(lead.id);
    const entry = db().select().from(auditEvents).where(eq(auditEvents.action, "member.password-reset-sent")).get()!;
    expect(entry.actorId).toBe(lead.id);
    expect(JSON.stringify(entry)).not.toContain(tokenFromEmail("password-reset", "/reset-password"));
    // Deactivated members get no link.
    db().update(members).set({ status: "deactivated" }).where(eq(members.id, colleague.id)).run();
    const deactivated = await call(
      helpAction,
      formRequest(`/members/${colleague.id}/sign-in-help`, { intent: "reset" }, { cookie }),
      { memberId: String(colleague.id) },
    );
    expect(deactivated.status).toBe(400);
    expect(emailsOfKind("password-reset")).toHaveLength(1);
  });

  it("refuses an organisation lead another organisation's member, and the answer holds nothing of them", async () => {
    const { lead, stranger, coordinator } = await world();
    const cookie = await cookieFor(lead.id);
    const tablesBefore = JSON.stringify([
      db().select().from(outbox).all(),
      db().select().from(passwordResets).all(),
      db().select().from(invitations).all(),
      db().select().from(auditEvents).all(),
    ]);
    for (const intent of ["reset", "reinvite"]) {
      const answer = await call(
        helpAction,
        formRequest(`/members/${stranger.id}/sign-in-help`, { intent }, { cookie }),
        { memberId: String(stranger.id) },
      );
      expect(answer.status, intent).toBe(403);
      const body = (await answer.text()).toLowerCase();
      expect(body).not.toContain("zqxv");
      expect(body).not.toContain("stranger");
    }
    const page = await call(helpLoader, getRequest(`/members/${stranger.id}/sign-in-help`, { cookie }), {
      memberId: String(stranger.id),
    });
    expect(page.status).toBe(403);
    expect((await page.text()).toLowerCase()).not.toContain("zqxv");
    // Nor a coordinator in their own organisation, nor themselves.
    for (const target of [lead.id, coordinator.id]) {
      const answer = await call(
        helpAction,
        formRequest(`/members/${target}/sign-in-help`, { intent: "reset" }, { cookie }),
        { memberId: String(target) },
      );
      expect(answer.status).toBe(403);
    }
    const tablesAfter = JSON.stringify([
      db().select().from(outbox).all(),
      db().select().from(passwordResets).all(),
      db().select().from(invitations).all(),
      db().select().from(auditEvents).all(),
    ]);
    expect(tablesAfter).toBe(tablesBefore);
  });
});
