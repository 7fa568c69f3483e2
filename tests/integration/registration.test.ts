import { describe, expect, it } from "vitest";
import { members } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { action as registerAction } from "~/routes/register";
import { createTestMember, createTestOrganisation } from "../factories";
import { call, formRequest } from "../request";

const register = (fields: Record<string, string>) => call(registerAction, formRequest("/register", fields));

describe("self-registration", () => {
  it("creates a Tier 3 learner and signs them in", async () => {
    const organisation = createTestOrganisation({ name: "Connection Support Test" });
    const response = await register({
      name: "Robin Ashcombe",
      email: "Robin@Example.org",
      jobTitle: "Support worker",
      organisation: String(organisation.id),
      otherOrganisation: "",
      password: "kettle orchard violet",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/cn_session=/);
    const [member] = getDb().select().from(members).all();
    expect(member).toMatchObject({
      email: "robin@example.org",
      role: "learner",
      tier: 3,
      organisationId: organisation.id,
    });
    expect(member.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("keeps a typed organisation name when it is not in the list", async () => {
    const response = await register({
      name: "Robin Ashcombe",
      email: "robin@example.org",
      organisation: "other",
      otherOrganisation: "Banbury Food Bank",
      password: "kettle orchard violet",
    });
    expect(response.status).toBe(302);
    const [member] = getDb().select().from(members).all();
    expect(member.organisationId).toBeNull();
    expect(member.otherOrganisationName).toBe("Banbury Food Bank");
  });

  it("refuses a duplicate email, keeps what was typed, and writes nothing", async () => {
    await createTestMember({ email: "taken@example.org" });
    const response = await register({
      name: "Someone Else",
      email: "TAKEN@example.org",
      organisation: "other",
      otherOrganisation: "X",
      password: "kettle orchard violet",
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors.email).toMatch(/already exists/);
    expect(body.values.name).toBe("Someone Else");
    expect(body.values.password).toBeUndefined();
    expect(getDb().select().from(members).all()).toHaveLength(1);
  });

  it("refuses a common password and an unknown organisation id", async () => {
    const common = await register({
      name: "A",
      email: "a@example.org",
      organisation: "other",
      otherOrganisation: "X",
      password: "password123",
    });
    expect(common.status).toBe(400);
    expect((await common.json()).fieldErrors.password).toMatch(/too common/);

    const unknown = await register({
      name: "A",
      email: "a@example.org",
      organisation: "9999",
      password: "kettle orchard violet",
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).fieldErrors.organisation).toMatch(/Select your organisation/);
    expect(getDb().select().from(members).all()).toHaveLength(0);
  });

  it("gives every missing field its own message", async () => {
    const response = await register({ name: "", email: "", organisation: "", password: "" });
    expect(response.status).toBe(400);
    const { fieldErrors } = await response.json();
    expect(Object.keys(fieldErrors).sort()).toEqual(["email", "name", "organisation", "password"]);
  });

  it("refuses overlong fields", async () => {
    const response = await register({
      name: "n".repeat(101),
      email: "a@example.org",
      organisation: "other",
      otherOrganisation: "o".repeat(151),
      password: "p".repeat(129),
    });
    expect(response.status).toBe(400);
    const { fieldErrors } = await response.json();
    expect(Object.keys(fieldErrors).sort()).toEqual(["name", "otherOrganisation", "password"]);
    expect(getDb().select().from(members).all()).toHaveLength(0);
  });
});
