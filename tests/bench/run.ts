/**
 * npm run bench: the production server against the national dataset
 * (npm run seed:scale), driven on loopback with autocannon, beside a bare
 * node:http server returning the same bytes as each page (the ceiling).
 * Each path is warmed up first (BENCH_WARMUP_SECONDS, unrecorded); then
 * latency is measured at 8 connections, throughput at 32. Results are printed
 * and written to docs/bench/<date>-<commit>.json.
 *
 * The bench coordinator signs in with both steps, as staff must: its two-step
 * set-up is removed from the dataset once the server has migrated it, then set
 * up afresh over HTTP with the key the set-up page shows (the secret is
 * encrypted under the server's SESSION_SECRET, so only the server can write it).
 */
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { Secret, TOTP } from "otpauth";

const DATABASE = path.resolve(process.env.SCALE_DATABASE_URL ?? "data/national.db");
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const CEILING_PORT = PORT + 1;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
/** Each path is driven this long first, unrecorded, so the measured runs see a warmed-up server (JIT, caches). */
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "bench-password-2026";

if (!fs.existsSync(DATABASE)) {
  console.error(`No national dataset at ${DATABASE}: run npm run seed:scale first.`);
  process.exit(1);
}

// The same V8 heap limit as npm start; BENCH_NODE_ARGS adds or overrides flags.
const NODE_ARGS = ["--max-old-space-size=256", ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)];
const server = spawn(process.execPath, [...NODE_ARGS, "--import", "tsx", "app/server.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    HOST: "127.0.0.1",
    DATABASE_URL: DATABASE,
    SESSION_SECRET: "bench-".padEnd(48, "x"),
    COOKIE_SECURE: "false",
    SEED_DEMO_DATA: "false",
    JOBS_DISABLED: "true",
    DIRECTORY_RATE_LIMIT: "100000000",
  },
  stdio: ["ignore", "pipe", "inherit"],
});

async function waitForServer() {
  for (let i = 0; i < 120; i += 1) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("The server did not start");
}

/** The session cookie (cn_session=...) a response sets, or null. */
function sessionCookie(response: Response) {
  return (
    response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0])
      .find((cookie) => cookie.startsWith("cn_session=") && cookie.length > "cn_session=".length) ?? null
  );
}

