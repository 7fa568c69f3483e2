/**
 * npm run bench: the production server against the national dataset
 * (npm run seed:scale), driven on loopback with autocannon, as people really
 * use it, and judged against the targets of issue 21.
 *
 * - Varied inputs: the directory search and find-my-contact URLs come from
 *   tests/bench/varied-urls.ts and the coordinator's lists from
 *   tests/bench/coordinator-urls.ts, seeded (BENCH_SEED), so runs against the
 *   same dataset ask the same things. Each request takes the next URL of its
 *   path's list, across the warm-up and both measured runs, so no URL is asked
 *   twice until the list runs out and a cache cannot answer a run it has seen.
 * - Each path is warmed up (BENCH_WARMUP_SECONDS, unrecorded), then latency is
 *   measured at 8 connections and throughput at 32 (BENCH_SECONDS each).
 * - The floor is the signed-in empty page (/privacy), measured first and last
 *   in the same run; every path is reported as a share of it (its p99 as a
 *   multiple of the floor's, its req/s as a share of the floor's), because
 *   absolute figures differ between machines and with the load on them.
 * - Any answer that is not 2xx, an error or a timeout is a failure, on every
 *   path: sign-in is posted as the browser's script posts it (Remix's
 *   `?_data`), which answers 204 on success and 400 or 429 when refused. A path
 *   with failures is reported as FAIL, whatever its times.
 * - The ceiling, a bare node:http server answering with the same bytes as each
 *   member-facing page (tests/bench/ceiling.ts), runs in its own process, so it
 *   does not share the load generator's CPU.
 * - At the end: the server's resident memory, the load average, PASS or FAIL
 *   for each target, and the exit code is 1 if any target failed. Results are
 *   written to docs/bench/<date>-<commit>.json (-some-paths.json with BENCH_ONLY).
 *
 * The bench writes to the dataset it is given (sessions, the bench members'
 * two-step set-up, and an audit log if it has none), so point
 * SCALE_DATABASE_URL at a copy when the original matters.
 *
 * The server's standard output is written to BENCH_SERVER_LOG (bench-server.log
 * in the system's temporary folder unless given), so BENCH_NODE_ARGS=--trace-gc
 * can be read there.
 *
 * The bench coordinator signs in with both steps, as staff must: its two-step
 * set-up is removed from the dataset once the server has migrated it, then set
 * up afresh over HTTP with the key the set-up page shows (the secret is
 * encrypted under the server's SESSION_SECRET, so only the server can write it).
 */
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { Secret, TOTP } from "otpauth";
import { coordinatorListUrls } from "./coordinator-urls";
import { directorySearchUrls, findMyContactUrls } from "./varied-urls";
import { benchAppEnvironment } from "./server-env";

const DATABASE = path.resolve(process.env.SCALE_DATABASE_URL ?? "data/national.db");
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const CEILING_PORT = PORT + 1;
const SEED = Number(process.env.BENCH_SEED ?? 21);
/** An answer slower than this many seconds is a timeout, so a failure. */
const TIMEOUT = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 10);
/** Only the paths whose names match this pattern (the floor is always measured), to look at a few while changing them. */
const ONLY = new RegExp(process.env.BENCH_ONLY ?? "");
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
    ...benchAppEnvironment(DATABASE),
    PORT: String(PORT),
    HOST: "127.0.0.1",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
