/**
 * Merging one organisation into another: the preview's counts, everything
 * moved to the target in one transaction (and nothing at all when the merge
 * fails midway), the go-to choice, the history kept (the old address
 * redirects, the old name is a former name the directory finds, reports say
 * that they count people where they are now), the preview echoed back, and
 * hostile or impossible requests refused with a message.
 */
import { count, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  auditEvents,
  barrierOrganisations,
  barriers,
  championGaps,
  cascadeSessions,
  circumstances,
  contacts,
  coordinatorMessages,
  members,
  organisations,
  preventionActions,
} from "../../drizzle/schema";
import { seedDemoData } from "../../drizzle/seed";
import { getDb } from "~/lib/db.server";
import { cachedDirectoryRead } from "~/lib/directory-cache.server";
import { createContact, searchDirectory } from "~/models/contact.server";
import { mergeHooks, mergeOrganisations, previewMerge, listMergesSince } from "~/models/organisation-merge.server";
import { findOrganisationBySlugOrFormer } from "~/models/organisation.server";
import { action, loader } from "~/routes/organisations.$slug.merge";
import { loader as reportLoader } from "~/routes/reports.$report";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

afterEach(() => {
  delete mergeHooks.beforeDelete;
});

async function world() {
  const db = getDb();
  createDistricts();
  const source = createTestOrganisation({ name: "Thames Valley Rehabilitation", slug: "thames-valley-rehab" });
  const target = createTestOrganisation({ name: "County Probation", slug: "county-probation" });
  const other = createTestOrganisation({ name: "Elsewhere Trust", slug: "elsewhere-trust" });
  const coordinator = await createTestMember({ role: "coordinator", organisationId: other.id });
  const s1 = await createTestMember({ name: "Sasha Fernhill", organisationId: source.id, tier: 1 });
  const s2 = await createTestMember({ name: "Sol Brackenby", organisationId: source.id });
  const t1 = await createTestMember({ name: "Tom Tarnwood", organisationId: target.id, tier: 1 });
  const sourceGoTo = createContact({ memberId: s1.id, details: testContactDetails({ isGoTo: true }) }).id;
  createContact({ memberId: s2.id, details: testContactDetails() });
  const targetGoTo = createContact({ memberId: t1.id, details: testContactDetails({ isGoTo: true }) }).id;
  db.insert(circumstances).values({ id: "leaving-prison", label: "Leaving prison" }).run();
  const now = new Date("2026-06-01T12:00:00Z");
  db.insert(preventionActions)
    .values(
      [s1.id, s2.id].map((memberId) => ({
        memberId,
        organisationId: source.id,
        districtId: "oxford",
        circumstanceId: "leaving-prison",
        actionOn: "2026-05-01",
        earliness: "within-56-days" as const,
        action: "advice" as const,
        followUpDueAt: now,
        createdAt: now,
      })),
    )
    .run();
  db.insert(cascadeSessions)
    .values({
      memberId: s1.id,
      organisationId: source.id,
      heldOn: "2026-04-01",
      audienceSize: 12,
      tier: 3,
      lengthMinutes: 60,
      createdAt: now,
    })
    .run();
  const barrier = (title: string) =>
    db
      .insert(barriers)
      .values({
        title,
        whatHappened: "x",
        whereItHappens: "y",
        frequency: "monthly",
        raisedBy: t1.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: barriers.id })
      .get().id;
  const both = barrier("Linked to both");
  const onlySource = barrier("Linked to the source");
  db.insert(barrierOrganisations)
    .values([
      { barrierId: both, organisationId: source.id },
      { barrierId: both, organisationId: target.id },
      { barrierId: onlySource, organisationId: source.id },
    ])
    .run();
  db.insert(coordinatorMessages)
    .values({
      subject: "Hello",
      body: "Hi",
      audience: "organisation",
      audienceValue: source.id,
      audienceLabel: "Members of Thames Valley Rehabilitation",
      recipients: 2,
      optedOut: 0,
      sentBy: coordinator.id,
      createdAt: now,
    })
    .run();
  return { db, source, target, other, coordinator, s1, s2, t1, sourceGoTo, targetGoTo, both, onlySource };
}