async function signIn(email: string) {
  const response = await fetch(`${BASE}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: PASSWORD }),
    redirect: "manual",
  });
  const cookie = sessionCookie(response);
  if (!cookie) {
    const location = response.headers.get("location");
    throw new Error(`Signing in as ${email} gave no session (${response.status}${location ? ` to ${location}` : ""})`);
  }
  return cookie;
}

/** Removes a member's two-step set-up, so a password alone signs them in (run after the server has migrated). */
function removeTwoStep(email: string) {
  const db = new Database(DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const member = db.prepare("SELECT id FROM members WHERE email = ?").get(email) as { id: number } | undefined;
    if (!member) throw new Error(`No member ${email} in ${DATABASE}: run npm run seed:scale again.`);
    db.transaction(() => {
      db.prepare("DELETE FROM two_step_recovery_codes WHERE member_id = ?").run(member.id);
      db.prepare("DELETE FROM two_step_credentials WHERE member_id = ?").run(member.id);
    })();
  } finally {
    db.close();
  }
}

/**
 * Signs a staff member in with both steps: the password gives a session that
 * only reaches /account/two-step; there a new authenticator app is set up with
 * a code for the key the page shows, and the same session then reaches the
 * staff pages. Fails unless staffPath answers 200 at the end.
 */
async function signInStaff(email: string, staffPath: string) {
  removeTwoStep(email);
  const cookie = await signIn(email);
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual" as const,
  });
  const staffPage = await fetch(BASE + staffPath, { headers: { cookie }, redirect: "manual" });
  const setUp = staffPage.headers.get("location") ?? "";
  if (staffPage.status !== 302 || !setUp.startsWith("/account/two-step")) {
    throw new Error(`${staffPath} for ${email} without two-step answered ${staffPage.status}, not the set-up page`);
  }
  const started = await fetch(BASE + setUp, form({ intent: "start" }));
  if (started.status !== 302) throw new Error(`Starting two-step set-up for ${email} answered ${started.status}`);
  const page = await (await fetch(BASE + setUp, { headers: { cookie } })).text();
  const key = /<code class="secret-key">([A-Z2-7 ]+)<\/code>/.exec(page)?.[1]?.replace(/ /g, "");
  if (!key) throw new Error(`The two-step set-up page for ${email} shows no key`);
  const code = TOTP.generate({ secret: Secret.fromBase32(key) });
  const confirmed = await fetch(BASE + setUp, form({ intent: "confirm", code }));
  const answer = await confirmed.text();
  if (confirmed.status !== 200 || !answer.includes("Two-step sign-in is on")) {
    throw new Error(`Confirming two-step set-up for ${email} answered ${confirmed.status}`);
  }
  const check = await fetch(BASE + staffPath, { headers: { cookie }, redirect: "manual" });
  if (check.status !== 200) {
    const location = check.headers.get("location");
    throw new Error(`${staffPath} as ${email} answered ${check.status}${location ? ` to ${location}` : ""}, not 200`);
  }
  return cookie;
}

type Target = {
  name: string;
  method?: "GET" | "POST";
  path: string;
  cookie?: string;
  body?: string;
  contentType?: string;
};

function run(url: string, connections: number, target: Target, duration = DURATION): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration,
        method: target.method ?? "GET",
        headers: {
          ...(target.cookie ? { cookie: target.cookie } : {}),
          ...(target.contentType ? { "content-type": target.contentType } : {}),
        },
        body: target.body,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** A bare node:http server that answers every request with these bytes: the ceiling. */
function ceiling(body: Buffer, contentType: string, status: number) {
  const bare = http.createServer((_req, res) => {
    res.writeHead(status, { "content-type": contentType, "content-length": body.length });
    res.end(body);
  });
  return new Promise<http.Server>((resolve) => bare.listen(CEILING_PORT, "127.0.0.1", () => resolve(bare)));
}

function rssMb(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function main() {
  await waitForServer();
  const champion = await signIn("bench-champion@example.org");
  const firstLesson = (
    await (await fetch(`${BASE}/learn/homelessness-awareness`, { headers: { cookie: champion } })).text()
  ).match(/\/learn\/homelessness-awareness\/lessons\/([a-z0-9-]+)/)?.[1];
  const year = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const attendanceReport = `/reports/attendance?from=${year}`;
  const coordinator = await signInStaff("bench-coordinator@example.org", attendanceReport);
  const targets: Target[] = [
    { name: "directory search with a filter", path: "/directory?q=hous&specialism=prison-release", cookie: champion },
    { name: "find my housing contact", path: "/directory/find?organisation=1500&district=la-042", cookie: champion },
    { name: "lesson page", path: `/learn/homelessness-awareness/lessons/${firstLesson}`, cookie: champion },
    { name: "my learning", path: "/learning", cookie: champion },
    { name: "workshop list", path: "/workshops", cookie: champion },
    { name: "coordinator report: attendance rates", path: attendanceReport, cookie: coordinator },
    {
      name: "sign-in",
      method: "POST",
      path: "/login",
      body: new URLSearchParams({ email: "bench-champion@example.org", password: PASSWORD }).toString(),
      contentType: "application/x-www-form-urlencoded",
    },
  ];
  const results = [];
  for (const target of targets) {
    const sample = await fetch(BASE + target.path, {
      method: target.method ?? "GET",
      headers: {
        ...(target.cookie ? { cookie: target.cookie } : {}),
        ...(target.contentType ? { "content-type": target.contentType } : {}),
      },
      body: target.body,
      redirect: "manual",
    });
    const body = Buffer.from(await sample.arrayBuffer());
    if (sample.status >= 400) throw new Error(`${target.name} answered ${sample.status}`);
    if (WARMUP > 0) await run(BASE + target.path, 8, target, WARMUP);
    const latency = await run(BASE + target.path, 8, target);
    const throughput = await run(BASE + target.path, 32, target);
    const bare = await ceiling(body, sample.headers.get("content-type") ?? "text/html", sample.status);
    if (WARMUP > 0)
      await run(`http://127.0.0.1:${CEILING_PORT}${target.path}`, 32, { ...target, cookie: undefined }, WARMUP);
    const top = await run(`http://127.0.0.1:${CEILING_PORT}${target.path}`, 32, { ...target, cookie: undefined });
    await new Promise((r) => bare.close(r));
    const row = {
      path: target.name,
      url: target.path,
      status: sample.status,
      bytes: body.length,
      latencyAt8: {
        p50: latency.latency.p50,
        p99: latency.latency.p99,
        requestsPerSecond: Math.round(latency.requests.average),
      },
      throughputAt32: {
        requestsPerSecond: Math.round(throughput.requests.average),
        p50: throughput.latency.p50,
        p99: throughput.latency.p99,
        errors: throughput.errors + throughput.non2xx - (sample.status >= 300 ? throughput.non2xx : 0),
      },
      ceilingAt32: { requestsPerSecond: Math.round(top.requests.average), p99: top.latency.p99 },
      ratioToCeiling: Number((throughput.requests.average / top.requests.average).toFixed(4)),
    };
    results.push(row);
    console.log(
      `${row.path.padEnd(38)} p50 ${String(row.latencyAt8.p50).padStart(4)} ms  p99 ${String(row.latencyAt8.p99).padStart(4)} ms  @8 | ${String(row.throughputAt32.requestsPerSecond).padStart(5)} req/s @32 | ceiling ${String(row.ceilingAt32.requestsPerSecond).padStart(6)} req/s | ratio ${row.ratioToCeiling}`,
    );
  }
  const commit = execSync("git rev-parse --short HEAD").toString().trim();
  const date = new Date().toISOString().slice(0, 10);
  const report = {
    date,
    commit,
    machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
    dataset: path.basename(DATABASE),
    durationSecondsPerRun: DURATION,
    warmupSecondsPerPath: WARMUP,
    serverNodeArgs: NODE_ARGS,
    serverRssMb: rssMb(server.pid!),
    results,
  };
  const out = path.resolve(`docs/bench/${date}-${commit}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  console.log(
    `Server memory: ${report.serverRssMb} MB resident. Results written to ${path.relative(process.cwd(), out)}.`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => server.kill("SIGTERM"));
