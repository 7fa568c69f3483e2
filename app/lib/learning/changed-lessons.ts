/**
 * What changed in a module since a learner completed an earlier version: the change notes of every later
 * version, and the lessons those versions changed, so the learner can read just those. Reading them is
 * optional and renews nothing: a certificate is refreshed only by passing the knowledge check again.
 */
type ChangeNote = { version: number; date: string; summary: string; lessons: string[] };
type ModuleChanges = {
  version: number;
  changes: ChangeNote[];
  lessons: { id: string; title: string; position: number }[];
};

export type ChangesSinceCompletion = {
  /** Change notes newer than the completed version, newest first. */
  notes: { version: number; date: string; summary: string }[];
  /** The current lessons those versions changed, in module order (lessons since removed are left out). */
  lessons: { id: string; title: string; position: number }[];
};

export function changesSinceCompleted(module: ModuleChanges, completedVersion: number): ChangesSinceCompletion {
  const newer = module.changes
    .filter((change) => change.version > completedVersion && change.version <= module.version)
    .sort((a, b) => b.version - a.version);
  const changedIds = new Set(newer.flatMap((change) => change.lessons));
  return {
    notes: newer.map(({ version, date, summary }) => ({ version, date, summary })),
    lessons: module.lessons
      .filter((lesson) => changedIds.has(lesson.id))
      .map(({ id, title, position }) => ({ id, title, position })),
  };
}

/** The change notes that touched one lesson since the completed version, newest first. */
export function lessonChangesSinceCompleted(module: ModuleChanges, completedVersion: number, lessonId: string) {
  return module.changes
    .filter(
      (change) =>
        change.version > completedVersion && change.version <= module.version && change.lessons.includes(lessonId),
    )
    .sort((a, b) => b.version - a.version)
    .map(({ version, date, summary }) => ({ version, date, summary }));
}
