import { describe, expect, it } from "vitest";
import { members, sessions } from "../../drizzle/schema";
import { eq } from "drizzle-orm";
import { getDb, openDatabase } from "~/lib/db.server";
import { runJobs } from "~/lib/jobs.server";
import { getSignedInMember } from "~/lib/session.server";
import { createSession, findSessionMember, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/models/session.server";
import { updateMemberRecord } from "~/models/member.server";
import { createTestMember } from "../factories";
import { BASE, cookieFor, getRequest } from "../request";

describe("sessions", () => {
  it("expire after the idle limit", async () => {
    const member = await createTestMember();
    const start = new Date("2026-11-23T09:00:00Z");
    const { token } = createSession({ memberId: member.id, now: start });
    expect(findSessionMember({ token, now: new Date(start.getTime() + SESSION_IDLE_MS - 1000) })).not.toBeNull();
    // Activity moves the idle clock on.
    const later = new Date(start.getTime() + 2 * SESSION_IDLE_MS - 5000);
    expect(findSessionMember({ token, now: later })).not.toBeNull();
    expect(findSessionMember({ token, now: new Date(later.getTime() + SESSION_IDLE_MS + 1) })).toBeNull();
  });

  it("that have expired are removed by the background jobs; live ones stay", async () => {
    const member = await createTestMember();
    const now = new Date();
    const idle = createSession({ memberId: member.id, now: new Date(now.getTime() - SESSION_IDLE_MS - 60_000) });
    const live = createSession({ memberId: member.id, now });
    const result = await runJobs({ now, mailer: null });
    expect(result.expiredSessions).toBe(1);
    const left = getDb().select({ id: sessions.id }).from(sessions).all().length;
    expect(left).toBe(1);
    expect(findSessionMember({ token: live.token, now })).not.toBeNull();
    expect(findSessionMember({ token: idle.token, now })).toBeNull();
  });

  it("expire at the absolute limit however active", async () => {
    const member = await createTestMember();
    const start = new Date("2026-11-23T09:00:00Z");
    const { token } = createSession({ memberId: member.id, now: start });
    for (let t = 0; t < SESSION_ABSOLUTE_MS; t += SESSION_IDLE_MS / 2) {
      expect(findSessionMember({ token, now: new Date(start.getTime() + t) })).not.toBeNull();
    }
    expect(findSessionMember({ token, now: new Date(start.getTime() + SESSION_ABSOLUTE_MS) })).toBeNull();
  });

  it("end when the member is deactivated", async () => {
    const member = await createTestMember({ organisationId: null });
    const cookie = await cookieFor(member.id);
    expect(await getSignedInMember(getRequest("/", { cookie }))).not.toBeNull();
    updateMemberRecord({
      memberId: member.id,
      changes: { role: "learner", tier: 3, organisationId: null, status: "deactivated" },
    });
    expect(await getSignedInMember(getRequest("/", { cookie }))).toBeNull();
  });

  it("ignore a tampered or unknown cookie", async () => {
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const [name, value] = cookie.split("=");
    const tampered = `${name}=${value.slice(0, -3)}abc`;
    expect(await getSignedInMember(getRequest("/", { cookie: tampered }))).toBeNull();
    expect(await getSignedInMember(getRequest("/", { cookie: "cn_session=garbage" }))).toBeNull();
  });

  it("are read once for the loaders of one GET, and again after any write or when the turn ends", async () => {
    const member = await createTestMember({ name: "Nell Firstname", organisationId: null });
    const cookie = await cookieFor(member.id);
    // Another connection renames them: a write this process's connection has not made.
    const other = openDatabase(process.env.DATABASE_URL!);
    const renameElsewhere = (name: string) =>
      other.update(members).set({ name }).where(eq(members.id, member.id)).run();
    const nameNow = async (method = "GET") =>
      (await getSignedInMember(new Request(`${BASE}/`, { method, headers: { Cookie: cookie } })))?.name;

    // The same turn of the event loop: the page's loader has the root loader's answer.
    expect(await nameNow()).toBe("Nell Firstname");
    renameElsewhere("Nell Secondname");
    expect(await nameNow()).toBe("Nell Firstname");
    // A POST reads afresh.
    expect(await nameNow("POST")).toBe("Nell Secondname");

    // A write on this process's connection, even in the same turn, is seen at once.
    getDb().update(members).set({ jobTitle: "Ward manager" }).where(eq(members.id, member.id)).run();
    expect(await nameNow()).toBe("Nell Secondname");

    // Once the turn is over, nothing is kept.
    renameElsewhere("Nell Thirdname");
    await new Promise((resolve) => setImmediate(resolve));
    expect(await nameNow()).toBe("Nell Thirdname");
    other.$client.close();
  });
});
