import { createHash } from "node:crypto";
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  auditEvents,
  knownBrowsers,
  outbox,
  sessions,
  signInAttempts,
  twoStepCredentials,
  twoStepRecoveryCodes,
} from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { getSignedInMember } from "~/lib/session.server";
import { decryptTotpSecret, totpCode } from "~/lib/totp.server";
import { eraseMember } from "~/models/personal-data.server";
import { ACCOUNT_LIMIT } from "~/models/sign-in-attempt.server";
import { confirmTwoStepSetUp, startTwoStepSetUp, verifySecondStep } from "~/models/two-step.server";
import { action as accountTwoStepAction, loader as accountTwoStepLoader } from "~/routes/account_.two-step";
import { action as loginAction } from "~/routes/login";
import { action as secondStepAction, loader as secondStepLoader } from "~/routes/login_.two-step";
import { loader as membersLoader } from "~/routes/members._index";
import { action as resetAction } from "~/routes/members.$memberId_.two-step";
import { loader as accountLoader } from "~/routes/account";
import { createTestMember, TEST_PASSWORD, TEST_TWO_STEP_SECRET } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const STEP_MS = 30_000;
/** A fixed moment in the middle of a 30-second step. */
const NOW = new Date(1_800_000_000_000 + 15_000);
const at = (steps: number) => new Date(NOW.getTime() + steps * STEP_MS);

afterEach(() => {
  vi.useRealTimers();
});

/** Cookie header value from a response's Set-Cookie headers, by name. */
function cookieFrom(response: Response, name: string) {
  const all = response.headers.getSetCookie?.() ?? [response.headers.get("Set-Cookie") ?? ""];
  return all.map((c) => c.split(";")[0]).find((c) => c.startsWith(`${name}=`));
}

/** The password step: returns its response and the pending cookie it set. */
async function passwordStep(email: string) {
  const response = await call(
    loginAction,
    formRequest("/login", { email, password: TEST_PASSWORD, redirectTo: "/members" }),
  );
  return { response, pending: cookieFrom(response, "cn_two_step") };
}

async function secondStep(code: string, cookie: string | undefined) {
  return call(secondStepAction, formRequest("/login/two-step", { code }, { cookie }));
}

describe("two-step codes (RFC 6238)", () => {
  it("gives the RFC 6238 test vectors' codes (SHA-1, six digits)", () => {
    // RFC 6238 appendix B: the secret "12345678901234567890", in base32.
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totpCode({ base32: secret, now: new Date(59_000) })).toBe("287082");
    expect(totpCode({ base32: secret, now: new Date(1_111_111_109_000) })).toBe("081804");
    expect(totpCode({ base32: secret, now: new Date(2_000_000_000_000) })).toBe("279037");
  });

  it("accepts the code of one step before and one after, and refuses two steps either way", async () => {
    for (const steps of [-2, 2]) {
      const member = await createTestMember({ role: "coordinator" });
      const code = totpCode({ base32: TEST_TWO_STEP_SECRET, now: at(steps) });
      expect(verifySecondStep({ memberId: member.id, code, now: NOW }), `${steps} steps`).toEqual({
        ok: false,
        reason: "wrong",
      });
    }
    for (const steps of [-1, 0, 1]) {
      const member = await createTestMember({ role: "coordinator" });
      const code = totpCode({ base32: TEST_TWO_STEP_SECRET, now: at(steps) });
      expect(verifySecondStep({ memberId: member.id, code, now: NOW }), `${steps} steps`).toEqual({
        ok: true,
        method: "code",
      });
    }
  });

  it("refuses a code already used, and an older one, within the window", async () => {
    const member = await createTestMember({ role: "coordinator" });
    const code = totpCode({ base32: TEST_TWO_STEP_SECRET, now: NOW });
    expect(verifySecondStep({ memberId: member.id, code, now: NOW }).ok).toBe(true);
    expect(verifySecondStep({ memberId: member.id, code, now: NOW })).toEqual({ ok: false, reason: "used" });
    // Still inside its window 30 seconds later, and still refused; so is the code before it.
    expect(verifySecondStep({ memberId: member.id, code, now: at(1) })).toEqual({ ok: false, reason: "used" });
    expect(
      verifySecondStep({
        memberId: member.id,
        code: totpCode({ base32: TEST_TWO_STEP_SECRET, now: at(-1) }),
        now: NOW,
      }),
    ).toEqual({ ok: false, reason: "used" });
    // The next code works.
    expect(
      verifySecondStep({
        memberId: member.id,
        code: totpCode({ base32: TEST_TWO_STEP_SECRET, now: at(1) }),
        now: at(1),
      }).ok,
    ).toBe(true);
  });

  it("keeps the secret encrypted at rest, under a key from SESSION_SECRET", async () => {
    const member = await createTestMember({ role: "coordinator" });
    const row = getDb().select().from(twoStepCredentials).where(eq(twoStepCredentials.memberId, member.id)).get()!;
    expect(row.secret).not.toContain(TEST_TWO_STEP_SECRET);
    expect(decryptTotpSecret(row.secret!)?.base32).toBe(TEST_TWO_STEP_SECRET);
    expect(decryptTotpSecret(row.secret!, ["another secret of at least thirty-two characters"])).toBeNull();
    const file = fs.readFileSync(process.env.DATABASE_URL!);
    expect(file.includes(Buffer.from(TEST_TWO_STEP_SECRET))).toBe(false);
  });
});

