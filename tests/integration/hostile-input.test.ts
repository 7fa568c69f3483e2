/**
 * Hostile input: random and adversarial values thrown at every form schema
 * and at the actions behind them. Nothing but a 2xx, 3xx or 4xx comes back,
 * and nothing invalid is stored.
 */
import fc from "fast-check";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditEvents,
  circumstances,
  contacts,
  districtReferralDetails,
  members,
  organisations,
  specialisms,
  topicProposals,
  workshopFeedback,
  workshops,
} from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { searchDirectory } from "~/models/contact.server";
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
import { barrierSchema, triageSchema } from "~/validation/barrier";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { HOSTILE_WORDS, hasControl } from "../hostile-text";
import { call, cookieFor } from "../request";

const ADVERSARIAL = [
  "",
  " ",
  "\u0000",
  "a".repeat(10_000),
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
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
  // Control characters: each C0 control, DEL, C1, U+2028/2029 and an unpaired surrogate, and a forged vCard behind a bare CR.
  ...HOSTILE_WORDS,
  "Ann\rTEL:+447700900666\rEND:VCARD\rBEGIN:VCARD\rFN:Hannah Juniperwick",
  '\r=HYPERLINK("http://evil.example")',
];

/** Columns that hold several lines of text: LF is kept there, and only there. */
const STORED_TEXT = [
  { table: members, multiLine: [] },
  { table: organisations, multiLine: ["description"] },
  { table: workshops, multiLine: ["description", "cancellationReason"] },
  { table: contacts, multiLine: ["howToContact"] },
  { table: topicProposals, multiLine: ["details"] },
  { table: workshopFeedback, multiLine: ["mostUseful"] },
  { table: districtReferralDetails, multiLine: ["referralRoute", "procedureSummary"] },
  { table: circumstances, multiLine: [] },
  { table: specialisms, multiLine: [] },
  { table: auditEvents, multiLine: [] },
] as const;

/** Every text value stored in the tables people write to: no control characters, LF only where text runs over lines. Returns how many were checked. */
function expectStoredTextClean() {
  let checked = 0;
  for (const { table, multiLine } of STORED_TEXT) {
    for (const row of getDb().select().from(table).all()) {
      for (const [column, stored] of Object.entries(row)) {
        if (typeof stored !== "string") continue;
        expect(
          hasControl(stored, { lineFeeds: (multiLine as readonly string[]).includes(column) }),
          `${column}: ${JSON.stringify(stored).slice(0, 200)}`,
        ).toBe(false);
        checked += 1;
      }
    }
  }
  return checked;
}

const value = fc.oneof(
  fc.constantFrom(...ADVERSARIAL),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.integer().map(String),
);

/** A form as a person (or an attacker) might post it: the known fields plus junk. */
function formOf(fields: string[]) {
  return fc
    .record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] })
    .chain((known) =>
      fc
        .dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 3 })
        .map((junk) => ({ ...junk, ...known }) as Record<string, string>),
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
  barrierSchema,
  triageSchema,
};

