import { describe, expect, it } from "vitest";
import { navigationFor } from "~/lib/navigation";
import { assignableRoles, can, type Actor, type Target } from "~/lib/permissions";

const learner: Actor = { id: 1, role: "learner", organisationId: 10 };
const orgLead: Actor = { id: 2, role: "org_lead", organisationId: 10 };
const coordinator: Actor = { id: 3, role: "coordinator", organisationId: 20 };
const admin: Actor = { id: 4, role: "admin", organisationId: 20 };

describe("can", () => {
  it("refuses everything to someone signed out", () => {
    expect(can(null, "update:profile", "self")).toBe(false);
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
    expect(can(learner, "update:profile", "self")).toBe(true);
    expect(can(learner, "update:profile", { memberId: 1, organisationId: 10 })).toBe(true);
    expect(can(learner, "update:profile", { memberId: 2, organisationId: 10 })).toBe(false);
    expect(can(learner, "read:member", { organisationId: 10 })).toBe(false);
    expect(can(learner, "update:organisation", { organisationId: 10 })).toBe(false);
  });

  it("lets the coordinator act anywhere but not hand out coordinator or admin roles", () => {
    expect(can(coordinator, "update:organisation", { organisationId: 10 })).toBe(true);
    expect(can(coordinator, "update:member", { organisationId: 99 })).toBe(true);
    expect(can(coordinator, "update:member-role", "everywhere")).toBe(false);
    expect(assignableRoles(coordinator)).toEqual(["learner", "org_lead"]);
  });

  it("lets an admin give any role", () => {
    expect(assignableRoles(admin)).toEqual(["learner", "org_lead", "coordinator", "admin"]);
    expect(assignableRoles(learner)).toEqual([]);
  });

  it("tells own-scope from everywhere", () => {
    expect(can(orgLead, "read:member", "everywhere")).toBe(false);
    expect(can(orgLead, "read:member", { organisationId: 10 })).toBe(true);
    expect(can(coordinator, "read:member", "everywhere")).toBe(true);
  });

  it("never passes an own or self grant without a target", () => {
    // @ts-expect-error: the target is required; leaving it out is a type error.
    expect(can(orgLead, "read:report")).toBe(false);
    // @ts-expect-error: the target is required; leaving it out is a type error.
    expect(can(learner, "read:certificate")).toBe(false);
    expect(can(orgLead, "read:report", undefined as unknown as Target)).toBe(false);
    expect(can(learner, "update:contact", {} as Target)).toBe(false);
    // An `any` grant needs no particular target.
    // @ts-expect-error: the target is required; leaving it out is a type error.
    expect(can(coordinator, "read:report")).toBe(true);
  });

  it("lets only an `any` grant pass for everywhere", () => {
    expect(can(orgLead, "read:report", "everywhere")).toBe(false);
    expect(can(orgLead, "update:contact", "everywhere")).toBe(false);
    expect(can(learner, "update:contact", "everywhere")).toBe(false);
    expect(can(learner, "read:directory", "everywhere")).toBe(true);
    expect(can(coordinator, "manage:workshop", "everywhere")).toBe(true);
  });

  it("refuses an own grant to a lead who has no organisation", () => {
    const unattached: Actor = { id: 5, role: "org_lead", organisationId: null };
    expect(can(unattached, "read:report", { organisationId: null })).toBe(false);
    expect(can(unattached, "read:report", { organisationId: unattached.organisationId })).toBe(false);
    expect(can(unattached, "update:profile", "self")).toBe(true);
  });

  it("keeps the audit log to coordinators and administrators, under its own permission", () => {
    expect(can(orgLead, "read:audit", "everywhere")).toBe(false);
    expect(can(orgLead, "read:audit", { organisationId: 10 })).toBe(false);
    expect(can(learner, "read:audit", "self")).toBe(false);
    expect(can(coordinator, "read:audit", "everywhere")).toBe(true);
    expect(can(admin, "read:audit", "everywhere")).toBe(true);
  });
});

describe("navigationFor", () => {
  const labels = (actor: Parameters<typeof navigationFor>[0], slug?: string) =>
    navigationFor(actor, slug).map((i) => i.label);

  it("shows each role what it may use", () => {
    expect(labels(null)).toEqual(["Home", "Organisations", "District housing teams", "Toolkit"]);
    const learning = ["E-learning", "My learning", "Workshops", "Directory", "System barriers"];
    expect(labels(learner, "org")).toEqual([
      "Home",
      "Organisations",
      "District housing teams",
      "Toolkit",
      ...learning,
      "My account",
    ]);
    expect(labels(orgLead, "org")).toEqual([
      "Home",
      "Organisations",
      "District housing teams",
      "Toolkit",
      ...learning,
      "Reports",
      "My organisation",
      "My account",
    ]);
    expect(labels(coordinator, "org")).toEqual([
      "Home",
      "Organisations",
      "District housing teams",
      "Toolkit",
      ...learning,
      "Coordinator",
      "Reports",
      "Members",
      "My account",
    ]);
    expect(labels(admin, "org")).toEqual([
      "Home",
      "Organisations",
      "District housing teams",
      "Toolkit",
      ...learning,
      "Coordinator",
      "Reports",
      "Members",
      "My account",
    ]);
  });

  it("offers the prevention log to Tier 1 and 2 members only", () => {
    expect(labels({ ...learner, tier: 1 }, "org")).toContain("Prevention log");
    expect(labels({ ...learner, tier: 2 }, "org")).toContain("Prevention log");
    expect(labels({ ...learner, tier: 3 }, "org")).not.toContain("Prevention log");
    expect(labels(learner, "org")).not.toContain("Prevention log");
  });

  it("offers no reports to a lead who has no organisation (the page would refuse them)", () => {
    const unattached: Actor = { id: 5, role: "org_lead", organisationId: null };
    expect(labels(unattached)).toEqual([
      "Home",
      "Organisations",
      "District housing teams",
      "Toolkit",
      "E-learning",
      "My learning",
      "Workshops",
      "Directory",
      "System barriers",
      "My account",
    ]);
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

  it('takes "self" as the actor\'s own record', () => {
    expect(can(learner, "read:certificate", "self")).toBe(true);
    expect(can(learner, "take:learning", "self")).toBe(true);
    expect(can(learner, "read:member", "self")).toBe(false);
  });

  it('has no call site that stands in -1 for "everywhere"', async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const files = (fs.readdirSync("app", { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f));
    const hits = files.filter((f) =>
      /(organisationId|memberId)\s*\?*:?\s*-1\b|\?\?\s*-1\b/.test(fs.readFileSync(path.join("app", f), "utf8")),
    );
    expect(hits).toEqual([]);
  });

  it("lets no one edit another member's profile through the self scope", () => {
    expect(can(orgLead, "update:profile", { memberId: 1, organisationId: 10 })).toBe(false);
    expect(can(coordinator, "update:profile", { memberId: 1, organisationId: 10 })).toBe(false);
  });
});
