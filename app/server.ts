/**
 * The production server: Express in front of the Remix build. It adds the
 * security headers (with a per-request CSP nonce), refuses cross-origin
 * writes, serves static assets, and prepares the database before listening.
 *
 * Run from the project root: `node --import tsx app/server.ts` (npm start).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express, { type ErrorRequestHandler } from "express";
import type { ServerBuild } from "@remix-run/node";
import { readEnv } from "./lib/env.server";
import { ContentError, loadCatalogue } from "./lib/content/catalogue.server";
import { closeDb, getDb, migrateDatabase } from "./lib/db.server";
import { startJobScheduler } from "./lib/jobs.server";
import { logError, logEvent, logStartupFailure, routeProcessOutputToLog, redactPath } from "./lib/log.server";
import { createNonce, isCrossOriginWrite, securityHeaders } from "./lib/security.server";
import { remixHandler } from "./lib/remix-handler.server";
import { databaseHasData, seedDemoData, DEMO_PASSWORD, DEMO_ACCOUNTS } from "../drizzle/seed";

async function main() {
  routeProcessOutputToLog();
  let env;
  try {
    env = readEnv();
  } catch (error) {
    logStartupFailure((error as Error).message);
    process.exit(1);
  }
  process.env.DATABASE_URL = env.databaseUrl;

  try {
    loadCatalogue();
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    logStartupFailure(`content error in ${error.message}`);
    process.exit(1);
  }

  try {
    // Writable? A write that leaves nothing behind.
    getDb().$client.exec(
      "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS startup_check (x); DROP TABLE startup_check; COMMIT;",
    );
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    const problem = /NOTADB|CORRUPT/.test(code) ? "is damaged or not a database" : "is not writable";
    logStartupFailure(
      `the database at ${env.databaseUrl} ${problem} (${(error as Error).message}). Restore a backup: npm run restore.`,
    );
    process.exit(1);
  }
  try {
    migrateDatabase(getDb());
  } catch (error) {
    logStartupFailure(`the database at ${env.databaseUrl} could not be migrated (${(error as Error).message}).`);
    process.exit(1);
  }
  const integrity = getDb().$client.pragma("quick_check", { simple: true });
  if (integrity !== "ok") {
    logStartupFailure(
      `the database at ${env.databaseUrl} failed its integrity check (${String(integrity)}). Restore a backup: npm run restore.`,
    );
    process.exit(1);
  }
  const seedWanted = process.env.SEED_DEMO_DATA ? process.env.SEED_DEMO_DATA === "true" : !env.isProduction;
  if (seedWanted && !databaseHasData(getDb())) {
    await seedDemoData(getDb());
    // The demo accounts are fixed and fictional (README lists them): the one place a log line holds an email address.
    logEvent("demo-data-seeded", {
      message: `Seeded demo data. Sign in as any demo account below; the password for all is ${DEMO_PASSWORD}`,
    });
    for (const account of DEMO_ACCOUNTS)
      logEvent("demo-sign-in", { email: account.email, password: DEMO_PASSWORD, who: account.description });
  }

  const buildPath = path.resolve(process.cwd(), "build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // Parsed as Express documents it: a number of hops, or the proxies' addresses (see client-address.server.ts).
  app.set("trust proxy", env.trustProxy);

  // One JSON line per request: method, path (secrets redacted, no query), status and time taken.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logEvent("request", {
        method: req.method,
        path: redactPath(req.originalUrl),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  });

  app.use((req, res, next) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(securityHeaders(nonce))) res.setHeader(name, value);
    if (env.isProduction && env.cookieSecure) {
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    next();
  });

  app.use((req, res, next) => {
    const refused = isCrossOriginWrite({
      method: req.method,
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: req.headers["sec-fetch-site"] as string | undefined,
      path: req.path,
    });
    if (!refused) return next();
    logEvent("cross-origin-refused", { method: req.method, path: redactPath(req.originalUrl) });
    res
      .status(403)
      .type("text/plain")
      .send("This request came from another website, so it was refused. Go back to Champions Network and try again.");
  });

  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only the files at the top of public/ (favicon and the like): a static lookup
  // for every page request would stat the disk each time.
  const publicFiles = new Set(
    fs
      .readdirSync("public")
      .filter((name) => name !== "build")
      .map((name) => `/${name}`),
  );
  const servePublic = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));

  // Development detail (stack traces in the page data) only when asked for with NODE_ENV=development.
  const mode = process.env.NODE_ENV === "development" ? "development" : "production";
  app.use(remixHandler({ build, mode, appOrigin: new URL(env.appUrl).origin }));

  // Anything that escapes (a malformed request, a fault): a plain answer, never a stack trace.
  const answerError: ErrorRequestHandler = (error, _req, res, _next) => {
    const status =
      typeof error?.status === "number" && error.status >= 400 && error.status < 500
        ? error.status
        : error instanceof URIError
          ? 400
          : 500;
    if (status === 500) logError("server-error", error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(status)
      .set("Cache-Control", "no-store")
      .type("text/plain")
      .send(
        status === 500
          ? "Sorry, there is a problem with the service. Try again later."
          : "There is a problem with the web address or the request. Check it and try again.",
      );
  };
  app.use(answerError);

  const server = app.listen(env.port, env.host, () => {
    logEvent("server-started", {
      message: `Champions Network is running at http://localhost:${env.port}`,
      host: env.host,
      port: env.port,
    });
  });
  const stopJobs =
    process.env.JOBS_DISABLED === "true" ? () => {} : startJobScheduler(Number(process.env.JOBS_INTERVAL_MS ?? 15_000));

  const shutdown = () => {
    stopJobs();
    server.close(() => {
      closeDb();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error) => {
  logStartupFailure(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
