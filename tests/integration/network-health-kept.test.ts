/**
 * The whole network's health figures are kept between writes (about 110 ms to
 * read at national size): until the directory's, the currency's or the health
 * version moves (migrations 0007, 0040 and 0041), from any connection, or the
 * minute turns. Each write the figures read is seen at once; writes they do not
 * read (a session, a password) leave them kept. One
 * organisation's line is read afresh every time.
 */
import { describe, expect, it } from "vitest";
import { bookings } from "../../drizzle/schema";
import { getDb, openDatabase } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { saveCircumstance } from "~/models/directory.server";
import { getNetworkHealth } from "~/models/network-health.server";
import { recordPreventionAction } from "~/models/prevention.server";
import { createWorkshop } from "~/models/workshop.server";
import { createDistricts, createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";

const NOW = new Date("2026-11-30T12:00:30Z");
const DAY = 86_400_000;
const rule = { attended: 1, ofLast: 1 };

async function world() {
  createDistricts();
  saveCircumstance({ id: "hospital-discharge", label: "Leaving hospital", description: "", specialismIds: [] });
  const coordinator = await createTestMember({ role: "coordinator" });
  const held = createTestOrganisation({ name: "Held Trust", districtId: "oxford" });
  const bare = createTestOrganisation({ name: "Bare Charity", districtId: "oxford" });
  const joined = new Date(NOW.getTime() - 400 * DAY);
  const champion = await createTestMember({ name: "Cass Champion", tier: 1, organisationId: held.id, now: joined });
  const other = await createTestMember({ name: "Otto Other", tier: 1, organisationId: held.id, now: joined });
  const startsAt = new Date(NOW.getTime() - 10 * DAY);
  const { id: workshopId } = createWorkshop({
    input: testWorkshopInput({ title: "Winter workshop", startsAt, bookingClosesAt: startsAt }),
    createdBy: null,
    now: new Date(NOW.getTime() - 40 * DAY),
  });
  for (const memberId of [champion.id, other.id]) {
    getDb()
      .insert(bookings)
      .values({ workshopId, memberId, status: "booked", createdAt: startsAt, updatedAt: startsAt })
      .run();
  }
  saveRegister({
    workshopId,
    marks: [
      { memberId: champion.id, status: "attended" },
      { memberId: other.id, status: "absent" },
    ],
    markedBy: coordinator.id,
    now: startsAt,
  });
  return { coordinator, held, bare, champion, other, workshopId };
}

/** Network health read through a connection of its own that counts the figures' reads of organisations. */
function countingHealth(viewerId: number) {
  let reads = 0;
  const db = openDatabase(process.env.DATABASE_URL!, {
    logQuery: (query) => {
      if (/from "organisations"/i.test(query)) reads += 1;
    },
  });
  return {
    health: (now = NOW, organisationId?: number) => getNetworkHealth({ rule, viewerId, now, organisationId }, db),
    reads: () => reads,
    close: () => db.$client.close(),
  };
}

describe("the whole network's health figures", () => {
  it("are kept until a write they read, from any connection, or the next minute", async () => {
    const w = await world();
    const reader = countingHealth(w.coordinator.id);
    const writer = openDatabase(process.env.DATABASE_URL!).$client;
    const first = reader.health();
    expect(first.withoutChampion.map((o) => o.name)).toEqual(["Bare Charity"]);
    expect(first.attendanceTrend).toMatchObject([{ title: "Winter workshop", expected: 2, attended: 1, rate: 50 }]);
    const reads = reader.reads();
    expect(reads).toBeGreaterThan(0);

    // Later in the same minute: kept, with nothing read again.
    expect(reader.health(new Date(NOW.getTime() + 20_000))).toMatchObject({
      withoutChampion: first.withoutChampion,
      attendanceTrend: first.attendanceTrend,
    });
    expect(reader.reads()).toBe(reads);

    // Writes the figures do not read leave them kept: a session, a password.
    writer
      .prepare("INSERT INTO sessions (id, member_id, created_at, last_seen_at, expires_at) VALUES ('x', ?, 0, 0, 1)")
      .run(w.other.id);
    writer.prepare("UPDATE members SET password_hash = 'changed' WHERE id = ?").run(w.other.id);
    reader.health();
    expect(reader.reads()).toBe(reads);

    // A booking cancelled (from another connection): the trend counts it at once.
    writer.prepare("UPDATE bookings SET status = 'cancelled' WHERE member_id = ?").run(w.other.id);
    expect(reader.health().attendanceTrend).toMatchObject([{ expected: 1, attended: 1, rate: 100 }]);
    // The workshop renamed.
    writer.prepare("UPDATE workshops SET title = 'Renamed workshop' WHERE id = ?").run(w.workshopId);
    expect(reader.health().attendanceTrend).toMatchObject([{ title: "Renamed workshop" }]);
    // A member who left this quarter.
    writer.prepare("UPDATE members SET deactivated_at = ? WHERE id = ?").run(NOW.getTime() - DAY, w.other.id);
    expect(reader.health().quarter.left).toBe(1);
    // Five prevention actions due a follow-up (fewer than five are not shown as a number).
    expect(reader.health().prevention.due).not.toBe(5);
    for (let i = 0; i < 5; i++) {
      recordPreventionAction({
        memberId: w.champion.id,
        input: {
          actionOn: "2026-06-01",
          districtId: "oxford",
          organisationId: w.held.id,
          circumstanceId: "hospital-discharge",
          earliness: "more-than-56-days",
          action: "advice",
          note: null,
        },
      });
    }
    expect(reader.health().prevention.due).toBe(5);
    // The champion's attendance mark corrected: their organisation has no current champion now.
    writer.prepare("UPDATE attendance SET status = 'absent' WHERE member_id = ?").run(w.champion.id);
    expect(
      reader
        .health()
        .withoutChampion.map((o) => o.name)
        .sort(),
    ).toEqual(["Bare Charity", "Held Trust"]);
    // An organisation closed (the directory's version).
    writer.prepare("UPDATE organisations SET closed_at = ? WHERE id = ?").run(NOW.getTime(), w.bare.id);
    expect(reader.health().withoutChampion.map((o) => o.name)).toEqual(["Held Trust"]);

    // The next minute: read again, with nothing written.
    const before = reader.reads();
    reader.health();
    expect(reader.reads()).toBe(before);
    reader.health(new Date(NOW.getTime() + 60_000));
    expect(reader.reads()).toBeGreaterThan(before);
    writer.close();
    reader.close();
  });

  it("of one organisation are read afresh every time", async () => {
    const w = await world();
    const reader = countingHealth(w.coordinator.id);
    reader.health(NOW, w.held.id);
    const reads = reader.reads();
    reader.health(NOW, w.held.id);
    expect(reader.reads()).toBe(2 * reads);
    reader.close();
  });
});
