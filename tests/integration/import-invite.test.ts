import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, invitations, members, outbox } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import { acceptInvitation, findValidInvitation, INVITATION_VALID_MS, inviteMember } from "~/models/invitation.server";
import { checkImportRows, ImportFileError, importMembers, parseMembersCsv } from "~/models/member-import.server";
import { searchDirectory } from "~/models/contact.server";
import { action as acceptAction } from "~/routes/invite.$token";
import { createTestMember, createTestOrganisation } from "../factories";
import { call, formRequest } from "../request";

const CSV =
  "\uFEFFName,Email,Organisation,Job title,Tier,Directory\r\n" +
  '"Bramwell, Kit",kit@example.org,Crisis,"Outreach worker, nights",2,yes\r\n' +
  "Lee Ashworth,not-an-email,Crisis,,1,\r\n" +
  ",nobody@example.org,Crisis,,,\r\n" +
  "Ann Other,ann@example.org,Nowhere Trust,,4,maybe\r\n" +
  "Kit Again,KIT@example.org,crisis,,,\r\n";

describe("bulk import", () => {
  it("reads a byte-order mark, Windows line endings and quoted commas, and lists every problem by row and column", async () => {
    createTestOrganisation({ name: "Crisis", slug: "crisis" });
    const rows = parseMembersCsv(CSV);
    expect(rows[0]).toMatchObject({
      line: 2,
      name: "Bramwell, Kit",
      email: "kit@example.org",
      jobTitle: "Outreach worker, nights",
      tier: "2",
      directory: "yes",
    });
    const { problems } = checkImportRows(rows);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "email"],
      [4, "name"],
      [5, "organisation"],
      [5, "tier"],
      [5, "directory"],
      [6, "email"],
    ]);
    expect(problems.find((p) => p.line === 6)?.message).toBe("Duplicate of row 2");
  });

  it("refuses a file without the needed columns", () => {
    expect(() => parseMembersCsv("Full name,Phone\nA,1")).toThrow(ImportFileError);
  });

  it("imports nothing while any row has a problem, then everything in one go once fixed or skipped", async () => {
    createTestOrganisation({ name: "Crisis", slug: "crisis" });
    const coordinator = await createTestMember({ role: "coordinator" });
    const before = getDb().select().from(members).all().length;
    const rows = parseMembersCsv(CSV);
    expect(() => importMembers({ rows, invitedBy: coordinator.id, sendInvitations: true })).toThrow(
      /nothing was imported/,
    );
    expect(getDb().select().from(members).all()).toHaveLength(before);

    rows[1].email = "lee@example.org";
    for (const r of rows.slice(2)) r.skip = true;
    expect(checkImportRows(rows).problems).toEqual([]);
    expect(importMembers({ rows, invitedBy: coordinator.id, sendInvitations: true })).toMatchObject({ imported: 2 });
    const kit = getDb().select().from(members).where(eq(members.email, "kit@example.org")).get()!;
    expect(kit).toMatchObject({ name: "Bramwell, Kit", tier: 2, role: "learner" });
    expect(getDb().select().from(contacts).where(eq(contacts.memberId, kit.id)).all()).toHaveLength(1);
    expect(searchDirectory({ query: "Bramwell" }).map((c) => c.name)).toEqual(["Bramwell, Kit"]);
    expect(getDb().select().from(outbox).where(eq(outbox.kind, "invitation")).all()).toHaveLength(2);
  });

  it("handles 2,000 rows", async () => {
    createTestOrganisation({ name: "Crisis", slug: "crisis" });
    const coordinator = await createTestMember({ role: "coordinator" });
    const lines = ["Name,Email,Organisation"];
    for (let i = 0; i < 2100; i += 1) lines.push(`Person ${i},person${i}@example.org,Crisis`);
    const rows = parseMembersCsv(lines.join("\r\n"));
    expect(checkImportRows(rows).problems).toEqual([]);
    expect(importMembers({ rows, invitedBy: coordinator.id, sendInvitations: false }).imported).toBe(2100);
  });
});

describe("invitations", () => {
  it("work once, for seven days", async () => {
    const member = await createTestMember({ passwordHash: "invited:x" });
    const now = new Date("2026-11-23T10:00:00Z");
    const { token } = inviteMember({ memberId: member.id, invitedBy: null, now });
    expect(getDb().select().from(invitations).all()[0].tokenHash).not.toContain(token);
    expect(findValidInvitation({ token, now: new Date(now.getTime() + INVITATION_VALID_MS - 1000) })).toBeTruthy();
    expect(findValidInvitation({ token, now: new Date(now.getTime() + INVITATION_VALID_MS + 1000) })).toBeUndefined();
    const hash = await hashPassword("new password here");
    expect(acceptInvitation({ token, passwordHash: hash, now })).toEqual({ memberId: member.id });
    expect(acceptInvitation({ token, passwordHash: hash, now })).toBeNull();
  });

  it("sets the password and signs the member in, refusing a common password", async () => {
    const member = await createTestMember({ passwordHash: "invited:x" });
    const { token } = inviteMember({ memberId: member.id, invitedBy: null });
    const weak = await call(acceptAction, formRequest(`/invite/${token}`, { password: "password1" }), { token });
    expect(weak.status).toBe(400);
    const ok = await call(acceptAction, formRequest(`/invite/${token}`, { password: "lantern orchard pebble" }), {
      token,
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toMatch(/cn_session=/);
    expect(getDb().select().from(members).where(eq(members.id, member.id)).get()?.passwordHash).toMatch(
      /^\$argon2id\$/,
    );
  });
});