describe("signing in with two steps", () => {
  it("makes no session after the password, only after the code, and goes where the member was going", async () => {
    const member = await createTestMember({ role: "coordinator" });
    const { response, pending } = await passwordStep(member.email);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login/two-step");
    expect(cookieFrom(response, "cn_session")).toBeUndefined();
    expect(pending).toBeDefined();
    expect(getDb().select().from(sessions).all()).toHaveLength(0);
    // The pending cookie is no session: staff pages still send the browser to sign in.
    const members = await call(membersLoader, getRequest("/members", { cookie: pending }));
    expect(members.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);

    const answer = await secondStep(totpCode({ base32: TEST_TWO_STEP_SECRET }), pending);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe("/members");
    const session = cookieFrom(answer, "cn_session");
    expect((await getSignedInMember(getRequest("/", { cookie: session })))?.id).toBe(member.id);
  });

  it("sends a tampered, missing or stale second step back to the password", async () => {
    const member = await createTestMember({ role: "coordinator" });
    const { pending } = await passwordStep(member.email);
    const [name, value] = pending!.split("=");
    // One character of the signature changed: to "B" where it was "A" (a 1 in 64 chance), otherwise to "A".
    const changed = value.at(-2) === "A" ? "B" : "A";
    const tampered = `${name}=${value.slice(0, -2)}${changed}${value.slice(-1)}`;
    expect(tampered).not.toBe(pending);
    for (const cookie of [undefined, tampered]) {
      const answer = await secondStep(totpCode({ base32: TEST_TWO_STEP_SECRET }), cookie);
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toBe("/login");
      expect((await call(secondStepLoader, getRequest("/login/two-step", { cookie }))).headers.get("Location")).toBe(
        "/login",
      );
    }
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 6 * 60_000);
    const stale = await secondStep(totpCode({ base32: TEST_TWO_STEP_SECRET }), pending);
    expect(stale.headers.get("Location")).toBe("/login");
    expect(getDb().select().from(sessions).all()).toHaveLength(0);
  });

  it("takes a recovery code once, and keeps only its SHA-256 digest", async () => {
    const member = await createTestMember({ role: "org_lead" });
    const secret = startTwoStepSetUp({ memberId: member.id, now: NOW });
    const codes = confirmTwoStepSetUp({ memberId: member.id, code: totpCode({ base32: secret, now: NOW }), now: NOW })!;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = getDb()
      .select()
      .from(twoStepRecoveryCodes)
      .where(eq(twoStepRecoveryCodes.memberId, member.id))
      .all();
    expect(stored.map((r) => r.codeHash).sort()).toEqual(
      codes.map((c) => createHash("sha256").update(c.replace(/-/g, "")).digest("hex")).sort(),
    );
    const file = fs.readFileSync(process.env.DATABASE_URL!);
    for (const code of codes) expect(file.includes(Buffer.from(code.replace(/-/g, "")))).toBe(false);

    const first = await passwordStep(member.email);
    const signedIn = await secondStep(codes[3].toUpperCase(), first.pending);
    expect(signedIn.status).toBe(302);
    expect(cookieFrom(signedIn, "cn_session")).toBeDefined();

    const again = await passwordStep(member.email);
    const refused = await secondStep(codes[3], again.pending);
    expect(refused.status).toBe(400);
    expect((await refused.json()).fieldErrors.code).toMatch(/^The code is not correct/);
    expect(cookieFrom(refused, "cn_session")).toBeUndefined();
  });

  it("counts wrong codes toward the sign-in throttle, which then refuses even the right code", async () => {
    const member = await createTestMember({ role: "coordinator" });
    const { pending } = await passwordStep(member.email);
    for (let i = 0; i < ACCOUNT_LIMIT; i += 1) {
      const answer = await secondStep("000000", pending);
      expect(answer.status).toBe(400);
    }
    expect(getDb().select().from(signInAttempts).where(eq(signInAttempts.succeeded, false)).all()).toHaveLength(
      ACCOUNT_LIMIT,
    );
    const blocked = await secondStep(totpCode({ base32: TEST_TWO_STEP_SECRET }), pending);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await blocked.json()).fieldErrors.code).toMatch(/too many failed attempts/);
    expect(cookieFrom(blocked, "cn_session")).toBeUndefined();
    // The password step is blocked too: the failures were the account's.
    expect((await passwordStep(member.email)).response.status).toBe(429);
  });

  it("emails staff about a sign-in from a browser it has not seen, once per browser, and not learners", async () => {
    const coordinator = await createTestMember({ role: "coordinator" });
    const { pending } = await passwordStep(coordinator.email);
    const first = await secondStep(totpCode({ base32: TEST_TWO_STEP_SECRET }), pending);
    const browser = cookieFrom(first, "cn_browser");
    expect(browser).toBeDefined();
    const newBrowser = () => getDb().select().from(outbox).where(eq(outbox.kind, "new-browser")).all();
    expect(newBrowser()).toHaveLength(1);
    expect(newBrowser()[0]).toMatchObject({
      toAddress: coordinator.email,
      subject: "New sign-in to your Champions Network account",
    });
    expect(newBrowser()[0].body).toContain("from a browser it had not seen before");

    // The same browser again: no email.
    const second = await call(
      loginAction,
      formRequest("/login", { email: coordinator.email, password: TEST_PASSWORD }, { cookie: browser }),
    );
    // The first sign-in used this step's code: the next step's is accepted (one step ahead) and not yet used.
    const again = await secondStep(
      totpCode({ base32: TEST_TWO_STEP_SECRET, now: new Date(Date.now() + STEP_MS) }),
      [browser, cookieFrom(second, "cn_two_step")].join("; "),
    );
    expect(again.status).toBe(302);
    expect(newBrowser()).toHaveLength(1);

    const learner = await createTestMember();
    expect(
      (await call(loginAction, formRequest("/login", { email: learner.email, password: TEST_PASSWORD }))).status,
    ).toBe(302);
    expect(newBrowser()).toHaveLength(1);
  });
});

