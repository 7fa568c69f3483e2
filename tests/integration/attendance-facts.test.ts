/**
 * The attendance report is counted from bookings kept in memory
 * (app/models/attendance-facts.server.ts), not grouped in SQL on every view.
 * Every filter and range gives what a plain SQL recount gives, with
 * organisation names that are JavaScript's own keys, differ by case or accent,
 * or match the name for members of none; and the kept facts follow every write
 * the report reads, from any connection, and the clock (a workshop counts once
 * it has ended).
 */
import { describe, expect, it } from "vitest";
import { bookings } from "../../drizzle/schema";
import { getDb, openDatabase, type Db } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { attendanceRates, type ReportFilters } from "~/models/report.server";
import { createWorkshop } from "~/models/workshop.server";
import { createDistricts, createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { sqlPreparedDuring } from "./helpers/prepared-sql";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5, 9);
const NOW = new Date(START + 40 * DAY);
const byName = new Intl.Collator().compare;

type Filters = ReportFilters & { now: Date };

/** A plain SQL recount: per workshop (by start, then id) and per organisation name (null as "Other organisations"). */
function recount(filters: Filters, db: Db = getDb()) {
  const where = ["b.status IN ('booked', 'apologies')", "w.status = 'scheduled'", "w.ends_at <= ?"];
  const params: Array<string | number> = [filters.now.getTime()];
  if (filters.from) where.push("w.starts_at >= ?") && params.push(filters.from.getTime());
  if (filters.to) where.push("w.starts_at < ?") && params.push(filters.to.getTime());
  if (filters.organisationId) where.push("m.organisation_id = ?") && params.push(filters.organisationId);
  if (filters.districtId) where.push("o.district_id = ?") && params.push(filters.districtId);
  if (filters.tier) where.push("m.tier = ?") && params.push(filters.tier);
  const from = `FROM bookings b JOIN workshops w ON w.id = b.workshop_id JOIN members m ON m.id = b.member_id
    LEFT JOIN organisations o ON o.id = m.organisation_id
    LEFT JOIN attendance a ON a.workshop_id = b.workshop_id AND a.member_id = b.member_id
    WHERE ${where.join(" AND ")}`;
  const attended = "sum(coalesce(a.status = 'attended', 0))";
  const perWorkshop = db.$client
    .prepare(
      `SELECT w.id AS workshopId, w.title, w.starts_at AS startsAt, count(*) AS expected, ${attended} AS attended
       ${from} GROUP BY w.id ORDER BY w.starts_at, w.id`,
    )
    .all(...params) as Array<{
    workshopId: number;
    title: string;
    startsAt: number;
    expected: number;
    attended: number;
  }>;
  const perOrganisation = db.$client
    .prepare(
      `SELECT coalesce(o.name, 'Other organisations') AS organisation, count(*) AS expected, ${attended} AS attended
       ${from} GROUP BY 1`,
    )
    .all(...params) as Array<{ organisation: string; expected: number; attended: number }>;
  const rate = (a: number, e: number) => (e === 0 ? 0 : Math.round((a * 100) / e));
  const workshops = perWorkshop.map((w) => ({
    ...w,
    startsAt: new Date(w.startsAt),
    rate: rate(w.attended, w.expected),
  }));
  const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);
  return {
    held: {
      workshops: workshops.length,
      expected: sum(workshops.map((w) => w.expected)),
      attended: sum(workshops.map((w) => w.attended)),
    },
    perWorkshop: workshops,
    latestWorkshops: workshops.slice(-30),
    perOrganisation: perOrganisation
      .sort((a, b) => byName(a.organisation, b.organisation) || (a.organisation < b.organisation ? -1 : 1))
      .map((o) => ({ ...o, rate: rate(o.attended, o.expected) })),
    organisationLines: perOrganisation.length,
  };
}

