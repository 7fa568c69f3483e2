/**
 * Self check-in and walk-ins (issue 17). Check-in is open from 30 minutes
 * before a workshop starts until it ends; a code names one workshop; a booked
 * member who checks in is marked attended, anyone else is a walk-in who counts
 * toward Tier 1 currency only once the coordinator confirms them. The clock is
 * injected: models take `now`, and the routes' clock is set with vi.setSystemTime.
 */
import { and, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { attendance, attendanceChanges, auditEvents, checkInCodes, checkIns } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { londonToUtc } from "~/lib/dates";
import { checkInAddressLimiter, checkInCodeLimiter } from "~/lib/rate-limit.server";
import { saveRegister } from "~/models/attendance.server";
import { bookPlace } from "~/models/booking.server";
import { checkIn, getCheckInCode, openCheckIn } from "~/models/check-in.server";
import { getTier1Attendance, tier1CurrencyFor } from "~/models/currency.server";
import { createWorkshop, getWorkshop } from "~/models/workshop.server";
import { action as codeAction, loader as codeLoader } from "~/routes/check-in.$code";
import { action as startAction, loader as startLoader } from "~/routes/check-in._index";
import {
  action as coordinatorAction,
  loader as coordinatorLoader,
} from "~/routes/manage.workshops.$workshopId.check-in";
import { action as registerAction, loader as registerLoader } from "~/routes/manage.workshops.$workshopId.register";
import { createTestMember, testWorkshopInput } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";
import { forkWorker } from "./helpers/fork-worker";

const DAY = "2026-12-15";
const at = (time: string, date = DAY) => londonToUtc(date, time)!;
const minutes = (n: number) => n * 60_000;
/** Champions who became Tier 1 long before any workshop here, so none is new: they are current or lapsed. */
const LONG_AGO = new Date(Date.UTC(2018, 0, 1));

function tier1Workshop(
  date: string,
  start: string,
  end: string,
  overrides: Parameters<typeof testWorkshopInput>[0] = {},
) {
  return createWorkshop({
    input: testWorkshopInput({
      startsAt: at(start, date),
      endsAt: at(end, date),
      bookingClosesAt: new Date(at(start, date).getTime() - 2 * 86_400_000),
      ...overrides,
    }),
    createdBy: null,
    now: at("09:00", "2026-10-01"),
  }).id;
}

async function world() {
  const coordinator = await createTestMember({ role: "coordinator" });
  const booked = await createTestMember({ tier: 1, name: "Bea Bookedfield", now: LONG_AGO });
  const walkIn = await createTestMember({ tier: 1, name: "Wyn Walkinshaw", now: LONG_AGO });
  const workshopId = tier1Workshop(DAY, "10:00", "12:30");
  bookPlace({ workshopId, memberId: booked.id, now: at("09:00", "2026-10-02") });
  return { coordinator, booked, walkIn, workshopId };
}

function checkInRows(workshopId: number) {
  return getDb().select().from(checkIns).where(eq(checkIns.workshopId, workshopId)).all();
}

function markOf(workshopId: number, memberId: number) {
  return getDb()
    .select({ status: attendance.status })
    .from(attendance)
    .where(and(eq(attendance.workshopId, workshopId), eq(attendance.memberId, memberId)))
    .get()?.status;
}

function openCode(workshopId: number, createdBy: number, now = at("09:45")) {
  const opened = openCheckIn({ workshopId, createdBy, now });
  if (!opened.ok) throw new Error(`check-in not open: ${opened.state}`);
  return opened.code;
}

function useClock(time: Date) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(time);
}

