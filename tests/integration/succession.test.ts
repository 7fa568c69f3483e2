import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  attendance,
  bookings,
  championGaps,
  invitations,
  members,
  organisations,
  outbox,
  placeHolds,
} from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { runJobs } from "~/lib/jobs.server";
import { BookingError, bookPlace } from "~/models/booking.server";
import { updateMemberRecord } from "~/models/member.server";
import { recordMove } from "~/models/member-move.server";
import {
  actForColleague,
  decideNomination,
  detectChampionGaps,
  gapsReport,
  holdPlace,
  lapseHeldPlaces,
  listOpenGaps,
  nominateSuccessor,
  proposeSuccessor,
  SuccessionError,
  takeHeldPlace,
} from "~/models/succession.server";
import { createWorkshop } from "~/models/workshop.server";
import { createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { forkWorker } from "./helpers/fork-worker";
import { action as successionAction } from "~/routes/organisations.$slug.succession";
import { call, cookieFor, formRequest, getRequest } from "../request";
import { render } from "../render";
import AccountPage, { loader as accountLoader } from "~/routes/account";
import OrganisationPage, { loader as organisationLoader } from "~/routes/organisations.$slug._index";
import WorkshopPage, { loader as workshopLoader } from "~/routes/workshops.$workshopId._index";
import WorkshopList, { loader as workshopListLoader } from "~/routes/workshops._index";
import { loader as healthLoader } from "~/routes/manage.health";

const DAY = 86_400_000;
const LONG_AGO = new Date(Date.UTC(2018, 0, 1));

function gapsOf(organisationId: number) {
  return getDb().select().from(championGaps).where(eq(championGaps.organisationId, organisationId)).all();
}

function emailsTo(address: string) {
  return getDb().select().from(outbox).where(eq(outbox.toAddress, address)).all();
}

/** A workshop (30 days ahead unless told) with the facts a test asserts on. */
function workshop(overrides: Parameters<typeof testWorkshopInput>[0] = {}) {
  const input = testWorkshopInput(overrides);
  return { ...input, ...createWorkshop({ input, createdBy: null }) };
}

function testOrganisation() {
  const created = createTestOrganisation();
  return { ...created, name: getDb().select().from(organisations).where(eq(organisations.id, created.id)).get()!.name };
}

async function organisationWithChampion() {
  const organisation = testOrganisation();
  const champion = await createTestMember({ tier: 1, organisationId: organisation.id, now: LONG_AGO });
  const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id });
  const colleague = await createTestMember({ tier: 3, organisationId: organisation.id });
  return { organisation, champion, lead, colleague };
}

function deactivate(memberId: number, now: Date) {
  const m = getDb().select().from(members).where(eq(members.id, memberId)).get()!;
  updateMemberRecord(
    {
      memberId,
      changes: { role: m.role, tier: m.tier, organisationId: m.organisationId, status: "deactivated" },
      now,
    },
    getDb(),
  );
}

