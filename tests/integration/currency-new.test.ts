/**
 * A Tier 1 member who has just joined, or has just been moved to Tier 1, is
 * "new" rather than lapsed until as many Tier 1 workshops as the rule asks
 * them to attend (3 of the last 6 here) have been held since; every page that
 * shows currency says so. The clock is injected: models take `now`, routes
 * read it from vi.setSystemTime.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { bookings } from "~drizzle/schema";
import { getDb } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { currentChampionIds, getTier1Attendance, listTier1Currency, tier1CurrencyFor } from "~/models/currency.server";
import { updateMemberRecord } from "~/models/member.server";
import { getNetworkHealth } from "~/models/network-health.server";
import { createWorkshop } from "~/models/workshop.server";
import { loader as learningLoader } from "~/routes/learning";
import { loader as currencyLoader } from "~/routes/manage.currency";
import { loader as memberLoader } from "~/routes/members.$memberId";
import { loader as membersLoader } from "~/routes/members._index";
import { createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { call, cookieFor, getRequest } from "../request";

const DAY = 86_400_000;
const rule = { attended: 3, ofLast: 6 };
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * DAY);

/** A Tier 1 workshop on day `n`, with a register: `attended` marked attended, `absent` absent. */
function hold(n: number, coordinatorId: number, attended: number[], absent: number[] = []) {
  const startsAt = day(n);
  const { id } = createWorkshop({
    input: testWorkshopInput({ startsAt, bookingClosesAt: day(n - 2) }),
    createdBy: null,
    now: day(n - 30),
  });
  for (const memberId of [...attended, ...absent]) {
    getDb()
      .insert(bookings)
      .values({ workshopId: id, memberId, status: "booked", createdAt: day(n - 10), updatedAt: day(n - 10) })
      .run();
  }
  const marks = [
    ...attended.map((memberId) => ({ memberId, status: "attended" as const })),
    ...absent.map((memberId) => ({ memberId, status: "absent" as const })),
  ];
  saveRegister({ workshopId: id, marks, markedBy: coordinatorId, now: startsAt });
}

async function world() {
  const ownOrganisation = createTestOrganisation({ name: "Newcomer Trust" });
  const coordinator = await createTestMember({ role: "coordinator", now: day(0) });
  const veteran = await createTestMember({ name: "Vera Veteran", tier: 1, now: day(0) });
  const absentee = await createTestMember({ name: "Abe Absentee", tier: 1, now: day(0) });
  const promoted = await createTestMember({ name: "Pat Promoted", tier: 2, now: day(0) });
  // Six workshops 60 days apart, days 60 to 360; the veteran attends all, the absentee none.
  for (let i = 1; i <= 6; i += 1) hold(60 * i, coordinator.id, [veteran.id], [absentee.id]);
  // Joins as a Tier 1 champion after the fifth: one workshop (day 360) held since.
  const newcomer = await createTestMember({
    name: "Nell Newcomer",
    tier: 1,
    organisationId: ownOrganisation.id,
    now: day(330),
  });
  // Moved from Tier 2 to Tier 1 after the sixth: none held since.
  updateMemberRecord({
    memberId: promoted.id,
    changes: { role: "learner", tier: 1, organisationId: null, status: "active" },
    now: day(370),
  });
  return { ownOrganisation, coordinator, veteran, absentee, newcomer, promoted };
}

