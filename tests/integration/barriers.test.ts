/**
 * System barriers: raising one (and being refused with the field errors and
 * what was typed), "this happens to us too" once per member even when posted
 * at the same moment, the coordinator's triage and who is emailed, the
 * board's report and its CSV read back with csv-parse, and hostile text in
 * every field.
 */
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditEvents,
  barrierOrganisations,
  barriers,
  barrierSupports,
  barrierUpdates,
  members,
  outbox,
  toolkitCards,
} from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { createWorkshop } from "~/models/workshop.server";
import { exportPersonalData } from "~/models/personal-data.server";
import { barrierReport, raiseBarrier, supportBarrier, triageBarrier } from "~/models/barrier.server";
import { action as newBarrierAction, loader as newBarrierLoader } from "~/routes/barriers.new";
import { action as barrierAction, loader as barrierLoader } from "~/routes/barriers.$barrierId";
import { loader as listLoader } from "~/routes/barriers._index";
import { loader as reportLoader } from "~/routes/barriers.report";
import { loader as csvLoader } from "~/routes/barriers.report_.csv";
import type { BarrierInput } from "~/validation/barrier";
import { createDistricts, createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { HOSTILE_WORDS, hasControl } from "../hostile-text";
import { call, cookieFor, formRequest, getRequest } from "../request";

const DAY = 86_400_000;

async function world() {
  createDistricts();
  const hospital = createTestOrganisation({ name: "Riverside Hospitals" });
  const prison = createTestOrganisation({ name: "Hillside Prison" });
  const raiser = await createTestMember({ name: "Rae Raiser", organisationId: hospital.id });
  const supporter = await createTestMember({ name: "Sol Supporter", organisationId: prison.id });
  const bystander = await createTestMember({ name: "Bo Bystander" });
  const coordinator = await createTestMember({ name: "Cora Coordinator", role: "coordinator" });
  return { hospital, prison, raiser, supporter, bystander, coordinator };
}

function input(overrides: Partial<BarrierInput> & { organisationIds: number[] }): BarrierInput {
  return {
    title: "Friday releases miss the housing team",
    whatHappened: "People leaving prison are released late on a Friday.\nThe council's team has gone home.",
    whereItHappens: "Release from prison",
    frequency: "monthly",
    districtIds: [],
    ...overrides,
  };
}

function addToolkitCard(ownerId: number, slug = "prison-leaver-checklist") {
  const now = new Date();
  return getDb()
    .insert(toolkitCards)
    .values({
      slug,
      title: "Leaving prison: a checklist",
      type: "checklist",
      body: "Every option.",
      visibility: "members",
      ownerId,
      reviewOn: "2027-05-01",
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: toolkitCards.id })
    .get().id;
}

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>;
}