describe("champion gaps", () => {
  it("opens at once when the only champion is deactivated, counts the days open, and the job changes nothing", async () => {
    const { organisation, champion } = await organisationWithChampion();
    const opened = new Date(Date.UTC(2026, 10, 1, 9));
    deactivate(champion.id, opened);
    expect(gapsOf(organisation.id)).toMatchObject([{ reason: "deactivated", openedAt: opened, closedAt: null }]);
    detectChampionGaps({ now: new Date(opened.getTime() + DAY) });
    detectChampionGaps({ now: new Date(opened.getTime() + 2 * DAY) });
    expect(gapsOf(organisation.id)).toHaveLength(1);
    const later = new Date(opened.getTime() + 12 * DAY + 3600_000);
    const listed = listOpenGaps({ organisationId: organisation.id, now: later }).gaps;
    expect(listed).toMatchObject([{ organisationName: organisation.name, daysOpen: 12 }]);
  });

  it("does not open when another champion is still current", async () => {
    const { organisation, champion } = await organisationWithChampion();
    await createTestMember({ tier: 1, organisationId: organisation.id, now: LONG_AGO });
    deactivate(champion.id, new Date());
    detectChampionGaps({ now: new Date() });
    expect(gapsOf(organisation.id)).toEqual([]);
  });

  it("opens with reason 'moved' when the only champion moves to another organisation", async () => {
    const { organisation, champion } = await organisationWithChampion();
    const elsewhere = testOrganisation();
    updateMemberRecord({
      memberId: champion.id,
      changes: { role: "learner", tier: 1, organisationId: elsewhere.id, status: "active" },
    });
    expect(gapsOf(organisation.id)).toMatchObject([{ reason: "moved", closedAt: null }]);
    expect(gapsOf(elsewhere.id)).toEqual([]);
  });

  it("opens in the move's transaction when the only champion records a move, and not for a colleague's move", async () => {
    const { organisation, champion, lead, colleague } = await organisationWithChampion();
    const elsewhere = testOrganisation();
    const movedAt = new Date(Date.now() - 3 * DAY);
    recordMove({ memberId: colleague.id, toOrganisationId: elsewhere.id, recordedBy: colleague.id, now: movedAt });
    expect(gapsOf(organisation.id)).toEqual([]);
    const result = recordMove({
      memberId: champion.id,
      toOrganisationId: elsewhere.id,
      recordedBy: lead.id,
      now: movedAt,
    });
    expect(result.to.id).toBe(elsewhere.id);
    expect(gapsOf(organisation.id)).toMatchObject([{ reason: "moved", openedAt: movedAt, closedAt: null }]);
    expect(gapsOf(elsewhere.id)).toEqual([]);
    expect(listOpenGaps({ organisationId: organisation.id }).gaps[0]).toMatchObject({ daysOpen: 3 });
  });

  it("opens no gap when a moving champion leaves another current champion behind", async () => {
    const { organisation, champion } = await organisationWithChampion();
    await createTestMember({ tier: 1, organisationId: organisation.id, now: LONG_AGO });
    recordMove({ memberId: champion.id, toOrganisationId: testOrganisation().id, recordedBy: champion.id });
    expect(gapsOf(organisation.id)).toEqual([]);
  });

  it("opens from the job when the champion's currency lapses, and closes when a champion is current again", async () => {
    const { organisation, champion, lead } = await organisationWithChampion();
    const base = Date.UTC(2026, 5, 1, 9);
    // Three Tier 1 workshops held with registers taken, the champion absent from all: lapsed (3 of the last 6).
    for (let i = 0; i < 3; i += 1) {
      const startsAt = new Date(base + i * 7 * DAY);
      const w = createWorkshop({
        input: testWorkshopInput({
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3600_000),
          bookingClosesAt: new Date(startsAt.getTime() - DAY),
        }),
        createdBy: null,
      });
      getDb()
        .insert(attendance)
        .values({ workshopId: w.id, memberId: champion.id, status: "absent", markedBy: lead.id, markedAt: startsAt })
        .run();
    }
    const now = new Date(base + 30 * DAY);
    expect(detectChampionGaps({ now })).toMatchObject({ opened: 1 });
    expect(gapsOf(organisation.id)).toMatchObject([{ reason: "lapsed", closedAt: null }]);
    expect(detectChampionGaps({ now })).toMatchObject({ opened: 0, closed: 0 });
    // A new Tier 1 member counts as current (not yet had the chance): the job closes the gap.
    await createTestMember({ tier: 1, organisationId: organisation.id, now });
    const closedAt = new Date(now.getTime() + DAY);
    detectChampionGaps({ now: closedAt });
    expect(gapsOf(organisation.id)).toMatchObject([{ closedAt, successorMemberId: null }]);
  });

  it("pages the open gaps by keyset, oldest first", async () => {
    const start = Date.UTC(2020, 0, 1);
    const ids: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { organisation, champion } = await organisationWithChampion();
      deactivate(champion.id, new Date(start + i * DAY));
      ids.push(organisation.id);
    }
    const first = listOpenGaps({ limit: 3 });
    const second = listOpenGaps({ limit: 3, after: first.next! });
    const all = [...first.gaps, ...second.gaps].map((g) => g.organisationId).filter((id) => ids.includes(id));
    expect(all).toEqual(ids);
  });
});

