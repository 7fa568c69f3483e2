/**
 * Network health's prevention figures are counted from partial indexes alone
 * (migration 0039): the entries due a follow-up whose outcome is unknown, and
 * the follow-ups sent and not answered. Read from prevention_actions by date
 * or due date, they cost 65,000 and 51,000 table rows at national size.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { preventionHealth } from "~/models/network-health.server";

describe("network health's prevention counts", () => {
  it("read the unknown outcomes and the waiting follow-ups from their partial indexes", () => {
    const sqlite = getDb().$client;
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      prepared.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    try {
      preventionHealth({ now: new Date("2026-11-30T12:00:00Z") });
    } finally {
      sqlite.prepare = prepare;
    }
    const planOf = (pattern: RegExp) => {
      const query = prepared.find((source) => pattern.test(source));
      expect(query, String(pattern)).toBeDefined();
      const bounds = Array.from(query!.matchAll(/\?/g), () => 0);
      return (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...bounds) as Array<{ detail: string }>)
        .map((row) => row.detail)
        .join("\n");
    };
    expect(planOf(/dont-know/)).toContain("prevention_actions_unknown_idx");
    expect(planOf(/follow_up_sent_at/)).toContain("prevention_actions_waiting_idx");
  });
});
