/**
 * Every absolute link the app writes starts with APP_URL, never with the
 * request's Host header: a forged Host must not end up on a certificate
 * someone prints or in a calendar address someone subscribes to.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { completions } from "../../drizzle/schema";
import { getModule } from "~/lib/content/catalogue.server";
import { getDb } from "~/lib/db.server";
import { submitCheckAttempt } from "~/models/check-attempt.server";
import { markLessonComplete } from "~/models/lesson-progress.server";
import { listFeedEvents } from "~/models/calendar-feed.server";
import { action as calendarAction } from "~/routes/calendar";
import { loader as certificateLoader } from "~/routes/certificates.$code._index";
import { loader as pdfLoader } from "~/routes/certificates.$code.pdf";
import { createTestMember } from "../factories";
import { call, cookieFor } from "../request";
import { hasPdftotext, pdfTextLines } from "../pdf-text";

const APP_URL = "https://champions.example.org";
const awareness = getModule("homelessness-awareness")!;

/** A request as a browser sends it to a forged host name (a form post when a body is given). */
function forgedHostRequest(path: string, cookie: string, form?: Record<string, string>) {
  if (!form) return new Request(`http://evil.example${path}`, { headers: { Host: "evil.example", Cookie: cookie } });
  return new Request(`http://evil.example${path}`, {
    method: "POST",
    headers: { Host: "evil.example", Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
}

async function learnerWithCertificate() {
  const member = await createTestMember({ name: "Jamie Rowanfield" });
  for (const lesson of awareness.lessons)
    markLessonComplete({ memberId: member.id, module: awareness, lessonId: lesson.id });
  const answers = Object.fromEntries(
    awareness.check.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]),
  );
  submitCheckAttempt({
    memberId: member.id,
    module: awareness,
    answers,
    submissionToken: "token-abcdefghijklmnopqrstuvwxyz",
  });
  const [completion] = getDb().select().from(completions).all();
  return { member, code: completion.certificateCode, cookie: await cookieFor(member.id) };
}

describe("absolute links use APP_URL, whatever Host the request names", () => {
  const before = process.env.APP_URL;
  beforeEach(() => {
    process.env.APP_URL = APP_URL;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.APP_URL;
    else process.env.APP_URL = before;
  });

  it("the certificate page's check-it-at address", async () => {
    const { code, cookie } = await learnerWithCertificate();
    const response = await call(certificateLoader, forgedHostRequest(`/certificates/${code}`, cookie), { code });
    expect(response.status).toBe(200);
    const { certificate } = await response.json();
    expect(certificate.verifyUrl).toBe(`${APP_URL}/verify/${code}`);
    expect(JSON.stringify(certificate)).not.toContain("evil.example");
  });

  it("the printed PDF's check-it-at address", async () => {
    const { code, cookie } = await learnerWithCertificate();
    const response = await call(pdfLoader, forgedHostRequest(`/certificates/${code}/pdf`, cookie), { code });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(hasPdftotext(), "pdftotext is needed").toBe(true);
    const lines = pdfTextLines(new Uint8Array(await response.arrayBuffer()));
    expect(lines).toContain(`Check it at ${APP_URL}/verify/${code}`);
    expect(lines.join("\n")).not.toContain("evil.example");
  });

  it("the calendar feed address", async () => {
    const member = await createTestMember();
    const response = await call(
      calendarAction,
      forgedHostRequest("/calendar", await cookieFor(member.id), { intent: "create" }),
    );
    expect(response.status).toBe(200);
    const { feedUrl } = (await response.json()) as { feedUrl: string };
    expect(feedUrl).toMatch(/^https:\/\/champions\.example\.org\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    // It is the member's working address.
    expect(listFeedEvents({ token: feedUrl.slice(`${APP_URL}/feeds/`.length, -".ics".length) })).toEqual([]);
  });
});