describe("nominating a successor", () => {
  it("sets an existing member on Tier 1, closes the gap, holds the next Tier 1 place and emails them", async () => {
    const { organisation, champion, lead, colleague } = await organisationWithChampion();
    const now = new Date();
    deactivate(champion.id, now);
    const w = workshop({ capacity: 5 });
    const result = nominateSuccessor({
      organisationId: organisation.id,
      successor: { memberId: colleague.id },
      actorId: lead.id,
      now,
    });
    expect(result.holdId).not.toBeNull();
    const member = getDb().select().from(members).where(eq(members.id, colleague.id)).get()!;
    expect(member).toMatchObject({ tier: 1, tier1Since: now });
    expect(gapsOf(organisation.id)).toMatchObject([
      { closedAt: now, successorMemberId: colleague.id, closedBy: lead.id },
    ]);
    const hold = getDb().select().from(placeHolds).where(eq(placeHolds.id, result.holdId!)).get()!;
    expect(hold).toMatchObject({ workshopId: w.id, memberId: colleague.id, status: "held" });
    expect(hold.heldUntil.getTime()).toBe(w.bookingClosesAt.getTime());
    const [email] = emailsTo(colleague.email);
    expect(email.subject).toContain(organisation.name);
    expect(email.body).toContain("at least 3 of the last 6");
    expect(email.body).toContain(`/workshops/${w.id}/hold`);
  });

  it("invites a new person by email, on Tier 1 with an invitation", async () => {
    const { organisation, champion, lead } = await organisationWithChampion();
    deactivate(champion.id, new Date());
    const result = nominateSuccessor({
      organisationId: organisation.id,
      successor: { name: "Nadia Okafor", email: "Nadia.Okafor@example.org", jobTitle: "Team leader" },
      actorId: lead.id,
    });
    expect(result.invited).toBe(true);
    const member = getDb().select().from(members).where(eq(members.id, result.memberId)).get()!;
    expect(member).toMatchObject({ email: "nadia.okafor@example.org", tier: 1, organisationId: organisation.id });
    expect(getDb().select().from(invitations).where(eq(invitations.memberId, member.id)).all()).toHaveLength(1);
    expect(
      emailsTo("nadia.okafor@example.org")
        .map((e) => e.kind)
        .sort(),
    ).toEqual(["invitation", "succession-nominated"]);
    expect(gapsOf(organisation.id)[0].closedAt).not.toBeNull();
  });

  it("refuses a member of another organisation, writing nothing", async () => {
    const { organisation, champion, lead } = await organisationWithChampion();
    const other = await organisationWithChampion();
    deactivate(champion.id, new Date());
    expect(() =>
      nominateSuccessor({
        organisationId: organisation.id,
        successor: { memberId: other.colleague.id },
        actorId: lead.id,
      }),
    ).toThrow(SuccessionError);
    expect(getDb().select().from(members).where(eq(members.id, other.colleague.id)).get()!.tier).toBe(3);
    expect(gapsOf(organisation.id)[0].closedAt).toBeNull();
  });
});

