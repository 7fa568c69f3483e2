/**
 * README promises that logs are one JSON object per line. This starts the real
 * server (app/server.ts, as `npm start` runs it), seeds the demo data, serves
 * some requests, runs the background jobs and stops it, then reads every line
 * it wrote to stdout and stderr; and does the same for a start that fails.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../drizzle/seed";
import { freePort } from "./helpers/real-server";

function request(port: number, target: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: target, method: init.method ?? "GET", headers: init.headers, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Starts the server with only this environment; resolves with everything it wrote once it has exited. */
function runServer(env: Record<string, string>, whileUp?: (port: number) => Promise<void>) {
  return freePort().then(
    (port) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
          // npm start runs in development unless NODE_ENV says otherwise; libraries print the most there.
          env: {
            PATH: process.env.PATH ?? "",
            HOME: process.env.HOME ?? "",
            NODE_ENV: "development",
            PORT: String(port),
            HOST: "127.0.0.1",
            ...env,
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.once("error", reject);
        child.once("exit", (code) => resolve({ code, stdout, stderr }));
        if (!whileUp) return;
        const poll = async () => {
          for (let i = 0; i < 600 && child.exitCode === null; i += 1) {
            if ((await request(port, "/healthz").catch(() => 0)) === 200) {
              await whileUp(port);
              child.kill("SIGTERM");
              return;
            }
            await new Promise((r) => setTimeout(r, 100));
          }
          child.kill("SIGKILL");
        };
        poll().catch((error) => {
          child.kill("SIGKILL");
          reject(error);
        });
      }),
  );
}

function jsonLines(text: string) {
  const lines = text.split("\n").filter((line) => line !== "");
  const notJson = lines.filter((line) => {
    try {
      const value = JSON.parse(line);
      return (
        typeof value !== "object" ||
        value === null ||
        Array.isArray(value) ||
        typeof value.event !== "string" ||
        typeof value.time !== "string"
      );
    } catch {
      return true;
    }
  });
  expect(notJson).toEqual([]);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("every line the server writes is one JSON object", () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "server-logs-"));

  // A first start hashes the demo passwords and seeds the demo data: about 10 s on two busy cores.
  it(
    "from a first start with demo data, through requests and background jobs, to shutdown",
    { timeout: 90_000 },
    async () => {
      const result = await runServer(
        { DATABASE_URL: path.join(directory, "first.db"), SEED_DEMO_DATA: "true", JOBS_INTERVAL_MS: "200" },
        async (port) => {
          expect(await request(port, "/login")).toBe(200);
          expect(await request(port, "/no-such-page")).toBe(404);
          expect(
            await request(port, "/login", {
              method: "POST",
              headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
            }),
          ).toBe(403);
          await new Promise((r) => setTimeout(r, 600));
        },
      );
      expect(result.code).toBe(0);
      const events = [...jsonLines(result.stdout), ...jsonLines(result.stderr)];
      const names = events.map((e) => e.event);
      expect(names).toContain("server-started");
      expect(names).toContain("request");
      expect(names).toContain("cross-origin-refused");
      // A newcomer can still read the demo sign-ins: one line per account, with the password.
      const demo = events.filter((e) => e.event === "demo-sign-in");
      expect(demo.map((e) => e.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
      expect(demo.every((e) => e.password === DEMO_PASSWORD && typeof e.who === "string")).toBe(true);
      expect(events.find((e) => e.event === "server-started")?.message).toMatch(
        /^Champions Network is running at http:\/\/localhost:\d+$/,
      );
    },
  );

  it("when the server cannot start, even with LOG_LEVEL=silent", { timeout: 60_000 }, async () => {
    const file = path.join(directory, "damaged.db");
    fs.writeFileSync(file, Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(4096, 0x41)]));
    const result = await runServer({
      DATABASE_URL: file,
      SEED_DEMO_DATA: "false",
      JOBS_DISABLED: "true",
      LOG_LEVEL: "silent",
    });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toEqual([]);
    const events = jsonLines(result.stderr);
    expect(events.map((e) => e.event)).toEqual(["startup-failed"]);
    expect(events[0].message).toContain("is damaged or not a database");
  });

  it("from npm run jobs, which cron runs beside the server", { timeout: 60_000 }, () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "app/jobs.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "development",
        DATABASE_URL: path.join(directory, "jobs.db"),
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(jsonLines(result.stderr)).toEqual([]);
    const events = jsonLines(result.stdout);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: "jobs-run", reminders: 0, feedbackRequests: 0, sent: 0, failed: 0 });
  });
});
