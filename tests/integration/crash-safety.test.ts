/**
 * Crash safety: start the real server, drive writes (topic proposals,
 * lesson progress, bookings, knowledge check completions and register
 * marks), kill it with SIGKILL at a random moment, many times.
 * After each crash the database passes its integrity and foreign key checks,
 * and every write whose HTTP response had arrived is there. A 5xx answer is a
 * failure, never "not confirmed".
 *
 * The kill waits until every kind of write has been confirmed at least once in
 * the round (however busy the machine), then comes at a random moment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { getDb, migrateDatabase } from "~/lib/db.server";
import { freePort, signInAs } from "./helpers/real-server";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 6);

function startServer(databaseUrl: string, port: number) {
  return spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    // Only what the server needs: the test runner's own environment is not passed on.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      JOBS_DISABLED: "true",
      SEED_DEMO_DATA: "true",
      LOG_LEVEL: "silent",
    },
    stdio: "ignore",
  });
}

async function waitUntilUp(base: string) {
  // Up to 30 s: a start takes about 1.5 s, but much longer on a machine busy with other tests.
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

async function signIn(base: string, email: string) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "champions-demo-2026" }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie");
  if (!cookie)
    throw new Error(
      `sign-in as ${email} answered ${response.status}: ${/error-summary__list">(.*?)<\/ul>/.exec(await response.text())?.[1]}`,
    );
  return cookie.split(";")[0];
}

function post(base: string, url: string, cookie: string, fields: Record<string, string>) {
  return fetch(`${base}${url}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

/** Waits until `ready()` holds, checking every 20 ms, for at most `limitMs`. */
async function waitFor(ready: () => boolean, limitMs: number) {
  const until = Date.now() + limitMs;
  while (!ready() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return ready();
}

describe("crash safety", () => {
  it(`keeps every confirmed write and a sound database through ${ROUNDS} SIGKILLs, with no 5xx answer`, async () => {
    // The first start seeds the demo data into an empty database.
    const databaseUrl = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "crash-")), "champions.db");
    const confirmedTopics: string[] = [];
    const confirmedBookings = new Set<number>();
    const confirmedAttempts: string[] = [];
    let confirmedMarks = 0;
    let confirmedLessonCount = 0;
    const serverErrors: string[] = [];
    const catalogue = await import("~/lib/content/catalogue.server");
    const module = catalogue.getModule("early-indicators")!;
    const rightAnswers = module.check.questions.flatMap((q) =>
      q.options.filter((o) => o.correct).map((o) => [`answer:${q.id}`, o.id] as [string, string]),
    );
    const lessons = module.lessons;
    let server: ChildProcess | undefined;
    let coordinator: string | undefined;
    for (let round = 0; round < ROUNDS; round += 1) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      server = startServer(databaseUrl, port);
      let learner: string;
      let champion: string;
      try {
        await waitUntilUp(base);
        [learner, champion] = await Promise.all([
          signIn(base, "learner@example.org"),
          signIn(base, "champion@example.org"),
        ]);
        // The coordinator signs in with two steps once, and their session outlives every kill, as sessions must.
        coordinator ??= await signInAs(port, "coordinator@example.org");
      } catch (error) {
        server.kill("SIGKILL");
        throw error;
      }
      const { upcoming, register, learnerId } = (() => {
        const db = new Database(databaseUrl, { timeout: 10_000 });
        const ids = (
          db
            .prepare("SELECT id FROM workshops WHERE status = 'scheduled' AND booking_closes_at > ? ORDER BY starts_at")
            .all(Date.now()) as Array<{ id: number }>
        ).map((r) => r.id);
        // A held workshop and one person on its register, whose mark the coordinator keeps changing.
        const marked = db
          .prepare(
            "SELECT a.workshop_id AS workshopId, a.member_id AS memberId, a.status FROM attendance a JOIN workshops w ON w.id = a.workshop_id WHERE w.ends_at < ? ORDER BY a.workshop_id, a.member_id LIMIT 1",
          )
          .get(Date.now()) as { workshopId: number; memberId: number; status: string };
        const changesBefore = (
          db
            .prepare("SELECT count(*) AS n FROM attendance_changes WHERE workshop_id = ? AND member_id = ?")
            .get(marked.workshopId, marked.memberId) as { n: number }
        ).n;
        const { id } = db.prepare("SELECT id FROM members WHERE email = 'learner@example.org'").get() as { id: number };
        // Each round starts the learner's reading afresh, so this round's confirmed lesson writes are the ones checked.
        db.prepare("DELETE FROM lesson_progress WHERE member_id = ? AND module_id = ?").run(id, module.id);
        db.close();
        return { upcoming: ids, register: { ...marked, changesBefore }, learnerId: id };
      })();
      // The writer saves marks one after another, so the confirmed ones are a prefix: count the changes they must have made.
      let markNow = register.status;
      let changesExpected = 0;
      const round_ = { topics: 0, lessons: new Set<string>(), marks: 0, bookings: 0, attempts: 0 };
      const answered = (response: Response, what: string) => {
        if (response.status >= 500) serverErrors.push(`${what} answered ${response.status} in round ${round}`);
        return response.status === 302;
      };
      let stop = false;
      const writers = [0, 1, 2, 3].map(async (w) => {
        let i = 0;
        while (!stop) {
          i += 1;
          const title = `Crash round ${round} writer ${w} topic ${i}`;
          try {
            if (
              answered(
                await post(base, "/topics", w % 2 ? learner : champion, { intent: "propose", title, details: "" }),
                "a topic",
              )
            ) {
              confirmedTopics.push(title);
              round_.topics += 1;
            }
            const lesson = lessons[i % lessons.length];
            if (answered(await post(base, `/learn/${module.id}/lessons/${lesson.id}`, learner, {}), "a lesson"))
              round_.lessons.add(lesson.id);
            if (w === 1 && i % 6 === 0) {
              // This writer has read every lesson by now: a knowledge check pass records a completion.
              const token = `crash-${round}-${i}-${Math.random().toString(36).slice(2, 12)}`.padEnd(24, "x");
              const body = new URLSearchParams([["submissionToken", token], ...rightAnswers]);
              const check = await fetch(`${base}/learn/${module.id}/check`, {
                method: "POST",
                headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: learner },
                body,
                redirect: "manual",
              });
              if (answered(check, "a knowledge check")) {
                confirmedAttempts.push(token);
                round_.attempts += 1;
              }
            }
            if (w === 2) {
              const status = i % 2 ? "attended" : "absent";
              const mark = await post(base, `/manage/workshops/${register.workshopId}/register`, coordinator!, {
                intent: "save",
                [`mark:${register.memberId}`]: status,
              });
              if (answered(mark, "a register mark")) {
                confirmedMarks += 1;
                round_.marks += 1;
                if (status !== markNow) changesExpected += 1;
                markNow = status;
              }
            }
            if (w === 0 && upcoming.length) {
              const workshopId = upcoming[i % upcoming.length];
              if (answered(await post(base, `/workshops/${workshopId}`, champion, { intent: "book" }), "a booking")) {
                confirmedBookings.add(workshopId);
                round_.bookings += 1;
              }
            }
          } catch {
            return; // the server is gone
          }
        }
      });
      // However slow the machine, every kind of write is confirmed at least once before the kill (a minute at most).
      const everyKind = () =>
        round_.topics > 0 &&
        round_.lessons.size > 0 &&
        round_.marks > 0 &&
        round_.attempts > 0 &&
        (round_.bookings > 0 || upcoming.length === 0);
      const ready = await waitFor(everyKind, 60_000);
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGKILL");
      stop = true;
      await Promise.all(writers);
      await exited;
      expect(
        ready,
        `round ${round} confirmed every kind of write before the kill: ${JSON.stringify({ ...round_, lessons: round_.lessons.size })}`,
      ).toBe(true);
      expect(serverErrors).toEqual([]);

      const db = new Database(databaseUrl);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("foreign_key_check")).toEqual([]);
      const stored = new Set(
        (
          db.prepare("SELECT title FROM topic_proposals WHERE title LIKE 'Crash round %'").all() as Array<{
            title: string;
          }>
        ).map((r) => r.title),
      );
      const booked = new Set(
        (
          db
            .prepare(
              "SELECT b.workshop_id AS id FROM bookings b JOIN members m ON m.id = b.member_id WHERE m.email = 'champion@example.org' AND b.status IN ('booked', 'waiting')",
            )
            .all() as Array<{ id: number }>
        ).map((r) => r.id),
      );
      const attempts = new Set(
        (
          db
            .prepare("SELECT submission_token AS t FROM check_attempts a JOIN completions c ON c.attempt_id = a.id")
            .all() as Array<{ t: string }>
        ).map((r) => r.t),
      );
      const lessonsRead = new Set(
        (
          db
            .prepare("SELECT lesson_id AS id FROM lesson_progress WHERE member_id = ? AND module_id = ?")
            .all(learnerId, module.id) as Array<{ id: string }>
        ).map((r) => r.id),
      );
      const markChanges =
        (
          db
            .prepare("SELECT count(*) AS n FROM attendance_changes WHERE workshop_id = ? AND member_id = ?")
            .get(register.workshopId, register.memberId) as { n: number }
        ).n - register.changesBefore;
      db.close();
      expect(confirmedAttempts.filter((t) => !attempts.has(t))).toEqual([]);
      expect([...round_.lessons].filter((id) => !lessonsRead.has(id))).toEqual([]);
      confirmedLessonCount += round_.lessons.size;
      // Every confirmed change of the mark is in the history (a change in flight at the kill may be there too).
      expect(markChanges).toBeGreaterThanOrEqual(changesExpected);
      expect(confirmedTopics.filter((t) => !stored.has(t))).toEqual([]);
      expect([...confirmedBookings].filter((id) => !booked.has(id))).toEqual([]);
    }
    expect(confirmedTopics.length).toBeGreaterThanOrEqual(ROUNDS);
    expect(confirmedLessonCount).toBeGreaterThanOrEqual(ROUNDS);
    expect(confirmedBookings.size).toBeGreaterThan(0);
    expect(confirmedAttempts.length).toBeGreaterThanOrEqual(ROUNDS);
    expect(confirmedMarks).toBeGreaterThanOrEqual(ROUNDS);
    // The test database handle is still usable afterwards.
    process.env.DATABASE_URL = databaseUrl;
    migrateDatabase(getDb());
  }, 180_000);
});
