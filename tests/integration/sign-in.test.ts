import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, signInAttempts } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { getSignedInMember } from "~/lib/session.server";
import {
  ACCOUNT_LIMIT,
  ADDRESS_LIMIT,
  THROTTLE_WINDOW_MS,
  checkSignInThrottle,
  recordSignInAttempt,
} from "~/models/sign-in-attempt.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction, loader as logoutLoader } from "~/routes/logout";
import { createTestMember, TEST_PASSWORD } from "../factories";
import { call, cookieFor, formRequest, getRequest, testContext } from "../request";

async function signIn(fields: Record<string, string>, context = testContext, cookie?: string) {
  return call(loginAction, formRequest("/login", fields, { cookie }), {}, context);
}

describe("sign in", () => {
  it("signs in with the right password, sets a session cookie and goes to the requested page", async () => {
    const member = await createTestMember({ email: "nurse@example.org" });
    const response = await signIn({ email: "Nurse@Example.org ", password: TEST_PASSWORD, redirectTo: "/account" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^cn_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const signedIn = await getSignedInMember(getRequest("/", { cookie: setCookie.split(";")[0] }));
    expect(signedIn?.id).toBe(member.id);
  });

  it("never redirects off the site after signing in", async () => {
    await createTestMember({ email: "nurse@example.org" });
    const response = await signIn({
      email: "nurse@example.org",
      password: TEST_PASSWORD,
      redirectTo: "//evil.example/x",
    });
    expect(response.headers.get("Location")).toBe("/");
  });

  it("rotates the session at sign-in: the old token stops working", async () => {
    const member = await createTestMember({ email: "nurse@example.org" });
    const oldCookie = await cookieFor(member.id);
    const response = await signIn({ email: "nurse@example.org", password: TEST_PASSWORD }, testContext, oldCookie);
    const newCookie = response.headers.get("Set-Cookie")!.split(";")[0];
    expect(newCookie).not.toBe(oldCookie);
    expect(await getSignedInMember(getRequest("/", { cookie: oldCookie }))).toBeNull();
    expect((await getSignedInMember(getRequest("/", { cookie: newCookie })))?.id).toBe(member.id);
    expect(getDb().select().from(sessions).all()).toHaveLength(1);
  });

  it("answers a wrong password and an unknown email the same way, keeping the email and creating no session", async () => {
    await createTestMember({ email: "nurse@example.org" });
    for (const email of ["nurse@example.org", "nobody@example.org"]) {
      const response = await signIn({ email, password: "not the password" });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.fieldErrors.email).toBe("The email address or password is not correct");
      expect(body.values.email).toBe(email);
      expect(body.values.password).toBeUndefined();
      expect(response.headers.get("Set-Cookie")).toBeNull();
    }
    expect(getDb().select().from(sessions).all()).toHaveLength(0);
  });

  it("gives field errors for empty and overlong fields and records no attempt", async () => {
    const empty = await signIn({ email: "", password: "" });
    expect(empty.status).toBe(400);
    const body = await empty.json();
    expect(body.fieldErrors).toEqual({ email: "Enter your email address", password: "Enter your password" });

    const overlong = await signIn({ email: `${"a".repeat(250)}@example.org`, password: "x".repeat(2000) });
    expect(overlong.status).toBe(400);
    const overlongBody = await overlong.json();
    expect(overlongBody.fieldErrors.email).toMatch(/254 characters or fewer/);
    expect(overlongBody.fieldErrors.password).toMatch(/1024 characters or fewer/);
    expect(getDb().select().from(signInAttempts).all()).toHaveLength(0);
  });

  it("refuses a deactivated member", async () => {
    await createTestMember({ email: "gone@example.org", status: "deactivated" });
    const response = await signIn({ email: "gone@example.org", password: TEST_PASSWORD });
    expect(response.status).toBe(400);
  });
});

describe("throttling", () => {
  it("blocks an account after repeated failures, even with the right password, from any address", async () => {
    await createTestMember({ email: "target@example.org" });
    for (let i = 0; i < ACCOUNT_LIMIT; i += 1) {
      const context = { ...testContext, clientIp: `198.51.100.${i}` };
      expect((await signIn({ email: "target@example.org", password: `guess ${i}` }, context)).status).toBe(400);
    }
    const blocked = await signIn({ email: "target@example.org", password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await blocked.json()).fieldErrors.email).toMatch(/too many failed attempts/);
    expect(blocked.headers.get("Set-Cookie")).toBeNull();
  });

  it("lifts the block once the window has passed, so the owner is never locked out for good", () => {
    const start = new Date("2026-11-23T10:00:00Z");
    for (let i = 0; i < ACCOUNT_LIMIT; i += 1) {
      recordSignInAttempt({
        email: "target@example.org",
        ipAddress: "203.0.113.9",
        succeeded: false,
        now: new Date(start.getTime() + i * 1000),
      });
    }
    const during = checkSignInThrottle({
      email: "target@example.org",
      ipAddress: "192.0.2.50",
      now: new Date(start.getTime() + 60_000),
    });
    expect(during.blocked).toBe(true);
    const after = checkSignInThrottle({
      email: "target@example.org",
      ipAddress: "192.0.2.50",
      now: new Date(start.getTime() + THROTTLE_WINDOW_MS + ACCOUNT_LIMIT * 1000 + 1),
    });
    expect(after.blocked).toBe(false);
  });

  it("allows no more than 100 failures an hour on one account", () => {
    const start = new Date("2026-11-23T10:00:00Z").getTime();
    let accepted = 0;
    for (let second = 0; second < 3600; second += 5) {
      const now = new Date(start + second * 1000);
      if (!checkSignInThrottle({ email: "target@example.org", ipAddress: `10.0.${second % 250}.1`, now }).blocked) {
        recordSignInAttempt({
          email: "target@example.org",
          ipAddress: `10.0.${second % 250}.1`,
          succeeded: false,
          now,
        });
        accepted += 1;
      }
    }
    expect(accepted).toBeLessThanOrEqual(100);
    expect(accepted).toBeGreaterThan(0);
  });

  it("blocks one address that tries many accounts", async () => {
    for (let i = 0; i < ADDRESS_LIMIT; i += 1) {
      recordSignInAttempt({ email: `person${i}@example.org`, ipAddress: "192.0.2.1", succeeded: false });
    }
    await createTestMember({ email: "fresh@example.org" });
    const blocked = await signIn({ email: "fresh@example.org", password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    const elsewhere = await signIn(
      { email: "fresh@example.org", password: TEST_PASSWORD },
      { ...testContext, clientIp: "192.0.2.2" },
    );
    expect(elsewhere.status).toBe(302);
  });

  it("stores no email addresses in the attempts table", async () => {
    await signIn({ email: "private.person@example.org", password: "wrong password" });
    const rows = getDb().select().from(signInAttempts).all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain("private.person");
  });
});

describe("sign out", () => {
  it("ends the session on POST and does nothing on GET", async () => {
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const viaGet = await call(logoutLoader, getRequest("/logout", { cookie }));
    expect(viaGet.status).toBe(302);
    expect(await getSignedInMember(getRequest("/", { cookie }))).not.toBeNull();

    const response = await call(logoutAction, formRequest("/logout", {}, { cookie }));
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await getSignedInMember(getRequest("/", { cookie }))).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.memberId, member.id)).all()).toHaveLength(0);
  });
});
