import { describe, expect, it } from "vitest";
import { changesSinceCompleted, lessonChangesSinceCompleted } from "~/lib/learning/changed-lessons";

const lessons = [
  { id: "one", title: "One", position: 1 },
  { id: "two", title: "Two", position: 2 },
  { id: "three", title: "Three", position: 3 },
  { id: "four", title: "Four", position: 4 },
];
const module = {
  version: 3,
  lessons,
  changes: [
    { version: 3, date: "2026-11-30", summary: "Third: lesson four and one.", lessons: ["four", "one"] },
    { version: 2, date: "2026-06-01", summary: "Second: lesson two and a removed lesson.", lessons: ["two", "gone"] },
    { version: 1, date: "2026-01-01", summary: "First published.", lessons: [] },
  ],
};

describe("changes since a learner completed a module", () => {
  it("lists every later note, newest first, and the lessons they changed in module order", () => {
    expect(changesSinceCompleted(module, 1)).toEqual({
      notes: [
        { version: 3, date: "2026-11-30", summary: "Third: lesson four and one." },
        { version: 2, date: "2026-06-01", summary: "Second: lesson two and a removed lesson." },
      ],
      lessons: [lessons[0], lessons[1], lessons[3]],
    });
  });

  it("leaves out what the learner's own version already had", () => {
    const since2 = changesSinceCompleted(module, 2);
    expect(since2.notes.map((n) => n.version)).toEqual([3]);
    expect(since2.lessons.map((l) => l.id)).toEqual(["one", "four"]);
  });

  it("has nothing to offer a learner who completed the current version", () => {
    expect(changesSinceCompleted(module, 3)).toEqual({ notes: [], lessons: [] });
  });

  it("ignores notes for versions after the current one (written ahead of publishing)", () => {
    const ahead = { ...module, version: 2 };
    expect(changesSinceCompleted(ahead, 1).lessons.map((l) => l.id)).toEqual(["two"]);
  });

  it("says which notes touched one lesson", () => {
    expect(lessonChangesSinceCompleted(module, 1, "two").map((n) => n.version)).toEqual([2]);
    expect(lessonChangesSinceCompleted(module, 1, "three")).toEqual([]);
    expect(lessonChangesSinceCompleted(module, 2, "two")).toEqual([]);
  });
});
