/**
 * Members who move (issue 16): the record goes with them, the old directory
 * entry is retired (shown to the old lead as "moved on" for 90 days), both
 * leads are emailed, and refusals write nothing. Organisation leads invite
 * their own staff only. Routes are called as Remix calls them; the clock is
 * injected with vi.setSystemTime.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  auditEvents,
  bookings,
  checkAttempts,
  completions,
  contacts,
  invitations,
  memberMoves,
  members,
  organisations,
  outbox,
} from "~drizzle/schema";
import { getDb } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { createContact, searchDirectory } from "~/models/contact.server";
import { getTier1Attendance } from "~/models/currency.server";
import { recordMove } from "~/models/member-move.server";
import { createWorkshop } from "~/models/workshop.server";
import { action as moveAction } from "~/routes/account_.move";
import { loader as directoryLoader } from "~/routes/directory._index";
import { loader as learningLoader } from "~/routes/learning";
import { action as memberAction } from "~/routes/members.$memberId";
import { action as inviteAction } from "~/routes/members.invite";
import { loader as contactsLoader } from "~/routes/organisations.$slug.contacts._index";
import { createTestMember, createTestOrganisation, testContactDetails, testWorkshopInput } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const DAY = 86_400_000;
const T0 = new Date("2026-11-30T12:00:00Z");

afterEach(() => {
  vi.useRealTimers();
});

function complete(memberId: number, code: string) {
  const db = getDb();
  const attempt = db
    .insert(checkAttempts)
    .values({
      memberId,
      moduleId: "homelessness-awareness",
      moduleVersion: 1,
      contentHash: "x",
      submissionToken: `token-${code}`,
      answers: "{}",
      score: 100,
      passed: true,
      submittedAt: new Date(T0.getTime() - 30 * DAY),
    })
    .returning({ id: checkAttempts.id })
    .get();
  db.insert(completions)
    .values({
      memberId,
      moduleId: "homelessness-awareness",
      moduleVersion: 1,
      contentHash: "x",
      attemptId: attempt.id,
      score: 100,
      learnerName: "Mo Mover",
      moduleTitle: "Homelessness awareness",
      tier: 3,
      completedAt: new Date(T0.getTime() - 30 * DAY),
      expiresAt: null,
      certificateCode: code.padEnd(26, "A"),
    })
    .run();
}

/** A Tier 1 workshop `daysAgo` days before T0 that the member attended. */
function attended(daysAgo: number, memberId: number, coordinatorId: number) {
  const startsAt = new Date(Math.floor((T0.getTime() - daysAgo * DAY) / 60_000) * 60_000);
  const { id } = createWorkshop({
    input: testWorkshopInput({ startsAt, bookingClosesAt: new Date(startsAt.getTime() - 2 * DAY) }),
    createdBy: null,
    now: new Date(startsAt.getTime() - 30 * DAY),
  });
  getDb()
    .insert(bookings)
    .values({ workshopId: id, memberId, status: "booked", createdAt: startsAt, updatedAt: startsAt })
    .run();
  saveRegister({ workshopId: id, marks: [{ memberId, status: "attended" }], markedBy: coordinatorId, now: startsAt });
}

async function world() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  const from = createTestOrganisation({ name: "Old Road Trust", slug: "old-road-trust" });
  const to = createTestOrganisation({ name: "New Lane Housing", slug: "new-lane-housing" });
  const coordinator = await createTestMember({ role: "coordinator" });
  const oldLead = await createTestMember({ name: "Olive Oldlead", role: "org_lead", organisationId: from.id });
  const newLead = await createTestMember({ name: "Nina Newlead", role: "org_lead", organisationId: to.id });
  const mover = await createTestMember({ name: "Mo Mover", tier: 1, organisationId: from.id });
  for (const daysAgo of [90, 60, 30]) attended(daysAgo, mover.id, coordinator.id);
  complete(mover.id, "MOVECERT");
  const entry = createContact({ memberId: mover.id, details: testContactDetails({ isGoTo: true }) });
  return { from, to, coordinator, oldLead, newLead, mover, entry };
}

const json = async (response: Response) => JSON.parse(await response.text());

