/**
 * Network health's prevention figures are counted from partial indexes alone
 * (migration 0039): the entries due a follow-up whose outcome is unknown, and
 * the follow-ups sent and not answered. Read from prevention_actions by date
 * or due date, they cost 65,000 and 51,000 table rows at national size.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { preventionHealth } from "~/models/network-health.server";
import { planOf, sqlPreparedDuring } from "./helpers/prepared-sql";

describe("network health's prevention counts", () => {
  it("read the unknown outcomes and the waiting follow-ups from their partial indexes", () => {
    const prepared = sqlPreparedDuring(getDb(), () => preventionHealth({ now: new Date("2026-11-30T12:00:00Z") }));
    const plan = (pattern: RegExp) => {
      const query = prepared.find((source) => pattern.test(source));
      expect(query, String(pattern)).toBeDefined();
      return planOf(getDb(), query!, 0);
    };
    expect(plan(/dont-know/)).toContain("prevention_actions_unknown_idx");
    expect(plan(/follow_up_sent_at/)).toContain("prevention_actions_waiting_idx");
  });
});
