/**
 * The currency page's kept list (and the members list's currency filter,
 * which reads it) is worked out again when a write could change someone's
 * currency (the currency version of migration 0040) or when another Tier 1
 * workshop ends and is counted, and only then: keyed by the minute and any
 * write at all, it was worked out afresh every minute and after every session
 * or lesson written (about 500 ms for 12,000 champions at national size).
 */
import { describe, expect, it } from "vitest";
import { bookings } from "../../drizzle/schema";
import { getDb, openDatabase } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { getCurrencyTab } from "~/models/currency.server";
import { createWorkshop } from "~/models/workshop.server";
import { createTestMember, testWorkshopInput } from "../factories";

const HOUR = 3_600_000;

describe("the kept Tier 1 currency", () => {
  it("is worked out again when a workshop ends, not as the minutes pass", async () => {
    const start = new Date("2026-06-01T09:00:00Z");
    const coordinator = await createTestMember({ role: "coordinator" });
    const champion = await createTestMember({ tier: 1, name: "Cass Champion", now: new Date("2025-01-01") });
    const workshop = (startsAt: Date) =>
      createWorkshop({
        input: testWorkshopInput({
          startsAt,
          endsAt: new Date(startsAt.getTime() + 2 * HOUR),
          bookingClosesAt: startsAt,
        }),
        createdBy: null,
      }).id;
    // Attended the first; marked absent at the second, which ends at 11:00 on the day.
    const first = workshop(new Date(start.getTime() - 30 * 24 * HOUR));
    const second = workshop(start);
    for (const workshopId of [first, second])
      getDb()
        .insert(bookings)
        .values({ workshopId, memberId: champion.id, status: "booked", createdAt: start, updatedAt: start })
        .run();
    saveRegister({
      workshopId: first,
      marks: [{ memberId: champion.id, status: "attended" }],
      markedBy: coordinator.id,
    });
    saveRegister({
      workshopId: second,
      marks: [{ memberId: champion.id, status: "absent" }],
      markedBy: coordinator.id,
    });

    let reads = 0;
    const db = openDatabase(process.env.DATABASE_URL!, {
      logQuery: (query) => {
        if (/from "attendance"/i.test(query)) reads += 1;
      },
    });
    const rule = { attended: 1, ofLast: 1 };
    const currencyAt = (now: Date) =>
      getCurrencyTab({ view: "all", rule, now }, db).champions.find((c) => c.id === champion.id)?.currency;

    // One of the last one attended: met, and one missed workshop from lapsing.
    expect(currencyAt(new Date(start.getTime() + HOUR))).toBe("at-risk");
    expect(reads).toBe(1);
    // Half an hour later the same workshops count: the kept list answers, with no attendance read.
    expect(currencyAt(new Date(start.getTime() + 1.5 * HOUR))).toBe("at-risk");
    expect(reads).toBe(1);
    // The second workshop has ended: it counts now, and the champion has lapsed.
    expect(currencyAt(new Date(start.getTime() + 2.5 * HOUR))).toBe("lapsed");
    expect(reads).toBe(2);
    // A write that cannot change anyone's currency (an email address, from another connection) leaves it kept.
    const other = openDatabase(process.env.DATABASE_URL!);
    other.$client.prepare("UPDATE members SET email = 'cass@example.org' WHERE id = ?").run(champion.id);
    expect(currencyAt(new Date(start.getTime() + 2.5 * HOUR))).toBe("lapsed");
    expect(reads).toBe(2);
    // One that can (the champion steps down to Tier 2) is seen at once.
    other.$client.prepare("UPDATE members SET tier = 2 WHERE id = ?").run(champion.id);
    expect(currencyAt(new Date(start.getTime() + 2.5 * HOUR))).toBeUndefined();
    other.$client.prepare("UPDATE members SET tier = 1 WHERE id = ?").run(champion.id);
    other.$client.close();
    reads = 0;
    // A register corrected (a write) is seen at once.
    saveRegister({
      workshopId: second,
      marks: [{ memberId: champion.id, status: "attended" }],
      markedBy: coordinator.id,
    });
    expect(currencyAt(new Date(start.getTime() + 2.5 * HOUR))).toBe("at-risk");
    expect(reads).toBe(1);
    db.$client.close();
  });
});