beforeEach(() => {
  checkInCodeLimiter.clear();
  checkInAddressLimiter.clear();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the check-in window", () => {
  it("opens 30 minutes before the start and closes at the end: 31 minutes before and at the end are refused", async () => {
    const w = await world();
    const start = at("10:00");
    const end = at("12:30");
    expect(
      openCheckIn({
        workshopId: w.workshopId,
        createdBy: w.coordinator.id,
        now: new Date(start.getTime() - minutes(31)),
      }),
    ).toEqual({
      ok: false,
      state: "not-yet",
    });
    const code = openCode(w.workshopId, w.coordinator.id, new Date(start.getTime() - minutes(29)));
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    // Once made, the code is the workshop's: asking again answers the same one.
    expect(openCheckIn({ workshopId: w.workshopId, createdBy: w.coordinator.id, now: start })).toEqual({
      ok: true,
      code,
      created: false,
    });

    const early = await createTestMember();
    expect(checkIn({ code, memberId: early.id, now: new Date(start.getTime() - minutes(31)) }).outcome).toBe("not-yet");
    expect(checkIn({ code, memberId: w.booked.id, now: new Date(start.getTime() - minutes(29)) })).toMatchObject({
      outcome: "checked-in",
      walkInStatus: null,
      already: false,
    });
    const lastMinute = await createTestMember();
    expect(checkIn({ code, memberId: lastMinute.id, now: new Date(end.getTime() - 1) })).toMatchObject({
      outcome: "checked-in",
      walkInStatus: "awaiting",
    });
    const atEnd = await createTestMember();
    expect(checkIn({ code, memberId: atEnd.id, now: end }).outcome).toBe("closed");
    const after = await createTestMember();
    expect(checkIn({ code, memberId: after.id, now: new Date(end.getTime() + minutes(1)) }).outcome).toBe("closed");
    expect(openCheckIn({ workshopId: w.workshopId, createdBy: w.coordinator.id, now: end })).toEqual({
      ok: false,
      state: "closed",
    });

    expect(
      checkInRows(w.workshopId)
        .map((r) => r.memberId)
        .sort(),
    ).toEqual([w.booked.id, lastMinute.id].sort());
    expect(markOf(w.workshopId, w.booked.id)).toBe("attended");
    for (const refused of [early, atEnd, after]) expect(markOf(w.workshopId, refused.id)).toBeUndefined();
  });

  it("shows the coordinator the code and a QR code of its APP_URL address only while check-in is open", async () => {
    const before = process.env.APP_URL;
    process.env.APP_URL = "https://champions.example.org";
    try {
      const w = await world();
      let cookie = "";
      const params = { workshopId: String(w.workshopId) };
      const path = `/manage/workshops/${w.workshopId}/check-in`;
      const page = async () => (await call(coordinatorLoader, getRequest(path, { cookie }), params)).json();

      useClock(at("09:29"));
      cookie = await cookieFor(w.coordinator.id);
      const notYet = await page();
      expect(notYet).toMatchObject({
        state: "not-yet",
        code: null,
        qrCode: null,
        opensAt: "15 December 2026 at 09:30",
      });
      expect((await call(coordinatorAction, formRequest(path, { intent: "start" }, { cookie }), params)).status).toBe(
        400,
      );
      expect(getCheckInCode({ workshopId: w.workshopId })).toBeNull();

      useClock(at("09:31"));
      // Looking does not make a code: only the button (a POST) does.
      expect(await page()).toMatchObject({ state: "open", code: null });
      expect(getCheckInCode({ workshopId: w.workshopId })).toBeNull();
      const started = await call(coordinatorAction, formRequest(path, { intent: "start" }, { cookie }), params);
      expect(started.status).toBe(302);
      const open = await page();
      const code = getCheckInCode({ workshopId: w.workshopId })!;
      expect(open.code).toBe(code);
      // A forged Host never reaches the address: it is APP_URL's.
      const forged = new Request(`http://evil.example${path}`, { headers: { Host: "evil.example", Cookie: cookie } });
      const forgedPage = await (await call(coordinatorLoader, forged, params)).json();
      expect(forgedPage.checkInUrl).toBe(`https://champions.example.org/check-in/${code}`);
      expect(JSON.stringify(forgedPage)).not.toContain("evil.example");
      const svg = Buffer.from(forgedPage.qrCode.replace("data:image/svg+xml;base64,", ""), "base64").toString();
      expect(svg).toBe(
        await QRCode.toString(`https://champions.example.org/check-in/${code}`, {
          type: "svg",
          errorCorrectionLevel: "M",
          margin: 2,
        }),
      );
      const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "check-in.opened")).all();
      expect(audit).toHaveLength(1);

      useClock(at("12:30"));
      cookie = await cookieFor(w.coordinator.id);
      expect(await page()).toMatchObject({
        state: "closed",
        code: null,
        qrCode: null,
        closesAt: "15 December 2026 at 12:30",
      });
    } finally {
      if (before === undefined) delete process.env.APP_URL;
      else process.env.APP_URL = before;
    }
  });
});