describe("a member moves to another organisation", () => {
  it("takes their record with them, retires their directory entry and tells both leads", async () => {
    const { from, to, oldLead, newLead, mover, entry } = await world();
    const currencyBefore = getTier1Attendance({ memberId: mover.id });
    expect(currencyBefore?.attended).toBe(3);
    const completionsBefore = getDb().select().from(completions).where(eq(completions.memberId, mover.id)).all();
    const moverCookie = await cookieFor(mover.id);

    const response = await call(
      moveAction,
      formRequest("/account/move", { organisationId: String(to.id) }, { cookie: moverCookie }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");

    const member = getDb().select().from(members).where(eq(members.id, mover.id)).get()!;
    expect(member.organisationId).toBe(to.id);
    // Certificates and Tier 1 currency are unchanged: they are keyed by member.
    expect(getDb().select().from(completions).where(eq(completions.memberId, mover.id)).all()).toEqual(
      completionsBefore,
    );
    expect(getTier1Attendance({ memberId: mover.id })).toEqual(currencyBefore);
    const learning = await json(await call(learningLoader, getRequest("/learning", { cookie: moverCookie })));
    expect(JSON.stringify(learning.certificates)).toContain("MOVECERT");

    // The entry is retired, not deleted, and its go-to flag cleared.
    const retired = getDb().select().from(contacts).where(eq(contacts.id, entry.id)).get()!;
    expect(retired).toMatchObject({ retiredReason: "moved", retiredFromOrganisationId: from.id, isGoTo: false });
    expect(retired.retiredAt).toEqual(T0);
    expect(getDb().select().from(memberMoves).all()).toMatchObject([
      { memberId: mover.id, fromOrganisationId: from.id, toOrganisationId: to.id, recordedBy: mover.id },
    ]);

    // Gone from the public directory and its search.
    expect(searchDirectory({ query: "Mo Mover" })).toEqual([]);
    const oldLeadCookie = await cookieFor(oldLead.id);
    const directory = await call(directoryLoader, getRequest("/directory?q=Mover", { cookie: oldLeadCookie }));
    expect(directory.status).toBe(200);
    expect(await directory.text()).not.toContain("Mo Mover");

    // The old lead sees them as moved on, not among the contacts.
    const page = await json(
      await call(contactsLoader, getRequest("/organisations/old-road-trust/contacts", { cookie: oldLeadCookie }), {
        slug: "old-road-trust",
      }),
    );
    expect(page.contacts).toEqual([]);
    expect(page.movedOn).toMatchObject([{ id: entry.id, name: "Mo Mover", movedTo: "New Lane Housing" }]);

    // Both leads are told, once each.
    const emails = getDb().select().from(outbox).where(eq(outbox.kind, "member-move")).all();
    expect(emails.map((e) => e.toAddress).sort()).toEqual(
      [
        getDb().select().from(members).where(eq(members.id, oldLead.id)).get()!.email,
        getDb().select().from(members).where(eq(members.id, newLead.id)).get()!.email,
      ].sort(),
    );
    const toOld = emails.find((e) => e.memberId === oldLead.id)!;
    expect(toOld.subject).toBe("Mo Mover has moved to New Lane Housing");
    expect(toOld.body).toContain("Dear Olive Oldlead");
    expect(toOld.body).toContain("They were your organisation's go-to housing contact");
    expect(toOld.body).toContain('"moved on"');
    const toNew = emails.find((e) => e.memberId === newLead.id)!;
    expect(toNew.subject).toBe("Mo Mover has joined New Lane Housing");
    expect(toNew.body).toContain("from Old Road Trust");
    expect(emails.map((e) => e.dedupeKey).sort()).toEqual(
      [`member-move:1:lead:${oldLead.id}`, `member-move:1:lead:${newLead.id}`].sort(),
    );

    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "member.moved")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].summary).toBe(
      "Mo Mover moved from Old Road Trust to New Lane Housing; their directory entry was retired and the go-to flag cleared",
    );

    // 89 days on the old lead still sees them; after 90 days, no longer.
    vi.setSystemTime(new Date(T0.getTime() + 89 * DAY));
    const later = await json(
      await call(
        contactsLoader,
        getRequest("/organisations/old-road-trust/contacts", { cookie: await cookieFor(oldLead.id) }),
        {
          slug: "old-road-trust",
        },
      ),
    );
    expect(later.movedOn).toHaveLength(1);
    vi.setSystemTime(new Date(T0.getTime() + 91 * DAY));
    const gone = await json(
      await call(
        contactsLoader,
        getRequest("/organisations/old-road-trust/contacts", { cookie: await cookieFor(oldLead.id) }),
        {
          slug: "old-road-trust",
        },
      ),
    );
    expect(gone.movedOn).toEqual([]);
    // The new organisation's lead never sees the retired entry.
    const newPage = await json(
      await call(
        contactsLoader,
        getRequest("/organisations/new-lane-housing/contacts", { cookie: await cookieFor(newLead.id) }),
        { slug: "new-lane-housing" },
      ),
    );
    expect(newPage.contacts).toEqual([]);
    expect(newPage.movedOn).toEqual([]);
  });

  it("can be added to the directory again at the new organisation, which ends the old lead's 'moved on'", async () => {
    const { from, to, mover, entry } = await world();
    recordMove({ memberId: mover.id, toOrganisationId: to.id, recordedBy: mover.id });
    const again = createContact({ memberId: mover.id, details: testContactDetails() });
    expect(again.id).toBe(entry.id);
    expect(searchDirectory({ query: "Mo Mover" }).map((c) => c.organisationName)).toEqual(["New Lane Housing"]);
    expect(getDb().select().from(contacts).where(eq(contacts.retiredFromOrganisationId, from.id)).all()).toEqual([]);
  });

  it("is recorded by the coordinator from the member's page, and by nobody else there", async () => {
    const { to, coordinator, oldLead, mover } = await world();
    const refused = await call(
      memberAction,
      formRequest(
        `/members/${mover.id}`,
        { intent: "move", organisationId: String(to.id) },
        { cookie: await cookieFor(oldLead.id) },
      ),
      { memberId: String(mover.id) },
    );
    expect(refused.status).toBe(403);
    expect(getDb().select().from(memberMoves).all()).toEqual([]);
    const done = await call(
      memberAction,
      formRequest(
        `/members/${mover.id}`,
        { intent: "move", organisationId: String(to.id) },
        { cookie: await cookieFor(coordinator.id) },
      ),
      { memberId: String(mover.id) },
    );
    expect(done.status).toBe(302);
    expect(getDb().select().from(memberMoves).all()).toMatchObject([{ recordedBy: coordinator.id }]);
  });

  it("refuses a closed, unknown, current or hostile organisation with a message, writing nothing", async () => {
    const { from, mover } = await world();
    const closed = createTestOrganisation({ name: "Closed Down CRC" });
    getDb().update(organisations).set({ closedAt: T0 }).where(eq(organisations.id, closed.id)).run();
    const cookie = await cookieFor(mover.id);
    const cases: Array<[string, string]> = [
      [String(closed.id), "Closed Down CRC has closed"],
      ["999999", "Choose the organisation you have moved to"],
      [String(from.id), "is already at Old Road Trust"],
      ["constructor", "Choose the organisation you have moved to"],
      ["__proto__", "Choose the organisation you have moved to"],
      ["1.5", "Choose the organisation you have moved to"],
      ["", "Choose the organisation you have moved to"],
    ];
    for (const [organisationId, message] of cases) {
      const response = await call(moveAction, formRequest("/account/move", { organisationId }, { cookie }));
      expect(response.status, organisationId).toBe(400);
      const body = await json(response);
      expect(body.fieldErrors.organisationId, organisationId).toContain(message);
      expect(body.values.organisationId).toBe(organisationId);
    }
    expect(getDb().select().from(members).where(eq(members.id, mover.id)).get()!.organisationId).toBe(from.id);
    expect(getDb().select().from(memberMoves).all()).toEqual([]);
    expect(getDb().select().from(outbox).where(eq(outbox.kind, "member-move")).all()).toEqual([]);
    expect(getDb().select().from(contacts).where(eq(contacts.memberId, mover.id)).get()!.retiredAt).toBeNull();
  });
});

