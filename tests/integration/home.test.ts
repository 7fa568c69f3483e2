/** The home page starts with what needs each person today: coordinator, organisation lead, champion, member. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, contacts, outbox } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { bookPlace } from "~/models/booking.server";
import { createContact, type ContactDetails } from "~/models/contact.server";
import { proposeTopic } from "~/models/feedback.server";
import { queueEmail } from "~/models/outbox.server";
import { createWorkshop } from "~/models/workshop.server";
import { loader as homeLoader } from "~/routes/_index";
import {
  createDistricts,
  createTestMember,
  createTestOrganisation,
  testContactDetails,
  testWorkshopInput,
} from "../factories";
import { call, cookieFor, getRequest } from "../request";

const DAY = 86_400_000;

const details = (overrides: Partial<ContactDetails> = {}) => testContactDetails({ isGoTo: true, ...overrides });

async function home(memberId?: number) {
  const response = await call(homeLoader, getRequest("/", memberId ? { cookie: await cookieFor(memberId) } : {}));
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, data: JSON.parse(text) };
}

/** A Tier 1 workshop held `daysAgo` days ago whose register marked these members as attended. */
function heldWorkshop(daysAgo: number, attendedBy: number[], markedBy: number) {
  const startsAt = new Date(Math.floor((Date.now() - daysAgo * DAY) / 60_000) * 60_000);
  const { id } = createWorkshop({
    input: testWorkshopInput({ startsAt, bookingClosesAt: new Date(startsAt.getTime() - 2 * DAY) }),
    createdBy: null,
  });
  for (const memberId of attendedBy) {
    getDb()
      .insert(bookings)
      .values({ workshopId: id, memberId, status: "booked", createdAt: startsAt, updatedAt: startsAt })
      .run();
  }
  saveRegister({
    workshopId: id,
    marks: attendedBy.map((memberId) => ({ memberId, status: "attended" as const })),
    markedBy,
  });
  return id;
}

async function world() {
  createDistricts();
  const riverside = createTestOrganisation({
    slug: "riverside-trust",
    name: "Riverside Trust",
    subjectToDutyToRefer: true,
    sector: "health",
  });
  const hillside = createTestOrganisation({
    slug: "hillside-council",
    name: "Hillside Council",
    subjectToDutyToRefer: true,
    sector: "county_council",
  });
  const coordinator = await createTestMember({ name: "Casey Coordinator", role: "coordinator", tier: 1 });
  const lead = await createTestMember({ name: "Lena Lead", role: "org_lead", tier: 2, organisationId: riverside.id });
  // The champions became Tier 1 before the workshops below: neither is new.
  const joined = new Date(Date.now() - 200 * DAY);
  const champion = await createTestMember({
    name: "Rowan Riverside",
    tier: 1,
    organisationId: riverside.id,
    now: joined,
  });
  const otherChampion = await createTestMember({
    name: "Hollis Hillside",
    tier: 1,
    organisationId: hillside.id,
    now: joined,
  });
  const learner = await createTestMember({ name: "Lee Learner", tier: 3, organisationId: riverside.id });
  // Three Tier 1 workshops held: Rowan attended all three (current), Hollis none (lapsed).
  for (const daysAgo of [150, 90, 30]) heldWorkshop(daysAgo, [champion.id], coordinator.id);
  // Each organisation has one directory entry gone stale (over six months unconfirmed).
  const old = new Date(Date.now() - 200 * DAY);
  const riversideEntry = createContact({ memberId: champion.id, details: details() });
  const hillsideEntry = createContact({ memberId: otherChampion.id, details: details() });
  getDb().update(contacts).set({ lastConfirmedAt: old }).run();
  return { riverside, hillside, coordinator, lead, champion, otherChampion, learner, riversideEntry, hillsideEntry };
}

