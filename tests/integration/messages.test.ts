/**
 * Coordinator messages (issue 17): each audience's recipients, as the outbox
 * holds them (nobody outside it, nobody with messages off, no deactivated
 * member ever); the count the preview shows is the count queued; hostile text
 * in the subject and the message; the sent-messages pages and the audit entry.
 */
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, bookings, members, outbox } from "~drizzle/schema";
import { getDb } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { countAudience, sendMessage, type AudienceChoice } from "~/models/message.server";
import { storedHeaders } from "~/models/outbox.server";
import { createWorkshop } from "~/models/workshop.server";
import { action as newMessageAction } from "~/routes/manage.messages.new";
import { loader as messagesLoader } from "~/routes/manage.messages._index";
import { loader as messageLoader } from "~/routes/manage.messages.$messageId";
import type { MessageInput } from "~/validation/message";
import { createDistricts, createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { HOSTILE_WORDS, hasControl } from "../hostile-text";
import { call, cookieFor, formRequest, getRequest } from "../request";

const DAY = 86_400_000;
const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

function hold(daysAgo: number, coordinatorId: number, attended: number[], absent: number[]) {
  const startsAt = ago(daysAgo);
  const { id } = createWorkshop({
    input: testWorkshopInput({ startsAt, bookingClosesAt: ago(daysAgo + 2) }),
    createdBy: null,
    now: ago(daysAgo + 30),
  });
  for (const memberId of [...attended, ...absent])
    getDb()
      .insert(bookings)
      .values({ workshopId: id, memberId, status: "booked", createdAt: startsAt, updatedAt: startsAt })
      .run();
  saveRegister({
    workshopId: id,
    marks: [
      ...attended.map((memberId) => ({ memberId, status: "attended" as const })),
      ...absent.map((memberId) => ({ memberId, status: "absent" as const })),
    ],
    markedBy: coordinatorId,
    now: startsAt,
  });
}

async function world() {
  createDistricts();
  const oxfordOrg = createTestOrganisation({ name: "Oxford Night Shelter", districtId: "oxford" });
  const cherwellOrg = createTestOrganisation({ name: "Banbury Advice", districtId: "cherwell" });
  const coordinator = await createTestMember({ role: "coordinator", name: "Cora Ordinator", now: ago(900) });
  const make = (name: string, extra: Record<string, unknown> = {}) =>
    createTestMember({ name, tier: 3, now: ago(900), ...extra });
  const current = await make("Cai Current", { tier: 1, organisationId: oxfordOrg.id });
  const atRisk = await make("Ari Atrisk", { tier: 1, organisationId: oxfordOrg.id });
  const lapsed = await make("Lou Lapsed", { tier: 1, organisationId: cherwellOrg.id });
  const lapsedOff = await make("Lia Lapsedoff", { tier: 1, organisationId: cherwellOrg.id });
  const lapsedGone = await make("Len Lapsedgone", { tier: 1, organisationId: cherwellOrg.id });
  const lead = await make("Lee Lead", { role: "org_lead", organisationId: cherwellOrg.id });
  const generalist = await make("Gen Eralist", { tier: 2, organisationId: oxfordOrg.id });
  const learner = await make("Lea Rner", { organisationId: cherwellOrg.id });
  // Six Tier 1 workshops: current attends all; at risk attends the oldest three (so missing one more lapses
  // them... by the rule 3 of the last 6); the lapsed attend none.
  const lapsedIds = [lapsed.id, lapsedOff.id, lapsedGone.id];
  for (let i = 6; i >= 1; i -= 1)
    hold(i * 20, coordinator.id, i >= 4 ? [current.id, atRisk.id] : [current.id], [
      ...lapsedIds,
      ...(i < 4 ? [atRisk.id] : []),
    ]);
  const db = getDb();
  db.update(members).set({ messageEmails: false }).where(eq(members.id, lapsedOff.id)).run();
  db.update(members)
    .set({ status: "deactivated", deactivatedAt: ago(1) })
    .where(eq(members.id, lapsedGone.id))
    .run();
  const upcoming = createWorkshop({ input: testWorkshopInput({ audienceTier: 3 }), createdBy: null });
  for (const m of [generalist, learner, lapsedGone])
    db.insert(bookings)
      .values({ workshopId: upcoming.id, memberId: m.id, status: "booked", createdAt: NOW, updatedAt: NOW })
      .run();
  return {
    coordinator,
    current,
    atRisk,
    lapsed,
    lapsedOff,
    lapsedGone,
    lead,
    generalist,
    learner,
    oxfordOrg,
    cherwellOrg,
    upcomingId: upcoming.id,
  };
}

const none = { tier: null, organisationId: null, districtId: null, workshopId: null };
function input(choice: Partial<AudienceChoice> & { audience: AudienceChoice["audience"] }): MessageInput {
  return { subject: "Winter update", body: "Hello.", ...none, ...choice };
}

function recipientsOf(messageId: number) {
  return getDb()
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `message:${messageId}:%`))
    .all();
}