describe("held places", () => {
  it("count against capacity: a full workshop with a held place refuses another booking a place", async () => {
    const w = workshop({ capacity: 1 });
    const held = await createTestMember({ tier: 1 });
    const other = await createTestMember({ tier: 1 });
    holdPlace({ workshopId: w.id, memberId: held.id, heldBy: null });
    expect(bookPlace({ workshopId: w.id, memberId: other.id }).status).toBe("waiting");
    expect(() => holdPlace({ workshopId: w.id, memberId: other.id, heldBy: null })).toThrow(BookingError);
    // The member it is held for books it with one click, even though the workshop is full.
    expect(takeHeldPlace({ workshopId: w.id, memberId: held.id }).status).toBe("booked");
    const rows = getDb().select().from(bookings).where(eq(bookings.workshopId, w.id)).all();
    expect(rows.filter((r) => r.status === "booked").map((r) => r.memberId)).toEqual([held.id]);
    expect(getDb().select().from(placeHolds).where(eq(placeHolds.workshopId, w.id)).get()!.status).toBe("taken");
  });

  it("are taken off the places left on the workshop list and the workshop's page", async () => {
    const title = `Held places ${Math.random().toString(36).slice(2)}`;
    const w = workshop({
      capacity: 3,
      title,
      startsAt: new Date(Math.floor((Date.now() + 3 * DAY) / 60_000) * 60_000),
    });
    const held = await createTestMember({ tier: 1 });
    const booker = await createTestMember({ tier: 1 });
    const viewer = await createTestMember({ tier: 1 });
    bookPlace({ workshopId: w.id, memberId: booker.id });
    holdPlace({ workshopId: w.id, memberId: held.id, heldBy: null });
    const cookie = await cookieFor(viewer.id);
    const list = await render(
      WorkshopList,
      await (await call(workshopListLoader, getRequest("/workshops", { cookie }))).json(),
      "/workshops",
    );
    const item = list.slice(list.indexOf(title), list.indexOf("</li>", list.indexOf(title)));
    expect(item).toContain("1 of 3 places left");
    const url = `/workshops/${w.id}`;
    const response = await call(workshopLoader, getRequest(url, { cookie }), { workshopId: String(w.id) });
    expect(await render(WorkshopPage, await response.json(), url)).toContain("1 of 3 places left");
    // The held place taken up is a booking: still one left.
    takeHeldPlace({ workshopId: w.id, memberId: held.id });
    const again = await render(
      WorkshopList,
      await (await call(workshopListLoader, getRequest("/workshops", { cookie }))).json(),
      "/workshops",
    );
    expect(again.slice(again.indexOf(title), again.indexOf("</li>", again.indexOf(title)))).toContain(
      "1 of 3 places left",
    );
  });

  it("lapse at the booking cut-off (the job), and the place goes to the first person waiting", async () => {
    const w = workshop({ capacity: 1 });
    const held = await createTestMember({ tier: 1 });
    const waiting = await createTestMember({ tier: 1 });
    holdPlace({ workshopId: w.id, memberId: held.id, heldBy: null });
    bookPlace({ workshopId: w.id, memberId: waiting.id });
    expect(lapseHeldPlaces({ now: new Date(w.bookingClosesAt.getTime() - 1) })).toBe(0);
    await runJobs({ now: w.bookingClosesAt, mailer: null });
    expect(getDb().select().from(placeHolds).where(eq(placeHolds.workshopId, w.id)).get()!.status).toBe("lapsed");
    const booking = getDb()
      .select()
      .from(bookings)
      .where(and(eq(bookings.workshopId, w.id), eq(bookings.memberId, waiting.id)))
      .get()!;
    expect(booking.status).toBe("booked");
    expect(() => takeHeldPlace({ workshopId: w.id, memberId: held.id, now: w.bookingClosesAt })).toThrow(BookingError);
  });

  it("two simultaneous bookings from separate processes cannot take a held place", async () => {
    const w = workshop({ capacity: 2 });
    const held = await createTestMember({ tier: 1 });
    const racers = [await createTestMember({ tier: 1 }), await createTestMember({ tier: 1 })];
    holdPlace({ workshopId: w.id, memberId: held.id, heldBy: null });
    const workers = racers.map((r) => {
      const child = forkWorker("book-worker.ts");
      const ready = new Promise<void>((resolve) => child.once("message", () => resolve()));
      child.send({ databaseUrl: process.env.DATABASE_URL!, workshopId: w.id, memberIds: [r.id] });
      return { child, ready };
    });
    await Promise.all(workers.map((w) => w.ready));
    const startAt = Date.now() + 100;
    const results = (
      await Promise.all(
        workers.map(
          ({ child }) =>
            new Promise<Array<{ status: string }>>((resolve) => {
              child.once("message", (m) => resolve(m as Array<{ status: string }>));
              child.send({ startAt });
            }),
        ),
      )
    ).flat();
    expect(results.map((r) => r.status).sort()).toEqual(["booked", "waiting"]);
    expect(takeHeldPlace({ workshopId: w.id, memberId: held.id }).status).toBe("booked");
  }, 60_000);
});