describe("codes belong to one workshop", () => {
  it("a code for workshop A checks in to A only, stops at A's end while B is still open, and can never be B's", async () => {
    const w = await world();
    const other = tier1Workshop(DAY, "10:00", "16:00", { title: "Afternoon workshop" });
    const codeA = openCode(w.workshopId, w.coordinator.id);
    const codeB = openCode(other, w.coordinator.id);
    expect(codeA).not.toBe(codeB);
    expect(checkIn({ code: codeA, memberId: w.walkIn.id, now: at("10:15") })).toMatchObject({
      outcome: "checked-in",
      workshop: { id: w.workshopId },
    });
    expect(checkInRows(other)).toEqual([]);
    // After A has ended its code is refused, though B's check-in is still open.
    const late = await createTestMember();
    expect(checkIn({ code: codeA, memberId: late.id, now: at("13:00") }).outcome).toBe("closed");
    expect(checkIn({ code: codeB, memberId: late.id, now: at("13:00") })).toMatchObject({
      outcome: "checked-in",
      workshop: { id: other },
    });
    expect(checkInRows(w.workshopId).map((r) => r.memberId)).toEqual([w.walkIn.id]);
    // No workshop can ever be given a code another has had.
    const third = tier1Workshop("2026-12-16", "10:00", "12:00");
    expect(() =>
      getDb()
        .insert(checkInCodes)
        .values({ workshopId: third, code: codeA, createdAt: at("09:45") })
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it("refuses a code after the workshop's end through the page, writing nothing", async () => {
    const w = await world();
    const code = openCode(w.workshopId, w.coordinator.id);
    useClock(at("12:31"));
    const cookie = await cookieFor(w.walkIn.id);
    const page = await (await call(codeLoader, getRequest(`/check-in/${code}`, { cookie }), { code })).json();
    expect(page).toMatchObject({ state: "closed", checkedInAt: null });
    const response = await call(codeAction, formRequest(`/check-in/${code}`, {}, { cookie }), { code });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("Check-in has closed");
    expect(checkInRows(w.workshopId)).toEqual([]);
  });
});

describe("hostile codes and ids", () => {
  const HOSTILE = [
    "constructor",
    "__proto__",
    "toString",
    "x".repeat(10_000),
    "K7M2X".repeat(2000),
    "ÄÖÜ2K7",
    "ſſſſſſ",
    "🙂🙂🙂",
    "K7M2X\u0000",
    "../../etc/passwd",
    "%00",
    "0O1I00",
    "",
    " ",
  ];

  it("answers every hostile code with a helpful 404 or 400, never a 5xx, and writes nothing", async () => {
    const w = await world();
    openCode(w.workshopId, w.coordinator.id);
    useClock(at("10:15"));
    const cookie = await cookieFor(w.walkIn.id);
    for (const code of HOSTILE) {
      checkInCodeLimiter.clear();
      const page = await call(codeLoader, getRequest(`/check-in/${encodeURIComponent(code)}`, { cookie }), { code });
      expect(page.status, code.slice(0, 20)).toBe(404);
      expect(await page.text()).toContain("We do not recognise that check-in code");
      const post = await call(codeAction, formRequest(`/check-in/${encodeURIComponent(code)}`, {}, { cookie }), {
        code,
      });
      expect(post.status, code.slice(0, 20)).toBe(404);
      const typed = await call(startAction, formRequest("/check-in", { code }, { cookie }));
      expect(typed.status, code.slice(0, 20)).toBe(400);
      const body = await typed.json();
      expect(Object.keys(body.fieldErrors)).toEqual(["code"]);
      expect(body.values.code).toBe(code);
    }
    expect(checkInRows(w.workshopId)).toEqual([]);
  });

  it("answers hostile workshop and member ids with 404 or 400 and changes nothing", async () => {
    const w = await world();
    useClock(at("10:15"));
    const cookie = await cookieFor(w.coordinator.id);
    for (const id of ["constructor", "__proto__", "-1", "1e3", "9".repeat(400), "١"]) {
      const path = `/manage/workshops/${encodeURIComponent(id)}/check-in`;
      expect((await call(coordinatorLoader, getRequest(path, { cookie }), { workshopId: id })).status, id).toBe(404);
      const posted = await call(coordinatorAction, formRequest(path, { intent: "start" }, { cookie }), {
        workshopId: id,
      });
      expect(posted.status, id).toBe(404);
      const params = { workshopId: String(w.workshopId) };
      for (const intent of ["confirm-walk-in", "reject-walk-in", "add-walk-in"]) {
        const response = await call(
          registerAction,
          formRequest(`/manage/workshops/${w.workshopId}/register`, { intent, memberId: id }, { cookie }),
          params,
        );
        expect(response.status, `${intent} ${id}`).toBe(400);
        expect((await response.json()).fieldErrors).toBeTruthy();
      }
    }
    expect(checkInRows(w.workshopId)).toEqual([]);
    expect(getDb().select().from(checkInCodes).all()).toEqual([]);
  });

  it("limits how many codes one member may try", async () => {
    const w = await world();
    const code = openCode(w.workshopId, w.coordinator.id);
    useClock(at("10:15"));
    const cookie = await cookieFor(w.walkIn.id);
    for (let i = 0; i < 20; i += 1) {
      const guess = await call(
        startAction,
        formRequest("/check-in", { code: `ABCDE${"23456789"[i % 8]}` }, { cookie }),
      );
      expect(guess.status).toBe(400);
    }
    const blocked = await call(startAction, formRequest("/check-in", { code }, { cookie }));
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("very many check-in codes");
    expect((await call(codeAction, formRequest(`/check-in/${code}`, {}, { cookie }), { code })).status).toBe(429);
    expect(checkInRows(w.workshopId)).toEqual([]);
    // Someone else is not held back by one member's guessing.
    const other = await cookieFor(w.booked.id);
    expect(
      (await call(startAction, formRequest("/check-in", { code }, { cookie: other }))).headers.get("Location"),
    ).toBe(`/check-in/${code}`);
  });
});

describe("walk-ins", () => {
  it("a walk-in counts toward Tier 1 currency only once the coordinator confirms them", async () => {
    const w = await world();
    const turnedDown = await createTestMember({ tier: 1, name: "Tam Turneddown", now: LONG_AGO });
    // Two earlier Tier 1 workshops both walk-ins attended (3 of the last 6 are needed).
    for (const date of ["2026-08-11", "2026-10-13"]) {
      const earlier = tier1Workshop(date, "10:00", "12:30");
      for (const person of [w.walkIn, turnedDown])
        bookPlace({ workshopId: earlier, memberId: person.id, now: at("09:00", "2026-07-01") });
      saveRegister({
        workshopId: earlier,
        marks: [w.walkIn, turnedDown].map((p) => ({ memberId: p.id, status: "attended" as const })),
        markedBy: w.coordinator.id,
        now: at("12:00", date),
      });
    }
    const code = openCode(w.workshopId, w.coordinator.id);
    useClock(at("10:05"));
    const cookie = await cookieFor(w.walkIn.id);
    // Opening the link changes nothing: only the POST checks in.
    const before = await (await call(codeLoader, getRequest(`/check-in/${code}`, { cookie }), { code })).json();
    expect(before).toMatchObject({ state: "open", checkedInAt: null, onRegister: false });
    expect(checkInRows(w.workshopId)).toEqual([]);
    const posted = await call(codeAction, formRequest(`/check-in/${code}`, {}, { cookie }), { code });
    expect(posted.status).toBe(302);
    expect(checkIn({ code, memberId: turnedDown.id, now: at("10:06") })).toMatchObject({ walkInStatus: "awaiting" });
    expect(checkIn({ code, memberId: w.booked.id, now: at("10:07") })).toMatchObject({ walkInStatus: null });
    const after = await (await call(codeLoader, getRequest(`/check-in/${code}`, { cookie }), { code })).json();
    expect(after).toMatchObject({ checkedInAt: "10:05", walkInStatus: "awaiting" });

    const afterEnd = at("13:00");
    const currency = (memberId: number) => getTier1Attendance({ memberId, now: afterEnd });
    expect(currency(w.walkIn.id)).toMatchObject({ currency: "lapsed", attended: 2, considered: 3 });
    expect(markOf(w.workshopId, w.walkIn.id)).toBeUndefined();

    // The register shows them waiting, not on the register itself.
    useClock(afterEnd);
    const coordinatorCookie = await cookieFor(w.coordinator.id);
    const params = { workshopId: String(w.workshopId) };
    const registerPath = `/manage/workshops/${w.workshopId}/register`;
    const register = await (
      await call(registerLoader, getRequest(registerPath, { cookie: coordinatorCookie }), params)
    ).json();
    expect(register.people.map((p: { name: string }) => p.name)).toEqual(["Bea Bookedfield"]);
    expect(register.people[0]).toMatchObject({ mark: "attended", walkIn: false, checkedInAt: "10:07" });
    expect(register.walkIns.map((p: { name: string; walkInStatus: string }) => [p.name, p.walkInStatus])).toEqual([
      ["Wyn Walkinshaw", "awaiting"],
      ["Tam Turneddown", "awaiting"],
    ]);

    const decide = (intent: string, memberId: number) =>
      call(
        registerAction,
        formRequest(registerPath, { intent, memberId: String(memberId) }, { cookie: coordinatorCookie }),
        params,
      );
    expect((await decide("confirm-walk-in", w.walkIn.id)).status).toBe(302);
    expect((await decide("reject-walk-in", turnedDown.id)).status).toBe(302);

    expect(currency(w.walkIn.id)).toMatchObject({ currency: "current", attended: 3, considered: 3 });
    expect(tier1CurrencyFor({ memberIds: [w.walkIn.id], now: afterEnd }).byMember.get(w.walkIn.id)?.currency).toBe(
      "current",
    );
    expect(currency(turnedDown.id)).toMatchObject({ currency: "lapsed", attended: 2 });
    const confirmed = await (
      await call(registerLoader, getRequest(registerPath, { cookie: coordinatorCookie }), params)
    ).json();
    expect(
      confirmed.people.map((p: { name: string; walkIn: boolean; mark: string }) => [p.name, p.walkIn, p.mark]),
    ).toEqual([
      ["Bea Bookedfield", false, "attended"],
      ["Wyn Walkinshaw", true, "attended"],
    ]);
    expect(confirmed.walkIns.map((p: { name: string; walkInStatus: string }) => [p.name, p.walkInStatus])).toEqual([
      ["Tam Turneddown", "rejected"],
    ]);
    // A decided walk-in cannot be decided again the other way.
    const again = await decide("reject-walk-in", w.walkIn.id);
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain("already been confirmed");
    expect(
      getDb()
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .all()
        .map((a) => a.action)
        .sort(),
    ).toEqual(["register.confirm-walk-in", "register.reject-walk-in"]);
  });

  it("the coordinator adds a walk-in by name from the window's opening, found by name or email; no place is taken", async () => {
    const w = await world();
    const full = tier1Workshop(DAY, "10:00", "12:30", { capacity: 1 });
    bookPlace({ workshopId: full, memberId: w.booked.id, now: at("09:00", "2026-10-02") });
    const waiting = await createTestMember({ tier: 1, name: "Wanda Waitlist" });
    expect(bookPlace({ workshopId: full, memberId: waiting.id, now: at("09:00", "2026-10-03") }).status).toBe(
      "waiting",
    );
    useClock(at("09:29"));
    const cookie = await cookieFor(w.coordinator.id);
    const params = { workshopId: String(full) };
    const path = `/manage/workshops/${full}/register`;
    const add = (memberId: number) =>
      call(
        registerAction,
        formRequest(path, { intent: "add-walk-in", memberId: String(memberId) }, { cookie }),
        params,
      );

    const early = await add(w.walkIn.id);
    expect(early.status).toBe(400);
    expect(JSON.stringify(await early.json())).toContain("from 30 minutes before");

    useClock(at("11:00"));
    const found = await (await call(registerLoader, getRequest(`${path}?find=walkinshaw`, { cookie }), params)).json();
    expect(found.candidates.map((c: { name: string; standing: unknown }) => [c.name, c.standing])).toEqual([
      ["Wyn Walkinshaw", null],
    ]);
    const booked = await add(w.booked.id);
    expect(booked.status).toBe(400);
    expect(JSON.stringify(await booked.json())).toContain("is booked on this workshop");
    expect((await add(w.walkIn.id)).status).toBe(302);
    expect((await add(w.walkIn.id)).status).toBe(302);
    expect(markOf(full, w.walkIn.id)).toBe("attended");
    expect(checkInRows(full)).toMatchObject([
      { memberId: w.walkIn.id, method: "coordinator", walkInStatus: "confirmed" },
    ]);
    const byEmail = await (
      await call(registerLoader, getRequest(`${path}?find=${encodeURIComponent(w.walkIn.email)}`, { cookie }), params)
    ).json();
    expect(byEmail.candidates).toMatchObject([{ name: "Wyn Walkinshaw", standing: "confirmed" }]);
    // The walk-in took no place: one booked, one still waiting.
    expect(getWorkshop({ id: full })).toMatchObject({ booked: 1, waiting: 1, capacity: 1 });
    expect(getDb().select().from(auditEvents).where(eq(auditEvents.action, "register.add-walk-in")).all()).toHaveLength(
      1,
    );
  });
});

describe("checking in twice", () => {
  it("counts once, through the page and in the model", async () => {
    const w = await world();
    const code = openCode(w.workshopId, w.coordinator.id);
    useClock(at("10:01"));
    const cookie = await cookieFor(w.booked.id);
    for (let i = 0; i < 2; i += 1)
      expect((await call(codeAction, formRequest(`/check-in/${code}`, {}, { cookie }), { code })).status).toBe(302);
    expect(checkIn({ code, memberId: w.booked.id, now: at("10:02") })).toMatchObject({ already: true });
    expect(checkInRows(w.workshopId)).toHaveLength(1);
    expect(
      getDb().select().from(attendanceChanges).where(eq(attendanceChanges.workshopId, w.workshopId)).all(),
    ).toHaveLength(1);
  });

  it("counts once when four processes check the same members in at the same moment", async () => {
    const w = await world();
    const code = openCode(w.workshopId, w.coordinator.id);
    const databaseUrl = process.env.DATABASE_URL!;
    const jobs = [w.booked.id, w.booked.id, w.walkIn.id, w.walkIn.id].map((memberId) => ({
      databaseUrl,
      code,
      memberId,
      now: at("10:03").getTime(),
    }));
    const workers = jobs.map((job) => {
      const child = forkWorker("check-in-worker.ts");
      const ready = new Promise<void>((resolve, reject) => {
        child.once("message", () => resolve());
        child.once("exit", (exit) => reject(new Error(`a check-in worker exited (${exit}): ${child.errorOutput()}`)));
      });
      child.send(job);
      return { child, ready };
    });
    await Promise.all(workers.map((x) => x.ready));
    const startAt = Date.now() + 100;
    const results = await Promise.all(
      workers.map(
        ({ child }) =>
          new Promise<{ outcome: string; already: boolean }>((resolve, reject) => {
            child.removeAllListeners("exit");
            child.once("message", (message) => resolve(message as { outcome: string; already: boolean }));
            child.once("exit", (exit) =>
              reject(new Error(`a check-in worker exited (${exit}): ${child.errorOutput()}`)),
            );
            child.send({ startAt });
          }),
      ),
    );
    expect(results.every((r) => r.outcome === "checked-in")).toBe(true);
    expect(results.filter((r) => !r.already)).toHaveLength(2);
    expect(
      checkInRows(w.workshopId)
        .map((r) => [r.memberId, r.walkInStatus])
        .sort(),
    ).toEqual(
      [
        [w.booked.id, null],
        [w.walkIn.id, "awaiting"],
      ].sort(),
    );
    expect(
      getDb().select().from(attendanceChanges).where(eq(attendanceChanges.workshopId, w.workshopId)).all(),
    ).toHaveLength(1);
  }, 60_000);
});

describe("the check-in start page", () => {
  it("takes a typed code in any case with spaces and goes to the workshop's page to confirm, writing nothing", async () => {
    const w = await world();
    const code = openCode(w.workshopId, w.coordinator.id);
    useClock(at("10:10"));
    const cookie = await cookieFor(w.walkIn.id);
    expect((await call(startLoader, getRequest("/check-in", { cookie }))).status).toBe(200);
    const typed = `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`;
    const response = await call(startAction, formRequest("/check-in", { code: typed }, { cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/check-in/${code}`);
    const wrong = await call(
      startAction,
      formRequest("/check-in", { code: code === "ABCDEF" ? "ABCDEG" : "ABCDEF" }, { cookie }),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ fieldErrors: { code: expect.stringContaining("do not recognise") } });
    expect(checkInRows(w.workshopId)).toEqual([]);
  });
});
