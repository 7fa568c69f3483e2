import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { members, organisations } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { loader as accountLoader, action as accountAction } from "~/routes/account";
import { loader as membersLoader } from "~/routes/members._index";
import { loader as memberLoader, action as memberAction } from "~/routes/members.$memberId";
import { loader as editLoader, action as editAction } from "~/routes/organisations.$slug.edit";
import { loader as orgMembersLoader } from "~/routes/organisations.$slug.members";
import { loader as healthLoader } from "~/routes/healthz";
import { loader as auditLoader } from "~/routes/manage.audit";
import { loader as outboxLoader } from "~/routes/manage.outbox";
import { loader as reportLoader } from "~/routes/reports.$report";
import { createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

async function setUp() {
  const own = createTestOrganisation({ slug: "own-org", name: "Own Organisation" });
  const other = createTestOrganisation({ slug: "other-org", name: "Other Organisation" });
  const learner = await createTestMember({ organisationId: own.id, role: "learner" });
  const lead = await createTestMember({ organisationId: own.id, role: "org_lead" });
  const coordinator = await createTestMember({ organisationId: other.id, role: "coordinator" });
  const admin = await createTestMember({ organisationId: other.id, role: "admin" });
  return { own, other, learner, lead, coordinator, admin };
}

describe("guards on loaders and actions", () => {
  it("sends someone signed out to sign in, remembering where they were going", async () => {
    const response = await call(accountLoader, getRequest("/account"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    const action = await call(accountAction, formRequest("/account", { name: "X" }));
    expect(action.status).toBe(302);
  });

  it("refuses the members list to learners and organisation leads", async () => {
    const { learner, lead, coordinator } = await setUp();
    expect((await call(membersLoader, getRequest("/members", { cookie: await cookieFor(learner.id) }))).status).toBe(
      403,
    );
    expect((await call(membersLoader, getRequest("/members", { cookie: await cookieFor(lead.id) }))).status).toBe(403);
    expect(
      (await call(membersLoader, getRequest("/members", { cookie: await cookieFor(coordinator.id) }))).status,
    ).toBe(200);
  });

  it("lets an organisation lead edit their own organisation but not another (403, nothing written)", async () => {
    const { own, other, lead } = await setUp();
    const cookie = await cookieFor(lead.id);
    expect(
      (await call(editLoader, getRequest("/organisations/own-org/edit", { cookie }), { slug: "own-org" })).status,
    ).toBe(200);
    expect(
      (await call(editLoader, getRequest("/organisations/other-org/edit", { cookie }), { slug: "other-org" })).status,
    ).toBe(403);

    const refused = await call(
      editAction,
      formRequest("/organisations/other-org/edit", { description: "Hijacked", publicInbox: "" }, { cookie }),
      { slug: "other-org" },
    );
    expect(refused.status).toBe(403);
    expect(getDb().select().from(organisations).where(eq(organisations.id, other.id)).get()?.description).toBe("");

    const saved = await call(
      editAction,
      formRequest(
        "/organisations/own-org/edit",
        { description: "We help", publicInbox: "team@example.org" },
        { cookie },
      ),
      { slug: "own-org" },
    );
    expect(saved.status).toBe(302);
    expect(getDb().select().from(organisations).where(eq(organisations.id, own.id)).get()).toMatchObject({
      description: "We help",
      publicInbox: "team@example.org",
    });
  });

  it("answers 400 with the typed values for a bad inbox", async () => {
    const { lead } = await setUp();
    const response = await call(
      editAction,
      formRequest(
        "/organisations/own-org/edit",
        { description: "Text", publicInbox: "not an email" },
        { cookie: await cookieFor(lead.id) },
      ),
      { slug: "own-org" },
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors.publicInbox).toMatch(/correct format/);
    expect(body.values.description).toBe("Text");
  });

  it("answers 404 for an unknown organisation", async () => {
    const { coordinator } = await setUp();
    const response = await call(
      editLoader,
      getRequest("/organisations/nope/edit", { cookie: await cookieFor(coordinator.id) }),
      { slug: "nope" },
    );
    expect(response.status).toBe(404);
  });

  it("shows an organisation's members to its lead only", async () => {
    const { other, learner, lead, coordinator, admin } = await setUp();
    const outsider = await createTestMember({
      organisationId: other.id,
      role: "learner",
      name: "Wilhelmina Outerbridge",
    });
    const cookie = await cookieFor(lead.id);
    const page = await call(orgMembersLoader, getRequest("/organisations/own-org/members", { cookie }), {
      slug: "own-org",
    });
    expect(page.status).toBe(200);
    const data = await page.json();
    // The organisation's members, and nobody from another organisation.
    expect(data.members.map((m: { id: number }) => m.id).sort()).toEqual([learner.id, lead.id].sort());
    const text = JSON.stringify(data);
    for (const stranger of [outsider, coordinator, admin]) expect(text).not.toContain(stranger.email);
    expect(text).not.toContain("Wilhelmina Outerbridge");
    expect(text).not.toContain("Other Organisation");

    // Not a learner of the same organisation, and not the lead on another organisation's page.
    const refusedLearner = await call(
      orgMembersLoader,
      getRequest("/organisations/own-org/members", { cookie: await cookieFor(learner.id) }),
      { slug: "own-org" },
    );
    expect(refusedLearner.status).toBe(403);
    expect(await refusedLearner.text()).not.toContain(lead.email);
    const refusedLead = await call(orgMembersLoader, getRequest("/organisations/other-org/members", { cookie }), {
      slug: "other-org",
    });
    expect(refusedLead.status).toBe(403);
    expect(await refusedLead.text()).not.toContain("Wilhelmina Outerbridge");
  });

  it("lets the coordinator deactivate a learner but not change an admin", async () => {
    const { learner, coordinator, admin } = await setUp();
    const cookie = await cookieFor(coordinator.id);
    const learnerCookie = await cookieFor(learner.id);
    const deactivate = await call(
      memberAction,
      formRequest(
        `/members/${learner.id}`,
        { role: "learner", tier: "3", organisationId: "", status: "deactivated" },
        { cookie },
      ),
      { memberId: String(learner.id) },
    );
    expect(deactivate.status).toBe(302);
    expect(getDb().select().from(members).where(eq(members.id, learner.id)).get()?.status).toBe("deactivated");
    expect((await call(accountLoader, getRequest("/account", { cookie: learnerCookie }))).status).toBe(302);

    const promote = await call(
      memberAction,
      formRequest(
        `/members/${admin.id}`,
        { role: "learner", tier: "3", organisationId: "", status: "active" },
        { cookie },
      ),
      { memberId: String(admin.id) },
    );
    expect(promote.status).toBe(403);
    expect(getDb().select().from(members).where(eq(members.id, admin.id)).get()?.role).toBe("admin");
  });

  it("refuses a coordinator who tries to hand out the admin role", async () => {
    const { learner, coordinator } = await setUp();
    const response = await call(
      memberAction,
      formRequest(
        `/members/${learner.id}`,
        { role: "admin", tier: "3", organisationId: "", status: "active" },
        { cookie: await cookieFor(coordinator.id) },
      ),
      { memberId: String(learner.id) },
    );
    expect(response.status).toBe(400);
    expect(getDb().select().from(members).where(eq(members.id, learner.id)).get()?.role).toBe("learner");
  });

  it("answers 404 for an unknown member and a malformed id", async () => {
    const { coordinator } = await setUp();
    const cookie = await cookieFor(coordinator.id);
    expect((await call(memberLoader, getRequest("/members/999", { cookie }), { memberId: "999" })).status).toBe(404);
    expect((await call(memberLoader, getRequest("/members/abc", { cookie }), { memberId: "abc" })).status).toBe(404);
  });

  it("reports health with the database reachable", async () => {
    const response = await call(healthLoader, getRequest("/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("guards the audit log with read:audit, which only coordinators and administrators hold", async () => {
    const { learner, lead, coordinator, admin } = await setUp();
    const refusals: string[] = [];
    process.env.LOG_LEVEL = "info";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      const event = JSON.parse(String(chunk));
      if (event.event === "permission-refused") refusals.push(event.permission);
      return true;
    });
    try {
      for (const member of [learner, lead]) {
        const response = await call(auditLoader, getRequest("/manage/audit", { cookie: await cookieFor(member.id) }));
        expect(response.status).toBe(403);
        expect(await response.text()).toMatch(/do not have permission/);
      }
    } finally {
      vi.restoreAllMocks();
      process.env.LOG_LEVEL = "silent";
    }
    // The refusal names the permission that protects the page, not a neighbour's.
    expect(refusals).toEqual(["read:audit", "read:audit"]);
    for (const member of [coordinator, admin]) {
      const response = await call(auditLoader, getRequest("/manage/audit", { cookie: await cookieFor(member.id) }));
      expect(response.status).toBe(200);
      expect(await response.json()).toHaveProperty("events");
    }
  });

  it("refuses network-wide pages to an organisation lead, whose grants are for their own organisation only", async () => {
    const { lead, coordinator } = await setUp();
    const outbox = await call(outboxLoader, getRequest("/manage/outbox", { cookie: await cookieFor(lead.id) }));
    expect(outbox.status).toBe(403);
    expect(
      (await call(outboxLoader, getRequest("/manage/outbox", { cookie: await cookieFor(coordinator.id) }))).status,
    ).toBe(200);
  });

  it("keeps a lead with no organisation out of every organisation's reports, and a lead out of another's", async () => {
    const { own, other, lead } = await setUp();
    const unattached = await createTestMember({ organisationId: null, role: "org_lead" });
    const cookie = await cookieFor(unattached.id);
    for (const path of ["/reports/completions", `/reports/completions?organisation=${own.id}`]) {
      const response = await call(reportLoader, getRequest(path, { cookie }), { report: "completions" });
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/your own organisation/);
    }
    const leadCookie = await cookieFor(lead.id);
    const refused = await call(
      reportLoader,
      getRequest(`/reports/completions?organisation=${other.id}`, { cookie: leadCookie }),
      { report: "completions" },
    );
    expect(refused.status).toBe(403);
    const allowed = await call(reportLoader, getRequest("/reports/completions", { cookie: leadCookie }), {
      report: "completions",
    });
    expect(allowed.status).toBe(200);
    expect((await allowed.json()).query.organisation).toBe(own.id);
  });
});