describe("staff pages need two-step sign-in", () => {
  it("sends a coordinator without it to set it up from any staff page, but not from their own pages", async () => {
    const coordinator = await createTestMember({ role: "coordinator", twoStep: false });
    const cookie = await cookieFor(coordinator.id);
    const refused = await call(membersLoader, getRequest("/members?q=x", { cookie }));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/account/two-step?redirectTo=%2Fmembers%3Fq%3Dx");
    expect((await call(accountLoader, getRequest("/account", { cookie }))).status).toBe(200);

    const withIt = await createTestMember({ role: "admin" });
    expect((await call(membersLoader, getRequest("/members", { cookie: await cookieFor(withIt.id) }))).status).toBe(
      200,
    );
  });

  it("lets a coordinator set it up with a QR code drawn on the server, confirmed by a code, and then use staff pages", async () => {
    const coordinator = await createTestMember({ role: "coordinator", twoStep: false });
    const cookie = await cookieFor(coordinator.id);
    const start = await call(
      accountTwoStepAction,
      formRequest("/account/two-step?redirectTo=%2Fmembers", { intent: "start" }, { cookie }),
    );
    expect(start.headers.get("Location")).toBe("/account/two-step?redirectTo=%2Fmembers");
    const page = await (
      await call(accountTwoStepLoader, getRequest("/account/two-step?redirectTo=%2Fmembers", { cookie }))
    ).json();
    expect(page.required).toBe(true);
    expect(page.redirectTo).toBe("/members");
    const svg = Buffer.from(page.pending.qrCode.replace(/^data:image\/svg\+xml;base64,/, ""), "base64").toString(
      "utf8",
    );
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const key = page.pending.key.replace(/ /g, "");
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    // Not in effect until confirmed.
    expect((await call(membersLoader, getRequest("/members", { cookie }))).status).toBe(302);

    const wrong = await call(
      accountTwoStepAction,
      formRequest("/account/two-step", { intent: "confirm", code: "12345" }, { cookie }),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).fieldErrors.code).toBe("The code is 6 digits, from your authenticator app");

    const confirmed = await call(
      accountTwoStepAction,
      formRequest("/account/two-step", { intent: "confirm", code: totpCode({ base32: key }) }, { cookie }),
    );
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json()).recoveryCodes).toHaveLength(10);
    expect((await call(membersLoader, getRequest("/members", { cookie }))).status).toBe(200);
    const email = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, "two-step-changed"), eq(outbox.toAddress, coordinator.email)))
      .get();
    expect(email?.body).toContain("Two-step sign-in has been turned on");
  });

  it("lets a learner turn it off with a code, but never a coordinator", async () => {
    const learner = await createTestMember({ twoStep: true });
    const off = await call(
      accountTwoStepAction,
      formRequest(
        "/account/two-step",
        { intent: "turn-off", code: totpCode({ base32: TEST_TWO_STEP_SECRET }) },
        { cookie: await cookieFor(learner.id) },
      ),
    );
    expect(off.status).toBe(302);
    expect(
      getDb().select().from(twoStepCredentials).where(eq(twoStepCredentials.memberId, learner.id)).get(),
    ).toBeUndefined();

    const coordinator = await createTestMember({ role: "coordinator" });
    const refused = await call(
      accountTwoStepAction,
      formRequest(
        "/account/two-step",
        { intent: "turn-off", code: totpCode({ base32: TEST_TWO_STEP_SECRET }) },
        { cookie: await cookieFor(coordinator.id) },
      ),
    );
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/cannot be turned off/);
    expect(
      getDb().select().from(twoStepCredentials).where(eq(twoStepCredentials.memberId, coordinator.id)).get()?.enabledAt,
    ).toBeTruthy();
  });
});

