import { describe, expect, it } from "vitest";
import { completionState, expiryFor, updatedSinceCompleted } from "~/lib/learning/completion-status";
import { evaluatePathways } from "~/lib/learning/pathways";
import type { Pathways } from "~/lib/content/schema";

describe("expiry", () => {
  it("adds calendar months, clamping to the end of a shorter month", () => {
    expect(expiryFor(new Date("2026-01-15T10:00:00Z"), 24)?.toISOString()).toBe("2028-01-15T10:00:00.000Z");
    expect(expiryFor(new Date("2026-08-31T10:00:00Z"), 6)?.toISOString()).toBe("2027-02-28T10:00:00.000Z");
    expect(expiryFor(new Date("2026-01-15T10:00:00Z"), undefined)).toBeNull();
  });

  it("is current, then due within 90 days, then expired", () => {
    const expires = new Date("2027-06-01T00:00:00Z");
    expect(completionState({ expiresAt: expires, now: new Date("2027-01-01T00:00:00Z") })).toBe("current");
    expect(completionState({ expiresAt: expires, now: new Date("2027-04-01T00:00:00Z") })).toBe("due");
    expect(completionState({ expiresAt: expires, now: new Date("2027-06-01T00:00:00Z") })).toBe("expired");
    expect(completionState({ expiresAt: null, now: new Date("2099-01-01T00:00:00Z") })).toBe("current");
  });
});

describe("versions", () => {
  it("flags a completion of an earlier version as updated since, without making it invalid", () => {
    expect(updatedSinceCompleted(1, 2)).toBe(true);
    expect(updatedSinceCompleted(2, 2)).toBe(false);
  });
});

describe("tier pathways", () => {
  const pathways: Pathways = {
    tiers: [
      { tier: 3, title: "T3", description: "d", requires: { tiers: [], modules: ["aware"] } },
      { tier: 2, title: "T2", description: "d", requires: { tiers: [3], modules: ["deep-a", "deep-b"] } },
      {
        tier: 1,
        title: "T1",
        description: "d",
        requires: { tiers: [2], modules: [], workshops: { attended: 3, ofLast: 6 } },
      },
    ],
  };
  const titles = new Map([
    ["aware", "Aware"],
    ["deep-a", "Deep A"],
    ["deep-b", "Deep B"],
  ]);
  const now = new Date("2026-11-23T12:00:00Z");
  const future = new Date("2028-01-01T00:00:00Z");

  it("achieves Tier 3 with the awareness module, and Tier 2 only with Tier 3 plus both generalist modules", () => {
    const partial = evaluatePathways({
      pathways,
      latest: [
        { moduleId: "aware", expiresAt: future },
        { moduleId: "deep-a", expiresAt: future },
      ],
      titles,
      workshopAttendance: null,
      now,
    });
    expect(partial.map((t) => [t.tier, t.achieved])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    const full = evaluatePathways({
      pathways,
      latest: [
        { moduleId: "aware", expiresAt: future },
        { moduleId: "deep-a", expiresAt: future },
        { moduleId: "deep-b", expiresAt: null },
      ],
      titles,
      workshopAttendance: null,
      now,
    });
    expect(full.map((t) => [t.tier, t.achieved])).toEqual([
      [3, true],
      [2, true],
      [1, false],
    ]);
  });

  it("drops a tier, and the tiers above it, when a required completion expires", () => {
    const result = evaluatePathways({
      pathways,
      latest: [
        { moduleId: "aware", expiresAt: new Date("2026-01-01T00:00:00Z") },
        { moduleId: "deep-a", expiresAt: future },
        { moduleId: "deep-b", expiresAt: future },
      ],
      titles,
      workshopAttendance: { attended: 6, considered: 6 },
      now,
    });
    expect(result.map((t) => [t.tier, t.achieved])).toEqual([
      [3, false],
      [2, false],
      [1, false],
    ]);
    expect(result[0].modules[0].state).toBe("expired");
  });

  it("needs the workshop attendance for Tier 1", () => {
    const all = [
      { moduleId: "aware", expiresAt: future },
      { moduleId: "deep-a", expiresAt: future },
      { moduleId: "deep-b", expiresAt: future },
    ];
    const tier1 = (attended: number) =>
      evaluatePathways({ pathways, latest: all, titles, workshopAttendance: { attended, considered: 6 }, now })[2];
    expect(tier1(2).achieved).toBe(false);
    expect(tier1(3).achieved).toBe(true);
  });
});