const countOf = (preview: { moves: Array<{ key: string; count: number }> }, key: string) =>
  preview.moves.find((m) => m.key === key)?.count;

/** Every row of every table, so "exactly as before" can be asserted. */
function snapshot() {
  const sqlite = getDb().$client;
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (sqlite.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort(),
    ]),
  );
}

describe("merging an organisation", () => {
  it("previews what moves and what clashes, writing nothing, then moves every row to the target", async () => {
    const w = await world();
    const before = snapshot();
    const result = previewMerge({ sourceId: w.source.id, targetId: w.target.id });
    if (!result.ok) throw new Error("refused");
    const { preview } = result;
    expect(snapshot()).toEqual(before);
    expect(countOf(preview, "members.organisation_id")).toBe(2);
    expect(countOf(preview, "prevention_actions.organisation_id")).toBe(2);
    expect(countOf(preview, "cascade_sessions.organisation_id")).toBe(1);
    expect(countOf(preview, "barrier_organisations.organisation_id")).toBe(2);
    expect(countOf(preview, "coordinator_messages.audience_value")).toBe(1);
    expect(preview.following.find((f) => f.key === "contacts")?.count).toBe(2);
    expect(preview.clashes).toEqual([
      expect.objectContaining({
        key: expect.stringContaining("barrier_organisations"),
        count: 1,
        resolution: "merged",
      }),
    ]);
    expect(preview.goToConflict).toBe(true);

    const merged = mergeOrganisations({
      sourceId: w.source.id,
      targetId: w.target.id,
      fingerprint: preview.fingerprint,
      goToContactId: w.sourceGoTo,
      actorId: w.coordinator.id,
    });
    expect(merged.ok).toBe(true);
    const { db } = w;
    const at = (table: typeof members | typeof preventionActions | typeof cascadeSessions, id: number) =>
      db.select({ n: count() }).from(table).where(eq(table.organisationId, id)).get()!.n;
    expect(at(members, w.target.id)).toBe(3);
    expect(at(members, w.source.id)).toBe(0);
    expect(at(preventionActions, w.target.id)).toBe(2);
    expect(at(cascadeSessions, w.target.id)).toBe(1);
    // The barrier linked to both is linked once; the other moved.
    expect(
      db
        .select()
        .from(barrierOrganisations)
        .all()
        .map((r) => [r.barrierId, r.organisationId]),
    ).toEqual(
      expect.arrayContaining([
        [w.both, w.target.id],
        [w.onlySource, w.target.id],
      ]),
    );
    expect(db.select().from(barrierOrganisations).all()).toHaveLength(2);
    expect(db.select().from(coordinatorMessages).get()!.audienceValue).toBe(w.target.id);
    expect(db.select().from(organisations).where(eq(organisations.id, w.source.id)).get()).toBeUndefined();
    // The go-to chosen stays go-to; the other does not.
    const goTo = Object.fromEntries(
      db
        .select()
        .from(contacts)
        .all()
        .map((c) => [c.id, c.isGoTo]),
    );
    expect(goTo[w.sourceGoTo]).toBe(true);
    expect(goTo[w.targetGoTo]).toBe(false);
    // No row anywhere names the source any more.
    for (const m of preview.moves) {
      const [table, column] = m.key.split(".");
      const n = db.$client.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "${column}" = ?`).get(w.source.id) as {
        n: number;
      };
      expect(n.n, m.key).toBe(0);
    }
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, "organisation.merged")).get()!;
    expect(audit.summary).toBe("Merged Thames Valley Rehabilitation into County Probation");
    expect(audit.actorId).toBe(w.coordinator.id);
  });

  it("is all or nothing: a failure midway leaves the database exactly as it was", async () => {
    const w = await world();
    const preview = previewMerge({ sourceId: w.source.id, targetId: w.target.id });
    if (!preview.ok) throw new Error("refused");
    const input = {
      sourceId: w.source.id,
      targetId: w.target.id,
      fingerprint: preview.preview.fingerprint,
      goToContactId: w.targetGoTo,
      actorId: w.coordinator.id,
    };
    // A trigger that fails the move of the cascaded sessions, after members and prevention entries have moved.
    w.db.run(
      sql.raw(`CREATE TRIGGER fail_merge BEFORE UPDATE OF organisation_id ON cascade_sessions
        BEGIN SELECT RAISE(ABORT, 'injected failure'); END`),
    );
    const before = snapshot();
    expect(() => mergeOrganisations(input)).toThrow("injected failure");
    expect(snapshot()).toEqual(before);
    w.db.run(sql.raw("DROP TRIGGER fail_merge"));
    // And a failure after everything moved, just before the source is deleted.
    mergeHooks.beforeDelete = () => {
      throw new Error("crash before delete");
    };
    expect(() => mergeOrganisations(input)).toThrow("crash before delete");
    expect(snapshot()).toEqual(before);
    delete mergeHooks.beforeDelete;
    expect(mergeOrganisations(input).ok).toBe(true);
  });

  it("closes the source's open champion gap at the merge when the target has one too, keeping both in history", async () => {
    const w = await world();
    const opened = new Date("2026-05-01T09:00:00Z");
    const sourceGap = w.db
      .insert(championGaps)
      .values({ organisationId: w.source.id, openedAt: opened, reason: "moved" })
      .returning()
      .get();
    const targetGap = w.db
      .insert(championGaps)
      .values({ organisationId: w.target.id, openedAt: opened, reason: "left" })
      .returning()
      .get();
    const preview = previewMerge({ sourceId: w.source.id, targetId: w.target.id });
    if (!preview.ok) throw new Error("refused");
    expect(preview.preview.clashes).toContainEqual(
      expect.objectContaining({ key: expect.stringContaining("champion_gaps"), count: 1, resolution: "closed" }),
    );
    const at = new Date("2026-06-10T10:00:00Z");
    const merged = mergeOrganisations({
      sourceId: w.source.id,
      targetId: w.target.id,
      fingerprint: preview.preview.fingerprint,
      goToContactId: w.targetGoTo,
      actorId: w.coordinator.id,
      now: at,
    });
    expect(merged.ok).toBe(true);
    const gaps = Object.fromEntries(
      w.db
        .select()
        .from(championGaps)
        .all()
        .map((g) => [g.id, g]),
    );
    expect(Object.keys(gaps)).toHaveLength(2);
    expect(gaps[sourceGap.id]).toMatchObject({ organisationId: w.target.id, closedAt: at, openedAt: opened });
    expect(gaps[targetGap.id]).toMatchObject({ organisationId: w.target.id, closedAt: null });
  });

  it("asks who stays go-to when both have one, and keeps the target's when it is chosen", async () => {
    const w = await world();
    const preview = previewMerge({ sourceId: w.source.id, targetId: w.target.id });
    if (!preview.ok) throw new Error("refused");
    const base = {
      sourceId: w.source.id,
      targetId: w.target.id,
      fingerprint: preview.preview.fingerprint,
      actorId: w.coordinator.id,
    };
    for (const goToContactId of [null, 99_999]) {
      const refused = mergeOrganisations({ ...base, goToContactId });
      expect(refused).toMatchObject({ ok: false, message: "Choose who stays the go-to housing contact." });
    }
    expect(mergeOrganisations({ ...base, goToContactId: w.targetGoTo }).ok).toBe(true);
    const goTo = Object.fromEntries(
      w.db
        .select()
        .from(contacts)
        .all()
        .map((c) => [c.id, c.isGoTo]),
    );
    expect(goTo).toMatchObject({ [w.sourceGoTo]: false, [w.targetGoTo]: true });
  });

  it("keeps history: the old address redirects, the old name is found in the directory, reports say so", async () => {
    const w = await world();
    const before = cachedDirectoryRead({ key: ["probe"], read: () => searchDirectory({ query: "Rehabilitation" }) });
    expect(before.map((c) => c.name).sort()).toEqual(["Sasha Fernhill", "Sol Brackenby"]);
    const result = mergeOrganisations({
      sourceId: w.source.id,
      targetId: w.target.id,
      fingerprint: null,
      goToContactId: w.targetGoTo,
      actorId: w.coordinator.id,
      now: new Date("2026-06-15T09:00:00Z"),
    });
    expect(result.ok).toBe(true);
    const found = findOrganisationBySlugOrFormer({ slug: "thames-valley-rehab" });
    expect(found?.organisation.slug).toBe("county-probation");
    expect(found?.redirectedFrom).toBe("thames-valley-rehab");
    expect(found?.organisation.formerNames).toEqual([
      expect.objectContaining({ name: "Thames Valley Rehabilitation", reason: "merged" }),
    ]);
    // The old name finds every contact of the merged organisation, those moved and those already there.
    const after = cachedDirectoryRead({ key: ["probe"], read: () => searchDirectory({ query: "Thames Valley" }) });
    expect(after.map((c) => c.name).sort()).toEqual(["Sasha Fernhill", "Sol Brackenby", "Tom Tarnwood"]);
    expect(after.every((c) => c.organisationName === "County Probation")).toBe(true);
    // Reports over a period before the merge say they count people where they are now.
    expect(listMergesSince({ from: new Date("2026-01-01") })).toEqual([
      { name: "Thames Valley Rehabilitation", into: "County Probation", on: new Date("2026-06-15T09:00:00Z") },
    ]);
    expect(listMergesSince({ from: new Date("2026-07-01") })).toEqual([]);
    const cookie = await cookieFor(w.coordinator.id);
    const report = await call(reportLoader, getRequest("/reports/completions?from=2026-01-01", { cookie }), {
      report: "completions",
    });
    const body = await report.json();
    expect(body.merges).toEqual([
      expect.objectContaining({ name: "Thames Valley Rehabilitation", into: "County Probation" }),
    ]);
    const later = await call(reportLoader, getRequest("/reports/completions?from=2026-07-01", { cookie }), {
      report: "completions",
    });
    expect((await later.json()).merges).toEqual([]);
  });
});

describe("the merge page", () => {
  it("previews on GET without writing, merges on POST with the preview's counts, and shows a new preview if they changed", async () => {
    const w = await world();
    const cookie = await cookieFor(w.coordinator.id);
    const before = snapshot();
    const url = `/organisations/thames-valley-rehab/merge?into=${w.target.id}`;
    const page = await call(loader, getRequest(url, { cookie }), { slug: "thames-valley-rehab" });
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data.preview.target.name).toBe("County Probation");
    expect(snapshot()).toEqual(before);
    // Someone joins the source after the preview: nothing is merged, the new preview is shown.
    await createTestMember({ organisationId: w.source.id });
    const post = (fields: Record<string, string>) =>
      call(action, formRequest("/organisations/thames-valley-rehab/merge", fields, { cookie }), {
        slug: "thames-valley-rehab",
      });
    const stale = await post({ into: String(w.target.id), fingerprint: data.preview.fingerprint, goTo: "" });
    expect(stale.status).toBe(409);
    const fresh = await stale.json();
    expect(fresh.notice).toMatch(/Something changed since the preview/);
    expect(fresh.preview.moves.find((m: { key: string }) => m.key === "members.organisation_id").count).toBe(3);
    expect(w.db.select().from(organisations).where(eq(organisations.id, w.source.id)).get()).toBeDefined();
    // Without the go-to choice: asked for it, with the preview kept.
    const noChoice = await post({ into: String(w.target.id), fingerprint: fresh.preview.fingerprint });
    expect(noChoice.status).toBe(400);
    expect((await noChoice.json()).errors.goTo).toBe("Choose who stays the go-to housing contact.");
    const done = await post({
      into: String(w.target.id),
      fingerprint: fresh.preview.fingerprint,
      goTo: String(w.sourceGoTo),
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/organisations/county-probation");
    expect(w.db.select().from(organisations).where(eq(organisations.id, w.source.id)).get()).toBeUndefined();
  });

  it("refuses hostile and impossible merges with clear messages, changing nothing", async () => {
    const w = await world();
    const cookie = await cookieFor(w.coordinator.id);
    const before = snapshot();
    for (const slug of ["constructor", "__proto__", "toString"]) {
      const response = await call(loader, getRequest(`/organisations/${slug}/merge`, { cookie }), { slug });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("We could not find that organisation.");
      const posted = await call(action, formRequest(`/organisations/${slug}/merge`, { into: "1" }, { cookie }), {
        slug,
      });
      expect(posted.status).toBe(404);
    }
    const get = async (into: string) => {
      const response = await call(
        loader,
        getRequest(`/organisations/thames-valley-rehab/merge?into=${encodeURIComponent(into)}`, { cookie }),
        { slug: "thames-valley-rehab" },
      );
      return { status: response.status, body: await response.json() };
    };
    for (const into of ["constructor", "__proto__", "-1", "99999"]) {
      const { status, body } = await get(into);
      expect(status).toBe(400);
      expect(body.error).toMatch(/Choose the organisation to merge into|could not find the organisation to merge into/);
    }
    const itself = await get(String(w.source.id));
    expect(itself.body.error).toBe(
      "Thames Valley Rehabilitation cannot be merged into itself. Choose another organisation.",
    );
    expect(snapshot()).toEqual(before);
    w.db.update(organisations).set({ closedAt: new Date() }).where(eq(organisations.id, w.other.id)).run();
    const closed = await get(String(w.other.id));
    expect(closed.body.error).toBe(
      "Elsewhere Trust has closed, so nothing can be merged into it. Choose an open organisation.",
    );
    const post = await call(
      action,
      formRequest(
        "/organisations/thames-valley-rehab/merge",
        { into: String(w.source.id), fingerprint: "x" },
        { cookie },
      ),
      { slug: "thames-valley-rehab" },
    );
    expect(post.status).toBe(400);
    expect((await post.json()).errors.into).toMatch(/cannot be merged into itself/);
    const hostile = await call(
      action,
      formRequest(
        "/organisations/thames-valley-rehab/merge",
        { into: "__proto__", fingerprint: "constructor" },
        { cookie },
      ),
      { slug: "thames-valley-rehab" },
    );
    expect(hostile.status).toBe(400);
    expect((await hostile.json()).errors.into).toBe("Choose the organisation to merge into");
    expect(w.db.select().from(organisations).where(eq(organisations.id, w.source.id)).get()).toBeDefined();
  });
});

describe("the demo data", () => {
  it("records Thames Valley CRC and Oxfordshire CCG as merges, on the days they happened", async () => {
    await seedDemoData();
    const crc = findOrganisationBySlugOrFormer({ slug: "thames-valley-crc" });
    expect(crc?.organisation.name).toBe("National Probation Service");
    expect(crc?.organisation.formerNames).toContainEqual(
      expect.objectContaining({ name: "Thames Valley Community Rehabilitation Company", reason: "merged" }),
    );
    const ccg = findOrganisationBySlugOrFormer({ slug: "oxfordshire-ccg" });
    expect(ccg?.organisation.name).toBe("Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board");
    expect(listMergesSince({ from: undefined })).toEqual([
      expect.objectContaining({
        name: "Thames Valley Community Rehabilitation Company",
        on: new Date("2021-06-26T09:00:00Z"),
      }),
      expect.objectContaining({
        name: "Oxfordshire Clinical Commissioning Group",
        on: new Date("2022-07-01T09:00:00Z"),
      }),
    ]);
    // The old history came along: training the CRC cascaded in 2020 is now the probation service's.
    const probation = crc!.organisation.id;
    const sessions = getDb().select().from(cascadeSessions).where(eq(cascadeSessions.organisationId, probation)).all();
    expect(sessions.map((s) => s.heldOn)).toEqual(expect.arrayContaining(["2020-03-04", "2020-11-18"]));
  });
});