describe("new Tier 1 members", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("are new, with what they need, until three workshops have been held since they became Tier 1; then lapsed", async () => {
    const w = await world();
    const now = day(380);
    const { champions } = listTier1Currency({ rule, now });
    const of = (id: number) => champions.find((c) => c.id === id);
    expect(of(w.veteran.id)).toMatchObject({ currency: "current", toBecomeCurrent: 0 });
    expect(of(w.absentee.id)).toMatchObject({ currency: "lapsed", toBecomeCurrent: 3 });
    expect(of(w.newcomer.id)).toMatchObject({ currency: "new", attended: 0, considered: 6, toBecomeCurrent: 3 });
    expect(of(w.promoted.id)).toMatchObject({ currency: "new", toBecomeCurrent: 3 });
    // One member's view and the many-member calculation agree.
    for (const id of [w.veteran.id, w.absentee.id, w.newcomer.id, w.promoted.id]) {
      const { currency, attended, considered, toBecomeCurrent } = of(id)!;
      expect(getTier1Attendance({ memberId: id, rule, now })).toEqual({
        currency,
        attended,
        considered,
        toBecomeCurrent,
      });
    }
    // A new champion is not a gap in the network: their organisation has a champion.
    expect(currentChampionIds({ rule, now }).has(w.newcomer.id)).toBe(true);
    expect(currentChampionIds({ rule, now }).has(w.absentee.id)).toBe(false);
    const health = getNetworkHealth({ rule, viewerId: w.coordinator.id, now });
    expect(health.withoutChampion.map((o) => o.id)).not.toContain(w.ownOrganisation.id);

    // Two more workshops (days 420 and 480) the newcomer misses: three held since they joined, so lapsed.
    hold(420, w.coordinator.id, [w.veteran.id], [w.newcomer.id]);
    expect(
      tier1CurrencyFor({ memberIds: [w.newcomer.id], rule, now: day(430) }).byMember.get(w.newcomer.id)?.currency,
    ).toBe("new");
    hold(480, w.coordinator.id, [w.veteran.id], [w.newcomer.id]);
    expect(getTier1Attendance({ memberId: w.newcomer.id, rule, now: day(490) })?.currency).toBe("lapsed");
    // The promoted member, two held since their move, is still new.
    expect(getTier1Attendance({ memberId: w.promoted.id, rule, now: day(490) })?.currency).toBe("new");
  });

  it("missing one of the first three lapses a new member until they reach three of the last six", async () => {
    const w = await world();
    // Joined on day 330: the workshop on day 360 (not attended) and 420 (attended) held since.
    hold(420, w.coordinator.id, [w.newcomer.id]);
    expect(getTier1Attendance({ memberId: w.newcomer.id, rule, now: day(430) })).toMatchObject({
      currency: "new",
      attended: 1,
      toBecomeCurrent: 2,
    });
    hold(480, w.coordinator.id, [w.newcomer.id]);
    expect(getTier1Attendance({ memberId: w.newcomer.id, rule, now: day(490) })).toMatchObject({
      currency: "lapsed",
      attended: 2,
      toBecomeCurrent: 1,
    });
    hold(540, w.coordinator.id, [w.newcomer.id]);
    expect(getTier1Attendance({ memberId: w.newcomer.id, rule, now: day(550) })).toMatchObject({
      currency: "current",
      attended: 3,
    });
  });

  it("shows as new on the currency tabs, the members list, their record and My learning", async () => {
    const w = await world();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(day(380));
    const coordinator = await cookieFor(w.coordinator.id);

    const tabs = await (
      await call(currencyLoader, getRequest("/manage/currency?view=new", { cookie: coordinator }))
    ).json();
    expect(tabs.counts).toMatchObject({ all: 4, current: 1, lapsed: 1, new: 2, "at-risk": 0 });
    expect(tabs.champions.map((c: { name: string }) => c.name)).toEqual(["Nell Newcomer", "Pat Promoted"]);

    const list = await (await call(membersLoader, getRequest("/members?currency=new", { cookie: coordinator }))).json();
    expect(list.members.map((m: { name: string; currency: string }) => [m.name, m.currency])).toEqual([
      ["Nell Newcomer", "new"],
      ["Pat Promoted", "new"],
    ]);

    const record = await (
      await call(memberLoader, getRequest(`/members/${w.newcomer.id}`, { cookie: coordinator }), {
        memberId: String(w.newcomer.id),
      })
    ).json();
    expect(record.currency).toMatchObject({ currency: "new", toBecomeCurrent: 3 });

    const mine = await (
      await call(learningLoader, getRequest("/learning", { cookie: await cookieFor(w.newcomer.id) }))
    ).json();
    expect(mine.currency).toMatchObject({ currency: "new", attended: 0, toBecomeCurrent: 3 });
  });
});