describe("coordinator messages", () => {
  it("goes to each audience and nobody else: never to members with messages off or deactivated", async () => {
    const w = await world();
    const sender = { id: w.coordinator.id, name: "Cora Ordinator" };
    const everyoneActive = [
      w.coordinator.id,
      w.current.id,
      w.atRisk.id,
      w.lapsed.id,
      w.lead.id,
      w.generalist.id,
      w.learner.id,
    ];
    const cases: Array<[Partial<AudienceChoice> & { audience: AudienceChoice["audience"] }, number[]]> = [
      [{ audience: "everyone" }, everyoneActive],
      [{ audience: "tier", tier: 1 }, [w.current.id, w.atRisk.id, w.lapsed.id]],
      [{ audience: "tier", tier: 2 }, [w.generalist.id]],
      [{ audience: "lapsed" }, [w.lapsed.id]],
      [{ audience: "at-risk" }, [w.atRisk.id]],
      [{ audience: "org-leads" }, [w.lead.id]],
      [{ audience: "organisation", organisationId: w.cherwellOrg.id }, [w.lapsed.id, w.lead.id, w.learner.id]],
      [{ audience: "district", districtId: "oxford" }, [w.current.id, w.atRisk.id, w.generalist.id]],
      [{ audience: "workshop", workshopId: w.upcomingId }, [w.generalist.id, w.learner.id]],
    ];
    for (const [choice, expected] of cases) {
      const counts = countAudience({ choice: input(choice) });
      const { id, queued } = sendMessage({ input: input(choice), sender });
      const emails = recipientsOf(id);
      expect(emails.map((e) => e.memberId).sort(), choice.audience).toEqual([...expected].sort());
      expect(queued).toBe(expected.length);
      expect(counts.recipients).toBe(expected.length);
      for (const e of emails) {
        expect(e.kind).toBe("message");
        expect(e.priority).toBe(1);
        expect(e.body).toContain(`/unsubscribe/messages.${e.memberId}.`);
        expect(storedHeaders(e.headers)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      }
    }
    // The lapsed audience counts the one who turned messages off, and never the deactivated one.
    expect(countAudience({ choice: input({ audience: "lapsed" }) })).toEqual({ total: 2, optedOut: 1, recipients: 1 });
    expect(getDb().select().from(outbox).where(eq(outbox.memberId, w.lapsedGone.id)).all()).toHaveLength(0);
    expect(getDb().select().from(outbox).where(eq(outbox.memberId, w.lapsedOff.id)).all()).toHaveLength(0);
  });

  it("queues exactly the count the preview showed, once each, and lists the message with who sent it", async () => {
    const w = await world();
    const cookie = await cookieFor(w.coordinator.id);
    const fields = {
      subject: "Come back to Tier 1",
      body: "We miss you. Book here: [workshops](https://example.org/workshops)",
      audience: "tier",
      tier: "1",
    };
    const preview = await call(
      newMessageAction,
      formRequest("/manage/messages/new", { ...fields, intent: "preview" }, { cookie }),
    );
    expect(preview.status).toBe(200);
    const shown = (await preview.json()) as {
      preview: { recipients: number; optedOut: number; email: { body: string } };
    };
    expect(shown.preview.recipients).toBe(3);
    expect(shown.preview.optedOut).toBe(1);
    expect(shown.preview.email.body).toContain("Book here: workshops (https://example.org/workshops)");
    expect(getDb().select().from(outbox).all()).toHaveLength(0);

    const sent = await call(
      newMessageAction,
      formRequest("/manage/messages/new", { ...fields, intent: "send", expectedRecipients: "3" }, { cookie }),
    );
    expect(sent.status).toBe(302);
    const messageId = Number(sent.headers.get("Location")!.split("/").pop());
    expect(recipientsOf(messageId)).toHaveLength(shown.preview.recipients);

    // A send whose count no longer matches is previewed again, not sent.
    const stale = await call(
      newMessageAction,
      formRequest("/manage/messages/new", { ...fields, intent: "send", expectedRecipients: "7" }, { cookie }),
    );
    expect(stale.status).toBe(200);
    expect(JSON.stringify(await stale.json())).toContain('"changed":true');
    expect(getDb().select().from(outbox).all()).toHaveLength(3);

    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "message.sent")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(w.coordinator.id);

    const list = await call(messagesLoader, getRequest("/manage/messages", { cookie }));
    const listed = JSON.stringify(await list.json());
    expect(listed).toContain("Come back to Tier 1");
    expect(listed).toContain("Cora Ordinator");
    expect(listed).toContain("Tier 1 Specialist members");
    const page = await call(messageLoader, getRequest(`/manage/messages/${messageId}`, { cookie }), {
      messageId: String(messageId),
    });
    expect(JSON.stringify(await page.json())).toContain('href=\\"https://example.org/workshops\\"');
    const missing = await call(messageLoader, getRequest("/manage/messages/999", { cookie }), { messageId: "999" });
    expect(missing.status).toBe(404);
  });

  it("refuses a message with no subject, no text or an organisation that does not exist, keeping what was typed", async () => {
    const w = await world();
    const cookie = await cookieFor(w.coordinator.id);
    const empty = await call(
      newMessageAction,
      formRequest("/manage/messages/new", { subject: "", body: "Kept text", audience: "organisation" }, { cookie }),
    );
    expect(empty.status).toBe(400);
    const errors = (await empty.json()) as { errors: Record<string, string>; values: Record<string, string> };
    expect(errors.errors.subject).toBe("Enter a subject");
    expect(errors.errors.organisationId).toBe("Select an organisation");
    expect(errors.values.body).toBe("Kept text");
    const unknown = await call(
      newMessageAction,
      formRequest(
        "/manage/messages/new",
        { subject: "Hi", body: "Hi", audience: "organisation", organisationId: "999999", intent: "preview" },
        { cookie },
      ),
    );
    expect(unknown.status).toBe(400);
    expect(getDb().select().from(outbox).all()).toHaveLength(0);
  });

  it("keeps hostile text out of the subject header and the email's text", async () => {
    const w = await world();
    const cookie = await cookieFor(w.coordinator.id);
    for (const [i, word] of HOSTILE_WORDS.entries()) {
      const response = await call(
        newMessageAction,
        formRequest(
          "/manage/messages/new",
          {
            subject: `Notice ${word}\r\nBcc: victim@example.org`,
            body: `Line ${word}\n<img src=x onerror=alert(1)> [x](javascript:alert(${i}))`,
            audience: "org-leads",
            intent: "send",
            expectedRecipients: "1",
          },
          { cookie },
        ),
      );
      expect(response.status).toBe(302);
    }
    const emails = getDb().select().from(outbox).all();
    expect(emails).toHaveLength(HOSTILE_WORDS.length);
    for (const e of emails) {
      expect(e.memberId).toBe(w.lead.id);
      expect(hasControl(e.subject)).toBe(false);
      expect(e.subject).not.toMatch(/\n|\r/);
      expect(hasControl(e.body, { lineFeeds: true })).toBe(false);
      expect(e.body).not.toMatch(/<img|onerror|javascript:/);
    }
  });
});
