import { describe, expect, it } from "vitest";
import { auditEvents } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { getEmailPreferences } from "~/models/email-preference.server";
import { action, loader } from "~/routes/account_.emails";
import { createTestMember } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

describe("Emails you receive (My account)", () => {
  it("shows the member's choices and saves the boxes ticked, audited", async () => {
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const shown = await call(loader, getRequest("/account/emails", { cookie }));
    expect(await shown.json()).toEqual({ preferences: { digest: true, reminders: true, messages: true } });

    const saved = await call(action, formRequest("/account/emails", { reminders: "on" }, { cookie }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/account/emails");
    expect(getEmailPreferences({ memberId: member.id })!.preferences).toEqual({
      digest: false,
      reminders: true,
      messages: false,
    });
    const [entry] = getDb().select().from(auditEvents).all();
    expect(entry).toMatchObject({ actorId: member.id, action: "email-preferences.update" });
    expect(entry.summary).toBe(
      "Email preferences changed in My account: the monthly digest off, messages from the coordinator off",
    );
    expect(JSON.parse(entry.after!)).toEqual({ digest: false, reminders: true, messages: false });

    const shownAgain = await call(loader, getRequest("/account/emails", { cookie }));
    expect(await shownAgain.json()).toEqual({ preferences: { digest: false, reminders: true, messages: false } });
    // Saving the same choices records nothing.
    await call(action, formRequest("/account/emails", { reminders: "on" }, { cookie }));
    expect(getDb().select().from(auditEvents).all()).toHaveLength(1);
  });

  it("refuses a value that is not a ticked box with 400 and changes nothing", async () => {
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const cases: Record<string, string>[] = [
      { digest: "yes" },
      { digest: "on", messages: "false" },
      { reminders: "constructor" },
    ];
    for (const fields of cases) {
      const answer = await call(action, formRequest("/account/emails", fields, { cookie }));
      expect(answer.status).toBe(400);
      const body = await answer.json();
      expect(Object.values(body.fieldErrors)).toContain("Tick the box or leave it empty");
    }
    // Unknown fields, however named, are ignored.
    const odd = await call(action, formRequest("/account/emails", { __proto__: "on", constructor: "on" }, { cookie }));
    expect(odd.status).toBe(302);
    expect(getEmailPreferences({ memberId: member.id })!.preferences).toEqual({
      digest: false,
      reminders: false,
      messages: false,
    });
  });

  it("sends a signed-out visitor to sign in", async () => {
    const answer = await call(loader, getRequest("/account/emails"));
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toMatch(/^\/login/);
  });
});
