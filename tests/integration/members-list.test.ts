import { describe, expect, it } from "vitest";
import { bookings } from "../../drizzle/schema";
import { getDb, openDatabase } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { createWorkshop } from "~/models/workshop.server";
import { createDistrict } from "~/models/district.server";
import { loader as memberLoader } from "~/routes/members.$memberId";
import { loader as membersLoader } from "~/routes/members._index";
import { loader as currencyLoader } from "~/routes/manage.currency";
import { loader as inviteLoader } from "~/routes/members.invite";
import { loader as organisationsLoader } from "~/routes/organisations._index";
import { loader as registerLoader } from "~/routes/register";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, getRequest } from "../request";

type Row = { id: number; name: string; currency: string | null };

async function open(query: string, cookie: string) {
  return (await call(membersLoader, getRequest(`/members${query}`, { cookie }))).json();
}

describe("the members list", () => {
  it("pages a long list and says how many matched", async () => {
    const coordinator = await createTestMember({ role: "coordinator", name: "Aaron Coordinator" });
    for (let i = 0; i < 60; i += 1) await createTestMember({ name: `Person ${String(i).padStart(2, "0")}` });
    const cookie = await cookieFor(coordinator.id);
    const first = await open("?q=Person", cookie);
    expect([first.total, first.members.length, first.previousBefore]).toEqual([60, 50, null]);
    expect(first.nextAfter).toBe(first.members[49].id);
    // The next page starts after the last member shown, and keeps the filters.
    const second = await open(`?q=Person&after=${first.nextAfter}`, cookie);
    expect(second.total).toBe(60);
    expect(second.members.map((m: Row) => m.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Person ${50 + i}`));
    expect([second.nextAfter, second.previousBefore]).toEqual([null, second.members[0].id]);
    // Back again: the previous page ends before the first member shown.
    const back = await open(`?q=Person&before=${second.previousBefore}`, cookie);
    expect(back.members.map((m: Row) => m.id)).toEqual(first.members.map((m: Row) => m.id));
    expect([back.previousBefore, back.nextAfter]).toEqual([null, first.nextAfter]);
  });

  it("keeps members with the same name in one order across pages", async () => {
    const coordinator = await createTestMember({ role: "coordinator", name: "Aaron Coordinator" });
    const twins = [];
    for (let i = 0; i < 55; i += 1) twins.push((await createTestMember({ name: "Sam Same" })).id);
    const cookie = await cookieFor(coordinator.id);
    const first = await open("?q=Sam+Same", cookie);
    const second = await open(`?q=Sam+Same&after=${first.nextAfter}`, cookie);
    expect([...first.members, ...second.members].map((m: Row) => m.id)).toEqual(twins);
  });

  it("shows the first page for a place it cannot read or find, and never fails", async () => {
    const coordinator = await createTestMember({ role: "coordinator", name: "Aaron Coordinator" });
    for (let i = 0; i < 55; i += 1) await createTestMember({ name: `Person ${String(i).padStart(2, "0")}` });
    const cookie = await cookieFor(coordinator.id);
    const firstIds = (await open("", cookie)).members.map((m: Row) => m.id);
    for (const value of [
      "constructor",
      "__proto__",
      "toString",
      "-1",
      "0",
      "1.5",
      "1e400",
      "99999999999999999999999",
      String(Number.MAX_SAFE_INTEGER),
      "12abc",
      "",
      "%00",
      "[]",
    ]) {
      for (const place of ["after", "before"]) {
        const response = await call(
          membersLoader,
          getRequest(`/members?${place}=${encodeURIComponent(value)}`, { cookie }),
        );
        expect(response.status, `${place}=${value}`).toBe(200);
        const data = await response.json();
        expect(
          data.members.map((m: Row) => m.id),
          `${place}=${value}`,
        ).toEqual(firstIds);
        expect(data.total).toBe(56);
      }
    }
    // Both places at once, repeated, or an old page number: one of them, or the first page; never an error.
    for (const query of ["?after=3&before=4", "?after=3&after=x", "?page=2", "?page=__proto__&after=constructor"]) {
      expect((await call(membersLoader, getRequest(`/members${query}`, { cookie }))).status, query).toBe(200);
    }
    // Nothing before the first member, or after the last: the first page.
    const ids = (await open("?q=Person", cookie)).members.map((m: Row) => m.id);
    expect((await open(`?before=${firstIds[0]}`, cookie)).members.map((m: Row) => m.id)).toEqual(firstIds);
    const end = (await open(`?q=Person&after=${(await open("?q=Person", cookie)).nextAfter}`, cookie)).members;
    expect((await open(`?q=Person&after=${end[end.length - 1].id}`, cookie)).members.map((m: Row) => m.id)).toEqual(
      ids,
    );
  });

  it("counts again once a member is added, changed or removed, from any connection", async () => {
    const coordinator = await createTestMember({ role: "coordinator", name: "Aaron Coordinator" });
    await createTestMember({ name: "Counted Once", tier: 1 });
    const cookie = await cookieFor(coordinator.id);
    expect((await open("?tier=1", cookie)).total).toBe(1);
    const other = openDatabase(process.env.DATABASE_URL!);
    const added = await createTestMember({ name: "Counted Twice", tier: 1 });
    expect((await open("?tier=1", cookie)).total).toBe(2);
    other.$client.prepare("UPDATE members SET tier = 3 WHERE id = ?").run(added.id);
    expect((await open("?tier=1", cookie)).total).toBe(1);
    other.$client.prepare("DELETE FROM members WHERE name = 'Counted Once'").run();
    expect((await open("?tier=1", cookie)).total).toBe(0);
    other.$client.close();
  });

  it("filters by the district an organisation is based in, and narrows the organisation choices there at national size", async () => {
    createDistricts();
    const coordinator = await createTestMember({ role: "coordinator" });
    const west = createTestOrganisation({ name: "West Hospice", districtId: "west-oxfordshire" });
    const city = createTestOrganisation({ name: "City Night Shelter", districtId: "oxford" });
    const nurse = await createTestMember({ name: "Wren Westcott", organisationId: west.id });
    await createTestMember({ name: "Cass Cityward", organisationId: city.id });
    const cookie = await cookieFor(coordinator.id);
    const inWest = await open("?district=west-oxfordshire", cookie);
    expect(inWest.members.map((m: Row) => m.id)).toEqual([nurse.id]);
    expect(inWest.narrowed).toBe(false);

    // A national network: hundreds of organisations, so the choices narrow to the district.
    createDistrict({ id: "la-001", name: "Authority 1", councilName: "Authority 1 Council", websiteUrl: null });
    for (let i = 0; i < 201; i += 1) createTestOrganisation({ districtId: "la-001" });
    const narrowed = await open("?district=west-oxfordshire", cookie);
    expect(narrowed.narrowed).toBe(true);
    expect(narrowed.organisations.map((o: { name: string }) => o.name)).toEqual(["West Hospice"]);
  });

  it("finds the characters typed, % and _ included", async () => {
    const coordinator = await createTestMember({ role: "coordinator" });
    await createTestMember({ name: "Percy Hundred", jobTitle: "Officer at 100% capacity" });
    await createTestMember({ name: "Other Person", jobTitle: "Officer at 1000 capacity" });
    const cookie = await cookieFor(coordinator.id);
    expect((await open("?q=100%25", cookie)).members.map((m: Row) => m.name)).toEqual(["Percy Hundred"]);
    expect((await open("?q=_", cookie)).members).toEqual([]);
  });

  it("works out Tier 1 currency for every matching champion before paging, not just the first page", async () => {
    const coordinator = await createTestMember({ role: "coordinator" });
    const champions = [];
    // They joined long before the workshops, so they have had the chance to attend three: lapsed, not new.
    const joined = new Date(Date.now() - 400 * 86_400_000);
    for (let i = 0; i < 55; i += 1)
      champions.push(await createTestMember({ tier: 1, name: `Champion ${String(i).padStart(2, "0")}`, now: joined }));
    // Three Tier 1 workshops held, with everyone marked absent: all 55 have lapsed.
    for (const daysAgo of [127, 67, 7]) {
      const startsAt = new Date(Date.now() - daysAgo * 86_400_000);
      const { id } = createWorkshop({
        input: {
          title: "Tier 1 workshop",
          topic: "Duty to Refer",
          audienceTier: 1,
          description: "",
          startsAt,
          endsAt: new Date(startsAt.getTime() + 7_200_000),
          venue: "Town Hall",
          joiningUrl: null,
          capacity: 60,
          bookingClosesAt: startsAt,
        },
        createdBy: null,
      });
      for (const m of champions)
        getDb()
          .insert(bookings)
          .values({ workshopId: id, memberId: m.id, status: "booked", createdAt: startsAt, updatedAt: startsAt })
          .run();
      saveRegister({
        workshopId: id,
        marks: champions.map((m) => ({ memberId: m.id, status: "absent" as const })),
        markedBy: coordinator.id,
      });
    }
    const cookie = await cookieFor(coordinator.id);

    const lapsed = await open("?currency=lapsed", cookie);
    expect([lapsed.total, lapsed.members.length, lapsed.previousBefore]).toEqual([55, 50, null]);
    const rest = await open(`?currency=lapsed&after=${lapsed.nextAfter}`, cookie);
    expect(rest.members.map((m: Row) => [m.name, m.currency])).toEqual(
      Array.from({ length: 5 }, (_, i) => [`Champion ${50 + i}`, "lapsed"]),
    );
    expect([rest.nextAfter, rest.previousBefore]).toEqual([null, rest.members[0].id]);
    const back = await open(`?currency=lapsed&before=${rest.previousBefore}`, cookie);
    expect(back.members.map((m: Row) => m.id)).toEqual(lapsed.members.map((m: Row) => m.id));
    expect((await open("?currency=lapsed&after=constructor", cookie)).members).toEqual(lapsed.members);
    // Before the first champion, or after the last, is no place in the list: the first page, with working links.
    for (const place of [`before=${lapsed.members[0].id}`, `after=${rest.members[4].id}`]) {
      const answer = await open(`?currency=lapsed&${place}`, cookie);
      expect([answer.members.map((m: Row) => m.id), answer.previousBefore, answer.nextAfter], place).toEqual([
        lapsed.members.map((m: Row) => m.id),
        null,
        lapsed.nextAfter,
      ]);
    }
    expect((await open("?currency=current", cookie)).total).toBe(0);

    // The currency page keeps its tabs only while nothing changes: registers corrected from another connection
    // show at once.
    const tabs = async (query: string) =>
      (await call(currencyLoader, getRequest(`/manage/currency${query}`, { cookie }))).json();
    expect((await tabs("")).counts).toEqual({ all: 55, lapsed: 55, "at-risk": 0, new: 0, current: 0 });
    expect((await tabs("?view=lapsed&page=2")).champions.map((c: Row) => c.name)).toEqual([]);
    const other = openDatabase(process.env.DATABASE_URL!);
    other.$client.prepare("UPDATE attendance SET status = 'attended' WHERE member_id = ?").run(champions[3].id);
    const after = await tabs("");
    expect(after.counts).toEqual({ all: 55, lapsed: 54, "at-risk": 0, new: 0, current: 1 });
    expect(after.champions[54].name).toBe("Champion 03");
    expect((await tabs("?view=current")).champions.map((c: Row) => c.name)).toEqual(["Champion 03"]);
    // The members list's currency filter reads the same kept currency, so it shows the change too.
    const current = await open("?currency=current", cookie);
    expect(current.members.map((m: Row) => [m.name, m.currency])).toEqual([["Champion 03", "current"]]);
    // A deactivated champion is not on the currency page; the filter works out their currency itself.
    other.$client.prepare("UPDATE members SET status = 'deactivated' WHERE id = ?").run(champions[5].id);
    const deactivated = await open("?currency=lapsed&status=deactivated", cookie);
    expect(deactivated.members.map((m: Row) => [m.name, m.currency])).toEqual([["Champion 05", "lapsed"]]);
    expect([
      (await open("?currency=lapsed", cookie)).total,
      (await open("?currency=lapsed&status=active", cookie)).total,
    ]).toEqual([54, 53]);
    other.$client.close();
  });
});

describe("choosing an organisation in a national network", () => {
  async function nationalNetwork() {
    createDistricts();
    createDistrict({ id: "la-001", name: "Authority 1", councilName: "Authority 1 Council", websiteUrl: null });
    for (let i = 0; i < 201; i += 1) createTestOrganisation({ districtId: "la-001" });
    const shelter = createTestOrganisation({ name: "City Night Shelter", districtId: "oxford" });
    const hospice = createTestOrganisation({ name: "West Hospice", districtId: "west-oxfordshire" });
    const coordinator = await createTestMember({ role: "coordinator" });
    return { shelter, hospice, cookie: await cookieFor(coordinator.id) };
  }
  const names = (data: { organisations: Array<{ name: string }> }) => data.organisations.map((o) => o.name);

  it("asks people registering for their district first, then lists its organisations", async () => {
    await nationalNetwork();
    const first = await (await call(registerLoader, getRequest("/register"))).json();
    expect([first.narrowed, first.organisations, first.districts.length]).toEqual([true, [], 6]);
    expect(names(await (await call(registerLoader, getRequest("/register?district=oxford"))).json())).toEqual([
      "City Night Shelter",
    ]);
  });

  it("does the same when the coordinator invites someone", async () => {
    const { cookie } = await nationalNetwork();
    expect(
      names(
        await (await call(inviteLoader, getRequest("/members/invite?district=west-oxfordshire", { cookie }))).json(),
      ),
    ).toEqual(["West Hospice"]);
  });

  it("lists the public organisations page one district at a time", async () => {
    await nationalNetwork();
    const first = await (await call(organisationsLoader, getRequest("/organisations"))).json();
    expect([first.total, first.narrowed, first.organisations, first.chosen]).toEqual([203, true, [], null]);
    const west = await (await call(organisationsLoader, getRequest("/organisations?district=west-oxfordshire"))).json();
    expect([west.chosen.name, names(west)]).toEqual(["West Oxfordshire", ["West Hospice"]]);
  });

  it("starts a member's record at their own organisation's district", async () => {
    const { shelter, cookie } = await nationalNetwork();
    const member = await createTestMember({ organisationId: shelter.id });
    const record = await (
      await call(memberLoader, getRequest(`/members/${member.id}`, { cookie }), { memberId: String(member.id) })
    ).json();
    expect([record.district, names(record)]).toEqual(["oxford", ["City Night Shelter"]]);
  });
});
