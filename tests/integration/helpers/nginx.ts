/**
 * A real nginx reverse proxy on loopback for the tests, with its own config,
 * pid file, logs and temporary files in a temporary folder. Finds Debian's
 * nginx, installing the package when running as root on Debian (as
 * tests/e2e/browser.ts does for Chromium); no step downloads anything else.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { ensureDebianPackage } from "../../debian-package";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, send } from "./real-server";

const NGINX = "/usr/sbin/nginx";

export function ensureNginx(): string {
  if (ensureDebianPackage("nginx", NGINX, "for the reverse-proxy test")) return NGINX;
  throw new Error(
    "The reverse-proxy test needs nginx: install it (on Debian or Ubuntu, `sudo apt-get install nginx`).",
  );
}

export type Nginx = {
  /** Proxies as the README says to: X-Forwarded-For from the real client address. */
  port: number;
  /** A misconfigured proxy that sends no X-Forwarded-For at all. */
  forgetfulPort: number;
  config: string;
  stop: () => Promise<void>;
};

/** The server block the README shows, for an app on this port. */
export function proxyServerBlock(listenPort: number, appPort: number) {
  return `
  server {
    listen 127.0.0.1:${listenPort};
    client_max_body_size 6m;
    location / {
      proxy_pass http://127.0.0.1:${appPort};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }`;
}

export async function startNginx(appPort: number): Promise<Nginx> {
  const binary = ensureNginx();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-"));
  const [port, forgetfulPort] = [await freePort(), await freePort()];
  const config = `
daemon off;
master_process off;
pid ${directory}/nginx.pid;
error_log ${directory}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${directory}/client-body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
${proxyServerBlock(port, appPort)}
  server {
    listen 127.0.0.1:${forgetfulPort};
    location / {
      proxy_pass http://127.0.0.1:${appPort};
      proxy_set_header Host $host;
    }
  }
}
`;
  fs.writeFileSync(path.join(directory, "nginx.conf"), config);
  const child: ChildProcess = spawn(
    binary,
    ["-p", directory, "-e", path.join(directory, "error.log"), "-c", path.join(directory, "nginx.conf")],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += chunk));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx stopped at start: ${errors}`);
    try {
      if ((await send({ port, path: "/healthz" })).status === 200) return { port, forgetfulPort, config, stop };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`nginx did not start: ${errors}`);
}
