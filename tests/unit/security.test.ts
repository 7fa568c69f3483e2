import { describe, expect, it } from "vitest";
import { parseTrustProxy, readEnv } from "~/lib/env.server";
import { contentSecurityPolicy, isCrossOriginWrite, safeRedirectTarget, securityHeaders } from "~/lib/security.server";
import { createSessionCookie } from "~/lib/session.server";

describe("isCrossOriginWrite", () => {
  const base = { host: "localhost:3000", origin: undefined, secFetchSite: undefined };

  it("never refuses a safe method", () => {
    expect(isCrossOriginWrite({ ...base, method: "GET", secFetchSite: "cross-site" })).toBe(false);
  });

  it("refuses a POST the browser marks as cross-site or same-site", () => {
    expect(isCrossOriginWrite({ ...base, method: "POST", secFetchSite: "cross-site" })).toBe(true);
    expect(isCrossOriginWrite({ ...base, method: "POST", secFetchSite: "same-site" })).toBe(true);
    expect(isCrossOriginWrite({ ...base, method: "POST", secFetchSite: "same-origin" })).toBe(false);
  });

  it("falls back to comparing Origin with Host", () => {
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
    expect(isCrossOriginWrite({ ...base, method: "POST", origin: "null" })).toBe(true);
    expect(isCrossOriginWrite({ ...base, method: "DELETE", origin: "http://localhost:3000" })).toBe(false);
  });

  it("lets a mail provider's page POST a one-click unsubscribe link (RFC 8058), and nothing else", () => {
    const crossSite = { ...base, method: "POST", secFetchSite: "cross-site" };
    expect(isCrossOriginWrite({ ...crossSite, path: "/unsubscribe/digest.4.abc" })).toBe(false);
    expect(isCrossOriginWrite({ ...crossSite, path: "/unsubscribe" })).toBe(true);
    expect(isCrossOriginWrite({ ...crossSite, path: "/unsubscribe/digest.4.abc/more" })).toBe(true);
    expect(isCrossOriginWrite({ ...crossSite, path: "/account/emails" })).toBe(true);
    expect(isCrossOriginWrite({ ...crossSite, path: "/x/unsubscribe/digest.4.abc" })).toBe(true);
  });
});

describe("security headers", () => {
  it("enforces a CSP without inline scripts except by nonce", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const headers = securityHeaders("abc123");
    expect(headers["Content-Security-Policy"]).toBe(csp);
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });
});

describe("configuration", () => {
  it("refuses to run in production without a strong session secret", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET must be set/);
    expect(() => readEnv({ NODE_ENV: "production", SESSION_SECRET: "short" })).toThrow(/too weak/);
    const env = readEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) });
    expect(env.cookieSecure).toBe(true);
  });

  it("uses the documented defaults", () => {
    const env = readEnv({});
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBe("data/champions.db");
    expect(env.cookieSecure).toBe(false);
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax and Secure in production", async () => {
    const env = readEnv({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40) });
    const header = await createSessionCookie(env).serialize("token");
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Secure/);
    expect(header).toMatch(/Max-Age=43200/);
  });

  it("reads a tampered value as no session", async () => {
    const cookie = createSessionCookie(readEnv({}));
    const header = (await cookie.serialize("genuine-token")).split(";")[0];
    const [name, value] = header.split("=");
    const tampered = `${name}=${value.replace(/^.{4}/, "AAAA")}`;
    expect(await cookie.parse(header)).toBe("genuine-token");
    expect(await cookie.parse(tampered)).toBeNull();
  });
});

describe("safeRedirectTarget", () => {
  it("only follows same-site paths", () => {
    expect(safeRedirectTarget("/members?tier=1")).toBe("/members?tier=1");
    expect(safeRedirectTarget("//evil.example")).toBe("/");
    expect(safeRedirectTarget("https://evil.example")).toBe("/");
    expect(safeRedirectTarget("/\\evil.example")).toBe("/");
    expect(safeRedirectTarget(null)).toBe("/");
  });

  it("keeps a same-site path with its query and fragment", () => {
    expect(safeRedirectTarget("/workshops/12?tab=bookings#list")).toBe("/workshops/12?tab=bookings#list");
    expect(safeRedirectTarget("/directory?q=O%27Brien")).toBe("/directory?q=O%27Brien");
    expect(safeRedirectTarget("/directory?q=caf%C3%A9")).toBe("/directory?q=caf%C3%A9");
    expect(safeRedirectTarget("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  // Browsers drop tabs and newlines from a URL and read a backslash as a slash.
  const hostile = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/\t\\evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0D/evil.example",
    "/%5C/evil.example",
    "/%2509/evil.example",
    "/%25250a/evil.example",
    "/%255c/evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "///evil.example",
    "javascript:alert(1)",
    "",
  ];
  for (const target of hostile) {
    it(`refuses ${JSON.stringify(target)}`, () => {
      expect(safeRedirectTarget(target)).toBe("/");
      expect(safeRedirectTarget(target, "/learning")).toBe("/learning");
    });
  }
});

describe("TRUST_PROXY", () => {
  it("reads a number of hops as a number, not as an address", () => {
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy(" 2 ")).toBe(2);
  });

  it("reads addresses, subnets and Express's names as a list", () => {
    expect(parseTrustProxy("loopback")).toEqual(["loopback"]);
    expect(parseTrustProxy("127.0.0.1, 10.0.0.0/8, fd00::/8, uniquelocal")).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
      "fd00::/8",
      "uniquelocal",
    ]);
  });

  it("trusts nobody when unset, empty, false or 0", () => {
    for (const value of [undefined, "", "false", "0"]) expect(parseTrustProxy(value)).toBe(false);
  });

  it("refuses true, which would believe any address a client writes, and anything it cannot read", () => {
    expect(() => parseTrustProxy("true")).toThrow(/any address a client writes/);
    for (const value of ["yes", "1.2.3", "10.0.0.0/33", "proxy.example.org", "11", "127.0.0.1/8/1"]) {
      expect(() => parseTrustProxy(value), value).toThrow(/TRUST_PROXY/);
    }
  });

  it("stops the server starting with a setting it cannot read, and with an APP_URL that is not a web address", () => {
    expect(() => readEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY=true/);
    expect(() => readEnv({ APP_URL: "champions.example.org" })).toThrow(/APP_URL/);
    expect(readEnv({ APP_URL: "https://champions.example.org/" }).appUrl).toBe("https://champions.example.org");
    expect(readEnv({ PORT: "4000" }).appUrl).toBe("http://localhost:4000");
  });
});
