import type { Pathways } from "../content/schema";
import { completionState, type CompletionState } from "./completion-status";

export type ModuleStanding = { moduleId: string; title: string; state: CompletionState | "not-completed" };

export type TierStanding = {
  tier: 1 | 2 | 3;
  title: string;
  description: string;
  /** Every requirement met and current. */
  achieved: boolean;
  requiredTiers: Array<{ tier: number; achieved: boolean }>;
  modules: ModuleStanding[];
  workshops: { required: number; ofLast: number; attended: number | null; met: boolean } | null;
};

/** Attendance at the most recent workshops, or null when no register has been taken yet. */
export type WorkshopAttendance = { attended: number; considered: number } | null;

type LatestCompletion = { moduleId: string; expiresAt: Date | null };

/**
 * Evaluates the pathway data against a learner's latest completion of each
 * module. A tier is achieved when its modules have current (or due, not yet
 * expired) completions and the tiers it builds on are achieved.
 */
export function evaluatePathways({
  pathways,
  latest,
  titles,
  workshopAttendance,
  now = new Date(),
}: {
  pathways: Pathways;
  latest: LatestCompletion[];
  titles: Map<string, string>;
  workshopAttendance: WorkshopAttendance;
  now?: Date;
}): TierStanding[] {
  const byModule = new Map(latest.map((c) => [c.moduleId, c]));
  const results = new Map<number, TierStanding>();
  const ordered = [...pathways.tiers].sort((a, b) => b.tier - a.tier); // 3, then 2, then 1
  for (const definition of ordered) {
    const modules: ModuleStanding[] = definition.requires.modules.map((moduleId) => {
      const completion = byModule.get(moduleId);
      return {
        moduleId,
        title: titles.get(moduleId) ?? moduleId,
        state: completion ? completionState({ expiresAt: completion.expiresAt, now }) : "not-completed",
      };
    });
    const requiredTiers = definition.requires.tiers.map((tier) => ({
      tier,
      achieved: results.get(tier)?.achieved ?? false,
    }));
    const rule = definition.requires.workshops;
    const workshops = rule
      ? {
          required: rule.attended,
          ofLast: rule.ofLast,
          attended: workshopAttendance?.attended ?? null,
          met: (workshopAttendance?.attended ?? 0) >= rule.attended,
        }
      : null;
    const achieved =
      modules.every((m) => m.state === "current" || m.state === "due") &&
      requiredTiers.every((t) => t.achieved) &&
      (workshops?.met ?? true);
    results.set(definition.tier, {
      tier: definition.tier,
      title: definition.title,
      description: definition.description,
      achieved,
      requiredTiers,
      modules,
      workshops,
    });
  }
  return ordered.map((d) => results.get(d.tier)!);
}

/** The first module of the pathway to complete or refresh, lowest tier first; null when there is none. */
export function nextLearningStep(pathway: TierStanding[]) {
  const next = pathway
    .flatMap((tier) => tier.modules)
    .find((m) => m.state === "not-completed" || m.state === "expired");
  return next ? { moduleId: next.moduleId, title: next.title, expired: next.state === "expired" } : null;
}
