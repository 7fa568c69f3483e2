/**
 * Hostile input: random and adversarial values thrown at every form schema
 * and at the actions behind them. Nothing but a 2xx, 3xx or 4xx comes back,
 * and nothing invalid is stored.
 */
import fc from "fast-check";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, members, organisations, topicProposals, workshops } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { searchDirectory } from "~/models/contact.server";
import { listAuditEvents } from "~/models/audit.server";
import { action as registerAction } from "~/routes/register";
import { action as loginAction } from "~/routes/login";
import { action as newWorkshopAction } from "~/routes/manage.workshops.new";
import { action as topicsAction } from "~/routes/topics";
import { action as accountAction } from "~/routes/account";
import { action as editOrganisationAction } from "~/routes/organisations.$slug.edit";
import { action as orgContactsAction } from "~/routes/organisations.$slug.contacts._index";
import { loader as directoryLoader } from "~/routes/directory._index";
import { loader as membersLoader } from "~/routes/members._index";
import { loader as auditLoader } from "~/routes/manage.audit";
import { loader as reportLoader } from "~/routes/reports.$report";
import { loader as findLoader } from "~/routes/directory.find";
import { loader as askLoader } from "~/routes/directory.ask";
import { action as inviteAction } from "~/routes/members.invite";
import { action as memberAction } from "~/routes/members.$memberId";
import { action as seriesAction } from "~/routes/manage.workshops.series";
import { action as circumstancesAction } from "~/routes/manage.circumstances";
import { action as districtAction } from "~/routes/manage.districts.$districtId";
import { action as manageTopicsAction } from "~/routes/manage.topics";
import { action as calendarAction } from "~/routes/calendar";
import { action as myDirectoryAction } from "~/routes/account_.directory";
import { action as checkAction } from "~/routes/learn.$moduleId.check._index";
import { action as importAction } from "~/routes/members.import";
import { contactDetailsSchema, newContactSchema } from "~/validation/contact";
import { feedbackSchema, topicSchema, workshopSchema, workshopSeriesSchema } from "~/validation/workshop";
import { registrationSchema } from "~/validation/registration";
import { signInSchema } from "~/validation/sign-in";
import { profileSchema } from "~/validation/profile";
import { organisationDetailsSchema } from "~/validation/organisation-details";
import { memberRecordSchema } from "~/validation/member-record";
import { inviteSchema } from "~/validation/invite";
import { checkSubmissionSchema } from "~/validation/learning";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor } from "../request";

const ADVERSARIAL = [
  "",
  " ",
  "\u0000",
  "a".repeat(10_000),
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "' OR 1=1; --",
  "%",
  "_",
  "\\",
  "😀\u202e\u200b",
  "=cmd|' /C calc'!A0",
  "2026-02-30",
  "25:99",
  "-1",
  "1e309",
  "NaN",
  "__proto__",
  "constructor",
];

const value = fc.oneof(fc.constantFrom(...ADVERSARIAL), fc.string(), fc.string({ unit: "binary" }), fc.integer().map(String));

/** A form as a person (or an attacker) might post it: the known fields plus junk. */
function formOf(fields: string[]) {
  return fc.record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] }).chain((known) =>
    fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 3 }).map((junk) => ({ ...junk, ...known }) as Record<string, string>),
  );
}

