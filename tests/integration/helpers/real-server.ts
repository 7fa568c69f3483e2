/**
 * Starts the real server (app/server.ts, as `npm start` runs it after the
 * build) on a free loopback port with its own database, and speaks raw HTTP
 * to it, so tests can send what browsers and attackers send: a forged Host,
 * a chosen source address, a body that never ends.
 */
import { Secret, TOTP } from "otpauth";
import { DEMO_TWO_STEP_SECRET } from "../../../drizzle/seed";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** A port nothing is listening on. */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type RealServer = {
  port: number;
  child: ChildProcess;
  /** Everything the server has written to stdout and stderr so far. */
  output: () => string;
  /** The most memory the server process has held (VmHWM), in MB. */
  peakMemoryMb: () => number;
  stop: () => Promise<void>;
};

/** Starts the server with this environment (NODE_ENV and the like); unset variables stay unset. */
export async function startRealServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<RealServer> {
  const port = await freePort();
  const databaseUrl = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "real-server-")), "champions.db");
  // Only what the server needs: the test runner's own environment (NODE_ENV=test among it) is not passed on.
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    JOBS_DISABLED: "true",
    SEED_DEMO_DATA: "true",
    ...env,
  };
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "app/server.ts"], {
    // Remix's types insist on NODE_ENV; here it may be left unset, as `npm start` leaves it.
    env: childEnv as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  // Up to 60 s: a start with seeding takes a few seconds, much longer on a machine busy with other tests.
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`the server stopped at start:\n${output}`);
    try {
      const response = await send({ port, path: "/healthz" });
      if (response.status === 200) break;
    } catch {
      /* starting */
    }
    if (i === 599) {
      await stop();
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const peakMemoryMb = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
  };
  return { port, child, output: () => output, peakMemoryMb, stop };
}

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

type SendOptions = {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Source address to connect from (any of 127.0.0.0/8 works on Linux). */
  localAddress?: string;
};

/** One request over node:http, which (unlike fetch) sends any Host header and source address asked for. */
export function send({
  port,
  path: target,
  method = "GET",
  headers = {},
  body,
  localAddress,
}: SendOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path: target, method, headers, localAddress, agent: false },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function cookieNamed(answer: Answer, name: string) {
  return ([] as string[])
    .concat(answer.headers["set-cookie"] ?? [])
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];
}

/**
 * Signs in a demo member and returns the Cookie header to send. Demo staff give the
 * code their authenticator app would show (the published demo key); each code works
 * once per account, so sign a staff account in once per server and keep the cookie.
 */
export async function signInAs(port: number, email: string, password = "champions-demo-2026") {
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const answer = await send({
    port,
    path: "/login",
    method: "POST",
    headers: form,
    body: new URLSearchParams({ email, password }).toString(),
  });
  const session = cookieNamed(answer, "cn_session");
  if (answer.status === 302 && session) return session;
  const pending = cookieNamed(answer, "cn_two_step");
  if (answer.status !== 302 || answer.headers.location !== "/login/two-step" || !pending) {
    throw new Error(`signing in as ${email} answered ${answer.status}`);
  }
  const code = TOTP.generate({ secret: Secret.fromBase32(DEMO_TWO_STEP_SECRET) });
  const second = await send({
    port,
    path: "/login/two-step",
    method: "POST",
    headers: { ...form, Cookie: pending },
    body: new URLSearchParams({ code }).toString(),
  });
  const staffSession = cookieNamed(second, "cn_session");
  if (second.status !== 302 || !staffSession) throw new Error(`the second step for ${email} answered ${second.status}`);
  return staffSession;
}

/**
 * Posts `total` bytes in 64 KB pieces, as fast as the server takes them, and
 * stops sending once an answer arrives. With `chunked` the size is never
 * declared. Resolves with the answer and how many bytes were sent.
 */
export function postHuge({
  port,
  path: target,
  total,
  chunked,
  headers = {},
}: {
  port: number;
  path: string;
  total: number;
  chunked: boolean;
  headers?: Record<string, string>;
}) {
  return new Promise<Answer & { sent: number }>((resolve, reject) => {
    const piece = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: target,
        method: "POST",
        agent: false,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...(chunked ? {} : { "Content-Length": String(total) }),
          ...headers,
        },
      },
      (response) => {
        answered = true;
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          request.destroy();
          resolve({ status: response.statusCode!, headers: response.headers, body: text, sent });
        });
      },
    );
    // Once answered, the server may cut the connection while the rest is still being sent.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const write = () => {
      while (!answered && sent < total) {
        sent += piece.length;
        if (!request.write(piece)) return void request.once("drain", write);
      }
      if (!answered) request.end();
    };
    write();
  });
}