describe("every form schema", () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name} never throws, and whatever it accepts is bounded`, () => {
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.oneof(
              fc.constantFrom(
                "name",
                "email",
                "password",
                "title",
                "date",
                "startTime",
                "capacity",
                "tier",
                "role",
                "description",
              ),
              fc.string(),
            ),
            fc.oneof(value, fc.array(value, { maxLength: 3 })),
          ),
          (raw) => {
            const result = schema.safeParse(raw);
            if (result.success) {
              for (const v of Object.values(result.data as Record<string, unknown>)) {
                if (typeof v === "string") expect(v.length).toBeLessThanOrEqual(5000);
              }
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});

/** An organisation with its lead and a learner, a coordinator, and a signed-in cookie for each. */
async function ownOrganisationWorld() {
  createDistricts();
  const organisation = createTestOrganisation({ slug: "own-org", name: "Own Organisation" });
  const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id });
  const coordinator = await createTestMember({ role: "coordinator" });
  const learner = await createTestMember({ organisationId: organisation.id });
  return {
    organisation,
    lead,
    coordinator,
    learner,
    leadCookie: await cookieFor(lead.id),
    coordinatorCookie: await cookieFor(coordinator.id),
    learnerCookie: await cookieFor(learner.id),
  };
}

describe("actions under hostile input", () => {
  it("answer 2xx, 3xx or 4xx and store nothing invalid", async () => {
    const { learner, leadCookie, coordinatorCookie, learnerCookie } = await ownOrganisationWorld();
    const db = getDb();
    const n = (
      table: typeof members | typeof organisations | typeof workshops | typeof contacts | typeof topicProposals,
    ) => db.select({ n: count() }).from(table).get()!.n;

    const cases: Array<{ name: string; fields: string[]; run: (f: Record<string, string>) => Promise<Response> }> = [
      {
        name: "register",
        fields: ["name", "email", "password", "organisation", "otherOrganisation", "jobTitle"],
        run: (f) => call(registerAction, post("/register", f)),
      },
      { name: "login", fields: ["email", "password", "redirectTo"], run: (f) => call(loginAction, post("/login", f)) },
      {
        name: "profile",
        fields: ["name", "jobTitle"],
        run: (f) => call(accountAction, post("/account", f, learnerCookie)),
      },
      {
        name: "organisation details",
        fields: ["description", "publicInbox"],
        run: (f) =>
          call(editOrganisationAction, post("/organisations/own-org/edit", f, leadCookie), { slug: "own-org" }),
      },
      {
        name: "new workshop",
        fields: [
          "title",
          "topic",
          "audienceTier",
          "description",
          "venue",
          "joiningUrl",
          "capacity",
          "date",
          "startTime",
          "endTime",
          "closesDate",
          "closesTime",
        ],
        run: (f) => call(newWorkshopAction, post("/manage/workshops/new", f, coordinatorCookie)),
      },
      {
        name: "topic",
        fields: ["intent", "title", "details", "topicId", "support"],
        run: (f) => call(topicsAction, post("/topics", f, learnerCookie)),
      },
      {
        name: "directory contact",
        fields: [
          "memberId",
          "howToContact",
          "directPhone",
          "showDirectPhone",
          "mobile",
          "showMobile",
          "districtIds",
          "specialismIds",
          "isGoTo",
        ],
        run: (f) =>
          call(orgContactsAction, post("/organisations/own-org/contacts", f, leadCookie), { slug: "own-org" }),
      },
      {
        name: "invite",
        fields: ["name", "email", "jobTitle", "organisationId", "tier", "role"],
        run: (f) => call(inviteAction, post("/members/invite", f, coordinatorCookie)),
      },
      {
        name: "member record",
        fields: ["role", "tier", "organisationId", "status"],
        run: (f) =>
          call(memberAction, post(`/members/${learner.id}`, f, coordinatorCookie), { memberId: String(learner.id) }),
      },
      {
        name: "workshop series",
        fields: [
          "intent",
          "title",
          "topic",
          "audienceTier",
          "venue",
          "joiningUrl",
          "capacity",
          "firstMonth",
          "everyMonths",
          "weekOfMonth",
          "weekday",
          "startTime",
          "endTime",
          "count",
          "closesDaysBefore",
        ],
        run: (f) => call(seriesAction, post("/manage/workshops/series", f, coordinatorCookie)),
      },
      {
        name: "circumstances",
        fields: ["intent", "id", "label", "description", "specialismIds"],
        run: (f) => call(circumstancesAction, post("/manage/circumstances", f, coordinatorCookie)),
      },
      {
        name: "district referral",
        fields: [
          "referralRoute",
          "referralInbox",
          "officeHours",
          "procedureSummary",
          "dutyToReferContactId",
          "deputyContactId",
        ],
        run: (f) =>
          call(districtAction, post("/manage/districts/oxford", f, coordinatorCookie), { districtId: "oxford" }),
      },
      {
        name: "topic scheduling",
        fields: ["topicId", "workshopId"],
        run: (f) => call(manageTopicsAction, post("/manage/topics", f, coordinatorCookie)),
      },
      {
        name: "calendar feed",
        fields: ["intent"],
        run: (f) => call(calendarAction, post("/calendar", f, learnerCookie)),
      },
      {
        name: "my directory entry",
        fields: ["intent", "howToContact", "directPhone", "mobile", "districtIds", "specialismIds"],
        run: (f) => call(myDirectoryAction, post("/account/directory", f, learnerCookie)),
      },
      {
        name: "knowledge check",
        fields: ["submissionToken", "answer:threatened-56-days", "answer:nope"],
        run: (f) =>
          call(checkAction, post("/learn/homelessness-awareness/check", f, learnerCookie), {
            moduleId: "homelessness-awareness",
          }),
      },
      {
        name: "import preview",
        fields: ["intent", "rows", "invite"],
        run: (f) => call(importAction, post("/members/import", f, coordinatorCookie)),
      },
    ];
    for (const c of cases) {
      await fc.assert(
        fc.asyncProperty(formOf(c.fields), async (fields) => {
          const before = {
            members: n(members),
            workshops: n(workshops),
            contacts: n(contacts),
            topics: n(topicProposals),
          };
          const response = await c.run(fields);
          expect(response.status, `${c.name} with ${JSON.stringify(fields).slice(0, 200)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect({
              members: n(members),
              workshops: n(workshops),
              contacts: n(contacts),
              topics: n(topicProposals),
            }).toEqual(before);
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
    // Whatever hostile text was accepted was stored as plain text.
    expect(expectStoredTextClean()).toBeGreaterThan(0);
  }, 120_000);

  it("stores text from every form as plain text: control characters gone, line breaks kept only where text runs over lines", async () => {
    const { organisation, learner, leadCookie, coordinatorCookie, learnerCookie } = await ownOrganisationWorld();
    // One line of text with a bare CR, NUL, U+2028, tab, ESC, DEL and NEL, and a forged vCard behind bare CRs.
    const LINE = "Ann\r\0\u2028\t\x1b\x7f\x85Smith\rEND:VCARD\rBEGIN:VCARD";
    const STORED_LINE = "Ann    Smith END:VCARD BEGIN:VCARD";
    // Several lines, broken every way a reader might break them.
    const LINES = "First line\r\nsecond\rthird\u2028fourth\u2029fifth\0\v sixth\tend";
    const STORED_LINES = "First line\nsecond\nthird\nfourth\nfifth\n sixth end";
    const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const closes = new Date(Date.now() + 58 * 86_400_000).toISOString().slice(0, 10);

    const steps: Array<[string, () => Promise<Response>]> = [
      ["profile", () => call(accountAction, post("/account", { name: LINE, jobTitle: LINE }, learnerCookie))],
      [
        "register",
        () =>
          call(
            registerAction,
            post("/register", {
              name: LINE,
              email: "new.person@example.org",
              password: "a long test passphrase",
              organisation: "other",
              otherOrganisation: LINE,
              jobTitle: LINE,
            }),
          ),
      ],
      [
        "organisation details",
        () =>
          call(
            editOrganisationAction,
            post("/organisations/own-org/edit", { description: LINES, publicInbox: "" }, leadCookie),
            { slug: "own-org" },
          ),
      ],
      [
        "new workshop",
        () =>
          call(
            newWorkshopAction,
            post(
              "/manage/workshops/new",
              {
                title: LINE,
                topic: LINE,
                audienceTier: "3",
                description: LINES,
                venue: LINE,
                joiningUrl: "",
                capacity: "10",
                date: day,
                startTime: "10:00",
                endTime: "12:00",
                closesDate: closes,
                closesTime: "17:00",
              },
              coordinatorCookie,
            ),
          ),
      ],
      [
        "topic",
        () => call(topicsAction, post("/topics", { intent: "propose", title: LINE, details: LINES }, learnerCookie)),
      ],
      [
        "directory contact",
        () =>
          call(
            orgContactsAction,
            post(
              "/organisations/own-org/contacts",
              { memberId: String(learner.id), howToContact: LINES, directPhone: "01865 700123" },
              leadCookie,
            ),
            { slug: "own-org" },
          ),
      ],
      [
        "my directory entry",
        () =>
          call(
            myDirectoryAction,
            post(
              "/account/directory",
              { intent: "save", howToContact: LINES, directPhone: "01865\u2028700123", mobile: "07700\t900123" },
              learnerCookie,
            ),
          ),
      ],
      [
        "invite",
        () =>
          call(
            inviteAction,
            post(
              "/members/invite",
              {
                name: LINE,
                email: "invited@example.org",
                jobTitle: LINE,
                organisationId: String(organisation.id),
                tier: "3",
                role: "learner",
              },
              coordinatorCookie,
            ),
          ),
      ],
      [
        "circumstance",
        () =>
          call(
            circumstancesAction,
            post(
              "/manage/circumstances",
              { intent: "circumstance", id: "", label: LINE, description: LINE },
              coordinatorCookie,
            ),
          ),
      ],
      [
        "specialism",
        () =>
          call(
            circumstancesAction,
            post("/manage/circumstances", { intent: "specialism", label: LINE }, coordinatorCookie),
          ),
      ],
      [
        "district referral",
        () =>
          call(
            districtAction,
            post(
              "/manage/districts/oxford",
              { referralRoute: LINES, referralInbox: "", officeHours: LINE, procedureSummary: LINES },
              coordinatorCookie,
            ),
            { districtId: "oxford" },
          ),
      ],
      [
        "import",
        async () => {
          // The file is uploaded first (kept on the server; a file holding NUL is refused as not text), then imported
          // with its columns as matched and the hostile name and job title given as fixes to row 2.
          const file =
            "Name,Email,Organisation,Job title,Tier,Directory\r\nAnn,imported@example.org,Own Organisation,,3,no\r\n";
          const boundary = "----hostile-import";
          const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.csv"\r\nContent-Type: text/csv\r\n\r\n`;
          const uploaded = await call(
            importAction,
            new Request("http://localhost:3000/members/import", {
              method: "POST",
              headers: { Cookie: coordinatorCookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
              body: Buffer.concat([Buffer.from(head), Buffer.from(file), Buffer.from(`\r\n--${boundary}--\r\n`)]),
            }),
          );
          const { upload, columns } = (await uploaded.json()) as { upload: string; columns: { choice: string }[] };
          const body = new URLSearchParams({ intent: "import", upload, "fix-2-name": LINE, "fix-2-jobTitle": LINE });
          for (const column of columns) body.append("column", column.choice);
          return call(
            importAction,
            new Request("http://localhost:3000/members/import", {
              method: "POST",
              headers: { Cookie: coordinatorCookie, "Content-Type": "application/x-www-form-urlencoded" },
              body: body.toString(),
            }),
          );
        },
      ],
    ];
    for (const [name, step] of steps) {
      const response = await step();
      expect(
        response.status,
        `${name}: ${response.status} ${(await response.clone().text()).slice(0, 300)}`,
      ).toBeLessThan(400);
    }

    expect(expectStoredTextClean()).toBeGreaterThan(30);
    const db = getDb();
    const member = (email: string) =>
      db
        .select()
        .from(members)
        .all()
        .find((m) => m.email === email)!;
    expect([member(learner.email).name, member(learner.email).jobTitle]).toEqual([STORED_LINE, STORED_LINE]);
    expect([member("new.person@example.org").name, member("new.person@example.org").otherOrganisationName]).toEqual([
      STORED_LINE,
      STORED_LINE,
    ]);
    expect([
      member("invited@example.org").name,
      member("imported@example.org").name,
      member("imported@example.org").jobTitle,
    ]).toEqual([STORED_LINE, STORED_LINE, STORED_LINE]);
    expect(
      db
        .select()
        .from(organisations)
        .all()
        .find((o) => o.slug === "own-org")!.description,
    ).toBe(STORED_LINES);
    const [workshop] = db.select().from(workshops).all();
    expect([workshop.title, workshop.topic, workshop.venue, workshop.description]).toEqual([
      STORED_LINE,
      STORED_LINE,
      STORED_LINE,
      STORED_LINES,
    ]);
    expect(
      db
        .select()
        .from(topicProposals)
        .all()
        .map((t) => [t.title, t.details]),
    ).toEqual([[STORED_LINE, STORED_LINES]]);
    const [contact] = db.select().from(contacts).all();
    expect([contact.howToContact, contact.directPhone, contact.mobile]).toEqual([
      STORED_LINES,
      "01865 700123",
      "07700 900123",
    ]);
    expect(
      db
        .select()
        .from(circumstances)
        .all()
        .map((c) => [c.label, c.description]),
    ).toContainEqual([STORED_LINE, STORED_LINE]);
    expect(
      db
        .select()
        .from(specialisms)
        .all()
        .map((c) => c.label),
    ).toContain(STORED_LINE);
    const referral = db
      .select()
      .from(districtReferralDetails)
      .all()
      .find((d) => d.districtId === "oxford")!;
    expect([referral.referralRoute, referral.officeHours, referral.procedureSummary]).toEqual([
      STORED_LINES,
      STORED_LINE,
      STORED_LINES,
    ]);
  });

  it("searches and filters with SQL metacharacters return normal results", async () => {
    createDistricts();
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const coordinatorCookie = await cookieFor((await createTestMember({ role: "coordinator" })).id);
    for (const q of [
      "' OR 1=1 --",
      "%",
      "_",
      "\\",
      '"',
      "NEAR(",
      "*",
      "a OR b",
      "-x",
      "^",
      "');DROP TABLE members;--",
    ]) {
      expect(() => searchDirectory({ query: q })).not.toThrow();
      const response = await call(
        directoryLoader,
        new Request(
          `http://localhost:3000/directory?q=${encodeURIComponent(q)}&district=${encodeURIComponent(q)}&specialism=${encodeURIComponent(q)}`,
          { headers: { Cookie: cookie } },
        ),
      );
      expect(response.status).toBe(200);
      const e = encodeURIComponent(q);
      for (const [loader, url, params] of [
        [
          membersLoader,
          `/members?q=${e}&organisation=${e}&tier=${e}&role=${e}&status=${e}&currency=${e}&after=${e}&before=${e}`,
          {},
        ],
        [auditLoader, `/manage/audit?q=${e}&type=${e}&page=${e}&after=${e}&before=${e}`, {}],
        [
          reportLoader,
          `/reports/tiers?from=${e}&to=${e}&district=${e}&organisation=${e}&tier=${e}`,
          { report: "tiers" },
        ],
        [findLoader, `/directory/find?organisation=${e}&sector=${e}&district=${e}`, {}],
        [askLoader, `/directory/ask?circumstance=${e}&district=${e}`, {}],
      ] as const) {
        const result = await call(
          loader,
          new Request(`http://localhost:3000${url}`, { headers: { Cookie: coordinatorCookie } }),
          params,
        );
        expect(result.status, url).toBe(200);
      }
    }
    expect(getDb().select({ n: count() }).from(members).get()!.n).toBe(2);
  });
});
