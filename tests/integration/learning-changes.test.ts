import { describe, expect, it } from "vitest";
import { completions } from "../../drizzle/schema";
import { getModule } from "~/lib/content/catalogue.server";
import { getDb } from "~/lib/db.server";
import { submitCheckAttempt } from "~/models/check-attempt.server";
import { markLessonComplete } from "~/models/lesson-progress.server";
import { loader as moduleLoader } from "~/routes/learn.$moduleId._index";
import { loader as lessonLoader, action as lessonAction } from "~/routes/learn.$moduleId.lessons.$lessonId";
import { loader as learningLoader } from "~/routes/learning";
import { createTestMember } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const uc = getModule("universal-credit-housing-costs")!;
const CHANGED = ["payments-and-advances", "how-much-rent", "gaps-and-debt"];
const UNCHANGED = ["housing-element", "alternative-payment-arrangements"];

function rightAnswers() {
  return Object.fromEntries(uc.check.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
}

/** A learner who read every lesson and passed the check when the module was at `version`. */
async function learnerWhoCompleted(version: number) {
  const member = await createTestMember();
  for (const lesson of uc.lessons) markLessonComplete({ memberId: member.id, module: uc, lessonId: lesson.id });
  submitCheckAttempt({
    memberId: member.id,
    module: { ...uc, version },
    answers: rightAnswers(),
    submissionToken: `token-${member.id}-abcdefghijklmnopqrstuvwxyz`,
  });
  return { member, cookie: await cookieFor(member.id) };
}

async function moduleData(cookie: string) {
  const response = await call(moduleLoader, getRequest(`/learn/${uc.id}`, { cookie }), { moduleId: uc.id });
  expect(response.status).toBe(200);
  return response.json();
}

async function lessonData(cookie: string, lessonId: string) {
  const response = await call(lessonLoader, getRequest(`/learn/${uc.id}/lessons/${lessonId}`, { cookie }), {
    moduleId: uc.id,
    lessonId,
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe("a learner who completed an earlier version of a module", () => {
  it("the content under test: the current version names the lessons it changed", () => {
    expect(uc.version).toBe(2);
    expect(uc.changes.find((c) => c.version === 2)?.lessons).toEqual(CHANGED);
  });

  it("sees what changed and is offered just the changed lessons, with the certificate unchanged", async () => {
    const { cookie } = await learnerWhoCompleted(1);
    const data = await moduleData(cookie);
    expect(data.updatedSinceCompleted).toBe(true);
    expect(data.status).toBe("current");
    expect(data.sinceCompleted.notes).toEqual([
      {
        version: 2,
        date: "30 November 2026",
        summary: expect.stringContaining(
          "Housing Payments from the Crisis and Resilience Fund replaced Discretionary Housing Payments",
        ),
      },
    ]);
    expect(data.sinceCompleted.lessons.map((l: { id: string }) => l.id)).toEqual(CHANGED);
    expect(data.sinceCompleted.lessons[0]).toEqual({
      id: "payments-and-advances",
      title: uc.lessons[1].title,
      position: 2,
    });
    expect(data.module.checked).toEqual({ date: "30 November 2026", by: "Network coordinator" });
  });

  it("sees on a changed lesson why it changed, and nothing on an unchanged one", async () => {
    const { cookie } = await learnerWhoCompleted(1);
    const changed = await lessonData(cookie, "gaps-and-debt");
    expect(changed.changedSinceCompleted).toEqual([
      { version: 2, date: "30 November 2026", summary: expect.stringContaining("Crisis Payments") },
    ]);
    expect(changed.module.checked).toEqual({ date: "30 November 2026", by: "Network coordinator" });
    for (const lessonId of UNCHANGED) expect((await lessonData(cookie, lessonId)).changedSinceCompleted).toEqual([]);
  });

  it("renews nothing by reading the changed lessons again", async () => {
    const { member, cookie } = await learnerWhoCompleted(1);
    const before = getDb().select().from(completions).all();
    for (const lessonId of CHANGED) {
      await call(lessonAction, formRequest(`/learn/${uc.id}/lessons/${lessonId}`, {}, { cookie }), {
        moduleId: uc.id,
        lessonId,
      });
    }
    const after = getDb().select().from(completions).all();
    expect(after).toEqual(before);
    expect(after).toEqual([expect.objectContaining({ memberId: member.id, moduleVersion: 1 })]);
    expect((await moduleData(cookie)).sinceCompleted.lessons.map((l: { id: string }) => l.id)).toEqual(CHANGED);
  });

  it("is told on My learning how many lessons changed, with a link straight to them", async () => {
    const { cookie } = await learnerWhoCompleted(1);
    const response = await call(learningLoader, getRequest("/learning", { cookie }));
    const data = await response.json();
    expect(data.attention).toEqual([
      expect.objectContaining({ moduleId: uc.id, updatedSinceCompleted: true, changedLessons: CHANGED.length }),
    ]);
  });
});

describe("a learner who completed the current version", () => {
  it("is offered nothing to re-read, but still sees when the module was checked", async () => {
    const { cookie } = await learnerWhoCompleted(uc.version);
    const data = await moduleData(cookie);
    expect(data.updatedSinceCompleted).toBe(false);
    expect(data.sinceCompleted).toBeNull();
    expect(data.module.checked.date).toBe("30 November 2026");
    expect((await lessonData(cookie, "gaps-and-debt")).changedSinceCompleted).toEqual([]);
  });

  it("a learner with no completion sees the checked date and no change notice", async () => {
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const data = await moduleData(cookie);
    expect(data.sinceCompleted).toBeNull();
    expect(data.module.checked).toEqual({ date: "30 November 2026", by: "Network coordinator" });
    expect((await lessonData(cookie, "gaps-and-debt")).changedSinceCompleted).toEqual([]);
  });
});