describe("raising a barrier", () => {
  it("stores what the member said, the organisations and districts, and an audit entry, then shows the barrier", async () => {
    const w = await world();
    const cookie = await cookieFor(w.raiser.id);
    const response = await call(
      newBarrierAction,
      formRequest(
        "/barriers/new",
        {
          title: "Friday releases miss the housing team",
          whatHappened: "Released late on a Friday.\r\nNobody to call.",
          whereItHappens: "Release from prison",
          frequency: "monthly",
          organisationIds: String(w.prison.id),
          districtIds: "cherwell",
        },
        { cookie },
      ),
    );
    expect(response.status).toBe(302);
    const [barrier] = getDb().select().from(barriers).all();
    expect(response.headers.get("Location")).toBe(`/barriers/${barrier.id}`);
    expect(barrier).toMatchObject({
      title: "Friday releases miss the housing team",
      whatHappened: "Released late on a Friday.\nNobody to call.",
      whereItHappens: "Release from prison",
      frequency: "monthly",
      status: "open",
      raisedBy: w.raiser.id,
    });
    expect(getDb().select().from(barrierOrganisations).all()).toEqual([
      { barrierId: barrier.id, organisationId: w.prison.id },
    ]);
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "barrier.raise")).get();
    expect(audit?.actorId).toBe(w.raiser.id);
    // Another member sees it in the list and on its page, with the districts and organisations named.
    const other = await cookieFor(w.bystander.id);
    const list = await json(await call(listLoader, getRequest("/barriers", { cookie: other })));
    expect(list.barriers).toEqual([
      expect.objectContaining({
        title: "Friday releases miss the housing team",
        status: "Open",
        organisations: ["Hillside Prison"],
        districts: ["Cherwell"],
        supporters: 0,
      }),
    ]);
    const page = await json(
      await call(barrierLoader, getRequest(`/barriers/${barrier.id}`, { cookie: other }), {
        barrierId: String(barrier.id),
      }),
    );
    expect(page.barrier).toMatchObject({
      title: barrier.title,
      raisedBy: null,
      raisedByOrganisation: "Riverside Hospitals",
    });
  });

  it("answers 400 with every field's error and keeps what was typed", async () => {
    const w = await world();
    const cookie = await cookieFor(w.raiser.id);
    const response = await call(
      newBarrierAction,
      formRequest(
        "/barriers/new",
        { title: "", whatHappened: "", whereItHappens: "A ward", frequency: "hourly" },
        { cookie },
      ),
    );
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(Object.keys(body.fieldErrors as object).sort()).toEqual([
      "frequency",
      "organisationIds",
      "title",
      "whatHappened",
    ]);
    expect(body.fieldErrors).toMatchObject({
      title: "Enter a short summary of the barrier",
      frequency: "Select how often it happens",
      organisationIds: "Select at least one organisation involved",
    });
    expect(body.values).toMatchObject({ whereItHappens: "A ward", frequency: "hourly" });
    expect(getDb().select().from(barriers).all()).toEqual([]);
  });

  it("refuses text that looks like personal data, naming the kind and never repeating it", async () => {
    const w = await world();
    const cookie = await cookieFor(w.raiser.id);
    const response = await call(
      newBarrierAction,
      formRequest(
        "/barriers/new",
        {
          title: "Discharge delayed",
          whatHappened: "The patient at OX4 1AA, born 03/04/1961, waited three weeks.",
          whereItHappens: "Ward call 01865 000 000",
          frequency: "once",
          organisationIds: String(w.hospital.id),
        },
        { cookie },
      ),
    );
    expect(response.status).toBe(400);
    const body = await json(response);
    const errors = body.fieldErrors as Record<string, string>;
    expect(errors.whatHappened).toBe(
      "This looks like it has a postcode and date of birth in it. Take it out: a barrier holds no personal data.",
    );
    expect(errors.whereItHappens).toContain("phone number");
    expect(JSON.stringify(errors)).not.toContain("OX4");
    expect((body.values as Record<string, string>).whatHappened).toContain("OX4 1AA");
    expect(getDb().select().from(barriers).all()).toEqual([]);
  });

  it("refuses an organisation or district that is not in the lists, keeping what was typed", async () => {
    const w = await world();
    const cookie = await cookieFor(w.raiser.id);
    const fields = {
      title: "A gap",
      whatHappened: "Nobody answers.",
      whereItHappens: "Referrals",
      frequency: "weekly",
    };
    const badOrganisation = await call(
      newBarrierAction,
      formRequest("/barriers/new", { ...fields, organisationIds: "999999" }, { cookie }),
    );
    expect(badOrganisation.status).toBe(400);
    expect((await json(badOrganisation)).fieldErrors).toEqual({
      organisationIds: "Select organisations from the list",
    });
    const badDistrict = await call(
      newBarrierAction,
      formRequest(
        "/barriers/new",
        { ...fields, organisationIds: String(w.hospital.id), districtIds: "atlantis" },
        { cookie },
      ),
    );
    expect(badDistrict.status).toBe(400);
    const body = await json(badDistrict);
    expect(body.fieldErrors).toEqual({ districtIds: "Select districts from the list" });
    expect(body.values).toMatchObject({ title: "A gap" });
    expect(getDb().select().from(barriers).all()).toEqual([]);
  });

  it("in a network too large for one list, offers the organisations of the member's district, or of the one chosen", async () => {
    await world();
    for (let i = 0; i < 200; i += 1) createTestOrganisation({ districtId: i % 2 === 0 ? "cherwell" : "oxford" });
    const own = createTestOrganisation({ name: "Banbury Outreach", districtId: "cherwell" });
    const member = await createTestMember({ organisationId: own.id });
    const cookie = await cookieFor(member.id);
    const mine = await json(await call(newBarrierLoader, getRequest("/barriers/new", { cookie })));
    expect(mine).toMatchObject({
      narrowed: true,
      district: "cherwell",
      districts: [{ id: "cherwell", label: "Cherwell" }],
    });
    expect((mine.organisations as Array<{ label: string }>).map((o) => o.label)).toContain("Banbury Outreach");
    expect((mine.organisations as unknown[]).length).toBe(101);
    const chosen = await json(await call(newBarrierLoader, getRequest("/barriers/new?district=oxford", { cookie })));
    expect(chosen).toMatchObject({ district: "oxford", districts: [{ id: "oxford", label: "Oxford" }] });
    expect((chosen.organisations as Array<{ label: string }>).map((o) => o.label)).not.toContain("Banbury Outreach");
    expect((chosen.organisations as unknown[]).length).toBe(100);
  });

  it("sends a visitor who is not signed in to sign in", async () => {
    await world();
    const response = await call(newBarrierAction, formRequest("/barriers/new", { title: "x" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("this happens to us too", () => {
  it("counts each member once, and not the person who raised it", async () => {
    const w = await world();
    const { id } = raiseBarrier({ memberId: w.raiser.id, input: input({ organisationIds: [w.prison.id] }) }) as {
      id: number;
    };
    expect(supportBarrier({ barrierId: id, memberId: w.supporter.id })).toBe("added");
    expect(supportBarrier({ barrierId: id, memberId: w.supporter.id })).toBe("already");
    expect(supportBarrier({ barrierId: id, memberId: w.raiser.id })).toBe("raised-it");
    expect(supportBarrier({ barrierId: id + 1, memberId: w.supporter.id })).toBe("not-found");
    expect(getDb().select().from(barrierSupports).all()).toEqual([
      expect.objectContaining({ barrierId: id, memberId: w.supporter.id }),
    ]);
  });

  it("counts once when the same member posts several times at the same moment", async () => {
    const w = await world();
    const { id } = raiseBarrier({ memberId: w.raiser.id, input: input({ organisationIds: [w.prison.id] }) }) as {
      id: number;
    };
    const cookie = await cookieFor(w.supporter.id);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(barrierAction, formRequest(`/barriers/${id}`, { intent: "support" }, { cookie }), {
          barrierId: String(id),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([302, 302, 302, 302, 302, 302]);
    expect(getDb().select().from(barrierSupports).all()).toHaveLength(1);
    // The database itself refuses a second row for the same member, whatever code writes it.
    expect(() =>
      getDb().insert(barrierSupports).values({ barrierId: id, memberId: w.supporter.id, createdAt: new Date() }).run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    const page = await json(
      await call(barrierLoader, getRequest(`/barriers/${id}`, { cookie }), { barrierId: String(id) }),
    );
    expect(page.barrier).toMatchObject({ supporters: 1, supportedByMe: true });
  });

  it("is in each member's copy of their data: the barriers they raised and those they said happen to them too", async () => {
    const w = await world();
    const { id } = raiseBarrier({ memberId: w.raiser.id, input: input({ organisationIds: [w.prison.id] }) }) as {
      id: number;
    };
    supportBarrier({ barrierId: id, memberId: w.supporter.id });
    expect(exportPersonalData({ memberId: w.raiser.id })?.systemBarriers).toMatchObject({
      raised: [{ id, title: "Friday releases miss the housing team" }],
      saidItHappensToYouToo: [],
    });
    expect(exportPersonalData({ memberId: w.supporter.id })?.systemBarriers).toMatchObject({
      raised: [],
      saidItHappensToYouToo: [{ barrierId: id, memberId: w.supporter.id }],
    });
  });

  it("answers 404 for a barrier that does not exist and for a malformed id", async () => {
    const w = await world();
    const cookie = await cookieFor(w.supporter.id);
    for (const barrierId of ["424242", "abc", "-1"]) {
      const response = await call(
        barrierAction,
        formRequest(`/barriers/${barrierId}`, { intent: "support" }, { cookie }),
        {
          barrierId,
        },
      );
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("We could not find that barrier");
    }
  });
});

describe("triage", () => {
  async function raisedAndSupported() {
    const w = await world();
    const { id } = raiseBarrier({ memberId: w.raiser.id, input: input({ organisationIds: [w.prison.id] }) }) as {
      id: number;
    };
    supportBarrier({ barrierId: id, memberId: w.supporter.id });
    supportBarrier({ barrierId: id, memberId: w.coordinator.id });
    return { ...w, id };
  }

  function triageForm(fields: Record<string, string>) {
    return { intent: "triage", status: "open", note: "", workshopId: "", toolkitCardId: "", ...fields };
  }

  it("moves the status, links the workshop and the remedy card, and emails the raiser and supporters once each", async () => {
    const w = await raisedAndSupported();
    const cardId = addToolkitCard(w.coordinator.id);
    const workshop = createWorkshop({
      input: testWorkshopInput({ title: "Prison release workshop" }),
      createdBy: w.coordinator.id,
    });
    const cookie = await cookieFor(w.coordinator.id);
    const response = await call(
      barrierAction,
      formRequest(
        `/barriers/${w.id}`,
        triageForm({
          status: "resolved",
          note: "Probation now books a council appointment before release.",
          workshopId: String(workshop.id),
          toolkitCardId: String(cardId),
        }),
        { cookie },
      ),
      { barrierId: String(w.id) },
    );
    expect(response.status).toBe(302);
    expect(getDb().select().from(barriers).where(eq(barriers.id, w.id)).get()).toMatchObject({
      status: "resolved",
      workshopId: workshop.id,
      toolkitCardId: cardId,
    });
    const [update] = getDb().select().from(barrierUpdates).all();
    expect(update).toMatchObject({ fromStatus: "open", toStatus: "resolved", changedBy: w.coordinator.id });
    const mail = getDb().select().from(outbox).where(eq(outbox.kind, "barrier-update")).orderBy(outbox.memberId).all();
    // The raiser and the supporter; not the coordinator who made the change (though they supported it), nor a bystander.
    expect(mail.map((m) => [m.memberId, m.dedupeKey])).toEqual([
      [w.raiser.id, `barrier:${w.id}:update:${update.id}:member:${w.raiser.id}`],
      [w.supporter.id, `barrier:${w.id}:update:${update.id}:member:${w.supporter.id}`],
    ]);
    const [toRaiser, toSupporter] = mail;
    expect(toRaiser.toAddress).toBe(w.raiser.email);
    expect(toRaiser.subject).toBe("System barrier update: Friday releases miss the housing team");
    expect(toRaiser.body).toContain("Dear Rae Raiser");
    expect(toRaiser.body).toContain("You raised the system barrier");
    expect(toRaiser.body).toContain("from “Open” to “Resolved”");
    expect(toRaiser.body).toContain("Probation now books a council appointment before release.");
    expect(toRaiser.body).toContain("/toolkit/prison-leaver-checklist");
    expect(toRaiser.body).toContain(`/barriers/${w.id}`);
    expect(toSupporter.body).toContain(
      "You said the system barrier “Friday releases miss the housing team” happens to you too",
    );
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "barrier.triage")).get();
    expect(audit?.summary).toContain("from Open to Resolved");
    // The page shows the remedy and the history.
    const page = await json(
      await call(barrierLoader, getRequest(`/barriers/${w.id}`, { cookie }), { barrierId: String(w.id) }),
    );
    expect(page.barrier).toMatchObject({
      statusLabel: "Resolved",
      remedy: { id: cardId, slug: "prison-leaver-checklist" },
      workshop: { title: "Prison release workshop" },
      updates: [expect.objectContaining({ from: "Open", to: "Resolved", by: "Cora Coordinator" })],
    });
  });

  it("emails again for a later change, with its own key, and not at all when nothing changed", async () => {
    const w = await raisedAndSupported();
    const first = triageBarrier({
      barrierId: w.id,
      actorId: w.coordinator.id,
      input: { status: "being_worked_on", note: "", workshopId: null, toolkitCardId: null },
    });
    expect(first).toMatchObject({ outcome: "saved", emailed: 2 });
    const same = triageBarrier({
      barrierId: w.id,
      actorId: w.coordinator.id,
      input: { status: "being_worked_on", note: "", workshopId: null, toolkitCardId: null },
    });
    expect(same).toEqual({ outcome: "saved", updateId: null, emailed: 0 });
    const second = triageBarrier({
      barrierId: w.id,
      actorId: w.coordinator.id,
      input: { status: "escalated", note: "", workshopId: null, toolkitCardId: null },
    });
    expect(second).toMatchObject({ outcome: "saved", emailed: 2 });
    const toRaiser = getDb().select().from(outbox).where(eq(outbox.memberId, w.raiser.id)).all();
    expect(toRaiser).toHaveLength(2);
    expect(new Set(toRaiser.map((m) => m.dedupeKey)).size).toBe(2);
    expect(toRaiser[1].body).toContain("from “Being worked on” to “Escalated to the board”");
  });

  it("does not email a member who has been deactivated", async () => {
    const w = await raisedAndSupported();
    getDb().update(members).set({ status: "deactivated" }).where(eq(members.id, w.supporter.id)).run();
    triageBarrier({
      barrierId: w.id,
      actorId: w.coordinator.id,
      input: { status: "wont_fix", note: "", workshopId: null, toolkitCardId: null },
    });
    expect(getDb().select({ memberId: outbox.memberId }).from(outbox).all()).toEqual([{ memberId: w.raiser.id }]);
  });

  it("refuses a member who is not the coordinator, changing nothing", async () => {
    const w = await raisedAndSupported();
    const cookie = await cookieFor(w.supporter.id);
    const response = await call(
      barrierAction,
      formRequest(`/barriers/${w.id}`, triageForm({ status: "resolved" }), { cookie }),
      { barrierId: String(w.id) },
    );
    expect(response.status).toBe(403);
    expect(getDb().select().from(barriers).get()?.status).toBe("open");
    expect(getDb().select().from(outbox).all()).toEqual([]);
    // Nor does their page carry the triage choices.
    const page = await json(
      await call(barrierLoader, getRequest(`/barriers/${w.id}`, { cookie }), { barrierId: String(w.id) }),
    );
    expect(page).toMatchObject({ canManage: false, choices: null });
  });

  it("answers 400 with the field errors for an unknown status, workshop or card, keeping what was chosen", async () => {
    const w = await raisedAndSupported();
    const cookie = await cookieFor(w.coordinator.id);
    const post = (fields: Record<string, string>) =>
      call(barrierAction, formRequest(`/barriers/${w.id}`, triageForm(fields), { cookie }), {
        barrierId: String(w.id),
      });
    const badStatus = await post({ status: "forgotten", note: "Kept" });
    expect(badStatus.status).toBe(400);
    expect(await json(badStatus)).toMatchObject({
      fieldErrors: { status: "Select a status" },
      values: { status: "forgotten", note: "Kept" },
    });
    const badCard = await post({ status: "resolved", toolkitCardId: "31337" });
    expect(badCard.status).toBe(400);
    expect((await json(badCard)).fieldErrors).toEqual({ toolkitCardId: "Select a toolkit card from the list" });
    const badWorkshop = await post({ status: "resolved", workshopId: "not-a-number" });
    expect(badWorkshop.status).toBe(400);
    expect((await json(badWorkshop)).fieldErrors).toEqual({ workshopId: "Select a workshop from the list" });
    expect(getDb().select().from(barriers).get()?.status).toBe("open");
    expect(getDb().select().from(outbox).all()).toEqual([]);
  });
});

describe("the board's report", () => {
  async function reportWorld() {
    const w = await world();
    const now = new Date();
    const raise = (title: string, daysAgo: number, organisationIds: number[]) =>
      (
        raiseBarrier({
          memberId: w.raiser.id,
          input: input({ title, organisationIds }),
          now: new Date(now.getTime() - daysAgo * DAY),
        }) as { id: number }
      ).id;
    const young = raise("Young and open", 5, [w.hospital.id]);
    const old = raise("Old and open", 200, [w.hospital.id, w.prison.id]);
    const middle = raise('=HYPERLINK("http://example.org") escalated', 45, [w.prison.id]);
    const done = raise("Resolved long ago", 100, [w.prison.id]);
    supportBarrier({ barrierId: old, memberId: w.supporter.id });
    const triage = (barrierId: number, status: "escalated" | "resolved") =>
      triageBarrier({
        barrierId,
        actorId: w.coordinator.id,
        input: { status, note: "", workshopId: null, toolkitCardId: null },
      });
    triage(middle, "escalated");
    triage(done, "resolved");
    return { ...w, young, old, middle, done, now };
  }

  it("counts barriers by status and age and by organisation, and lists each, by status then oldest first", async () => {
    const w = await reportWorld();
    const report = barrierReport({ now: w.now });
    expect(report.barriers.map((b) => [b.id, b.status, b.ageDays])).toEqual([
      [w.old, "open", 200],
      [w.young, "open", 5],
      [w.middle, "escalated", 45],
      [w.done, "resolved", 100],
    ]);
    expect(report.byStatus.find((s) => s.status === "open")).toEqual({
      status: "open",
      total: 2,
      bands: [1, 0, 0, 1],
      oldestDays: 200,
    });
    expect(report.byOrganisation).toEqual([
      { organisation: "Hillside Prison", total: 3, statuses: [1, 0, 1, 1, 0] },
      { organisation: "Riverside Hospitals", total: 2, statuses: [2, 0, 0, 0, 0] },
    ]);
  });

  it("is for the coordinator: the page's tables and the CSV, read back by csv-parse", async () => {
    const w = await reportWorld();
    const cookie = await cookieFor(w.coordinator.id);
    const page = await json(await call(reportLoader, getRequest("/barriers/report", { cookie })));
    expect((page.tables as Array<{ id: string }>).map((t) => t.id)).toEqual(["status", "organisations", "barriers"]);

    const response = await call(csvLoader, getRequest("/barriers/report/csv", { cookie }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="barriers-barriers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = parse(await response.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.Barrier, r.Status, r["Age (days)"], r.Organisations, r["Happens to them too"]])).toEqual([
      ["Old and open", "Open", "200", "Hillside Prison; Riverside Hospitals", "1"],
      ["Young and open", "Open", "5", "Riverside Hospitals", "0"],
      ['\'=HYPERLINK("http://example.org") escalated', "Escalated to the board", "45", "Hillside Prison", "0"],
      ["Resolved long ago", "Resolved", "100", "Hillside Prison", "0"],
    ]);
    expect(rows[0].Districts).toBe("Countywide");

    const byStatus = parse(
      await (await call(csvLoader, getRequest("/barriers/report/csv?table=status", { cookie }))).text(),
      { bom: true, columns: true },
    ) as Array<Record<string, string>>;
    expect(byStatus.map((r) => [r.Status, r.Barriers, r["Under 30 days"], r["180 days or more"]])).toEqual([
      ["Open", "2", "1", "1"],
      ["Being worked on", "0", "0", "0"],
      ["Escalated to the board", "1", "0", "0"],
      ["Resolved", "1", "0", "0"],
      ["Won't fix", "0", "0", "0"],
    ]);
    const byOrganisation = parse(
      await (await call(csvLoader, getRequest("/barriers/report/csv?table=organisations", { cookie }))).text(),
      { bom: true, columns: true },
    ) as Array<Record<string, string>>;
    expect(byOrganisation).toEqual([
      expect.objectContaining({ Organisation: "Hillside Prison", Barriers: "3", Open: "1", Resolved: "1" }),
      expect.objectContaining({ Organisation: "Riverside Hospitals", Barriers: "2", Open: "2" }),
    ]);
    const missing = await call(csvLoader, getRequest("/barriers/report/csv?table=nothing", { cookie }));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Its tables are: status, organisations, barriers");
  });

  it("refuses members who are not the coordinator", async () => {
    const w = await reportWorld();
    const cookie = await cookieFor(w.supporter.id);
    expect((await call(reportLoader, getRequest("/barriers/report", { cookie }))).status).toBe(403);
    expect((await call(csvLoader, getRequest("/barriers/report/csv", { cookie }))).status).toBe(403);
  });
});

describe("hostile text", () => {
  it("stores hostile characters in every field as plain text and exports them as CSV a parser reads", async () => {
    const w = await world();
    const cookie = await cookieFor(w.raiser.id);
    for (const word of HOSTILE_WORDS) {
      const response = await call(
        newBarrierAction,
        formRequest(
          "/barriers/new",
          {
            title: `Title ${word}`,
            whatHappened: `What ${word}\n<script>alert(1)</script>`,
            whereItHappens: `Where ${word}`,
            frequency: "weekly",
            organisationIds: String(w.hospital.id),
          },
          { cookie },
        ),
      );
      expect(response.status, JSON.stringify(word)).toBe(302);
    }
    const stored = getDb().select().from(barriers).all();
    expect(stored).toHaveLength(HOSTILE_WORDS.length);
    for (const barrier of stored) {
      expect(hasControl(barrier.title), JSON.stringify(barrier.title)).toBe(false);
      expect(hasControl(barrier.whereItHappens), JSON.stringify(barrier.whereItHappens)).toBe(false);
      expect(hasControl(barrier.whatHappened, { lineFeeds: true }), JSON.stringify(barrier.whatHappened)).toBe(false);
      expect(barrier.whatHappened).toContain("<script>alert(1)</script>");
    }
    // A triage note with hostile characters goes into the email as plain text.
    const coordinator = await cookieFor(w.coordinator.id);
    const target = stored[0].id;
    const triaged = await call(
      barrierAction,
      formRequest(
        `/barriers/${target}`,
        {
          intent: "triage",
          status: "being_worked_on",
          note: `Note ${HOSTILE_WORDS.join(" ")}`,
          workshopId: "",
          toolkitCardId: "",
        },
        { cookie: coordinator },
      ),
      { barrierId: String(target) },
    );
    expect(triaged.status).toBe(302);
    const note = getDb().select().from(barrierUpdates).get()!.note;
    expect(hasControl(note, { lineFeeds: true })).toBe(false);
    const [mail] = getDb()
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, "barrier-update")))
      .all();
    expect(hasControl(mail.subject)).toBe(false);

    const csv = await (await call(csvLoader, getRequest("/barriers/report/csv", { cookie: coordinator }))).text();
    const rows = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(HOSTILE_WORDS.length);
    for (const row of rows) {
      expect(row.Barrier.startsWith("Title Ann")).toBe(true);
      expect(hasControl(row.Barrier)).toBe(false);
    }
  });
});
