import { describe, expect, it } from "vitest";
import { navigationFor } from "~/lib/navigation";
import { assignableRoles, can, canEverywhere, type Actor } from "~/lib/permissions";

const learner: Actor = { id: 1, role: "learner", organisationId: 10 };
const orgLead: Actor = { id: 2, role: "org_lead", organisationId: 10 };
const coordinator: Actor = { id: 3, role: "coordinator", organisationId: 20 };
const admin: Actor = { id: 4, role: "admin", organisationId: 20 };

describe("can", () => {
  it("refuses everything to someone signed out", () => {
    expect(can(null, "update:profile")).toBe(false);
    expect(can(undefined, "read:member", { organisationId: 10 })).toBe(false);
  });

  it("lets an organisation lead edit and see only their own organisation", () => {
    expect(can(orgLead, "update:organisation", { organisationId: 10 })).toBe(true);
    expect(can(orgLead, "update:organisation", { organisationId: 11 })).toBe(false);
    expect(can(orgLead, "read:organisation-members", { organisationId: 10 })).toBe(true);
    expect(can(orgLead, "read:organisation-members", { organisationId: 11 })).toBe(false);
    expect(can(orgLead, "update:organisation", { organisationId: null })).toBe(false);
  });

  it("gives a learner their own profile and nothing of others", () => {
    expect(can(learner, "update:profile", { memberId: 1 })).toBe(true);
    expect(can(learner, "update:profile", { memberId: 2 })).toBe(false);
    expect(can(learner, "read:member", { organisationId: 10 })).toBe(false);
    expect(can(learner, "update:organisation", { organisationId: 10 })).toBe(false);
  });

  it("lets the coordinator act anywhere but not hand out coordinator or admin roles", () => {
    expect(can(coordinator, "update:organisation", { organisationId: 10 })).toBe(true);
    expect(can(coordinator, "update:member", { organisationId: 99 })).toBe(true);
    expect(can(coordinator, "update:member-role")).toBe(false);
    expect(assignableRoles(coordinator)).toEqual(["learner", "org_lead"]);
  });

  it("lets an admin give any role", () => {
    expect(assignableRoles(admin)).toEqual(["learner", "org_lead", "coordinator", "admin"]);
    expect(assignableRoles(learner)).toEqual([]);
  });

  it("tells own-scope from everywhere", () => {
    expect(canEverywhere(orgLead, "read:member")).toBe(false);
    expect(canEverywhere(coordinator, "read:member")).toBe(true);
  });
});

describe("navigationFor", () => {
  const labels = (actor: Actor | null, slug?: string) => navigationFor(actor, slug).map((i) => i.label);

  it("shows each role what it may use", () => {
    expect(labels(null)).toEqual(["Home", "Organisations", "District housing teams"]);
    const learning = ["E-learning", "My learning", "Workshops", "Directory"];
    expect(labels(learner, "org")).toEqual(["Home", "Organisations", "District housing teams", ...learning, "My account"]);
    expect(labels(orgLead, "org")).toEqual(["Home", "Organisations", "District housing teams", ...learning, "Reports", "My organisation", "My account"]);
    expect(labels(coordinator, "org")).toEqual(["Home", "Organisations", "District housing teams", ...learning, "Coordinator", "Reports", "Members", "My account"]);
    expect(labels(admin, "org")).toEqual(["Home", "Organisations", "District housing teams", ...learning, "Coordinator", "Reports", "Members", "My account"]);
  });
});

describe("self, own and any scopes", () => {
  it("keeps a learner's certificates to themselves but lets their lead and the coordinator see them", () => {
    const colleague = { memberId: 99, organisationId: 10 };
    expect(can(learner, "read:certificate", { memberId: 1, organisationId: 10 })).toBe(true);
    expect(can(learner, "read:certificate", colleague)).toBe(false);
    expect(can(orgLead, "read:certificate", colleague)).toBe(true);
    expect(can(orgLead, "read:certificate", { memberId: 98, organisationId: 11 })).toBe(false);
    expect(can(coordinator, "read:certificate", { memberId: 98, organisationId: 11 })).toBe(true);
  });

  it("lets no one edit another member's profile through the self scope", () => {
    expect(can(orgLead, "update:profile", { memberId: 1, organisationId: 10 })).toBe(false);
    expect(can(coordinator, "update:profile", { memberId: 1, organisationId: 10 })).toBe(false);
  });
});
