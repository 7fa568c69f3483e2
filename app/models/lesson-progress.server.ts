import { and, eq, sql } from "drizzle-orm";
import { lessonProgress } from "../../drizzle/schema";
import type { LearningModule } from "~/lib/content/catalogue.server";
import { getDb, preparedOnce, type Db } from "~/lib/db.server";

/** Marks a lesson read (once; reading it again changes nothing). */
export function markLessonComplete(
  {
    memberId,
    module,
    lessonId,
    now = new Date(),
  }: { memberId: number; module: LearningModule; lessonId: string; now?: Date },
  db: Db = getDb(),
) {
  db.insert(lessonProgress)
    .values({ memberId, moduleId: module.id, lessonId, moduleVersion: module.version, completedAt: now })
    .onConflictDoNothing()
    .run();
}

export type ModuleProgress = {
  completedLessonIds: string[];
  completedCount: number;
  total: number;
  /** The lesson to resume at: the first one not yet read, or null when all are read. */
  resumeLessonId: string | null;
  started: boolean;
};

/** Progress through a module's current lessons; lessons since removed from the content are ignored. */
export function progressFromRows(module: LearningModule, readLessonIds: Iterable<string>): ModuleProgress {
  const read = new Set(readLessonIds);
  const completedLessonIds = module.lessons.filter((l) => read.has(l.id)).map((l) => l.id);
  const resume = module.lessons.find((l) => !read.has(l.id));
  return {
    completedLessonIds,
    completedCount: completedLessonIds.length,
    total: module.lessons.length,
    resumeLessonId: resume?.id ?? null,
    started: completedLessonIds.length > 0,
  };
}

export function getModuleProgress(
  { memberId, module }: { memberId: number; module: LearningModule },
  db: Db = getDb(),
): ModuleProgress {
  const rows = db
    .select({ lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.memberId, memberId), eq(lessonProgress.moduleId, module.id)))
    .all();
  return progressFromRows(
    module,
    rows.map((r) => r.lessonId),
  );
}

/** Lesson ids read by a member, by module id. */
export function listReadLessons({ memberId }: { memberId: number }, db: Db = getDb()) {
  const rows = preparedOnce(db, "member-read-lessons", () =>
    db
      .select({ moduleId: lessonProgress.moduleId, lessonId: lessonProgress.lessonId })
      .from(lessonProgress)
      .where(eq(lessonProgress.memberId, sql.placeholder("memberId")))
      .prepare(),
  ).all({ memberId });
  const byModule = new Map<string, string[]>();
  for (const row of rows) byModule.set(row.moduleId, [...(byModule.get(row.moduleId) ?? []), row.lessonId]);
  return byModule;
}