// The server's output (its sign-in log lines, and --trace-gc when asked for) goes to a file: a pipe nobody reads
// fills at 64 KB, and then the server's next write to it would wait.
const SERVER_LOG = process.env.BENCH_SERVER_LOG ?? path.join(os.tmpdir(), "bench-server.log");
server.stdout!.pipe(fs.createWriteStream(SERVER_LOG));
/** Why the server stopped, if it did (out of memory, say): every path from then on has failed. */
let serverStopped: string | null = null;
server.on("exit", (code, signal) => {
  serverStopped = `the server stopped (${signal ?? `exit code ${code}`})`;
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

/**
 * Gives a dataset without an audit log a national year of coordinator changes
 * (one per member and one per organisation), so audit search reads what a
 * national network would have. Returns how many entries the log holds.
 */
function giveAuditLog() {
  const db = new Database(DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const count = () => db.prepare("SELECT count(*) FROM audit_events").pluck().get() as number;
    if (count() > 0) return count();
    const actor = db.prepare("SELECT id FROM members WHERE role = 'coordinator' ORDER BY id LIMIT 1").pluck().get();
    db.transaction(() => {
      db.prepare(
        `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, summary, before, after, created_at)
         SELECT ?, 'member.updated', 'member', id, 'Changed the tier of ' || name, '{"tier":3}', '{"tier":1}', created_at
         FROM members`,
      ).run(actor);
      db.prepare(
        `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, summary, before, after, created_at)
         SELECT ?, 'organisation.updated', 'organisation', id, 'Renamed ' || name, '{"name":"Old name"}',
           json_object('name', name), created_at
         FROM organisations`,
      ).run(actor);
    })();
    return count();
  } finally {
    db.close();
  }
}

/** What a path is judged against; every path must also answer without a single failure. */
type Target = { text: string; met: (row: Measured, floor: Floor) => boolean };

/** A path to drive: the URLs its requests take in turn, as whom, and its target. */
type BenchPath = {
  name: string;
  urls: string[];
  cookie?: string;
  method?: "GET" | "POST";
  body?: string;
  contentType?: string;
  /** Driven against the ceiling too: the member-facing pages. */
  ceiling?: boolean;
  target?: Target;
};

type Measured = { p50: number; p99: number; requestsPerSecond: number; failures: number };
type Floor = { p99: number; requestsPerSecond: number };

const COORDINATOR_TARGET: Target = { text: "p99 < 250 ms at 8", met: (row) => row.p99 < 250 };

function headersOf(p: BenchPath) {
  return {
    ...(p.cookie ? { cookie: p.cookie } : {}),
    ...(p.contentType ? { "content-type": p.contentType } : {}),
  };
}

/**
 * Drives `origin` for `duration` seconds; each request takes the next of
 * `urls`, from where `cursor` stands, so a path's runs go on through its list.
 */
function drive(
  origin: string,
  urls: string[],
  cursor: { next: number },
  p: BenchPath,
  connections: number,
  duration: number,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: origin,
        connections,
        duration,
        timeout: TIMEOUT,
        method: p.method ?? "GET",
        headers: headersOf(p),
        body: p.body,
        requests: [{ setupRequest: (request) => ({ ...request, path: urls[cursor.next++ % urls.length] }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * Answers that were not 2xx, errors (timeouts among them), and, when a run
 * ended before every connection had an answer, the requests still unanswered:
 * a path too slow to answer within the run has failed, not measured 0 ms.
 */
function failuresOf(result: autocannon.Result, connections: number) {
  const unanswered =
    result.requests.total < connections ? result.requests.sent - result.requests.total - result.errors : 0;
  return result.non2xx + result.errors + unanswered;
}

/** Requests per status code over these runs. */
function statusCodes(results: autocannon.Result[]) {
  const counts: Record<string, number> = {};
  for (const result of results) {
    for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
      counts[code] = (counts[code] ?? 0) + Number(count);
    }
  }
  return counts;
}

/**
 * Waits until the server answers /healthz promptly: requests a run left
 * unanswered are still being worked on when it ends, and the next path must
 * not pay for them.
 */
async function settle() {
  for (let i = 0; i < 600; i++) {
    const started = performance.now();
    await fetch(`${BASE}/healthz`);
    if (performance.now() - started < 100) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function rssMb(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

const loadAverage = () => os.loadavg().map((n) => Number(n.toFixed(2)));

/** The ceiling's process, stopped with the server however the run ends. */
let ceilingServer: ReturnType<typeof spawn> | null = null;

/** Starts the ceiling (tests/bench/ceiling.ts) in its own process, answering `/<n>` with the n-th of these pages. */
async function startCeiling(pages: Array<{ status: number; contentType: string; body: Buffer }>) {
  const file = path.join(os.tmpdir(), `bench-ceiling-${process.pid}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      pages.map((p) => ({ status: p.status, contentType: p.contentType, body: p.body.toString("base64") })),
    ),
  );
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/ceiling.ts", String(CEILING_PORT), file], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`The ceiling server stopped (${code})`)));
  });
  return child;
}

/** A page as the coordinator; throws unless it answers 200, as a coordinator would see it fail. */
function pageFetcher(cookie: string) {
  return async (url: string) => {
    const response = await fetch(BASE + url, { headers: { cookie }, redirect: "manual" });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status} to the coordinator`);
    return response.text();
  };
}

const ms = (n: number) => `${n}`.padStart(5);
const percent = (n: number) => `${Math.round(n * 100)}%`.padStart(5);

async function main() {
  await waitForServer();
  const audit = giveAuditLog();
  const champion = await signIn("bench-champion@example.org");
  const firstLesson = (
    await (await fetch(`${BASE}/learn/homelessness-awareness`, { headers: { cookie: champion } })).text()
  ).match(/\/learn\/homelessness-awareness\/lessons\/([a-z0-9-]+)/)?.[1];
  const coordinator = await signInStaff("bench-coordinator@example.org", "/manage");
  const dataset = new Database(DATABASE, { readonly: true });
  const started = Date.now();
  const coordinatorLists = await coordinatorListUrls(SEED + 2, 2000, dataset, pageFetcher(coordinator));
  const directory = directorySearchUrls(SEED, 5000, dataset);
  const find = findMyContactUrls(SEED + 1, 5000, dataset);
  dataset.close();
  console.log(
    `URLs ready in ${Math.round((Date.now() - started) / 1000)} s (seed ${SEED}); the audit log holds ${audit} entries.`,
  );
  const floor: BenchPath = { name: "floor: signed-in /privacy", urls: ["/privacy"], cookie: champion, ceiling: true };
  const all: BenchPath[] = [
    {
      name: "directory search, varied",
      urls: directory,
      cookie: champion,
      ceiling: true,
      target: {
        text: "p99 ≤ 2× floor, req/s ≥ 60% of floor",
        met: (row, f) => row.p99 <= 2 * f.p99 && row.requestsPerSecond >= 0.6 * f.requestsPerSecond,
      },
    },
    {
      name: "find my contact, varied",
      urls: find,
      cookie: champion,
      ceiling: true,
      target: { text: "req/s ≥ 70% of floor", met: (row, f) => row.requestsPerSecond >= 0.7 * f.requestsPerSecond },
    },
    {
      name: "lesson page",
      urls: [`/learn/homelessness-awareness/lessons/${firstLesson}`],
      cookie: champion,
      ceiling: true,
    },
    { name: "my learning", urls: ["/learning"], cookie: champion, ceiling: true },
    { name: "workshop list", urls: ["/workshops"], cookie: champion, ceiling: true },
    ...coordinatorLists.map((list) => ({ ...list, cookie: coordinator, target: COORDINATOR_TARGET })),
    {
      name: "sign-in",
      method: "POST",
      urls: ["/login?_data=routes%2Flogin"],
      body: new URLSearchParams({ email: "bench-champion@example.org", password: PASSWORD }).toString(),
      contentType: "application/x-www-form-urlencoded",
      ceiling: true,
    },
  ];
  const paths = all.filter((p) => ONLY.test(p.name));
  console.log(`URLs per path: ${paths.map((p) => `${p.name} ${p.urls.length}`).join(", ")}.`);
  // One answer from each member-facing path, for the ceiling to repeat; each must be 2xx.
  const ceilingPaths = [floor, ...paths].filter((p) => p.ceiling);
  const pages = [];
  for (const p of ceilingPaths) {
    const sample = await fetch(BASE + p.urls[0], {
      method: p.method ?? "GET",
      headers: headersOf(p),
      body: p.body,
      redirect: "manual",
    });
    if (sample.status < 200 || sample.status > 299) throw new Error(`${p.name} answered ${sample.status}`);
    pages.push({
      status: sample.status,
      contentType: sample.headers.get("content-type") ?? "text/html",
      body: Buffer.from(await sample.arrayBuffer()),
    });
  }
  ceilingServer = await startCeiling(pages);
  const ceilingOrigin = `http://127.0.0.1:${CEILING_PORT}`;
  const loadAtStart = loadAverage();

  const measure = async (p: BenchPath) => {
    await settle();
    const cursor = { next: 0 };
    const warm = WARMUP > 0 ? await drive(BASE, p.urls, cursor, p, 8, WARMUP) : null;
    const latency = await drive(BASE, p.urls, cursor, p, 8, DURATION);
    const throughput = await drive(BASE, p.urls, cursor, p, 32, DURATION);
    let ceilingAt32 = null;
    if (p.ceiling) {
      const own = [`/${ceilingPaths.indexOf(p)}`];
      const bare = { ...p, cookie: undefined };
      if (WARMUP > 0) await drive(ceilingOrigin, own, { next: 0 }, bare, 32, WARMUP);
      const top = await drive(ceilingOrigin, own, { next: 0 }, bare, 32, DURATION);
      ceilingAt32 = { requestsPerSecond: Math.round(top.requests.average), p99: top.latency.p99 };
    }
    return {
      path: p.name,
      stopped: serverStopped,
      urls: p.urls.length,
      requestsSent: cursor.next,
      example: p.urls[0],
      latencyAt8: { p50: latency.latency.p50, p99: latency.latency.p99 },
      throughputAt32: {
        requestsPerSecond: Math.round(throughput.requests.average),
        p50: throughput.latency.p50,
        p99: throughput.latency.p99,
      },
      failures: {
        warmUp: warm ? failuresOf(warm, 0) : 0,
        at8: failuresOf(latency, 8),
        at32: failuresOf(throughput, 32),
        statusCodes: statusCodes([warm, latency, throughput].filter((r) => r !== null)),
      },
      ceilingAt32,
    };
  };
  type Row = Awaited<ReturnType<typeof measure>>;
  /** A path not measured, or measured while, the server stopped: failed. */
  const stoppedRow = (p: BenchPath): Row => ({
    path: p.name,
    stopped: serverStopped,
    urls: p.urls.length,
    requestsSent: 0,
    example: p.urls[0],
    latencyAt8: { p50: 0, p99: 0 },
    throughputAt32: { requestsPerSecond: 0, p50: 0, p99: 0 },
    failures: { warmUp: 0, at8: 0, at32: 0, statusCodes: {} },
    ceilingAt32: null,
  });
  /** Measures a path; once the server has stopped, it and every later path have failed. */
  const measureOrStopped = async (p: BenchPath) => {
    if (serverStopped) return stoppedRow(p);
    try {
      return await measure(p);
    } catch (error) {
      // A request refused by a server that has just died arrives before its exit is noticed.
      await new Promise((r) => setTimeout(r, 1000));
      if (!serverStopped) throw error;
      return stoppedRow(p);
    }
  };
  const measuredOf = (row: Row): Measured => ({
    p50: row.latencyAt8.p50,
    p99: row.latencyAt8.p99,
    requestsPerSecond: row.throughputAt32.requestsPerSecond,
    failures: row.failures.warmUp + row.failures.at8 + row.failures.at32 + (row.stopped ? 1 : 0),
  });

  console.log(`load average at the start ${loadAtStart.join(" ")}`);
  const floorFirst = await measure(floor);
  console.log(
    `${floor.name}: p99 ${floorFirst.latencyAt8.p99} ms, ${floorFirst.throughputAt32.requestsPerSecond} req/s`,
  );
  const rows: Row[] = [];
  for (const p of paths) {
    const row = await measureOrStopped(p);
    rows.push(row);
    const m = measuredOf(row);
    console.log(
      `${p.name.padEnd(40)} p50 ${ms(m.p50)} p99 ${ms(m.p99)} ms @8 | ${String(m.requestsPerSecond).padStart(5)} req/s @32` +
        `${m.failures ? ` | ${m.failures} FAILED` : ""}${row.stopped ? ` (${row.stopped})` : ""}`,
    );
  }
  const floorLast = await measureOrStopped(floor);
  ceilingServer.kill("SIGTERM");
  fs.rmSync(path.join(os.tmpdir(), `bench-ceiling-${process.pid}.json`), { force: true });
  const loadAtEnd = loadAverage();
  const serverRssMb = serverStopped ? null : rssMb(server.pid!);
  // The mean of the floor's two measurements, or the first alone if the server did not last.
  const floors = [floorFirst, floorLast].filter((row) => !row.stopped);
  const floorFigures: Floor = {
    p99: floors.reduce((sum, row) => sum + row.latencyAt8.p99, 0) / floors.length,
    requestsPerSecond: floors.reduce((sum, row) => sum + row.throughputAt32.requestsPerSecond, 0) / floors.length,
  };

  const judged = [floorFirst, ...rows, floorLast].map((row, i) => {
    const p = i === 0 || i === rows.length + 1 ? floor : paths[i - 1];
    const m = measuredOf(row);
    const met = m.failures === 0 && (p.target?.met(m, floorFigures) ?? true);
    return {
      ...row,
      ofFloor: {
        p99Times: Number((m.p99 / floorFigures.p99).toFixed(2)),
        requestsShare: Number((m.requestsPerSecond / floorFigures.requestsPerSecond).toFixed(3)),
      },
      ratioToCeiling: row.ceilingAt32
        ? Number((row.throughputAt32.requestsPerSecond / row.ceilingAt32.requestsPerSecond).toFixed(4))
        : null,
      target: p.target?.text ?? "no failures",
      result: met ? "PASS" : "FAIL",
    };
  });
  judged[0].path += " (first)";
  judged[judged.length - 1].path += " (last)";
  const memory = {
    text: "server RSS < 400 MB after the run",
    result: serverRssMb !== null && serverRssMb < 400 ? "PASS" : "FAIL",
  };

  console.log(
    `\nFloor (mean of first and last): p99 ${floorFigures.p99} ms at 8, ${floorFigures.requestsPerSecond} req/s at 32.`,
  );
  console.log(`${"path".padEnd(44)}   p50   p99 @8 | req/s @32 | p99 ×floor | req/s of floor | failures | target`);
  for (const row of judged) {
    const m = measuredOf(row);
    console.log(
      `${row.path.padEnd(44)} ${ms(m.p50)} ${ms(m.p99)}    | ${String(m.requestsPerSecond).padStart(9)} | ` +
        `${`${row.ofFloor.p99Times}×`.padStart(10)} | ${percent(row.ofFloor.requestsShare).padStart(14)} | ` +
        `${String(m.failures).padStart(8)} | ${row.result} ${row.target}`,
    );
  }
  console.log(
    serverRssMb === null
      ? `Server memory: FAIL, ${serverStopped}.`
      : `Server memory: ${serverRssMb} MB resident after the run: ${memory.result} (${memory.text}).`,
  );
  console.log(`Load average: ${loadAtStart.join(" ")} at the start, ${loadAtEnd.join(" ")} at the end.`);

  const commit = execSync("git rev-parse --short HEAD").toString().trim();
  const date = new Date().toISOString().slice(0, 10);
  const report = {
    date,
    commit,
    machine: { cpus: os.cpus().length, node: process.version },
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    dataset: path.basename(DATABASE),
    auditEvents: audit,
    seed: SEED,
    durationSecondsPerRun: DURATION,
    warmupSecondsPerPath: WARMUP,
    serverNodeArgs: NODE_ARGS,
    floor: floorFigures,
    serverRssMb,
    serverStopped,
    memory,
    results: judged,
  };
  // A run of some paths (BENCH_ONLY) is kept apart, so it never replaces the record of a full run.
  const out = path.resolve(`docs/bench/${date}-${commit}${process.env.BENCH_ONLY ? "-some-paths" : ""}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  const failed = judged.filter((row) => row.result === "FAIL").length + (memory.result === "FAIL" ? 1 : 0);
  console.log(
    `${failed === 0 ? "Every target met" : `${failed} target${failed === 1 ? "" : "s"} not met`}. ` +
      `Results written to ${path.relative(process.cwd(), out)}.`,
  );
  if (failed > 0) process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    server.kill("SIGTERM");
    ceilingServer?.kill("SIGTERM");
  });