/** Every row (a CSV's reading) is the recount; a page's has its first rows of each, with the same totals. */
function expectSameAsRecount(filters: Filters, db: Db = getDb()) {
  const recounted = recount(filters, db);
  expect(attendanceRates({ ...filters, allRows: true }, db), JSON.stringify(filters)).toEqual(recounted);
  expect(attendanceRates({ ...filters, pageRows: 2 }, db), `${JSON.stringify(filters)}, a page of 2`).toEqual({
    ...recounted,
    perWorkshop: recounted.perWorkshop.slice(0, 2),
    perOrganisation: recounted.perOrganisation.slice(0, 2),
  });
}

async function world() {
  createDistricts();
  const names = ["Alpha", "alpha", "Älpha", "__proto__", "constructor", "Other organisations", '<i>"Zed"</i>\r'];
  const districts = ["oxford", "cherwell", "oxford", null, "west-oxfordshire", "cherwell", "oxford"];
  const organisations = names.map((name, i) => ({
    name,
    ...createTestOrganisation({ name, districtId: districts[i] }),
  }));
  const coordinator = await createTestMember({ role: "coordinator" });
  const members = [];
  for (let i = 0; i < 16; i++) {
    const organisationId = i % 8 === 7 ? undefined : organisations[i % 7].id;
    members.push(await createTestMember({ tier: (i % 3) + 1, organisationId }));
  }
  // Ten workshops three days apart, two of them starting at the same time, the last ending after NOW.
  const workshops: number[] = [];
  for (let n = 0; n < 10; n++) {
    const startsAt = new Date(START + (n === 4 ? 3 : n) * 3 * DAY + (n === 9 ? 27 * DAY : 0));
    const { id } = createWorkshop({
      input: testWorkshopInput({ title: `Workshop ${n}`, startsAt, bookingClosesAt: startsAt }),
      createdBy: null,
      now: new Date(START - 30 * DAY),
    });
    workshops.push(id);
    const booked = members.filter((_, i) => (i + n) % 3 !== 0);
    const status = (i: number) => (i % 5 === 4 ? "apologies" : i % 7 === 6 ? "cancelled" : "booked");
    for (const [i, member] of booked.entries()) {
      getDb()
        .insert(bookings)
        .values({
          workshopId: id,
          memberId: member.id,
          status: status(i),
          createdAt: startsAt,
          updatedAt: startsAt,
        })
        .run();
    }
    if (n < 9) {
      const marks = booked
        .filter((_, i) => status(i) === "booked" && i % 4 !== 3)
        .map((m, i) => ({ memberId: m.id, status: i % 3 === 0 ? ("absent" as const) : ("attended" as const) }));
      saveRegister({ workshopId: id, marks, markedBy: coordinator.id, now: new Date(startsAt.getTime() + 3 * HOUR) });
    }
  }
  return { organisations, members, workshops, coordinator };
}

