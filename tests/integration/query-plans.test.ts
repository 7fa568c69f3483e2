/**
 * Every hot query uses an index: EXPLAIN QUERY PLAN must show SEARCH, or a
 * scan of an index, never a full SCAN of a table that grows with the network.
 * The queries are captured from the real model functions the hot pages call.
 */
import { describe, expect, it } from "vitest";
import { seedDemoData } from "../../drizzle/seed";
import { getModule } from "~/lib/content/catalogue.server";
import { getDb, openDatabase, type Db } from "~/lib/db.server";
import { getTier1Attendance, listMemberAttendance } from "~/models/attendance.server";
import { searchDirectory } from "~/models/contact.server";
import { findHousingContacts } from "~/models/directory.server";
import { getLearningRecord } from "~/models/learning-record.server";
import { getModuleProgress } from "~/models/lesson-progress.server";
import { findMemberForSignIn } from "~/models/member.server";
import { attendanceRates } from "~/models/report.server";
import { createSession, findSessionMember } from "~/models/session.server";
import { checkSignInThrottle, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { listMyUpcoming, listUpcomingForMember } from "~/models/workshop.server";

const LARGE_TABLES = [
  "members",
  "sessions",
  "sign_in_attempts",
  "lesson_progress",
  "check_attempts",
  "completions",
  "bookings",
  "attendance",
  "contacts",
  "contact_districts",
  "contact_specialisms",
  "outbox",
  "audit_events",
  "directory_access_log",
];

function plansOf(run: (db: Db) => unknown) {
  const captured: Array<[string, unknown[]]> = [];
  const db = openDatabase(process.env.DATABASE_URL!, { logQuery: (query, params) => captured.push([query, params]) });
  run(db);
  const plans = captured.map(([query, params]) => ({
    query,
    plan: (db.$client.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...(params as never[])) as Array<{ detail: string }>).map((r) => r.detail),
  }));
  db.$client.close();
  return plans;
}

function fullScans(plans: ReturnType<typeof plansOf>) {
  return plans.flatMap(({ query, plan }) =>
    plan
      .filter((detail) => {
        const match = /^SCAN (\w+)(.*)$/.exec(detail);
        if (!match) return false;
        const [, table, rest] = match;
        return LARGE_TABLES.includes(table) && !/USING (COVERING )?INDEX/.test(rest);
      })
      .map((detail) => `${detail}  ←  ${query.slice(0, 120)}`),
  );
}

describe("hot queries use indexes", () => {
  it("on every hot path", async () => {
    await seedDemoData();
    const db = getDb();
    const champion = findMemberForSignIn({ email: "champion@example.org" }, db)!;
    const { token } = createSession({ memberId: champion.id }, db);
    const module = getModule("homelessness-awareness")!;
    const paths: Record<string, (db: Db) => unknown> = {
      "sign-in": (d) => {
        findMemberForSignIn({ email: "champion@example.org" }, d);
        checkSignInThrottle({ email: "champion@example.org", ipAddress: "127.0.0.1" }, d);
        recordSignInAttempt({ email: "champion@example.org", ipAddress: "127.0.0.1", succeeded: true }, d);
      },
      "every page (session, member and organisation)": (d) => findSessionMember({ token }, d),
      "directory search": (d) => searchDirectory({ query: "hous", specialismId: "prison-release", districtId: "oxford", limit: 50 }, d),
      "find my housing contact": (d) => findHousingContacts({ organisationId: champion.organisationId!, districtId: "oxford" }, d),
      "lesson page": (d) => getModuleProgress({ memberId: champion.id, module }, d),
      "my learning": (d) => {
        getLearningRecord({ memberId: champion.id }, d);
        getTier1Attendance({ memberId: champion.id, rule: { attended: 3, ofLast: 6 } }, d);
        listMemberAttendance({ memberId: champion.id }, d);
      },
      "workshop list": (d) => {
        listUpcomingForMember({ memberId: champion.id, tier: 1 }, d);
        listMyUpcoming({ memberId: champion.id }, d);
      },
      "attendance report": (d) => attendanceRates({ from: new Date(Date.now() - 365 * 86_400_000), districtId: "oxford" }, d),
    };
    const problems: string[] = [];
    for (const [name, run] of Object.entries(paths)) {
      const plans = plansOf(run);
      expect(plans.length, `${name} ran no queries`).toBeGreaterThan(0);
      problems.push(...fullScans(plans).map((p) => `${name}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});
