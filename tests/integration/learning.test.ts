import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { checkAttempts, completions, lessonProgress } from "../../drizzle/schema";
import { getModule } from "~/lib/content/catalogue.server";
import { getDb } from "~/lib/db.server";
import { generateCertificateCode } from "~/models/completion.server";
import { getLearningRecord } from "~/models/learning-record.server";
import { markLessonComplete } from "~/models/lesson-progress.server";
import { getNextPaper, submitCheckAttempt } from "~/models/check-attempt.server";
import { loader as checkLoader, action as checkAction } from "~/routes/learn.$moduleId.check._index";
import { loader as resultLoader } from "~/routes/learn.$moduleId.check.$attemptId";
import { loader as lessonLoader, action as lessonAction } from "~/routes/learn.$moduleId.lessons.$lessonId";
import { loader as certificateLoader } from "~/routes/certificates.$code._index";
import { loader as pdfLoader } from "~/routes/certificates.$code.pdf";
import { loader as verifyLoader } from "~/routes/verify.$code";
import { createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const awareness = getModule("homelessness-awareness")!;
const other = getModule("early-indicators")!;
const bank = getModule("homelessness-reduction-act")!;

type CheckPage = { questions: { id: string; type: string; prompt: string; options: { id: string; text: string }[] }[] };

async function checkPage(cookie: string, module = awareness): Promise<CheckPage> {
  const response = await call(checkLoader, getRequest(`/learn/${module.id}/check`, { cookie }), {
    moduleId: module.id,
  });
  return response.json();
}

/** The right answers to the questions a page shows, found by the options' text, as a learner would. */
function rightAnswersOnPage(page: CheckPage, module = awareness) {
  return Object.fromEntries(
    page.questions.map((shown) => {
      const question = module.check.questions.find((q) => q.prompt === shown.prompt)!;
      const right = new Set(question.options.filter((o) => o.correct).map((o) => o.text));
      return [shown.id, shown.options.filter((o) => right.has(o.text)).map((o) => o.id)];
    }),
  );
}
const TOKEN = "token-abcdefghijklmnopqrstuvwxyz";

function rightAnswers(module = awareness) {
  return Object.fromEntries(
    module.check.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]),
  );
}

function answerFields(answers: Record<string, string[]>, token = TOKEN) {
  const body = new URLSearchParams({ submissionToken: token });
  for (const [questionId, options] of Object.entries(answers))
    for (const o of options) body.append(`answer:${questionId}`, o);
  return body;
}

function postCheck(cookie: string, body: URLSearchParams, moduleId = awareness.id) {
  const request = new Request(`http://localhost:3000/learn/${moduleId}/check`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: body.toString(),
  });
  return call(checkAction, request, { moduleId });
}

async function learnerWhoHasRead(module = awareness) {
  const organisation = createTestOrganisation({ name: "Crisis Test" });
  const member = await createTestMember({ name: "Jamie Rowanfield", organisationId: organisation.id });
  for (const lesson of module.lessons) markLessonComplete({ memberId: member.id, module, lessonId: lesson.id });
  return { member, organisation, cookie: await cookieFor(member.id) };
}

describe("lessons", () => {
  it("viewing a lesson writes nothing; Continue records it and moves to the next lesson", async () => {
    const member = await createTestMember();
    const cookie = await cookieFor(member.id);
    const [first, second] = awareness.lessons;
    const params = { moduleId: awareness.id, lessonId: first.id };
    const view = await call(lessonLoader, getRequest(`/learn/${awareness.id}/lessons/${first.id}`, { cookie }), params);
    expect(view.status).toBe(200);
    expect(getDb().select().from(lessonProgress).all()).toHaveLength(0);

    const next = await call(
      lessonAction,
      formRequest(`/learn/${awareness.id}/lessons/${first.id}`, {}, { cookie }),
      params,
    );
    expect(next.headers.get("Location")).toBe(`/learn/${awareness.id}/lessons/${second.id}`);
    const rows = getDb().select().from(lessonProgress).all();
    expect(rows).toEqual([
      expect.objectContaining({ moduleId: awareness.id, lessonId: first.id, moduleVersion: awareness.version }),
    ]);
    // Doing it twice records once.
    await call(lessonAction, formRequest(`/learn/${awareness.id}/lessons/${first.id}`, {}, { cookie }), params);
    expect(getDb().select().from(lessonProgress).all()).toHaveLength(1);
    expect(
      getLearningRecord({ memberId: member.id }).modules.find((m) => m.module.id === awareness.id)?.progress
        .resumeLessonId,
    ).toBe(second.id);
  });

  it("answers 404 for a lesson that is not in the module", async () => {
    const member = await createTestMember();
    const response = await call(lessonLoader, getRequest("/learn/x", { cookie: await cookieFor(member.id) }), {
      moduleId: awareness.id,
      lessonId: other.lessons[0].id,
    });
    expect(response.status).toBe(404);
  });
});

