import { forkWorker } from "./helpers/fork-worker";
import { asc, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { attendanceChanges, bookings, outbox, workshops } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { buildCalendar, eventUid } from "~/lib/calendar.server";
import { londonToUtc } from "~/lib/dates";
import { runJobs } from "~/lib/jobs.server";
import { markAllBookedAttended, saveRegister } from "~/models/attendance.server";
import { currentChampionIds, getTier1Attendance, listTier1Currency, tier1CurrencyFor } from "~/models/currency.server";
import { loader as currencyLoader } from "~/routes/manage.currency";
import { loader as manageWorkshopsLoader } from "~/routes/manage.workshops._index";
import { BookingError, bookPlace, cancelBooking, sendApologies } from "~/models/booking.server";
import { listFeedEvents, resetCalendarFeedToken } from "~/models/calendar-feed.server";
import {
  cancelWorkshop,
  createWorkshop,
  getWorkshop,
  listUpcomingForMember,
  listWorkshopPage,
  listWorkshops,
  updateWorkshop,
} from "~/models/workshop.server";
import { action as newWorkshopAction } from "~/routes/manage.workshops.new";
import { action as manageWorkshopAction } from "~/routes/manage.workshops.$workshopId._index";
import { loader as feedLoader } from "~/routes/feeds.$token";
import { createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const DAY = 86_400_000;

const input = testWorkshopInput;

/** Champions who became Tier 1 long before any workshop here (in 2018), so none is new: they are current or lapsed. */
const LONG_AGO = new Date(Date.UTC(2018, 0, 1));

async function champions(n: number, organisationId: number | null = null) {
  const list = [];
  for (let i = 0; i < n; i += 1) list.push(await createTestMember({ tier: 1, organisationId, now: LONG_AGO }));
  return list;
}

function statuses(workshopId: number) {
  return getDb().select().from(bookings).where(eq(bookings.workshopId, workshopId)).orderBy(asc(bookings.id)).all();
}

describe("capacity under concurrency", () => {
  it("books exactly 20 of 50 simultaneous requests from separate processes and queues the rest in arrival order", async () => {
    const { id: workshopId } = createWorkshop({ input: input({ capacity: 20 }), createdBy: null });
    const people = await champions(50);
    const databaseUrl = process.env.DATABASE_URL!;
    const groups = Array.from({ length: 10 }, (_, g) => people.slice(g * 5, g * 5 + 5).map((p) => p.id));
    // Each worker opens its connection and says it is ready; once all ten are, they are told the same moment to start.
    const workers = groups.map((memberIds) => {
      const child = forkWorker("book-worker.ts");
      const ready = new Promise<void>((resolve, reject) => {
        child.once("message", () => resolve());
        child.once("exit", (code) =>
          reject(new Error(`a booking worker exited (${code}) before it was ready: ${child.errorOutput()}`)),
        );
      });
      child.send({ databaseUrl, workshopId, memberIds });
      return { child, ready };
    });
    await Promise.all(workers.map((w) => w.ready));
    const startAt = Date.now() + 100;
    const results = (
      await Promise.all(
        workers.map(
          ({ child }) =>
            new Promise<Array<{ memberId: number; status: string }>>((resolve, reject) => {
              child.removeAllListeners("exit");
              child.once("message", (message) => resolve(message as Array<{ memberId: number; status: string }>));
              child.once("exit", (code) =>
                reject(new Error(`a booking worker exited (${code}): ${child.errorOutput()}`)),
              );
              child.send({ startAt });
            }),
        ),
      )
    ).flat();
    expect(results).toHaveLength(50);
    const rows = statuses(workshopId);
    expect(rows.filter((r) => r.status === "booked")).toHaveLength(20);
    const waiting = rows.filter((r) => r.status === "waiting");
    expect(waiting).toHaveLength(30);
    // Arrival order: the order their transactions committed, which is row order.
    const byTime = [...waiting].sort((a, b) => a.waitingSince!.getTime() - b.waitingSince!.getTime() || a.id - b.id);
    expect(byTime.map((r) => r.id)).toEqual(waiting.map((r) => r.id));
    // Every booked row was created before every waiting row.
    expect(Math.max(...rows.filter((r) => r.status === "booked").map((r) => r.id))).toBeLessThan(
      Math.min(...waiting.map((r) => r.id)),
    );
  }, 60_000);
});

describe("bookings", () => {
  it("promotes the first person waiting when a place frees, and tells them", async () => {
    const { id } = createWorkshop({ input: input({ capacity: 2 }), createdBy: null });
    const [a, b, c, d] = await champions(4);
    expect(bookPlace({ workshopId: id, memberId: a.id }).status).toBe("booked");
    expect(bookPlace({ workshopId: id, memberId: b.id }).status).toBe("booked");
    expect(bookPlace({ workshopId: id, memberId: c.id }).status).toBe("waiting");
    expect(bookPlace({ workshopId: id, memberId: d.id }).status).toBe("waiting");
    // Booking twice changes nothing.
    expect(bookPlace({ workshopId: id, memberId: c.id })).toMatchObject({ status: "waiting", alreadyHad: true });
    const { promoted } = cancelBooking({ workshopId: id, memberId: a.id });
    expect(promoted).toEqual([c.id]);
    expect(statuses(id).map((r) => [r.memberId, r.status])).toEqual([
      [a.id, "cancelled"],
      [b.id, "booked"],
      [c.id, "booked"],
      [d.id, "waiting"],
    ]);
    const emails = getDb().select().from(outbox).where(eq(outbox.memberId, c.id)).all();
    expect(emails.map((e) => e.kind)).toEqual(["waiting", "promoted"]);
    expect(emails[1].subject).toMatch(/A place has come up/);
  });

  it("refuses bookings after the cut-off, after the start, for a cancelled workshop and for the wrong tier", async () => {
    const [champion] = await champions(1);
    const learner = await createTestMember({ tier: 3 });
    const closed = createWorkshop({ input: input({ bookingClosesAt: new Date(Date.now() - 1000) }), createdBy: null });
    expect(() => bookPlace({ workshopId: closed.id, memberId: champion.id })).toThrow(
      /Booking for this workshop has closed/,
    );
    const started = createWorkshop({
      input: input({ startsAt: new Date(Date.now() - 1000), bookingClosesAt: new Date(Date.now() - DAY) }),
      createdBy: null,
    });
    expect(() => bookPlace({ workshopId: started.id, memberId: champion.id })).toThrow(/already started/);
    const open = createWorkshop({ input: input(), createdBy: null });
    expect(() => bookPlace({ workshopId: open.id, memberId: learner.id })).toThrow(/for Tier 1 members/);
    cancelWorkshop({ id: open.id, reason: null });
    expect(() => bookPlace({ workshopId: open.id, memberId: champion.id })).toThrow(BookingError);
    expect(getDb().select().from(bookings).all()).toHaveLength(0);
  });

  it("lets a champion send apologies and book a deputy from their own organisation in their place", async () => {
    const organisation = createTestOrganisation();
    const [champion] = await champions(1, organisation.id);
    const colleague = await createTestMember({ tier: 1, organisationId: organisation.id, name: "Dana Deputy" });
    const [outsider] = await champions(1, createTestOrganisation().id);
    const { id } = createWorkshop({ input: input({ capacity: 1 }), createdBy: null });
    bookPlace({ workshopId: id, memberId: champion.id });
    bookPlace({ workshopId: id, memberId: outsider.id });
    expect(() => sendApologies({ workshopId: id, memberId: champion.id, deputyId: outsider.id })).toThrow(
      /own organisation/,
    );
    const result = sendApologies({ workshopId: id, memberId: champion.id, deputyId: colleague.id });
    // The champion is told who took their place, and nobody waiting was promoted.
    expect(result).toEqual({ deputy: "Dana Deputy", promoted: [] });
    const rows = statuses(id);
    expect(rows.find((r) => r.memberId === champion.id)?.status).toBe("apologies");
    expect(rows.find((r) => r.memberId === colleague.id)).toMatchObject({
      status: "booked",
      deputisingFor: champion.id,
    });
    // The place went to the deputy, not to the person waiting.
    expect(rows.find((r) => r.memberId === outsider.id)?.status).toBe("waiting");
  });

  it("cancelling a workshop deletes nothing and tells everyone booked and waiting", async () => {
    const { id } = createWorkshop({ input: input({ capacity: 1 }), createdBy: null });
    const [a, b] = await champions(2);
    bookPlace({ workshopId: id, memberId: a.id });
    bookPlace({ workshopId: id, memberId: b.id });
    expect(cancelWorkshop({ id, reason: "Venue flooded" })?.notified).toBe(2);
    expect(getWorkshop({ id })).toMatchObject({
      status: "cancelled",
      cancellationReason: "Venue flooded",
      sequence: 1,
    });
    expect(statuses(id)).toHaveLength(2);
    const cancelled = getDb().select().from(outbox).where(eq(outbox.kind, "cancelled")).all();
    expect(cancelled.map((e) => e.memberId).sort()).toEqual([a.id, b.id].sort());
    expect(cancelled[0].body).toContain("Venue flooded");
  });

  it("a change of time raises the sequence and tells those booked; capacity cannot drop below bookings", async () => {
    const { id } = createWorkshop({ input: input({ capacity: 3 }), createdBy: null });
    const [a, b] = await champions(2);
    bookPlace({ workshopId: id, memberId: a.id });
    bookPlace({ workshopId: id, memberId: b.id });
    const current = getWorkshop({ id })!;
    expect(() =>
      updateWorkshop({
        id,
        input: {
          ...input(),
          capacity: 1,
          startsAt: current.startsAt,
          endsAt: current.endsAt,
          bookingClosesAt: current.bookingClosesAt,
        },
      }),
    ).toThrow(/cannot be less than the 2 places/);
    const later = new Date(current.startsAt.getTime() + 60 * 60 * 1000);
    updateWorkshop({
      id,
      input: {
        ...input({ capacity: 3 }),
        startsAt: later,
        endsAt: new Date(later.getTime() + 3600_000),
        bookingClosesAt: current.bookingClosesAt,
      },
    });
    expect(getWorkshop({ id })?.sequence).toBe(1);
    expect(getDb().select().from(outbox).where(eq(outbox.kind, "changed")).all()).toHaveLength(2);
  });
});

describe("workshop form", () => {
  async function coordinatorCookie() {
    const coordinator = await createTestMember({ role: "coordinator" });
    return cookieFor(coordinator.id);
  }
  const valid = {
    title: "Tier 1 workshop",
    topic: "Universal Credit",
    audienceTier: "1",
    description: "",
    venue: "Town Hall",
    joiningUrl: "",
    capacity: "20",
    date: "2099-03-17",
    startTime: "10:00",
    endTime: "12:30",
    closesDate: "2099-03-15",
    closesTime: "17:00",
  };

  it("creates a workshop from London times", async () => {
    const response = await call(
      newWorkshopAction,
      formRequest("/manage/workshops/new", valid, { cookie: await coordinatorCookie() }),
    );
    expect(response.status).toBe(302);
    const [row] = getDb().select().from(workshops).all();
    expect(row.startsAt.toISOString()).toBe("2099-03-17T10:00:00.000Z");
  });

  it("answers 400 with every field error and writes nothing", async () => {
    const cookie = await coordinatorCookie();
    const response = await call(
      newWorkshopAction,
      formRequest(
        "/manage/workshops/new",
        { ...valid, endTime: "09:00", closesDate: "2099-03-18", joiningUrl: "javascript:alert(1)", capacity: "0" },
        { cookie },
      ),
    );
    expect(response.status).toBe(400);
    const { fieldErrors, values } = await response.json();
    expect(fieldErrors).toMatchObject({
      endTime: "The end time must be after the start time",
      closesDate: "Booking must close before the workshop starts",
      joiningUrl: expect.stringMatching(/https:\/\//),
      capacity: "There must be at least 1 place",
    });
    expect(values.title).toBe("Tier 1 workshop");
    expect(getDb().select().from(workshops).all()).toHaveLength(0);
  });

  it("refuses to cut capacity below the places booked, through the edit form", async () => {
    const cookie = await coordinatorCookie();
    const { id } = createWorkshop({
      input: input({ startsAt: londonToUtc("2099-03-17", "10:00")!, capacity: 5 }),
      createdBy: null,
    });
    const people = await champions(3);
    for (const p of people) bookPlace({ workshopId: id, memberId: p.id });
    const response = await call(
      manageWorkshopAction,
      formRequest(`/manage/workshops/${id}`, { ...valid, intent: "update", capacity: "2" }, { cookie }),
      { workshopId: String(id) },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors.capacity).toMatch(/3 places already booked/);
    expect(getWorkshop({ id })?.capacity).toBe(5);
  });

  it("is refused to anyone but the coordinator", async () => {
    const learner = await createTestMember();
    const response = await call(
      newWorkshopAction,
      formRequest("/manage/workshops/new", valid, { cookie: await cookieFor(learner.id) }),
    );
    expect(response.status).toBe(403);
  });
});

describe("register and currency", () => {
  it("records marks, late changes with who and when, and works out Tier 1 currency", async () => {
    const coordinator = await createTestMember({ role: "coordinator" });
    const [regular, occasional, absent] = await champions(3);
    const ids: number[] = [];
    for (let i = 6; i >= 1; i -= 1) {
      const startsAt = new Date(Date.now() - i * 60 * DAY);
      const { id } = createWorkshop({
        input: input({ startsAt, bookingClosesAt: new Date(startsAt.getTime() - DAY) }),
        createdBy: null,
      });
      for (const m of [regular, occasional, absent]) {
        getDb()
          .insert(bookings)
          .values({ workshopId: id, memberId: m.id, status: "booked", createdAt: startsAt, updatedAt: startsAt })
          .run();
      }
      ids.push(id);
    }
    ids.forEach((id, i) => {
      markAllBookedAttended({ workshopId: id, markedBy: coordinator.id });
      saveRegister({
        workshopId: id,
        marks: [
          { memberId: absent.id, status: "absent" },
          // Attends the oldest three only: current now, but at risk.
          ...(i >= 3 ? [{ memberId: occasional.id, status: "absent" as const }] : []),
        ],
        markedBy: coordinator.id,
      });
    });
    const changes = getDb().select().from(attendanceChanges).where(eq(attendanceChanges.memberId, absent.id)).all();
    expect(changes).toHaveLength(12);
    expect(changes[1]).toMatchObject({ fromStatus: "attended", toStatus: "absent", changedBy: coordinator.id });

    const { champions: list } = listTier1Currency({ rule: { attended: 3, ofLast: 6 } });
    const currencyOf = (id: number) => list.find((c) => c.id === id)?.currency;
    expect(currencyOf(regular.id)).toBe("current");
    expect(currencyOf(occasional.id)).toBe("at-risk");
    expect(currencyOf(absent.id)).toBe("lapsed");
    // One member's own view (My learning) agrees with the coordinator's list.
    for (const m of [regular, occasional, absent]) {
      const { currency, attended, considered, toBecomeCurrent } = list.find((c) => c.id === m.id)!;
      expect(getTier1Attendance({ memberId: m.id, rule: { attended: 3, ofLast: 6 } })).toEqual({
        currency,
        attended,
        considered,
        toBecomeCurrent,
      });
    }
    expect(getTier1Attendance({ memberId: regular.id, rule: { attended: 3, ofLast: 6 } })).toEqual({
      currency: "current",
      attended: 6,
      considered: 6,
      toBecomeCurrent: 0,
    });
  });
});

describe("Tier 1 currency, one member and many", () => {
  it("agree at every edge: before any register, fewer workshops held than the window, and beyond it", async () => {
    const coordinator = await createTestMember({ role: "coordinator" });
    const [always, oldest, third, never, elsewhere] = await champions(5);
    // Long before the other tests' workshops, so only these count.
    const start = Date.UTC(2019, 0, 1);
    const at = (day: number) => new Date(start + day * DAY);
    type Mark = { memberId: number; status: "attended" | "absent" };
    const hold = (day: number, marks: Mark[], audienceTier: 1 | 2 = 1) => {
      const startsAt = at(day);
      const { id } = createWorkshop({
        input: input({ startsAt, audienceTier, bookingClosesAt: at(day - 1) }),
        createdBy: null,
      });
      for (const { memberId } of marks) {
        const bookedAt = at(day - 2);
        const booking = {
          workshopId: id,
          memberId,
          status: "booked" as const,
          createdAt: bookedAt,
          updatedAt: bookedAt,
        };
        getDb().insert(bookings).values(booking).run();
      }
      if (marks.length > 0) saveRegister({ workshopId: id, marks, markedBy: coordinator.id, now: startsAt });
      return id;
    };
    // Eight Tier 1 workshops 30 days apart; index 0 is the oldest.
    for (let i = 0; i < 8; i += 1) {
      hold(30 * (i + 1), [
        { memberId: always.id, status: "attended" },
        { memberId: oldest.id, status: i < 2 ? "attended" : "absent" },
        // Every other one from the oldest: three of the last six, the oldest of them about to drop out.
        { memberId: third.id, status: i % 2 === 0 ? "attended" : "absent" },
        { memberId: never.id, status: "absent" },
      ]);
    }
    // None of these count: a Tier 2 session, a cancelled workshop, one with no register.
    hold(100, [{ memberId: elsewhere.id, status: "attended" }], 2);
    const cancelled = hold(110, [{ memberId: elsewhere.id, status: "attended" }]);
    getDb().update(workshops).set({ status: "cancelled" }).where(eq(workshops.id, cancelled)).run();
    hold(120, []);

    const everyone = [always, oldest, third, never, elsewhere].map((m) => m.id);
    const both = (rule: { attended: number; ofLast: number }, now: Date) => {
      const many = tier1CurrencyFor({ memberIds: everyone, rule, now });
      const one = everyone.map((memberId) => getTier1Attendance({ memberId, rule, now }));
      expect(one).toEqual(everyone.map((id) => (many.workshopsConsidered === 0 ? null : many.byMember.get(id))));
      const rows = one.map((m) => m && [m.currency, m.attended, m.considered]);
      return { considered: many.workshopsConsidered, byMember: one, rows };
    };
    const rules = [
      { attended: 3, ofLast: 6 },
      { attended: 1, ofLast: 1 },
      { attended: 2, ofLast: 3 },
      { attended: 1, ofLast: 12 },
    ];
    for (const day of [10, 30, 60, 95, 150, 240, 240.05, 270, 400]) for (const rule of rules) both(rule, at(day));

    const threeOfSix = { attended: 3, ofLast: 6 };
    expect(both(threeOfSix, at(10))).toMatchObject({ considered: 0, byMember: [null, null, null, null, null] });
    // Two held: nobody has yet had the chance to attend three, so nobody short of three has lapsed: they are new.
    expect(both(threeOfSix, at(70)).rows).toEqual([
      ["new", 2, 2],
      ["new", 2, 2],
      ["new", 1, 2],
      ["new", 0, 2],
      ["new", 0, 2],
    ]);
    const now = both(threeOfSix, at(400));
    expect(now.considered).toBe(6);
    expect(now.byMember.map((m) => m?.currency)).toEqual(["current", "lapsed", "at-risk", "lapsed", "lapsed"]);
    // Only the eight Tier 1 workshops held with a register count, however long the window.
    expect(both({ attended: 1, ofLast: 12 }, at(400)).rows).toEqual([
      ["current", 8, 8],
      ["current", 2, 8],
      ["current", 4, 8],
      ["lapsed", 0, 8],
      ["lapsed", 0, 8],
    ]);
    // The last workshop does not count until it has ended.
    expect(both({ attended: 1, ofLast: 12 }, at(240.05)).rows[0]).toEqual(["current", 7, 7]);
    // A champion is counted current before any register, and by their attendance after.
    const currentAt = (day: number) => [...currentChampionIds({ memberIds: everyone, rule: threeOfSix, now: at(day) })];
    expect(currentAt(10)).toEqual(everyone);
    expect(currentAt(400)).toEqual([always.id, third.id]);
  });
});

describe("upcoming workshops", () => {
  it("include one that is under way and leave out one that has just ended", async () => {
    const member = await createTestMember({ tier: 1 });
    const now = new Date();
    const running = createWorkshop({
      input: input({
        startsAt: new Date(now.getTime() - 3_600_000),
        endsAt: new Date(now.getTime() + 3_600_000),
        bookingClosesAt: new Date(now.getTime() - DAY),
      }),
      createdBy: null,
    });
    createWorkshop({
      input: input({
        startsAt: new Date(now.getTime() - 7_200_000),
        endsAt: new Date(now.getTime() - 60_000),
        bookingClosesAt: new Date(now.getTime() - DAY),
      }),
      createdBy: null,
    });
    const later = createWorkshop({ input: input(), createdBy: null });
    expect(listUpcomingForMember({ memberId: member.id, tier: 1, now }).map((w) => w.id)).toEqual([
      running.id,
      later.id,
    ]);
  });
});

describe("the coordinator's workshop list", () => {
  it("pages upcoming workshops 50 at a time, soonest first", async () => {
    const coordinator = await createTestMember({ role: "coordinator" });
    const ids: number[] = [];
    for (let i = 1; i <= 55; i += 1) {
      const startsAt = new Date(Math.floor((Date.now() + i * DAY) / 60_000) * 60_000);
      ids.push(
        createWorkshop({
          input: input({ startsAt, bookingClosesAt: new Date(startsAt.getTime() - DAY) }),
          createdBy: null,
        }).id,
      );
    }
    const cookie = await cookieFor(coordinator.id);
    const first = await (await call(manageWorkshopsLoader, getRequest("/manage/workshops", { cookie }))).json();
    expect([first.workshops.length, first.hasMore]).toEqual([50, true]);
    expect(first.workshops.map((w: { id: number }) => w.id)).toEqual(ids.slice(0, 50));
    const second = await (
      await call(manageWorkshopsLoader, getRequest("/manage/workshops?view=upcoming&page=2", { cookie }))
    ).json();
    expect([second.workshops.map((w: { id: number }) => w.id), second.hasMore]).toEqual([ids.slice(50), false]);
  });
});

describe("the coordinator's workshop list, read for its page", () => {
  it("lists each view's workshops in listWorkshops' order, with the same booked and waiting counts", async () => {
    const now = new Date();
    const people = await champions(6);
    // Past, running now, upcoming and cancelled workshops, each with a different mix of bookings.
    const offsets = [-40, -9, -2, -0.02, 1, 3, 8, 15, 30, -20, 5];
    for (const [i, days] of offsets.entries()) {
      const startsAt = new Date(Math.floor((now.getTime() + days * DAY) / 60_000) * 60_000 + i * 60_000);
      const { id } = createWorkshop({
        input: input({
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
          bookingClosesAt: new Date(startsAt.getTime() - DAY),
          capacity: 3 + i,
        }),
        createdBy: null,
      });
      people.slice(0, i % 7).forEach((m, j) => {
        const status = (["booked", "waiting", "cancelled", "apologies"] as const)[(i + j) % 4];
        getDb()
          .insert(bookings)
          .values({ workshopId: id, memberId: m.id, status, createdAt: now, updatedAt: now })
          .run();
      });
      if (i >= 9) getDb().update(workshops).set({ status: "cancelled" }).where(eq(workshops.id, id)).run();
    }
    for (const view of ["upcoming", "past", "cancelled"] as const)
      for (const [limit, offset] of [
        [51, 0],
        [2, 1],
        [3, 2],
        [5, 4],
      ]) {
        const expected = listWorkshops({ view, now, limit, offset }).map((w) => ({
          id: w.id,
          title: w.title,
          audienceTier: w.audienceTier,
          capacity: w.capacity,
          startsAt: w.startsAt,
          endsAt: w.endsAt,
          booked: w.booked,
          waiting: w.waiting,
        }));
        expect(listWorkshopPage({ view, now, limit, offset }), `${view} ${limit} from ${offset}`).toEqual(expected);
      }
    // The counts compared are not all alike: bookings and waiting places differ from workshop to workshop.
    const counts = listWorkshopPage({ view: "upcoming", now, limit: 51 }).map((w) => `${w.booked}/${w.waiting}`);
    expect(new Set(counts).size).toBeGreaterThan(2);
    expect(listWorkshopPage({ view: "past", now, limit: 51 })).toHaveLength(3);
    expect(listWorkshopPage({ view: "cancelled", now, limit: 51 })).toHaveLength(2);
  });
});

describe("the currency page", () => {
  it("filters champions by currency and pages a national-sized list", async () => {
    const coordinator = await createTestMember({ role: "coordinator" });
    const people = await champions(105);
    const lapsed = people.slice(0, 2);
    for (let i = 6; i >= 1; i -= 1) {
      const startsAt = new Date(Date.now() - i * 60 * DAY);
      const { id } = createWorkshop({
        input: input({ startsAt, bookingClosesAt: new Date(startsAt.getTime() - DAY) }),
        createdBy: null,
      });
      for (const m of people)
        getDb()
          .insert(bookings)
          .values({ workshopId: id, memberId: m.id, status: "booked", createdAt: startsAt, updatedAt: startsAt })
          .run();
      markAllBookedAttended({ workshopId: id, markedBy: coordinator.id });
      saveRegister({
        workshopId: id,
        marks: lapsed.map((m) => ({ memberId: m.id, status: "absent" as const })),
        markedBy: coordinator.id,
      });
    }
    const cookie = await cookieFor(coordinator.id);
    const open = async (query: string) =>
      (await call(currencyLoader, getRequest(`/manage/currency${query}`, { cookie }))).json();

    const first = await open("");
    expect(first.counts).toEqual({ all: 105, lapsed: 2, "at-risk": 0, new: 0, current: 103 });
    expect([first.champions.length, first.pages]).toEqual([100, 2]);
    // Lapsed champions come first: they are the ones to chase.
    expect(first.champions.slice(0, 2).map((c: { currency: string }) => c.currency)).toEqual(["lapsed", "lapsed"]);
    expect((await open("?page=2")).champions).toHaveLength(5);

    const onlyLapsed = await open("?view=lapsed");
    expect(onlyLapsed.champions.map((c: { id: number }) => c.id).sort()).toEqual(lapsed.map((m) => m.id).sort());
    expect((await open("?view=current")).champions.every((c: { currency: string }) => c.currency === "current")).toBe(
      true,
    );
    // Nonsense in the query is treated as the first page of everyone.
    expect((await open("?view=%27%3B--&page=-3")).champions).toHaveLength(100);
  });
});

describe("calendars", () => {
  it("exports London times correctly across the clock changes, with a stable UID and SEQUENCE", () => {
    const summer = createWorkshop({
      input: input({
        startsAt: londonToUtc("2027-10-19", "10:00")!,
        bookingClosesAt: londonToUtc("2027-10-17", "10:00")!,
      }),
      createdBy: null,
    });
    const winter = createWorkshop({
      input: input({
        startsAt: londonToUtc("2027-11-16", "10:00")!,
        bookingClosesAt: londonToUtc("2027-11-14", "10:00")!,
      }),
      createdBy: null,
    });
    const ics = buildCalendar(
      [summer, winter].map(({ id }) => ({ workshop: getWorkshop({ id })!, memberId: 5, calendarSequence: 0 })),
    );
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual([
      eventUid({ workshopId: summer.id, memberId: 5 }),
      eventUid({ workshopId: winter.id, memberId: 5 }),
    ]);
    // 10:00 BST is 09:00 UTC; 10:00 GMT is 10:00 UTC.
    expect(events[0].startDate.toJSDate().toISOString()).toBe("2027-10-19T09:00:00.000Z");
    expect(events[1].startDate.toJSDate().toISOString()).toBe("2027-11-16T10:00:00.000Z");
    expect(events.map((e) => e.sequence)).toEqual([0, 0]);
  });

  it("a feed shows booked places only, updates a changed time in place, and cancels a cancelled workshop", async () => {
    const [member] = await champions(1);
    const booked = createWorkshop({ input: input({ capacity: 5 }), createdBy: null });
    const full = createWorkshop({ input: input({ capacity: 0 + 1 }), createdBy: null });
    const [other] = await champions(1);
    bookPlace({ workshopId: full.id, memberId: other.id });
    bookPlace({ workshopId: booked.id, memberId: member.id });
    expect(bookPlace({ workshopId: full.id, memberId: member.id }).status).toBe("waiting");
    const token = resetCalendarFeedToken({ memberId: member.id });

    const parse = async () => {
      const response = await call(feedLoader, getRequest(`/feeds/${token}.ics`), { token: `${token}.ics` });
      expect(response.headers.get("Content-Type")).toMatch(/text\/calendar/);
      const component = new ICAL.Component(ICAL.parse(await response.text()));
      return component
        .getAllSubcomponents("vevent")
        .map((v) => ({ event: new ICAL.Event(v), status: v.getFirstPropertyValue("status") }));
    };
    let events = await parse();
    expect(events.map((e) => e.event.uid)).toEqual([eventUid({ workshopId: booked.id, memberId: member.id })]);

    const current = getWorkshop({ id: booked.id })!;
    const later = new Date(current.startsAt.getTime() + 2 * 3600_000);
    updateWorkshop({
      id: booked.id,
      input: {
        ...input({ capacity: 5 }),
        startsAt: later,
        endsAt: new Date(later.getTime() + 3600_000),
        bookingClosesAt: current.bookingClosesAt,
      },
    });
    events = await parse();
    expect(events[0].event.uid).toBe(eventUid({ workshopId: booked.id, memberId: member.id }));
    expect(events[0].event.sequence).toBe(1);
    expect(events[0].event.startDate.toJSDate().getTime()).toBe(later.getTime());

    cancelWorkshop({ id: booked.id, reason: null });
    events = await parse();
    expect(events[0].status).toBe("CANCELLED");
    expect(events[0].event.sequence).toBe(2);

    // A replaced token stops working.
    resetCalendarFeedToken({ memberId: member.id });
    expect(listFeedEvents({ token })).toBeNull();
  });
});

describe("reminders and feedback requests", () => {
  it("are queued once each however often the jobs run", async () => {
    const [member] = await champions(1);
    const coordinator = await createTestMember({ role: "coordinator" });
    const soon = createWorkshop({
      input: input({ startsAt: new Date(Date.now() + DAY), bookingClosesAt: new Date(Date.now() + 3600_000) }),
      createdBy: null,
    });
    bookPlace({ workshopId: soon.id, memberId: member.id });
    const endedStart = new Date(Date.now() - 3 * DAY);
    const ended = createWorkshop({
      input: input({ startsAt: endedStart, bookingClosesAt: new Date(endedStart.getTime() - DAY) }),
      createdBy: null,
    });
    getDb()
      .insert(bookings)
      .values({
        workshopId: ended.id,
        memberId: member.id,
        status: "booked",
        createdAt: endedStart,
        updatedAt: endedStart,
      })
      .run();
    markAllBookedAttended({ workshopId: ended.id, markedBy: coordinator.id });

    await runJobs({ mailer: null });
    await runJobs({ mailer: null });
    const kinds = getDb()
      .select()
      .from(outbox)
      .where(eq(outbox.memberId, member.id))
      .all()
      .map((e) => e.kind)
      .sort();
    expect(kinds).toEqual(["booked", "feedback-request", "reminder"]);
    // Without SMTP they are kept for the coordinator to read.
    expect(
      getDb()
        .select()
        .from(outbox)
        .all()
        .every((e) => e.status === "kept"),
    ).toBe(true);
  });
});