function post(url: string, fields: Record<string, string>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(`http://localhost:3000${url}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: body.toString(),
  });
}

const SCHEMAS = {
  registrationSchema,
  signInSchema,
  profileSchema,
  organisationDetailsSchema,
  memberRecordSchema,
  inviteSchema,
  contactDetailsSchema,
  newContactSchema,
  workshopSchema,
  workshopSeriesSchema,
  feedbackSchema,
  topicSchema,
  checkSubmissionSchema,
};

describe("every form schema", () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name} never throws, and whatever it accepts is bounded`, () => {
      fc.assert(
        fc.property(fc.dictionary(fc.oneof(fc.constantFrom("name", "email", "password", "title", "date", "startTime", "capacity", "tier", "role", "description"), fc.string()), fc.oneof(value, fc.array(value, { maxLength: 3 }))), (raw) => {
          const result = schema.safeParse(raw);
          if (result.success) {
            for (const v of Object.values(result.data as Record<string, unknown>)) {
              if (typeof v === "string") expect(v.length).toBeLessThanOrEqual(5000);
            }
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe("actions under hostile input", () => {
  it("answer 2xx, 3xx or 4xx and store nothing invalid", async () => {
    createDistricts();
    const organisation = createTestOrganisation({ slug: "own-org", name: "Own Organisation" });
    const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id });
    const coordinator = await createTestMember({ role: "coordinator" });
    const learner = await createTestMember({ organisationId: organisation.id });
    const leadCookie = await cookieFor(lead.id);
    const coordinatorCookie = await cookieFor(coordinator.id);
    const learnerCookie = await cookieFor(learner.id);
    const db = getDb();
    const n = (table: typeof members | typeof organisations | typeof workshops | typeof contacts | typeof topicProposals) => db.select({ n: count() }).from(table).get()!.n;

    const cases: Array<{ name: string; fields: string[]; run: (f: Record<string, string>) => Promise<Response> }> = [
      { name: "register", fields: ["name", "email", "password", "organisation", "otherOrganisation", "jobTitle"], run: (f) => call(registerAction, post("/register", f)) },
      { name: "login", fields: ["email", "password", "redirectTo"], run: (f) => call(loginAction, post("/login", f)) },
      { name: "profile", fields: ["name", "jobTitle"], run: (f) => call(accountAction, post("/account", f, learnerCookie)) },
      { name: "organisation details", fields: ["description", "publicInbox"], run: (f) => call(editOrganisationAction, post("/organisations/own-org/edit", f, leadCookie), { slug: "own-org" }) },
      {
        name: "new workshop",
        fields: ["title", "topic", "audienceTier", "description", "venue", "joiningUrl", "capacity", "date", "startTime", "endTime", "closesDate", "closesTime"],
        run: (f) => call(newWorkshopAction, post("/manage/workshops/new", f, coordinatorCookie)),
      },
      { name: "topic", fields: ["intent", "title", "details", "topicId", "support"], run: (f) => call(topicsAction, post("/topics", f, learnerCookie)) },
      {
        name: "directory contact",
        fields: ["memberId", "howToContact", "directPhone", "showDirectPhone", "mobile", "showMobile", "districtIds", "specialismIds", "isGoTo"],
        run: (f) => call(orgContactsAction, post("/organisations/own-org/contacts", f, leadCookie), { slug: "own-org" }),
      },
      {
        name: "invite",
        fields: ["name", "email", "jobTitle", "organisationId", "tier", "role"],
        run: (f) => call(inviteAction, post("/members/invite", f, coordinatorCookie)),
      },
      {
        name: "member record",
        fields: ["role", "tier", "organisationId", "status"],
        run: (f) => call(memberAction, post(`/members/${learner.id}`, f, coordinatorCookie), { memberId: String(learner.id) }),
      },
      {
        name: "workshop series",
        fields: ["intent", "title", "topic", "audienceTier", "venue", "joiningUrl", "capacity", "firstMonth", "everyMonths", "weekOfMonth", "weekday", "startTime", "endTime", "count", "closesDaysBefore"],
        run: (f) => call(seriesAction, post("/manage/workshops/series", f, coordinatorCookie)),
      },
      { name: "circumstances", fields: ["intent", "id", "label", "description", "specialismIds"], run: (f) => call(circumstancesAction, post("/manage/circumstances", f, coordinatorCookie)) },
      {
        name: "district referral",
        fields: ["referralRoute", "referralInbox", "officeHours", "procedureSummary", "dutyToReferContactId", "deputyContactId"],
        run: (f) => call(districtAction, post("/manage/districts/oxford", f, coordinatorCookie), { districtId: "oxford" }),
      },
      { name: "topic scheduling", fields: ["topicId", "workshopId"], run: (f) => call(manageTopicsAction, post("/manage/topics", f, coordinatorCookie)) },
      { name: "calendar feed", fields: ["intent"], run: (f) => call(calendarAction, post("/calendar", f, learnerCookie)) },
      { name: "my directory entry", fields: ["intent", "howToContact", "directPhone", "mobile", "districtIds", "specialismIds"], run: (f) => call(myDirectoryAction, post("/account/directory", f, learnerCookie)) },
      {
        name: "knowledge check",
        fields: ["submissionToken", "answer:threatened-56-days", "answer:nope"],
        run: (f) => call(checkAction, post("/learn/homelessness-awareness/check", f, learnerCookie), { moduleId: "homelessness-awareness" }),
      },
      { name: "import preview", fields: ["intent", "rows", "invite"], run: (f) => call(importAction, post("/members/import", f, coordinatorCookie)) },
    ];
    for (const c of cases) {
      await fc.assert(
        fc.asyncProperty(formOf(c.fields), async (fields) => {
          const before = { members: n(members), workshops: n(workshops), contacts: n(contacts), topics: n(topicProposals) };
          const response = await c.run(fields);
          expect(response.status, `${c.name} with ${JSON.stringify(fields).slice(0, 200)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect({ members: n(members), workshops: n(workshops), contacts: n(contacts), topics: n(topicProposals) }).toEqual(before);
          }
        }),
        { numRuns: 40 },
      );
    }
    // Whatever was stored is well-formed.
    for (const m of db.select().from(members).all()) {
      expect(m.email).toMatch(/^[^\s@]+@[^\s@]+$/);
      expect(m.name.trim().length).toBeGreaterThan(0);
    }
    for (const w of db.select().from(workshops).all()) {
      expect(w.endsAt.getTime()).toBeGreaterThan(w.startsAt.getTime());
      expect(w.bookingClosesAt.getTime()).toBeLessThanOrEqual(w.startsAt.getTime());
      if (w.joiningUrl) expect(w.joiningUrl).toMatch(/^https?:\/\//i);
    }
    expect(listAuditEvents({}).length).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it("searches and filters with SQL metacharacters return normal results", async () => {
    createDistricts();
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const coordinatorCookie = await cookieFor((await createTestMember({ role: "coordinator" })).id);
    for (const q of ["' OR 1=1 --", "%", "_", "\\", '"', "NEAR(", "*", "a OR b", "-x", "^", "');DROP TABLE members;--"]) {
      expect(() => searchDirectory({ query: q })).not.toThrow();
      const response = await call(directoryLoader, new Request(`http://localhost:3000/directory?q=${encodeURIComponent(q)}&district=${encodeURIComponent(q)}&specialism=${encodeURIComponent(q)}`, { headers: { Cookie: cookie } }));
      expect(response.status).toBe(200);
      const e = encodeURIComponent(q);
      for (const [loader, url, params] of [
        [membersLoader, `/members?q=${e}&organisation=${e}&tier=${e}&role=${e}&status=${e}&currency=${e}`, {}],
        [auditLoader, `/manage/audit?q=${e}&type=${e}&page=${e}`, {}],
        [reportLoader, `/reports/tiers?from=${e}&to=${e}&district=${e}&organisation=${e}&tier=${e}`, { report: "tiers" }],
        [findLoader, `/directory/find?organisation=${e}&sector=${e}&district=${e}`, {}],
        [askLoader, `/directory/ask?circumstance=${e}&district=${e}`, {}],
      ] as const) {
        const result = await call(loader, new Request(`http://localhost:3000${url}`, { headers: { Cookie: coordinatorCookie } }), params);
        expect(result.status, url).toBe(200);
      }
    }
    expect(getDb().select({ n: count() }).from(members).get()!.n).toBe(2);
  });
});