describe("knowledge check", () => {
  it("never sends the answer key or explanations in the loader data", async () => {
    const { cookie } = await learnerWhoHasRead();
    const response = await call(checkLoader, getRequest(`/learn/${awareness.id}/check`, { cookie }), {
      moduleId: awareness.id,
    });
    const data = await response.json();
    const text = JSON.stringify(data);
    expect(data.questions).toHaveLength(awareness.check.questions.length);
    expect(text).not.toContain('"correct"');
    for (const question of awareness.check.questions) expect(text).not.toContain(question.explanation);
  });

  it("shows each attempt its own order of options, the same on every load until it is submitted", async () => {
    const { cookie } = await learnerWhoHasRead();
    const first = await checkPage(cookie);
    expect((await checkPage(cookie)).questions).toEqual(first.questions);
    // Across the questions some option is not where the file puts it (1 chance in 4! x 4! x ... of all in place).
    const inFileOrder = first.questions.every((shown) => {
      const question = awareness.check.questions.find((q) => q.id === shown.id)!;
      return shown.options.map((o) => o.id).join() === question.options.map((o) => o.id).join();
    });
    expect(inFileOrder).toBe(false);
    for (const shown of first.questions) {
      const question = awareness.check.questions.find((q) => q.id === shown.id)!;
      expect([...shown.options].map((o) => o.id).sort()).toEqual(question.options.map((o) => o.id).sort());
    }
    // Scoring follows the options chosen, wherever they were shown.
    const response = await postCheck(cookie, answerFields(rightAnswersOnPage(first)));
    expect(response.status).toBe(302);
    const [attempt] = getDb().select().from(checkAttempts).all();
    expect(attempt).toMatchObject({ score: 100, passed: true });
    expect(JSON.parse(attempt.paper!)).toEqual(
      first.questions.map((q) => ({ questionId: q.id, optionIds: q.options.map((o) => o.id) })),
    );
    // The next attempt is a new paper.
    expect((await checkPage(cookie)).questions).not.toEqual(first.questions);
  });

  it("draws a stable random subset from a question bank, scores that subset, and gives a retake another paper", async () => {
    expect(bank.check.questionsPerAttempt).toBeLessThan(bank.check.questions.length);
    const { member, cookie } = await learnerWhoHasRead(bank);
    const papers: string[][] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const page = await checkPage(cookie, bank);
      expect(page.questions).toHaveLength(bank.check.questionsPerAttempt);
      expect((await checkPage(cookie, bank)).questions.map((q) => q.id)).toEqual(page.questions.map((q) => q.id));
      // A question from outside this paper is refused, even with the right answer.
      const outside = bank.check.questions.find((q) => !page.questions.some((shown) => shown.id === q.id))!;
      const withOutside = {
        ...rightAnswersOnPage(page, bank),
        [outside.id]: [outside.options.find((o) => o.correct)!.id],
      };
      expect(
        (await postCheck(cookie, answerFields(withOutside, `outside-token-${attempt}-00000000`), bank.id)).status,
      ).toBe(400);
      // Every question on this paper answered rightly scores 100, though the bank holds more.
      const response = await postCheck(
        cookie,
        answerFields(rightAnswersOnPage(page, bank), `bank-token-${attempt}-000000000`),
        bank.id,
      );
      expect(response.status).toBe(302);
      papers.push(page.questions.map((q) => q.id));
    }
    const attempts = getDb().select().from(checkAttempts).all();
    expect(attempts.map((a) => a.score)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(new Set(papers.map((ids) => ids.join())).size).toBeGreaterThan(1);
    // The result page gives feedback on the questions that attempt asked, in its order.
    const last = attempts[attempts.length - 1];
    const result = await call(resultLoader, getRequest(`/learn/${bank.id}/check/${last.id}`, { cookie }), {
      moduleId: bank.id,
      attemptId: String(last.id),
    });
    const feedback = (await result.json()).feedback as { id: string; correct: boolean }[];
    expect(feedback.map((f) => f.id)).toEqual(papers[papers.length - 1]);
    expect(feedback.every((f) => f.correct)).toBe(true);
    expect(getNextPaper({ memberId: member.id, module: bank }).questions).toHaveLength(bank.check.questionsPerAttempt);
  });

  it("never puts the answer key in the check page's HTML", async () => {
    const { cookie } = await learnerWhoHasRead(bank);
    const page = await checkPage(cookie, bank);
    const text = JSON.stringify(page);
    for (const question of bank.check.questions) expect(text).not.toContain(question.explanation);
    expect(text).not.toMatch(/"correct"|"explanation"/);
  });

  it("records a pass, a completion and a certificate code in one go", async () => {
    const { member, cookie } = await learnerWhoHasRead();
    const response = await postCheck(cookie, answerFields(rightAnswers()));
    expect(response.status).toBe(302);
    const [completion] = getDb().select().from(completions).all();
    expect(completion).toMatchObject({
      memberId: member.id,
      moduleId: awareness.id,
      moduleVersion: awareness.version,
      contentHash: awareness.contentHash,
      score: 100,
      learnerName: "Jamie Rowanfield",
      organisationName: "Crisis Test",
      tier: 3,
    });
    expect(completion.certificateCode).toMatch(/^[A-Z2-7]{26}$/);
    expect(completion.expiresAt!.getTime()).toBeGreaterThan(completion.completedAt.getTime());
  });

  it("records a double-submitted attempt once", async () => {
    const { cookie } = await learnerWhoHasRead();
    const body = answerFields(rightAnswers());
    const [first, second] = await Promise.all([postCheck(cookie, body), postCheck(cookie, body)]);
    expect(first.headers.get("Location")).toBe(second.headers.get("Location"));
    expect(getDb().select().from(checkAttempts).all()).toHaveLength(1);
    expect(getDb().select().from(completions).all()).toHaveLength(1);
  });

  it("records a fail without a completion, and allows retakes", async () => {
    const { cookie } = await learnerWhoHasRead();
    const wrong = Object.fromEntries(
      awareness.check.questions.map((q) => [q.id, [q.options.find((o) => !o.correct)!.id]]),
    );
    await postCheck(cookie, answerFields(wrong, "first-attempt-token-000000"));
    await postCheck(cookie, answerFields(rightAnswers(), "second-attempt-token-00000"));
    const attempts = getDb().select().from(checkAttempts).all();
    expect(attempts.map((a) => a.passed)).toEqual([false, true]);
    expect(getDb().select().from(completions).all()).toHaveLength(1);
  });

  it("answers 400 with a message per unanswered question and writes nothing", async () => {
    const { cookie } = await learnerWhoHasRead();
    const answers = rightAnswers();
    const [firstQuestion] = awareness.check.questions;
    delete answers[firstQuestion.id];
    const response = await postCheck(cookie, answerFields(answers));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors).toEqual({ [`question-${firstQuestion.id}`]: "Answer question 1" });
    expect(getDb().select().from(checkAttempts).all()).toHaveLength(0);
  });

  it("answers 400 to tampered submissions and writes nothing", async () => {
    const { cookie } = await learnerWhoHasRead();
    const withUnknown = { ...rightAnswers(), "made-up-question": ["a"] };
    const withBadOption = { ...rightAnswers(), [awareness.check.questions[0].id]: ["zz"] };
    const single = awareness.check.questions.find((q) => q.type === "single")!;
    const twoForSingle = { ...rightAnswers(), [single.id]: single.options.map((o) => o.id) };
    const anotherModule = rightAnswers(other);
    for (const answers of [withUnknown, withBadOption, twoForSingle, anotherModule]) {
      const response = await postCheck(cookie, answerFields(answers));
      expect(response.status).toBe(400);
      expect((await response.json()).fieldErrors.form).toBeTruthy();
    }
    const noToken = new URLSearchParams(answerFields(rightAnswers()));
    noToken.delete("submissionToken");
    expect((await postCheck(cookie, noToken)).status).toBe(400);
    expect(getDb().select().from(checkAttempts).all()).toHaveLength(0);
  });

  it("refuses the check until every lesson is read", async () => {
    const member = await createTestMember();
    const response = await postCheck(await cookieFor(member.id), answerFields(rightAnswers()));
    expect(response.status).toBe(400);
    expect(getDb().select().from(checkAttempts).all()).toHaveLength(0);
  });
});