describe("an administrator's reset", () => {
  it("removes the member's two-step set-up, is audited and emails the member; a coordinator cannot", async () => {
    const admin = await createTestMember({ role: "admin" });
    const coordinator = await createTestMember({ role: "coordinator", name: "Kit Lostphone" });
    const other = await createTestMember({ role: "coordinator" });
    const refused = await call(
      resetAction,
      formRequest(`/members/${coordinator.id}/two-step`, {}, { cookie: await cookieFor(other.id) }),
      {
        memberId: String(coordinator.id),
      },
    );
    expect(refused.status).toBe(403);

    const reset = await call(
      resetAction,
      formRequest(`/members/${coordinator.id}/two-step`, {}, { cookie: await cookieFor(admin.id) }),
      {
        memberId: String(coordinator.id),
      },
    );
    expect(reset.status).toBe(302);
    expect(reset.headers.get("Location")).toBe(`/members/${coordinator.id}`);
    expect(
      getDb().select().from(twoStepCredentials).where(eq(twoStepCredentials.memberId, coordinator.id)).get(),
    ).toBeUndefined();
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "two-step.reset")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      entityType: "member",
      entityId: String(coordinator.id),
      summary: "Reset two-step sign-in for Kit Lostphone",
    });
    const email = getDb().select().from(outbox).where(eq(outbox.toAddress, coordinator.email)).all();
    expect(email).toHaveLength(1);
    expect(email[0].subject).toBe("Two-step sign-in has changed on your Champions Network account");
    expect(email[0].body).toContain("An administrator has reset two-step sign-in");
    // Their staff pages now ask for a new set-up.
    const members = await call(membersLoader, getRequest("/members", { cookie: await cookieFor(coordinator.id) }));
    expect(members.headers.get("Location")).toBe("/account/two-step?redirectTo=%2Fmembers");
  });
});

describe("erasure", () => {
  it("removes the member's authenticator secret, recovery codes and known browsers", async () => {
    const member = await createTestMember({ role: "org_lead" });
    const secret = startTwoStepSetUp({ memberId: member.id });
    confirmTwoStepSetUp({ memberId: member.id, code: totpCode({ base32: secret }) });
    const { pending } = await passwordStep(member.email);
    const nextCode = totpCode({ base32: secret, now: new Date(Date.now() + STEP_MS) });
    expect((await secondStep(nextCode, pending)).status).toBe(302);
    const rows = () =>
      [twoStepCredentials, twoStepRecoveryCodes, knownBrowsers].map(
        (table) => getDb().select().from(table).where(eq(table.memberId, member.id)).all().length,
      );
    expect(rows()).toEqual([1, 10, 1]);
    eraseMember({ memberId: member.id });
    expect(rows()).toEqual([0, 0, 0]);
  });
});