describe("an organisation lead invites their own staff", () => {
  it("invites into their own organisation, and gets a 403 with nothing written for another's", async () => {
    const own = createTestOrganisation({ name: "Lead's Own Trust" });
    const other = createTestOrganisation({ name: "Someone Else's Trust" });
    const lead = await createTestMember({ role: "org_lead", organisationId: own.id });
    const cookie = await cookieFor(lead.id);
    const fields = { name: "Ivy Invitee", email: "ivy@example.org", jobTitle: "", tier: "2", role: "learner" };
    const countMembers = () => getDb().select().from(members).all().length;
    const before = countMembers();

    for (const organisationId of [String(other.id), "constructor", "__proto__", ""]) {
      const refused = await call(
        inviteAction,
        formRequest("/members/invite", { ...fields, organisationId }, { cookie }),
      );
      expect(refused.status, organisationId).toBe(403);
      expect(await refused.text()).toContain("your own organisation only");
    }
    expect(countMembers()).toBe(before);
    expect(getDb().select().from(invitations).all()).toEqual([]);
    expect(getDb().select().from(outbox).all()).toEqual([]);

    const tier1 = await call(
      inviteAction,
      formRequest(
        "/members/invite",
        { ...fields, tier: "1", role: "org_lead", organisationId: String(own.id) },
        { cookie },
      ),
    );
    expect(tier1.status).toBe(400);
    const errors = (await json(tier1)).fieldErrors;
    expect(errors.tier).toContain("Tier 2 or Tier 3");
    expect(errors.role).toBe("You cannot give that role");
    expect(countMembers()).toBe(before);

    const invited = await call(
      inviteAction,
      formRequest("/members/invite", { ...fields, organisationId: String(own.id) }, { cookie }),
    );
    expect(invited.status).toBe(302);
    const ivy = getDb().select().from(members).where(eq(members.email, "ivy@example.org")).get()!;
    expect(ivy).toMatchObject({ organisationId: own.id, tier: 2, role: "learner" });
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "member.invited")).all();
    expect(audit).toMatchObject([{ actorId: lead.id, summary: "Invited Ivy Invitee to Lead's Own Trust" }]);
  });
});
