/**
 * Behind a real nginx on loopback, with clients connecting from different
 * loopback addresses (Linux routes all of 127/8 to lo): one client's 50 wrong
 * passwords, each sent with a forged X-Forwarded-For, never stop another
 * client signing in, whatever TRUST_PROXY says. When the server knows the
 * proxy (TRUST_PROXY=1 or its address), the per-address limit holds the
 * guesser, by its real address, and the 429 says when to retry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADDRESS_LIMIT } from "~/models/sign-in-attempt.server";
import { ensureNginx, startNginx, type Nginx } from "./helpers/nginx";
import { send, startRealServer, type RealServer } from "./helpers/real-server";

const GUESSER = "127.0.0.2";
const ADMINISTRATOR = "127.0.0.3";

function signIn(port: number, from: string, email: string, password: string, forwardedFor?: string) {
  return send({
    port,
    path: "/login",
    method: "POST",
    localAddress: from,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(forwardedFor ? { "X-Forwarded-For": forwardedFor } : {}),
    },
    body: new URLSearchParams({ email, password }).toString(),
  });
}

/** ADDRESS_LIMIT wrong passwords, each for a different account and with a different forged X-Forwarded-For. */
async function guess(port: number, round: string) {
  for (let i = 0; i < ADDRESS_LIMIT; i += 1) {
    const answer = await signIn(
      port,
      GUESSER,
      `guess-${round}-${i}@example.org`,
      "not the password",
      `203.0.113.${i + 1}`,
    );
    expect(answer.status, `guess ${i}`).toBe(400);
  }
}

const SETTINGS = [
  { trustProxy: undefined, holdsGuesser: false },
  { trustProxy: "1", holdsGuesser: true },
  { trustProxy: "127.0.0.1", holdsGuesser: true },
  // Trusts every loopback address, the guesser's too, so its forged header is believed: not a per-address limit, but never a global one.
  { trustProxy: "loopback", holdsGuesser: false },
];

beforeAll(() => {
  ensureNginx();
}, 300_000);

for (const { trustProxy, holdsGuesser } of SETTINGS) {
  describe(`behind nginx with TRUST_PROXY ${trustProxy === undefined ? "unset" : `=${trustProxy}`}`, () => {
    let server: RealServer;
    let nginx: Nginx;
    beforeAll(async () => {
      // Logs on: the server says when it cannot tell clients apart.
      server = await startRealServer(trustProxy ? { TRUST_PROXY: trustProxy } : {});
      nginx = await startNginx(server.port);
    }, 120_000);
    afterAll(async () => {
      await nginx?.stop();
      await server?.stop();
    });

    it("one client's wrong passwords never stop another client signing in", async () => {
      await guess(nginx.port, "a");
      const guesserAgain = await signIn(
        nginx.port,
        GUESSER,
        "one-more@example.org",
        "not the password",
        "198.51.100.7",
      );
      if (holdsGuesser) {
        expect(guesserAgain.status).toBe(429);
        expect(Number(guesserAgain.headers["retry-after"])).toBeGreaterThan(0);
        expect(Number(guesserAgain.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
        expect(guesserAgain.body).toContain("too many failed attempts");
      } else {
        expect(guesserAgain.status).toBe(400);
      }
      const administrator = await signIn(nginx.port, ADMINISTRATOR, "admin@example.org", "champions-demo-2026");
      // Past the password to the second step (administrators sign in with two steps): not throttled.
      expect(administrator.status).toBe(302);
      expect(administrator.headers.location).toBe("/login/two-step");
      expect(administrator.headers["set-cookie"]?.join()).toMatch(/cn_two_step=/);
      if (trustProxy === undefined) expect(server.output()).toContain("TRUST_PROXY does not name it");
    }, 120_000);

    if (trustProxy === "1") {
      it("a proxy that sends no X-Forwarded-For does not turn the limit into one for everyone", async () => {
        await guess(nginx.forgetfulPort, "b");
        const administrator = await signIn(
          nginx.forgetfulPort,
          ADMINISTRATOR,
          "admin@example.org",
          "champions-demo-2026",
        );
        expect(administrator.status).toBe(302);
        expect(server.output()).toContain("without X-Forwarded-For");
      }, 120_000);
    }
  });
}