describe("the home page", () => {
  it("keeps the public introduction for anonymous visitors, with nobody's data", async () => {
    await world();
    const { data, text } = await home();
    expect(data).toEqual({ member: null, coordinator: null, organisation: null, champion: null, learning: null });
    expect(text).not.toContain("Riverside");
  });

  it("shows the coordinator the next workshop's bookings and a count for each thing waiting, not learner actions", async () => {
    const w = await world();
    const next = createWorkshop({
      input: testWorkshopInput({
        title: "Next Tier 1 workshop",
        capacity: 2,
        startsAt: new Date(Math.floor((Date.now() + 10 * DAY) / 60_000) * 60_000),
      }),
      createdBy: null,
    });
    createWorkshop({ input: testWorkshopInput({ title: "A later workshop" }), createdBy: null });
    for (const person of [w.champion, w.otherChampion, w.coordinator])
      bookPlace({ workshopId: next.id, memberId: person.id });
    proposeTopic({ memberId: w.champion.id, title: "Cuckooing", details: "" });
    proposeTopic({ memberId: w.champion.id, title: "Hoarding", details: "" });
    queueEmail({ dedupeKey: "failed-1", memberId: null, to: "a@example.org", subject: "One", body: "x", kind: "test" });
    queueEmail({
      dedupeKey: "retrying-1",
      memberId: null,
      to: "b@example.org",
      subject: "Two",
      body: "x",
      kind: "test",
    });
    queueEmail({ dedupeKey: "fine-1", memberId: null, to: "c@example.org", subject: "Three", body: "x", kind: "test" });
    getDb().update(outbox).set({ status: "failed", attempts: 6 }).where(eq(outbox.dedupeKey, "failed-1")).run();
    getDb().update(outbox).set({ attempts: 2 }).where(eq(outbox.dedupeKey, "retrying-1")).run();

    const { data } = await home(w.coordinator.id);
    expect(data.coordinator).toEqual({
      nextWorkshop: expect.objectContaining({
        id: next.id,
        title: "Next Tier 1 workshop",
        booked: 2,
        capacity: 2,
        waiting: 1,
      }),
      organisationsTotal: 2,
      // Hillside's only champion attended none of the three workshops held.
      withoutChampion: 1,
      stale: 2,
      openTopics: 2,
      emails: { failed: 1, retrying: 1 },
    });
    // The coordinator's home is not a learner's: no tier sentence, no learning section, no champion section.
    expect(data.learning).toBeNull();
    expect(data.champion).toBeNull();
    expect(data.organisation).toBeNull();
  });

  it("shows an organisation lead their organisation's line of network health and nothing of another organisation", async () => {
    const w = await world();
    const { data, text } = await home(w.lead.id);
    expect(data.coordinator).toBeNull();
    expect(data.organisation).toMatchObject({
      name: "Riverside Trust",
      slug: "riverside-trust",
      hasChampion: true,
      subjectToDutyToRefer: true,
      // Rowan's entry is stale, so Riverside has no current named contact.
      namedContactMissing: true,
      stale: 1,
      attendance: { workshops: 3, expected: 3, attended: 3 },
    });
    expect(data.organisation.quarter.joined).toBe(2);
    for (const other of ["Hillside", "hillside-council", "Hollis"]) expect(text).not.toContain(other);
    // A Tier 2 lead is not a champion; their own learning follows.
    expect(data.champion).toBeNull();
    expect(data.learning.nextStep).toMatchObject({ moduleId: "homelessness-awareness" });
  });

  it("shows a champion their Tier 1 currency and the workshop they are booked on, or the next one open to book", async () => {
    const w = await world();
    const next = createWorkshop({
      input: testWorkshopInput({
        title: "Spring Tier 1 workshop",
        startsAt: new Date(Math.floor((Date.now() + 10 * DAY) / 60_000) * 60_000),
      }),
      createdBy: null,
    });
    const later = createWorkshop({ input: testWorkshopInput({ title: "Summer Tier 1 workshop" }), createdBy: null });
    bookPlace({ workshopId: later.id, memberId: w.champion.id });

    const booked = (await home(w.champion.id)).data;
    expect(booked.champion.currency).toMatchObject({ currency: "current", attended: 3, considered: 3 });
    expect(booked.champion.next).toMatchObject({ id: later.id, title: "Summer Tier 1 workshop", booking: "booked" });

    const notBooked = (await home(w.otherChampion.id)).data;
    expect(notBooked.champion.currency).toMatchObject({ currency: "lapsed", attended: 0, considered: 3 });
    expect(notBooked.champion.next).toMatchObject({ id: next.id, title: "Spring Tier 1 workshop", booking: null });
    expect(notBooked.organisation).toBeNull();
  });

  it("shows a member their learning and the sessions they are booked on, and no coordinator or champion sections", async () => {
    const w = await world();
    const session = createWorkshop({
      input: testWorkshopInput({ title: "Awareness session", audienceTier: 3 }),
      createdBy: null,
    });
    bookPlace({ workshopId: session.id, memberId: w.learner.id });
    const { data } = await home(w.learner.id);
    expect(data.member).toMatchObject({ name: "Lee Learner", tier: 3, organisationName: "Riverside Trust" });
    expect(data.learning.nextStep).toEqual({
      moduleId: "homelessness-awareness",
      title: expect.any(String),
      expired: false,
    });
    expect(data.learning.upcoming).toEqual([
      expect.objectContaining({ id: session.id, title: "Awareness session", waiting: false }),
    ]);
    expect(data.coordinator).toBeNull();
    expect(data.champion).toBeNull();
    expect(data.organisation).toBeNull();
  });
});
