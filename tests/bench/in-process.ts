/**
 * Server CPU a request, with no HTTP and no load generator: the Remix request
 * handler is called directly, one request at a time, and the process's CPU
 * time is read around each batch. Several builds can be loaded side by side
 * and are alternated batch by batch, so a change is compared with the code
 * before it under the same conditions; on this shared machine, separate runs
 * of one build differ by 20-40%, alternated batches by a few per cent.
 *
 *   npm run build && cp -r build build-before    # then change the code
 *   npm run build && BENCH_BUILDS=build-before,build npx tsx tests/bench/in-process.ts
 *
 * Each build's directory must be inside the project, where node_modules is
 * found. Reports the first quartile, median and minimum of the batches, in ms
 * a request: the first quartile is the least disturbed figure that is still
 * typical.
 *
 * Environment: SCALE_DATABASE_URL (default /tmp/dir-bench.db: a copy of the
 * national dataset with the bench's members; run directory-varied.ts once to
 * make them), BENCH_BUILDS ("build"), BENCH_KINDS (floor, one, search, find:
 * which requests), BENCH_ROUNDS (16), BENCH_REQUESTS (100 a batch),
 * BENCH_WARMUP (1000 requests of each kind per build, with other URLs),
 * BENCH_LOADER (a route id, such as routes/directory._index: time that route's
 * loader alone).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import Database from "better-sqlite3";
import { benchAppEnvironment } from "./server-env";
import { directorySearchUrls, findMyContactUrls } from "./varied-urls";

const DATABASE = path.resolve(process.env.SCALE_DATABASE_URL ?? "/tmp/dir-bench.db");
Object.assign(process.env, benchAppEnvironment(DATABASE), { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });

const ORIGIN = "http://127.0.0.1:3000";
const HOST = "127.0.0.1:3000";
const context: AppLoadContext = { cspNonce: "bench", clientIp: "127.0.0.1" };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 16);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);

type Handler = (request: Request) => Promise<Response>;

async function load(buildDirectory: string, loaderRouteId: string | undefined): Promise<Handler> {
  // Imported after the environment is set: the app reads it when its modules load.
  const { createRequestHandler } = await import("@remix-run/node");
  const build = (await import(pathToFileURL(path.resolve(buildDirectory, "index.js")).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  if (!loaderRouteId) return (request) => handle(request, context);
  const loader = build.routes[loaderRouteId]?.module.loader;
  if (!loader) throw new Error(`No loader for ${loaderRouteId}`);
  return async (request) => {
    const result = await loader({ request, params: {}, context });
    return result instanceof Response ? result : new Response(JSON.stringify(result));
  };
}

async function signIn(build: string) {
  const handle = await load(build, undefined);
  const response = await handle(
    new Request(`${ORIGIN}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, Host: HOST },
      body: new URLSearchParams({ email: "bench-champion@example.org", password: "bench-password-2026" }),
    }),
  );
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => c.startsWith("cn_"))
    .join("; ");
  if (!cookie.includes("cn_session=")) throw new Error(`Signing in gave no session (${response.status})`);
  return cookie;
}

function quantile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

async function main() {
  const builds = (process.env.BENCH_BUILDS ?? "build").split(",");
  const handlers = await Promise.all(builds.map((b) => load(b, process.env.BENCH_LOADER)));
  const cookie = await signIn(builds[0]);
  const db = new Database(DATABASE, { readonly: true });
  const kinds: Record<string, (seed: number) => string[]> = {
    floor: () => ["/privacy"],
    one: () => ["/directory?q=hous&specialism=prison-release"],
    search: (seed) => directorySearchUrls(seed, 3000, db),
    find: (seed) => findMyContactUrls(seed, 3000, db),
  };
  const chosen = (process.env.BENCH_KINDS ?? "floor,one,search,find").split(",");
  const ask = async (handle: Handler, url: string) => {
    // Each request in a turn of the event loop of its own, as over HTTP: what the app keeps for one turn (the
    // session's member) is read again for each request, not once for a whole batch.
    await new Promise((resolve) => setImmediate(resolve));
    const response = await handle(new Request(ORIGIN + url, { headers: { Cookie: cookie, Host: HOST } }));
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  };
  for (const handle of handlers)
    for (const kind of chosen) {
      const urls = kinds[kind](9999);
      for (let i = 0; i < WARMUP; i += 1) await ask(handle, urls[i % urls.length]);
    }
  const batches = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const kind of chosen) {
      const urls = kinds[kind](round + 1);
      // Each build goes first in every other round.
      const order = round % 2 ? [...handlers.keys()].reverse() : [...handlers.keys()];
      for (const b of order) {
        const before = process.cpuUsage();
        for (let i = 0; i < REQUESTS; i += 1) await ask(handlers[b], urls[i % urls.length]);
        const used = process.cpuUsage(before);
        const key = `${builds[b]} ${kind}`;
        batches.set(key, [...(batches.get(key) ?? []), (used.user + used.system) / 1000 / REQUESTS]);
      }
    }
  }
  db.close();
  console.log(`${ROUNDS} rounds of ${REQUESTS} requests; ms of CPU a request`);
  for (const [key, values] of batches)
    console.log(
      `${key.padEnd(32)} q1 ${quantile(values, 0.25).toFixed(2)}  median ${quantile(values, 0.5).toFixed(2)}  min ${Math.min(...values).toFixed(2)}`,
    );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