describe("the attendance report from kept facts", () => {
  it("gives what a SQL recount gives for every filter and range, edges included", async () => {
    const w = await world();
    const startOf = (n: number) =>
      new Date(
        getDb().$client.prepare("SELECT starts_at FROM workshops WHERE id = ?").pluck().get(w.workshops[n]) as number,
      );
    const ranges: Array<Pick<ReportFilters, "from" | "to">> = [
      {},
      { from: startOf(2), to: startOf(6) },
      { from: new Date(startOf(2).getTime() + 1), to: new Date(startOf(6).getTime() + 1) },
      { from: startOf(3), to: startOf(3) },
      { from: startOf(7) },
      { to: startOf(4) },
      { from: startOf(8), to: startOf(1) },
    ];
    const scopes: ReportFilters[] = [
      {},
      { tier: 1 },
      { tier: 3 },
      { districtId: "oxford" },
      { districtId: "cherwell", tier: 2 },
      { districtId: "nowhere" },
      ...w.organisations.map((o) => ({ organisationId: o.id })),
      { organisationId: 999_999 },
    ];
    for (const now of [NOW, new Date(START + 100 * DAY), new Date(START - DAY)])
      for (const range of ranges) for (const scope of scopes) expectSameAsRecount({ ...range, ...scope, now });
    // Members of no organisation share a line with the organisation of that name.
    const names = attendanceRates({ now: NOW }).perOrganisation.map((o) => o.organisation);
    expect(names.filter((n) => n === "Other organisations")).toHaveLength(1);
    expect(names).toEqual(expect.arrayContaining(["__proto__", "constructor", "Älpha", "alpha", "Alpha"]));
  });

  it("follow every write the report reads, from another connection, and the clock", async () => {
    const w = await world();
    const db = getDb();
    const other = openDatabase(process.env.DATABASE_URL!).$client;
    const bookingsRead = (filters: Filters) =>
      sqlPreparedDuring(db, () => attendanceRates(filters)).some((sql) => /FROM bookings b/.test(sql));
    const check = (filters: Filters = { now: NOW }) => {
      const read = bookingsRead(filters);
      expectSameAsRecount(filters);
      return read;
    };

    expect(check()).toBe(true);
    // Nothing written: kept. The clock alone: the tenth workshop counts once it has ended, with nothing read.
    expect(check({ now: NOW, tier: 2 })).toBe(false);
    expect(check({ now: new Date(START + 100 * DAY) })).toBe(false);
    expect(attendanceRates({ now: new Date(START + 100 * DAY) }).perWorkshop).toHaveLength(10);
    expect(attendanceRates({ now: NOW }).perWorkshop).toHaveLength(9);
    // Each write the report reads, from another connection, is seen at once.
    const writes = [
      [
        "UPDATE bookings SET status = 'cancelled' WHERE workshop_id = ? AND member_id = ?",
        w.workshops[1],
        w.members[1].id,
      ],
      ["UPDATE bookings SET status = 'booked' WHERE status = 'cancelled' AND workshop_id = ?", w.workshops[2]],
      ["UPDATE attendance SET status = 'absent' WHERE workshop_id = ?", w.workshops[3]],
      ["DELETE FROM attendance WHERE workshop_id = ?", w.workshops[5]],
      ["UPDATE workshops SET status = 'cancelled' WHERE id = ?", w.workshops[6]],
      [
        "UPDATE workshops SET starts_at = starts_at - 20 * 86400000, ends_at = ends_at - 20 * 86400000 WHERE id = ?",
        w.workshops[7],
      ],
      ["UPDATE workshops SET title = 'Renamed <b>workshop</b>' WHERE id = ?", w.workshops[0]],
      ["UPDATE members SET organisation_id = ? WHERE id = ?", w.organisations[6].id, w.members[2].id],
      ["UPDATE members SET tier = 3 WHERE id = ?", w.members[0].id],
      ["UPDATE organisations SET name = 'Aardvark' WHERE id = ?", w.organisations[4].id],
      ["UPDATE organisations SET district_id = 'cherwell' WHERE id = ?", w.organisations[0].id],
    ] as const;
    for (const [sql, ...params] of writes) {
      other.prepare(sql).run(...params);
      expect(check({ now: NOW, districtId: "cherwell" }), sql).toBe(true);
      expectSameAsRecount({ now: NOW });
      expectSameAsRecount({ now: NOW, tier: 3, from: new Date(START) });
    }
    expect(attendanceRates({ now: NOW }).perWorkshop[0].title).toBe("Renamed <b>workshop</b>");

    // Inside a transaction the report reads afresh, and what is rolled back is never kept.
    const kept = attendanceRates({ now: NOW });
    expect(() =>
      db.$client.transaction(() => {
        db.$client.prepare("UPDATE bookings SET status = 'cancelled' WHERE workshop_id = ?").run(w.workshops[0]);
        expect(attendanceRates({ now: NOW }, db)).not.toEqual(kept);
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(check()).toBe(false);
    expect(attendanceRates({ now: NOW })).toEqual(kept);
    other.close();
  });
});
