/**
 * The prevention log (issue 19): the one-minute form and its personal-data
 * check, the outcome follow-up at day 56 and the reminder at day 70 with an
 * injected clock, the one-click outcome link, and Duty to Refer
 * acknowledgement by the district's named contact only.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, cascadeSessions, outbox, preventionActions } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { queuePreventionFollowUps } from "~/lib/prevention-follow-up.server";
import { outcomeLinkToken } from "~/lib/prevention-links.server";
import { redactPath } from "~/lib/log.server";
import { createContact } from "~/models/contact.server";
import { saveCircumstance, saveSpecialism, updateDistrictReferral } from "~/models/directory.server";
import { withoutSecretLinks } from "~/models/outbox.server";
import { recordPreventionAction, type PreventionInput } from "~/models/prevention.server";
import { action as logAction, loader as logLoader } from "~/routes/prevention.new";
import { loader as myLogLoader } from "~/routes/prevention._index";
import { action as trainingAction } from "~/routes/prevention.training.new";
import { action as outcomeAction, loader as outcomeLoader } from "~/routes/prevention.outcome.$id.$token";
import { action as referralsAction, loader as referralsLoader } from "~/routes/prevention.referrals";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const DAY = 86_400_000;

async function world() {
  createDistricts();
  saveSpecialism({ id: "prison-release", label: "Prison release" });
  saveCircumstance({ id: "leaving-prison", label: "Someone leaving prison", description: "", specialismIds: [] });
  const hospital = createTestOrganisation({ slug: "hospital", name: "Oxford University Hospitals", sector: "health" });
  const council = createTestOrganisation({
    slug: "oxford-council",
    name: "Oxford City Council",
    sector: "local_housing_authority",
    districtId: "oxford",
  });
  const champion = await createTestMember({ organisationId: hospital.id, tier: 1, name: "Priya Champion" });
  const otherChampion = await createTestMember({ organisationId: hospital.id, tier: 2 });
  const awareness = await createTestMember({ organisationId: hospital.id, tier: 3 });
  const oxfordContact = await createTestMember({ organisationId: council.id, tier: 2 });
  const cherwellContact = await createTestMember({ organisationId: council.id, tier: 2 });
  const coordinator = await createTestMember({ organisationId: council.id, role: "coordinator" });
  for (const [districtId, member] of [
    ["oxford", oxfordContact],
    ["cherwell", cherwellContact],
  ] as const) {
    const contact = createContact({ memberId: member.id, details: testContactDetails({ districtIds: [districtId] }) });
    updateDistrictReferral({
      districtId,
      input: {
        referralRoute: "",
        referralInbox: null,
        officeHours: "",
        procedureSummary: "",
        dutyToReferContactId: contact.id,
        deputyContactId: null,
      },
    });
  }
  return { hospital, champion, otherChampion, awareness, oxfordContact, cherwellContact, coordinator };
}

const validForm = (organisationId: number, overrides: Record<string, string> = {}) => ({
  actionOn: "2026-11-02",
  districtId: "oxford",
  organisationId: String(organisationId),
  circumstanceId: "leaving-prison",
  earliness: "within-56-days",
  action: "duty-to-refer",
  note: "Section 21 notice, rent arrears of £1,200, S21, B&B, Band 3",
  ...overrides,
});

function entry(w: Awaited<ReturnType<typeof world>>, input: Partial<PreventionInput> = {}, memberId = w.champion.id) {
  return recordPreventionAction({
    memberId,
    input: {
      actionOn: "2026-09-01",
      districtId: "oxford",
      organisationId: w.hospital.id,
      circumstanceId: "leaving-prison",
      earliness: "more-than-56-days",
      action: "duty-to-refer",
      note: null,
      ...input,
    },
    now: new Date("2026-09-01T10:00:00Z"),
  });
}

const rows = () => getDb().select().from(preventionActions).all();
const emails = () => getDb().select().from(outbox).all();

describe("logging an action", () => {
  it("records a champion's action with its follow-up due 56 days later at 09:00 London time, and audits it", async () => {
    const w = await world();
    const cookie = await cookieFor(w.champion.id);
    const form = await call(logLoader, getRequest("/prevention/new", { cookie }));
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("leaving-prison");
    const res = await call(logAction, formRequest("/prevention/new", validForm(w.hospital.id), { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/prevention");
    const [row] = rows();
    expect(row).toMatchObject({
      memberId: w.champion.id,
      districtId: "oxford",
      action: "duty-to-refer",
      outcome: null,
    });
    // 28 December 2026 is in winter: 09:00 London is 09:00 UTC.
    expect(row.followUpDueAt.toISOString()).toBe("2026-12-28T09:00:00.000Z");
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "prevention.log")).all();
    expect(audit).toHaveLength(1);
    const page = await (await call(myLogLoader, getRequest("/prevention", { cookie }))).text();
    expect(page).toContain("Duty to Refer referral made");
    expect(page).toContain("Unknown (not answered)");
  });

  it.each([
    ["an email address", "emailed j.smith@example.org", "email address"],
    ["a mobile number", "her mobile is 07700 900 123", "phone number"],
    ["a +44 number", "call +44 1865 123456", "phone number"],
    ["a National Insurance number", "NI QQ 12 34 56 C", "National Insurance number"],
    ["a National Insurance number without spaces", "qq123456c", "National Insurance number"],
    ["a postcode", "lives near OX1 1AA", "postcode"],
    ["a postcode without its space", "ox11aa", "postcode"],
    ["a date of birth", "DOB 04/05/1990", "date of birth"],
  ])("refuses a note with %s, says what it found, and writes nothing", async (_what, note, kind) => {
    const w = await world();
    const cookie = await cookieFor(w.champion.id);
    const res = await call(logAction, formRequest("/prevention/new", validForm(w.hospital.id, { note }), { cookie }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors.note).toContain(kind);
    expect(body.fieldErrors.note).toContain("no personal data");
    expect(body.fieldErrors.note).not.toContain(note);
    expect(rows()).toHaveLength(0);
    expect(getDb().select().from(auditEvents).all()).toHaveLength(0);
  });

  it("refuses a date in the future, unknown choices and hostile values with field errors", async () => {
    const w = await world();
    const cookie = await cookieFor(w.champion.id);
    for (const [field, value] of [
      ["actionOn", "2999-01-01"],
      ["actionOn", "2026-02-30"],
      ["districtId", "atlantis"],
      ["districtId", "__proto__"],
      ["organisationId", "constructor"],
      ["organisationId", "999999"],
      ["circumstanceId", "constructor"],
      ["earliness", "__proto__"],
      ["action", "toString"],
    ]) {
      const res = await call(
        logAction,
        formRequest("/prevention/new", validForm(w.hospital.id, { [field]: value }), { cookie }),
      );
      expect(res.status, `${field}=${value}`).toBe(400);
      const body = (await res.json()) as { fieldErrors: Record<string, string> };
      expect(Object.keys(body.fieldErrors), `${field}=${value}`).toEqual([field]);
    }
    expect(rows()).toHaveLength(0);
  });

  it("is for champions: a Tier 3 member is refused with a page that says who the log is for", async () => {
    const w = await world();
    const cookie = await cookieFor(w.awareness.id);
    const res = await call(logAction, formRequest("/prevention/new", validForm(w.hospital.id), { cookie }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Tier 1 or Tier 2");
    expect(rows()).toHaveLength(0);
  });
});

describe("the outcome follow-up", () => {
  it("emails at day 56, reminds once at day 70, and never again", async () => {
    const w = await world();
    entry(w, { actionOn: "2026-09-01" });
    const due = new Date("2026-10-27T09:00:00Z"); // day 56, 09:00 London (GMT again since 25 October)
    expect(queuePreventionFollowUps({ now: new Date(due.getTime() - 60_000) })).toEqual({ followUps: 0, reminders: 0 });
    expect(emails()).toHaveLength(0);
    expect(queuePreventionFollowUps({ now: due })).toEqual({ followUps: 1, reminders: 0 });
    expect(queuePreventionFollowUps({ now: new Date(due.getTime() + 60_000) })).toEqual({ followUps: 0, reminders: 0 });
    const [followUp] = emails();
    expect(followUp.kind).toBe("prevention-follow-up");
    expect(followUp.subject).toContain("What happened?");
    for (const label of [
      "Homelessness prevented",
      "Homelessness relieved",
      "Not prevented",
      "Still open",
      "Don't know",
    ])
      expect(followUp.body).toContain(label);
    expect(followUp.body.match(/\/prevention\/outcome\/\d+\/[A-Za-z0-9_-]{43}\?outcome=/g)).toHaveLength(5);
    // Day 69: no reminder yet; day 70: one; after that, nothing.
    expect(queuePreventionFollowUps({ now: new Date(due.getTime() + 13 * DAY) }).reminders).toBe(0);
    expect(queuePreventionFollowUps({ now: new Date(due.getTime() + 14 * DAY) }).reminders).toBe(1);
    expect(queuePreventionFollowUps({ now: new Date(due.getTime() + 15 * DAY) })).toEqual({
      followUps: 0,
      reminders: 0,
    });
    expect(queuePreventionFollowUps({ now: new Date(due.getTime() + 400 * DAY) })).toEqual({
      followUps: 0,
      reminders: 0,
    });
    expect(emails().map((e) => e.kind)).toEqual(["prevention-follow-up", "prevention-reminder"]);
    expect(emails()[1].body).toContain("last email");
  });

  it("sends nothing for an answered entry, and no reminder once the follow-up is answered", async () => {
    const w = await world();
    const answered = entry(w, { actionOn: "2026-09-01" });
    const later = entry(w, { actionOn: "2026-09-01" });
    getDb().update(preventionActions).set({ outcome: "prevented" }).where(eq(preventionActions.id, answered.id)).run();
    const due = new Date("2026-10-27T09:00:00Z");
    expect(queuePreventionFollowUps({ now: due }).followUps).toBe(1);
    getDb().update(preventionActions).set({ outcome: "dont-know" }).where(eq(preventionActions.id, later.id)).run();
    expect(queuePreventionFollowUps({ now: new Date(due.getTime() + 20 * DAY) })).toEqual({
      followUps: 0,
      reminders: 0,
    });
    expect(emails()).toHaveLength(1);
  });

  it("queues each email once even when the mark is lost (a restart between two runs): the dedupe key holds", async () => {
    const w = await world();
    const { id } = entry(w, { actionOn: "2026-09-01" });
    const due = new Date("2026-10-27T09:00:00Z");
    queuePreventionFollowUps({ now: due });
    getDb().update(preventionActions).set({ followUpSentAt: null }).where(eq(preventionActions.id, id)).run();
    queuePreventionFollowUps({ now: due });
    expect(emails()).toHaveLength(1);
  });
});

describe("the one-click outcome link", () => {
  async function linked() {
    const w = await world();
    const { id } = entry(w);
    const other = entry(w, {}, w.otherChampion.id);
    const second = entry(w);
    queuePreventionFollowUps({ now: new Date("2026-10-27T09:00:00Z") });
    const link = /\/prevention\/outcome\/(\d+)\/([A-Za-z0-9_-]+)\?outcome=prevented/.exec(emails()[0].body)!;
    return { w, id, other, second, token: link[2], path: link[0].split("?")[0] };
  }

  it("shows the chosen outcome on GET without changing anything, and records it on POST while signed out", async () => {
    const { id, token, path } = await linked();
    expect(path).toBe(`/prevention/outcome/${id}/${token}`);
    const shown = await call(outcomeLoader, getRequest(`${path}?outcome=prevented`), { id: String(id), token });
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ chosen: "prevented", entry: { outcome: null } });
    expect(rows().find((r) => r.id === id)!.outcome).toBeNull();
    const posted = await call(outcomeAction, formRequest(path, { outcome: "prevented" }), { id: String(id), token });
    expect(posted.status).toBe(302);
    const row = rows().find((r) => r.id === id)!;
    expect(row.outcome).toBe("prevented");
    expect(row.outcomeAt).not.toBeNull();
    // Answered: the reminders go to the two unanswered entries only.
    expect(queuePreventionFollowUps({ now: new Date("2026-12-01T09:00:00Z") }).reminders).toBe(2);
    const reminders = emails().filter((e) => e.kind === "prevention-reminder");
    expect(reminders).toHaveLength(2);
    for (const reminder of reminders) expect(reminder.body).not.toContain(`/prevention/outcome/${id}/`);
  });

  it("refuses a forged token, another entry's token, and hostile ids, changing nothing", async () => {
    const { w, id, other, second, token } = await linked();
    const otherToken = outcomeLinkToken({ entryId: other.id, memberId: w.otherChampion.id });
    const attempts: Array<[string, string]> = [
      [String(id), token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA")],
      [String(id), otherToken],
      // The same champion's token for their other entry opens only that one.
      [String(id), outcomeLinkToken({ entryId: second.id, memberId: w.champion.id })],
      [String(other.id), token],
      [String(id), outcomeLinkToken({ entryId: id, memberId: w.otherChampion.id })],
      ["constructor", token],
      ["__proto__", token],
      ["toString", token],
      ["-1", token],
      ["1e3", token],
      [`${id}.0`, token],
      ["99999999999999999999", token],
      [String(id), "constructor"],
      [String(id), "__proto__"],
      [String(id), "x".repeat(5000)],
    ];
    for (const [rawId, rawToken] of attempts) {
      const path = `/prevention/outcome/${encodeURIComponent(rawId)}/${encodeURIComponent(rawToken)}`;
      const shown = await call(outcomeLoader, getRequest(path), { id: rawId, token: rawToken });
      expect(shown.status, `${rawId}/${rawToken.slice(0, 12)}`).toBe(404);
      const posted = await call(outcomeAction, formRequest(path, { outcome: "prevented" }), {
        id: rawId,
        token: rawToken,
      });
      expect(posted.status, `${rawId}/${rawToken.slice(0, 12)}`).toBe(404);
    }
    expect(rows().every((r) => r.outcome === null)).toBe(true);
  });

  it("refuses hostile outcome values with a field error and keeps the entry unanswered", async () => {
    const { id, token, path } = await linked();
    for (const outcome of ["__proto__", "constructor", "PREVENTED", "", "prevented ", "unknown"]) {
      const res = await call(outcomeAction, formRequest(path, { outcome }), { id: String(id), token });
      expect(res.status, outcome).toBe(400);
      expect(((await res.json()) as { fieldErrors: Record<string, string> }).fieldErrors.outcome).toBe(
        "Choose an outcome",
      );
    }
    const shown = await call(outcomeLoader, getRequest(`${path}?outcome=__proto__`), { id: String(id), token });
    expect(await shown.json()).toMatchObject({ chosen: null });
    expect(rows().find((r) => r.id === id)!.outcome).toBeNull();
  });

  it("keeps no usable link in the sent email's copy or in logged paths", async () => {
    const { id, token, path } = await linked();
    const kept = withoutSecretLinks(emails()[0].body);
    expect(kept).not.toContain(token);
    expect(kept).toContain(`/prevention/outcome/${id}/[removed once sent]`);
    expect(redactPath(`${path}?outcome=prevented`)).toBe(`/prevention/outcome/${id}/:redacted`);
  });
});

describe("Duty to Refer acknowledgement", () => {
  it("lets the district's named contact acknowledge its referrals, once, storing when and who", async () => {
    const w = await world();
    const referral = entry(w, { districtId: "oxford", action: "duty-to-refer" });
    entry(w, { districtId: "oxford", action: "advice" });
    entry(w, { districtId: "cherwell", action: "duty-to-refer" });
    const cookie = await cookieFor(w.oxfordContact.id);
    const page = await call(referralsLoader, getRequest("/prevention/referrals", { cookie }));
    expect(page.status).toBe(200);
    const data = (await page.json()) as { district: { id: string }; referrals: Array<{ id: number }> };
    expect(data.district.id).toBe("oxford");
    expect(data.referrals.map((r) => r.id)).toEqual([referral.id]);
    const body = { intent: "acknowledge", id: String(referral.id), districtId: "oxford" };
    const res = await call(referralsAction, formRequest("/prevention/referrals", body, { cookie }));
    expect(res.status).toBe(302);
    const row = rows().find((r) => r.id === referral.id)!;
    expect(row.acknowledgedBy).toBe(w.oxfordContact.id);
    expect(row.acknowledgedAt!.getTime()).toBeGreaterThan(row.createdAt.getTime());
    const acknowledgedAt = row.acknowledgedAt!.getTime();
    await call(referralsAction, formRequest("/prevention/referrals", body, { cookie }));
    expect(
      rows()
        .find((r) => r.id === referral.id)!
        .acknowledgedAt!.getTime(),
    ).toBe(acknowledgedAt);
    expect(
      getDb().select().from(auditEvents).where(eq(auditEvents.action, "prevention.acknowledge")).all(),
    ).toHaveLength(1);
  });

  it("refuses another district's contact, a champion and a district it is not theirs, changing nothing", async () => {
    const w = await world();
    const referral = entry(w, { districtId: "oxford", action: "duty-to-refer" });
    const body = { intent: "acknowledge", id: String(referral.id), districtId: "oxford" };
    const cherwell = await cookieFor(w.cherwellContact.id);
    expect((await call(referralsAction, formRequest("/prevention/referrals", body, { cookie: cherwell }))).status).toBe(
      403,
    );
    // Naming their own district with another district's referral acknowledges nothing.
    const mislabelled = { ...body, districtId: "cherwell" };
    await call(referralsAction, formRequest("/prevention/referrals", mislabelled, { cookie: cherwell }));
    const cherwellPage = (await (
      await call(referralsLoader, getRequest("/prevention/referrals?district=oxford", { cookie: cherwell }))
    ).json()) as { district: { id: string }; referrals: unknown[] };
    expect(cherwellPage.district.id).toBe("cherwell");
    expect(cherwellPage.referrals).toHaveLength(0);
    const champion = await cookieFor(w.champion.id);
    const refused = await call(referralsLoader, getRequest("/prevention/referrals", { cookie: champion }));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("named Duty to Refer contact");
    expect((await call(referralsAction, formRequest("/prevention/referrals", body, { cookie: champion }))).status).toBe(
      403,
    );
    for (const hostile of ["__proto__", "constructor", "-1", ""]) {
      const res = await call(
        referralsAction,
        formRequest("/prevention/referrals", { ...body, id: hostile }, { cookie: await cookieFor(w.oxfordContact.id) }),
      );
      expect(res.status, hostile).toBe(400);
    }
    expect(rows().find((r) => r.id === referral.id)!.acknowledgedAt).toBeNull();
  });

  it("lets the coordinator acknowledge for any district", async () => {
    const w = await world();
    const referral = entry(w, { districtId: "cherwell", action: "duty-to-refer" });
    const cookie = await cookieFor(w.coordinator.id);
    const body = { intent: "acknowledge", id: String(referral.id), districtId: "cherwell" };
    expect((await call(referralsAction, formRequest("/prevention/referrals", body, { cookie }))).status).toBe(302);
    expect(rows().find((r) => r.id === referral.id)!.acknowledgedBy).toBe(w.coordinator.id);
  });
});

describe("cascaded training", () => {
  const session = (organisationId: number, overrides: Record<string, string> = {}) => ({
    heldOn: "2026-11-20",
    organisationId: String(organisationId),
    audienceSize: "14",
    audienceRoles: "Ward staff and discharge coordinators",
    tier: "3",
    lengthMinutes: "45",
    ...overrides,
  });

  it("records a session a champion ran and lists it, with the people reached, on their log", async () => {
    const w = await world();
    const cookie = await cookieFor(w.champion.id);
    const res = await call(trainingAction, formRequest("/prevention/training/new", session(w.hospital.id), { cookie }));
    expect(res.status).toBe(302);
    expect(getDb().select().from(cascadeSessions).all()).toMatchObject([
      { memberId: w.champion.id, audienceSize: 14, tier: 3, lengthMinutes: 45, heldOn: "2026-11-20" },
    ]);
    const page = (await (await call(myLogLoader, getRequest("/prevention", { cookie }))).json()) as {
      reached: number;
      sessions: Array<{ tier: string; audienceRoles: string }>;
    };
    expect(page.reached).toBe(14);
    expect(page.sessions[0]).toMatchObject({
      tier: "Tier 3 Awareness",
      audienceRoles: "Ward staff and discharge coordinators",
    });
  });

  it("refuses bad values field by field and a Tier 3 member, writing nothing", async () => {
    const w = await world();
    const cookie = await cookieFor(w.champion.id);
    for (const [field, value] of [
      ["heldOn", "2999-12-31"],
      ["audienceSize", "0"],
      ["audienceSize", "__proto__"],
      ["tier", "4"],
      ["tier", "constructor"],
      ["lengthMinutes", "1.5"],
      ["organisationId", "999999"],
    ]) {
      const res = await call(
        trainingAction,
        formRequest("/prevention/training/new", session(w.hospital.id, { [field]: value }), { cookie }),
      );
      expect(res.status, `${field}=${value}`).toBe(400);
      expect(Object.keys(((await res.json()) as { fieldErrors: object }).fieldErrors)).toEqual([field]);
    }
    const tier3 = await cookieFor(w.awareness.id);
    const refused = await call(
      trainingAction,
      formRequest("/prevention/training/new", session(w.hospital.id), { cookie: tier3 }),
    );
    expect(refused.status).toBe(403);
    expect(getDb().select().from(cascadeSessions).all()).toHaveLength(0);
  });
});
