/**
 * A register opens at midnight on the workshop's day (London time), but
 * nobody can be marked attended or absent before the workshop starts: until
 * then the coordinator can record apologies only. The clock is injected: the
 * models take `now`, and the route's clock is set with vi.setSystemTime.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { attendance } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { londonToUtc } from "~/lib/dates";
import { markAllBookedAttended, RegisterError, saveRegister } from "~/models/attendance.server";
import { bookPlace } from "~/models/booking.server";
import { createWorkshop } from "~/models/workshop.server";
import { action as registerAction, loader as registerLoader } from "~/routes/manage.workshops.$workshopId.register";
import { createTestMember, testWorkshopInput } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const at = (time: string, date = "2026-12-15") => londonToUtc(date, time)!;

async function world() {
  const coordinator = await createTestMember({ role: "coordinator" });
  const champion = await createTestMember({ tier: 1 });
  const colleague = await createTestMember({ tier: 1 });
  const { id: workshopId } = createWorkshop({
    input: testWorkshopInput({
      startsAt: at("10:00"),
      endsAt: at("12:30"),
      bookingClosesAt: at("10:00", "2026-12-13"),
    }),
    createdBy: null,
  });
  for (const person of [champion, colleague])
    bookPlace({ workshopId, memberId: person.id, now: at("09:00", "2026-12-01") });
  return { coordinator, champion, colleague, workshopId };
}

function markOf(workshopId: number, memberId: number) {
  return getDb()
    .select({ status: attendance.status })
    .from(attendance)
    .where(and(eq(attendance.workshopId, workshopId), eq(attendance.memberId, memberId)))
    .get()?.status;
}

describe("register timing in the model", () => {
  it("refuses attended or absent before the start time, and takes apologies from midnight", async () => {
    const w = await world();
    const early = at("08:30");
    for (const status of ["attended", "absent"] as const) {
      expect(() =>
        saveRegister({
          workshopId: w.workshopId,
          marks: [{ memberId: w.champion.id, status }],
          markedBy: w.coordinator.id,
          now: early,
        }),
      ).toThrow(RegisterError);
    }
    expect(() => markAllBookedAttended({ workshopId: w.workshopId, markedBy: w.coordinator.id, now: early })).toThrow(
      /from the start time, 10:00/,
    );
    expect(markOf(w.workshopId, w.champion.id)).toBeUndefined();
    const apologies = saveRegister({
      workshopId: w.workshopId,
      marks: [{ memberId: w.colleague.id, status: "apologies" }],
      markedBy: w.coordinator.id,
      now: early,
    });
    expect(apologies.changed).toBe(1);
    expect(markOf(w.workshopId, w.colleague.id)).toBe("apologies");
  });

  it("marks attended from the start time", async () => {
    const w = await world();
    const { changed } = markAllBookedAttended({
      workshopId: w.workshopId,
      markedBy: w.coordinator.id,
      now: at("10:00"),
    });
    expect(changed).toBe(2);
    expect(markOf(w.workshopId, w.champion.id)).toBe("attended");
  });
});

describe("register timing on the register page", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function visit(time: string, date = "2026-12-15") {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at(time, date));
  }

  it("is closed the day before, with a message", async () => {
    const w = await world();
    await visit("23:30", "2026-12-14");
    const response = await call(
      registerLoader,
      getRequest(`/manage/workshops/${w.workshopId}/register`, { cookie: await cookieFor(w.coordinator.id) }),
      {
        workshopId: String(w.workshopId),
      },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("The register opens on the day of the workshop.");
  });

  it("takes apologies before the start and refuses attended with a clear message; marks attended from the start", async () => {
    const w = await world();
    await visit("00:05");
    const cookie = await cookieFor(w.coordinator.id);
    const url = `/manage/workshops/${w.workshopId}/register`;
    const params = { workshopId: String(w.workshopId) };

    const page = await call(registerLoader, getRequest(url, { cookie }), params);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ presentFrom: "10:00", canMarkPresent: false });

    const refused = await call(
      registerAction,
      formRequest(url, { intent: "save", [`mark:${w.champion.id}`]: "attended" }, { cookie }),
      params,
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      fieldErrors: {
        form: "People can be marked attended or absent from the start time, 10:00. Until then you can record apologies.",
      },
    });
    const all = await call(registerAction, formRequest(url, { intent: "all" }, { cookie }), params);
    expect(all.status).toBe(400);
    expect((await all.json()).fieldErrors.form).toContain("from the start time, 10:00");
    expect(markOf(w.workshopId, w.champion.id)).toBeUndefined();

    const apologies = await call(
      registerAction,
      formRequest(url, { intent: "save", [`mark:${w.colleague.id}`]: "apologies" }, { cookie }),
      params,
    );
    expect(apologies.status).toBe(302);
    expect(markOf(w.workshopId, w.colleague.id)).toBe("apologies");

    await visit("10:00");
    // A fresh sign-in: ten hours idle ends a session.
    const later = await cookieFor(w.coordinator.id);
    const open = await call(registerLoader, getRequest(url, { cookie: later }), params);
    expect(await open.json()).toMatchObject({ canMarkPresent: true });
    const marked = await call(
      registerAction,
      formRequest(url, { intent: "save", [`mark:${w.champion.id}`]: "attended" }, { cookie: later }),
      params,
    );
    expect(marked.status).toBe(302);
    expect(markOf(w.workshopId, w.champion.id)).toBe("attended");
  });
});