describe("content changes", () => {
  it("keep earlier completions valid, flagged as updated since completed", async () => {
    const { member } = await learnerWhoHasRead();
    submitCheckAttempt({
      memberId: member.id,
      module: { ...awareness, version: awareness.version - 1 || 0 },
      answers: rightAnswers(),
      submissionToken: TOKEN,
    });
    const record = getLearningRecord({ memberId: member.id }).modules.find((m) => m.module.id === awareness.id)!;
    expect(record.status).toBe("current");
    expect(record.updatedSinceCompleted).toBe(true);
    expect(getLearningRecord({ memberId: member.id }).pathway.find((t) => t.tier === 3)?.achieved).toBe(true);
  });

  it("show an expired completion as expired, and its tier as not achieved", async () => {
    const { member } = await learnerWhoHasRead();
    submitCheckAttempt({
      memberId: member.id,
      module: awareness,
      answers: rightAnswers(),
      submissionToken: TOKEN,
      now: new Date("2020-01-01T10:00:00Z"),
    });
    const record = getLearningRecord({ memberId: member.id });
    expect(record.modules.find((m) => m.module.id === awareness.id)?.status).toBe("expired");
    expect(record.pathway.find((t) => t.tier === 3)?.achieved).toBe(false);
  });
});

describe("certificates", () => {
  async function passed() {
    const learner = await learnerWhoHasRead();
    submitCheckAttempt({
      memberId: learner.member.id,
      module: awareness,
      answers: rightAnswers(),
      submissionToken: TOKEN,
    });
    const [completion] = getDb().select().from(completions).all();
    return { ...learner, code: completion.certificateCode };
  }

  it("shows the certificate to its learner, their organisation lead and the coordinator only", async () => {
    const { code, organisation, member } = await passed();
    const colleague = await createTestMember({ organisationId: organisation.id });
    const lead = await createTestMember({ organisationId: organisation.id, role: "org_lead" });
    const otherLead = await createTestMember({ organisationId: createTestOrganisation().id, role: "org_lead" });
    const coordinator = await createTestMember({ role: "coordinator" });
    const status = async (memberId: number) => {
      const response = await call(
        certificateLoader,
        getRequest(`/certificates/${code}`, { cookie: await cookieFor(memberId) }),
        { code },
      );
      // Whoever is refused learns nothing about the certificate's holder.
      if (response.status !== 200) expect(await response.text()).not.toContain("Rowanfield");
      else expect((await response.json()).certificate.learnerName).toBe("Jamie Rowanfield");
      return response.status;
    };
    expect(await status(member.id)).toBe(200);
    expect(await status(colleague.id)).toBe(403);
    expect(await status(otherLead.id)).toBe(403);
    expect(await status(lead.id)).toBe(200);
    expect(await status(coordinator.id)).toBe(200);
    expect((await call(certificateLoader, getRequest(`/certificates/${code}`), { code })).status).toBe(302);
  });

  it("downloads as a one-page PDF", async () => {
    const { code, cookie } = await passed();
    const response = await call(pdfLoader, getRequest(`/certificates/${code}/pdf`, { cookie }), { code });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getSubject()).toContain("Verification code");
    const [page] = pdf.getPages();
    expect(Math.round(page.getWidth())).toBe(595);
    expect(Math.round(page.getHeight())).toBe(842);
  });

  it("verifies publicly with the learner's name, the module and the date, and says when a code is unknown", async () => {
    const { code } = await passed();
    const response = await call(verifyLoader, getRequest(`/verify/${code.toLowerCase()}`), {
      code: code.toLowerCase(),
    });
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.certificate).toMatchObject({
      learnerName: "Jamie Rowanfield",
      moduleTitle: "Homelessness awareness",
      state: "current",
    });
    expect(JSON.stringify(data)).not.toMatch(/@example\.org|memberId/);
    const unknown = await call(verifyLoader, getRequest("/verify/AAAA"), { code: "AAAA" });
    expect(unknown.status).toBe(404);
  });

  it("uses unguessable, unique codes", () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generateCertificateCode()));
    expect(codes.size).toBe(5000);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{26}$/);
  });
});