describe("I'm moving on", () => {
  it("the champion names a successor, a gap opens, the lead confirms and the gap closes", async () => {
    const { organisation, champion, lead, colleague } = await organisationWithChampion();
    const now = new Date();
    const nomination = proposeSuccessor({ championId: champion.id, successorId: colleague.id, now });
    expect(gapsOf(organisation.id)).toMatchObject([{ reason: "left", closedAt: null }]);
    expect(getDb().select().from(members).where(eq(members.id, champion.id)).get()!.tier).toBe(2);
    const [leadEmail] = emailsTo(lead.email);
    expect(leadEmail.body).toContain(`/organisations/${organisation.slug}/succession`);
    const later = new Date(now.getTime() + 3 * DAY);
    decideNomination({
      organisationId: organisation.id,
      nominationId: nomination.id,
      confirm: true,
      actorId: lead.id,
      now: later,
    });
    expect(gapsOf(organisation.id)).toMatchObject([{ closedAt: later, successorMemberId: colleague.id }]);
    expect(getDb().select().from(members).where(eq(members.id, colleague.id)).get()!.tier).toBe(1);
    expect(
      gapsReport({ from: new Date(now.getTime() - DAY), to: new Date(later.getTime() + DAY), now: later }),
    ).toMatchObject({
      opened: expect.any(Number),
      closed: expect.any(Number),
    });
  });

  it("refuses a successor from another organisation, and another organisation's lead cannot decide", async () => {
    const { organisation, champion, lead, colleague } = await organisationWithChampion();
    const other = await organisationWithChampion();
    expect(() => proposeSuccessor({ championId: champion.id, successorId: other.colleague.id })).toThrow(
      SuccessionError,
    );
    const nomination = proposeSuccessor({ championId: champion.id, successorId: colleague.id });
    expect(() =>
      decideNomination({
        organisationId: other.organisation.id,
        nominationId: nomination.id,
        confirm: true,
        actorId: other.lead.id,
      }),
    ).toThrow(SuccessionError);
    expect(getDb().select().from(members).where(eq(members.id, colleague.id)).get()!.tier).toBe(3);
    decideNomination({
      organisationId: organisation.id,
      nominationId: nomination.id,
      confirm: false,
      actorId: lead.id,
    });
    expect(gapsOf(organisation.id)[0].closedAt).toBeNull();
  });
});

describe("gaps report", () => {
  it("counts gaps opened and closed in the period and their length", async () => {
    const { organisation, champion, lead, colleague } = await organisationWithChampion();
    const opened = new Date(Date.UTC(2019, 2, 1, 9));
    deactivate(champion.id, opened);
    const closed = new Date(opened.getTime() + 10 * DAY);
    nominateSuccessor({
      organisationId: organisation.id,
      successor: { memberId: colleague.id },
      actorId: lead.id,
      now: closed,
    });
    const report = gapsReport({
      from: new Date(Date.UTC(2019, 1, 1)),
      to: new Date(Date.UTC(2019, 4, 1)),
      now: closed,
    });
    expect(report.gaps.filter((g) => g.organisationName === organisation.name)).toMatchObject([
      { reason: "deactivated", days: 10, successor: expect.stringContaining("Test Member") },
    ]);
  });
});

