/**
 * Who is told when a coordinator changes a workshop: nobody for a workshop
 * that is over; for one still to come, everyone still booked or waiting, and
 * not those who cancelled.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { bookPlace, cancelBooking } from "~/models/booking.server";
import { createWorkshop, getWorkshop, updateWorkshop, type WorkshopInput } from "~/models/workshop.server";
import { createTestMember, testWorkshopInput } from "../factories";

const DAY = 86_400_000;

const input = (overrides: Partial<WorkshopInput> = {}) => testWorkshopInput({ capacity: 2, ...overrides });

function changeEmails() {
  return getDb().select().from(outbox).where(eq(outbox.kind, "changed")).all();
}

/** A workshop for two with a and b booked, b then cancelled (so c moves up), and d waiting. */
async function workshopWithPeople() {
  const { id } = createWorkshop({ input: input(), createdBy: null });
  const [a, b, c, d] = [
    await createTestMember({ tier: 1 }),
    await createTestMember({ tier: 1 }),
    await createTestMember({ tier: 1 }),
    await createTestMember({ tier: 1 }),
  ];
  for (const person of [a, b, c, d]) bookPlace({ workshopId: id, memberId: person.id });
  cancelBooking({ workshopId: id, memberId: b.id });
  return { id, booked: [a, c], waiting: d, cancelled: b };
}

describe("changing a workshop", () => {
  it("a workshop that has already happened: renaming it tells nobody", async () => {
    const { id } = await workshopWithPeople();
    const current = getWorkshop({ id })!;
    const afterTheDay = new Date(current.endsAt.getTime() + DAY);
    const result = updateWorkshop({ id, input: { ...input(), title: "Tier 1 workshop (renamed)" }, now: afterTheDay });
    expect(result).toEqual({ notified: 0 });
    expect(getWorkshop({ id })).toMatchObject({ title: "Tier 1 workshop (renamed)", sequence: 1 });
    expect(changeEmails()).toEqual([]);
  });

  it("moving a workshop's record to the day it happened tells nobody", async () => {
    const { id } = await workshopWithPeople();
    const yesterday = new Date(Math.floor((Date.now() - DAY) / 60_000) * 60_000);
    const result = updateWorkshop({
      id,
      input: input({
        startsAt: yesterday,
        endsAt: new Date(yesterday.getTime() + 2 * 60 * 60 * 1000),
        bookingClosesAt: new Date(yesterday.getTime() - DAY),
      }),
    });
    expect(result).toEqual({ notified: 0 });
    expect(changeEmails()).toEqual([]);
  });

  it("a workshop still to come: those booked and waiting are told, those who cancelled are not", async () => {
    const { id, booked, waiting, cancelled } = await workshopWithPeople();
    const result = updateWorkshop({ id, input: { ...input(), title: "Tier 1 workshop: Duty to Refer in practice" } });
    expect(result).toEqual({ notified: 3 });
    const sent = changeEmails();
    expect(sent.map((e) => e.toAddress).sort()).toEqual([...booked.map((p) => p.email), waiting.email].sort());
    expect(sent.map((e) => e.toAddress)).not.toContain(cancelled.email);
    for (const email of sent) expect(email.subject).toBe("Changed: Tier 1 workshop: Duty to Refer in practice");
    const bookedEmail = sent.find((e) => e.toAddress === booked[0].email)!;
    expect(bookedEmail.body).toContain("a workshop you are booked on have changed");
    const waitingEmail = sent.find((e) => e.toAddress === waiting.email)!;
    expect(waitingEmail.body).toContain("a workshop you are on the waiting list for have changed");
    expect(waitingEmail.body).toContain("You are still on the waiting list");
    // A second save with nothing people would see changed tells nobody again.
    expect(
      updateWorkshop({
        id,
        input: { ...input(), title: "Tier 1 workshop: Duty to Refer in practice", description: "Bring a case." },
      }),
    ).toEqual({ notified: 0 });
    expect(getDb().select().from(outbox).where(eq(outbox.kind, "changed")).all()).toHaveLength(3);
  });
});
