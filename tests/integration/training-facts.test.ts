/**
 * The whole-network impact report counts people trained directly in memory
 * (app/models/training-facts.server.ts: the kept completion facts and every
 * workshop attended), and gives exactly what counting members one by one
 * gives, for periods open at either end: after completions, marks of attended
 * and absent and changed marks, a workshop moved to another day, deletions
 * and an erasure.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attendance, bookings, completions, workshops } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { writeMark } from "~/models/attendance.server";
import { readImpact } from "~/models/impact.server";
import { eraseMember } from "~/models/personal-data.server";
import { createWorkshop } from "~/models/workshop.server";
import { createDistricts, createTestCompletion, createTestMember, createTestOrganisation } from "../factories";

const DAY = 86_400_000;
const NOW = new Date("2026-11-23T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

function complete(memberId: number, completedAt: Date) {
  return createTestCompletion({ memberId, moduleId: "homelessness-awareness", completedAt }).id;
}

function workshop(startsAt: Date) {
  return createWorkshop({
    input: {
      title: `Workshop ${startsAt.toISOString().slice(0, 10)}`,
      topic: "t",
      audienceTier: 1,
      description: "",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
      venue: "Hall",
      joiningUrl: null,
      capacity: 20,
      bookingClosesAt: new Date(startsAt.getTime() - DAY),
    },
    createdBy: null,
  }).id;
}

function mark(workshopId: number, memberId: number, status: "attended" | "absent", markedBy: number) {
  const db = getDb();
  db.insert(bookings)
    .values({ workshopId, memberId, status: "booked", createdAt: NOW, updatedAt: NOW })
    .onConflictDoNothing()
    .run();
  writeMark({ workshopId, memberId, status, markedBy, now: NOW }, db);
}

const PERIODS: Array<{ from?: Date; to?: Date }> = [
  {},
  { from: daysAgo(365) },
  { from: daysAgo(30) },
  { to: daysAgo(100) },
  { from: daysAgo(400), to: daysAgo(100) },
  { from: daysAgo(130), to: daysAgo(55) },
];

/** People trained directly in each period, from the report and counted member by member. */
function reachMatchesRecount() {
  const sqlite = getDb().$client;
  for (const period of PERIODS) {
    const from = period.from?.getTime() ?? -8.64e15;
    const to = period.to?.getTime() ?? 8.64e15;
    const recount = sqlite
      .prepare(
        `select count(*) from members m where
          exists (select 1 from completions c where c.member_id = m.id and c.completed_at >= ? and c.completed_at < ?)
          or exists (select 1 from attendance a join workshops w on w.id = a.workshop_id
            where a.member_id = m.id and a.status = 'attended' and w.starts_at >= ? and w.starts_at < ?)`,
      )
      .pluck()
      .get(from, to, from, to);
    expect(readImpact(period).reach.direct, JSON.stringify(period)).toBe(recount);
  }
}

describe("people trained directly, counted in memory", () => {
  it("equal a recount after completions, marks, a moved workshop, deletions and an erasure", async () => {
    createDistricts();
    const org = createTestOrganisation({ name: "Alpha Hospital", slug: "alpha", districtId: "oxford" });
    const coordinator = await createTestMember({ role: "coordinator" });
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await createTestMember({ organisationId: org.id, tier: 1 }));
    const [a, b, c, d, e] = people.map((p) => p.id);
    const recent = workshop(daysAgo(5));
    const older = workshop(daysAgo(60));
    const oldest = workshop(daysAgo(150));
    reachMatchesRecount();

    complete(a, daysAgo(200));
    const aRecent = complete(a, daysAgo(10));
    complete(b, daysAgo(500));
    complete(c, daysAgo(120));
    reachMatchesRecount();

    // Attended, absent, and a mark changed either way.
    mark(oldest, b, "attended", coordinator.id);
    mark(older, c, "absent", coordinator.id);
    mark(recent, d, "attended", coordinator.id);
    mark(older, e, "attended", coordinator.id);
    reachMatchesRecount();
    mark(older, c, "attended", coordinator.id);
    mark(recent, d, "absent", coordinator.id);
    reachMatchesRecount();

    // A workshop moved to another day moves its attendees' dates with it.
    getDb()
      .update(workshops)
      .set({ startsAt: daysAgo(2) })
      .where(eq(workshops.id, older))
      .run();
    reachMatchesRecount();
    getDb()
      .update(workshops)
      .set({ startsAt: daysAgo(300) })
      .where(eq(workshops.id, older))
      .run();
    reachMatchesRecount();

    // Deleting a member's latest completion, and an attendance mark, goes back to what is left (or to nothing).
    getDb().delete(completions).where(eq(completions.id, aRecent)).run();
    getDb().delete(attendance).where(eq(attendance.memberId, e)).run();
    reachMatchesRecount();
    expect(readImpact({}).reach.direct).toBe(3);

    // An erased member's training stays counted, unnamed, as their completions and attendance stay.
    eraseMember({ memberId: c, now: NOW });
    reachMatchesRecount();
  });
});