describe("a lead acting for a colleague", () => {
  it("books a place for their own staff member, who is told", async () => {
    const { organisation, lead } = await organisationWithChampion();
    const staff = await createTestMember({ tier: 1, organisationId: organisation.id });
    const w = workshop();
    actForColleague({
      organisationId: organisation.id,
      memberId: staff.id,
      workshopId: w.id,
      action: "book",
      actorId: lead.id,
    });
    expect(
      emailsTo(staff.email)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(["booked", "place-booked-for-you"]);
  });
});

describe("the succession page's action", () => {
  it("refuses a lead booking for a colleague of another organisation (403 on theirs, 400 on their own page), writing nothing", async () => {
    const { organisation, lead } = await organisationWithChampion();
    const other = await organisationWithChampion();
    const w = workshop({ audienceTier: 3 });
    const cookie = await cookieFor(lead.id);
    const theirs = await call(
      successionAction,
      formRequest(
        `/organisations/${other.organisation.slug}/succession`,
        { intent: "book", memberId: String(other.colleague.id), workshopId: String(w.id) },
        { cookie },
      ),
      { slug: other.organisation.slug },
    );
    expect(theirs.status).toBe(403);
    const mine = await call(
      successionAction,
      formRequest(
        `/organisations/${organisation.slug}/succession`,
        { intent: "book", memberId: String(other.colleague.id), workshopId: String(w.id) },
        { cookie },
      ),
      { slug: organisation.slug },
    );
    expect(mine.status).toBe(400);
    expect(await mine.text()).toContain("Choose an active member of this organisation.");
    expect(getDb().select().from(bookings).where(eq(bookings.workshopId, w.id)).all()).toEqual([]);
    expect(emailsTo(other.colleague.email)).toEqual([]);
  });

  it("answers hostile ids with a 400 that names the field, changing nothing", async () => {
    const { organisation, lead } = await organisationWithChampion();
    const cookie = await cookieFor(lead.id);
    for (const hostile of ["constructor", "__proto__", "0", "-1", "1e3", "99999999999999999999"]) {
      const response = await call(
        successionAction,
        formRequest(
          `/organisations/${organisation.slug}/succession`,
          { intent: "nominate", memberId: hostile },
          { cookie },
        ),
        { slug: organisation.slug },
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Choose a member of the organisation");
    }
    const nomination = await call(
      successionAction,
      formRequest(
        `/organisations/${organisation.slug}/succession`,
        { intent: "confirm", nominationId: "__proto__" },
        { cookie },
      ),
      { slug: organisation.slug },
    );
    expect(nomination.status).toBe(400);
    expect(gapsOf(organisation.id)).toEqual([]);
  });
});

describe("network health", () => {
  it("lists an open gap with the days it has been open", async () => {
    const { organisation, champion } = await organisationWithChampion();
    deactivate(champion.id, new Date(Date.now() - 5 * DAY - 3600_000));
    const coordinator = await createTestMember({ role: "coordinator" });
    const response = await call(
      healthLoader,
      getRequest("/manage/health", { cookie: await cookieFor(coordinator.id) }),
    );
    const data = await response.json();
    expect(data.gaps.rows).toMatchObject([
      { organisationName: organisation.name, daysOpen: 5, slug: organisation.slug },
    ]);
  });
});

describe("pages that show succession", () => {
  it("the organisation's page shows an open gap with its days, and its lead a link to the succession page", async () => {
    const { organisation, champion, lead, colleague } = await organisationWithChampion();
    deactivate(champion.id, new Date(Date.now() - 12 * DAY - 60_000));
    const url = `/organisations/${organisation.slug}`;
    const page = async (memberId: number) => {
      const cookie = await cookieFor(memberId);
      const response = await call(organisationLoader, getRequest(url, { cookie }), { slug: organisation.slug });
      return render(OrganisationPage, await response.json(), url);
    };
    const link = `href="/organisations/${organisation.slug}/succession"`;
    const forLead = await page(lead.id);
    expect(forLead).toContain("Champion gap open for 12 days, since");
    expect(forLead).toContain(`${link}>Nominate a successor</a>`);
    expect(forLead).toContain(`${link}>Champion succession</a>`);
    const forColleague = await page(colleague.id);
    expect(forColleague).toContain("Champion gap open for 12 days, since");
    expect(forColleague).not.toContain(link);
    const otherLead = await createTestMember({ role: "org_lead", organisationId: testOrganisation().id });
    expect(await page(otherLead.id)).not.toContain(link);
  });

  it("an organisation with a current champion shows no gap", async () => {
    const { organisation, lead } = await organisationWithChampion();
    const url = `/organisations/${organisation.slug}`;
    const cookie = await cookieFor(lead.id);
    const response = await call(organisationLoader, getRequest(url, { cookie }), { slug: organisation.slug });
    const html = await render(OrganisationPage, await response.json(), url);
    expect(html).toContain("Has a current Tier 1 champion");
    expect(html).not.toContain("Champion gap open");
  });

  it("My account links a Tier 1 champion to 'I'm moving on', and nobody else", async () => {
    const { champion, colleague, lead } = await organisationWithChampion();
    const account = async (memberId: number) => {
      const response = await call(accountLoader, getRequest("/account", { cookie: await cookieFor(memberId) }));
      return render(AccountPage, await response.json(), "/account");
    };
    expect(await account(champion.id)).toMatch(/<a [^>]*href="\/account\/moving-on"[^>]*>I&#x27;m moving on<\/a>/);
    expect(await account(colleague.id)).not.toContain("/account/moving-on");
    expect(await account(lead.id)).not.toContain("/account/moving-on");
  });
});
