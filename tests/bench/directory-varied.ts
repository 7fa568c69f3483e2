/**
 * The directory as members really use it (issue 21): each request asks for a
 * different search or find-my-contact question (tests/bench/varied-urls.ts,
 * seeded, so runs are comparable), measured beside the floor of this stack
 * (the signed-in /privacy page) in the same run, since the machine is shared
 * and absolute figures move. Each path is warmed up with other URLs of the
 * same kind (another seed), so the measured run does not find its answers
 * already cached; then latency at 8 connections and throughput at 32.
 *
 *   npx tsx tests/bench/directory-varied.ts
 *
 * Environment: SCALE_DATABASE_URL (default /tmp/dir-bench.db: a copy of the
 * national dataset, which the server migrates), BENCH_PORT (3460),
 * BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (3), BENCH_TREE (the checkout whose
 * build is served; default the current directory), BENCH_NODE_ARGS (extra
 * server flags, such as --cpu-prof --cpu-prof-dir=/tmp/prof), BENCH_SEED (1).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { directorySearchUrls, findMyContactUrls } from "./varied-urls";
import { benchAppEnvironment } from "./server-env";

const DATABASE = path.resolve(process.env.SCALE_DATABASE_URL ?? "/tmp/dir-bench.db");
const PORT = Number(process.env.BENCH_PORT ?? 3460);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const TREE = path.resolve(process.env.BENCH_TREE ?? ".");
const SEED = Number(process.env.BENCH_SEED ?? 1);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "bench-password-2026";
/** More URLs than a run can ask for, so none is asked twice in one run. */
const URLS_PER_RUN = 20_000;

if (!fs.existsSync(DATABASE)) {
  console.error(`No national dataset at ${DATABASE}: cp data/national.db ${DATABASE} first.`);
  process.exit(1);
}

const NODE_ARGS = ["--max-old-space-size=256", ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)];
const server = spawn(process.execPath, [...NODE_ARGS, "--import", "tsx", "app/server.ts"], {
  cwd: TREE,
  env: {
    ...process.env,
    ...benchAppEnvironment(DATABASE),
    PORT: String(PORT),
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
  },
  stdio: ["ignore", "ignore", "inherit"],
});

async function waitForServer() {
  for (let i = 0; i < 240; i += 1) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("The server did not start");
}

async function signIn(email: string) {
  const response = await fetch(`${BASE}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: PASSWORD }),
    redirect: "manual",
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("cn_session=") && c.length > "cn_session=".length);
  if (!cookie) throw new Error(`Signing in as ${email} gave no session (${response.status})`);
  return cookie;
}

type Path = { name: string; urls: (seed: number) => string[] };

/** Drives the URLs in turn, each connection taking the next one. */
function drive(urls: string[], connections: number, cookie: string, duration: number) {
  let next = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: BASE,
        connections,
        duration,
        headers: { cookie },
        requests: [
          {
            setupRequest: (request) => {
              const url = urls[next % urls.length];
              next += 1;
              return { ...request, path: url };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function main() {
  await waitForServer();
  const cookie = await signIn("bench-champion@example.org");
  const db = new Database(DATABASE, { readonly: true });
  const paths: Path[] = [
    { name: "floor: signed-in /privacy", urls: () => ["/privacy"] },
    { name: "directory search, one URL", urls: () => ["/directory?q=hous&specialism=prison-release"] },
    { name: "directory search, varied", urls: (seed) => directorySearchUrls(seed, URLS_PER_RUN, db) },
    { name: "find my contact, varied", urls: (seed) => findMyContactUrls(seed, URLS_PER_RUN, db) },
  ];
  const only = process.env.BENCH_ONLY?.split(",");
  const rows = [];
  for (const p of paths) {
    if (only && !only.some((o) => p.name.includes(o)) && !p.name.startsWith("floor")) continue;
    const measured = p.urls(SEED);
    const sample = await fetch(BASE + measured[0], { headers: { cookie }, redirect: "manual" });
    const bytes = (await sample.arrayBuffer()).byteLength;
    if (sample.status !== 200) throw new Error(`${p.name}: ${measured[0]} answered ${sample.status}`);
    if (WARMUP > 0) await drive(p.urls(SEED + 1000), 8, cookie, WARMUP);
    const cpuBefore = serverCpuMs();
    const latency = await drive(measured, 8, cookie, DURATION);
    const throughput = await drive(p.urls(SEED + 2000), 32, cookie, DURATION);
    const served = latency.requests.total + throughput.requests.total;
    const row = {
      path: p.name,
      bytes,
      p50: latency.latency.p50,
      p99: latency.latency.p99,
      rps32: Math.round(throughput.requests.average),
      cpuPerRequest: (serverCpuMs() - cpuBefore) / served,
      failures: latency.errors + latency.non2xx + throughput.errors + throughput.non2xx,
    };
    rows.push(row);
  }
  const floor = rows[0];
  console.log(
    `load average before/after: ${LOAD_BEFORE} / ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (const r of rows) {
    console.log(
      `${r.path.padEnd(28)} ${String(r.bytes).padStart(6)} B  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms (${(r.p99 / floor.p99).toFixed(2)}x floor)  ${String(r.rps32).padStart(4)} req/s @32 (${Math.round((100 * r.rps32) / floor.rps32)}% of floor)  CPU ${r.cpuPerRequest.toFixed(2)} ms/request (floor's is ${Math.round((100 * floor.cpuPerRequest) / r.cpuPerRequest)}% of it)  failures ${r.failures}`,
    );
  }
  const status = fs.readFileSync(`/proc/${server.pid}/status`, "utf8");
  console.log(`server RSS ${Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024)} MB`);
  db.close();
}

/**
 * The server's CPU time so far (user and system), in ms. On a busy shared
 * machine req/s follows the other load; CPU per request does much less, and
 * the floor's CPU per request divided by a path's is the share of the floor's
 * throughput the path would reach with the processor to itself.
 */
function serverCpuMs() {
  const fields = fs.readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

const LOAD_BEFORE = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => server.kill("SIGTERM"));
