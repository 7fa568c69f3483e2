import { describe, expect, it } from "vitest";
import { listAuditEvents } from "~/models/audit.server";
import { action as memberAction } from "~/routes/members.$memberId";
import { loader as auditLoader } from "~/routes/manage.audit";
import { action as editOrganisationAction } from "~/routes/organisations.$slug.edit";
import { createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

describe("audit log", () => {
  it("records who changed what, before and after, and finds it by name or value", async () => {
    const organisation = createTestOrganisation({ slug: "ward", name: "Ward Trust" });
    const coordinator = await createTestMember({ role: "coordinator", name: "Morgan Thistlewood" });
    const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id, name: "Jo Fernley" });
    const learner = await createTestMember({ name: "Sam Willowmere", organisationId: organisation.id });

    await call(
      memberAction,
      formRequest(`/members/${learner.id}`, { role: "learner", tier: "2", organisationId: String(organisation.id), status: "active" }, { cookie: await cookieFor(coordinator.id) }),
      { memberId: String(learner.id) },
    );
    await call(
      editOrganisationAction,
      formRequest("/organisations/ward/edit", { description: "Acute wards", publicInbox: "team@ward.example.org" }, { cookie: await cookieFor(lead.id) }),
      { slug: "ward" },
    );

    const events = listAuditEvents({});
    expect(events.map((e) => [e.actorName, e.action])).toEqual([
      ["Jo Fernley", "organisation.updated"],
      ["Morgan Thistlewood", "member.updated"],
    ]);
    expect(JSON.parse(events[1].before!)).toMatchObject({ tier: 3 });
    expect(JSON.parse(events[1].after!)).toMatchObject({ tier: 2 });
    expect(listAuditEvents({ query: "Willowmere" }).map((e) => e.action)).toEqual(["member.updated"]);
    expect(listAuditEvents({ query: "team@ward" }).map((e) => e.action)).toEqual(["organisation.updated"]);
    expect(listAuditEvents({ query: "100%_" })).toEqual([]);

    expect((await call(auditLoader, getRequest("/manage/audit", { cookie: await cookieFor(lead.id) }))).status).toBe(403);
    expect((await call(auditLoader, getRequest("/manage/audit?q=Jo", { cookie: await cookieFor(coordinator.id) }))).status).toBe(200);
  });
});
