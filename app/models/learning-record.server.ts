import { getCatalogue, type LearningModule } from "~/lib/content/catalogue.server";
import { completionState, updatedSinceCompleted, type CompletionState } from "~/lib/learning/completion-status";
import { evaluatePathways, type WorkshopAttendance } from "~/lib/learning/pathways";
import { getDb, type Db } from "~/lib/db.server";
import { listCompletionsForMember } from "./completion.server";
import { listReadLessons, progressFromRows, type ModuleProgress } from "./lesson-progress.server";

export type ModuleRecord = {
  module: LearningModule;
  progress: ModuleProgress;
  latestCompletion: {
    completedAt: Date;
    expiresAt: Date | null;
    moduleVersion: number;
    score: number;
    certificateCode: string;
  } | null;
  /** not-started, in-progress, or the state of the latest completion. */
  status: "not-started" | "in-progress" | CompletionState;
  updatedSinceCompleted: boolean;
};

/** A member's standing in every module of the catalogue, and their tier pathway. */
export function getLearningRecord(
  {
    memberId,
    workshopAttendance = null,
    now = new Date(),
  }: { memberId: number; workshopAttendance?: WorkshopAttendance; now?: Date },
  db: Db = getDb(),
) {
  const catalogue = getCatalogue();
  const read = listReadLessons({ memberId }, db);
  const allCompletions = listCompletionsForMember({ memberId }, db);
  const latest = new Map<string, (typeof allCompletions)[number]>();
  for (const completion of allCompletions)
    if (!latest.has(completion.moduleId)) latest.set(completion.moduleId, completion);

  const modules: ModuleRecord[] = catalogue.modules.map((module) => {
    const progress = progressFromRows(module, read.get(module.id) ?? []);
    const completion = latest.get(module.id) ?? null;
    const status: ModuleRecord["status"] = completion
      ? completionState({ expiresAt: completion.expiresAt, now })
      : progress.started
        ? "in-progress"
        : "not-started";
    return {
      module,
      progress,
      latestCompletion: completion,
      status,
      updatedSinceCompleted: completion ? updatedSinceCompleted(completion.moduleVersion, module.version) : false,
    };
  });

  const titles = new Map(catalogue.modules.map((m) => [m.id, m.title]));
  const pathway = evaluatePathways({
    pathways: catalogue.pathways,
    latest: [...latest.values()].map((c) => ({ moduleId: c.moduleId, expiresAt: c.expiresAt })),
    titles,
    workshopAttendance,
    now,
  });
  return { modules, pathway, completions: allCompletions };
}
