import { describe, expect, it } from "vitest";
import {
  readUnsubscribeToken,
  unsubscribeFooter,
  unsubscribeHeaders,
  unsubscribeLink,
  unsubscribeToken,
} from "~/lib/email/unsubscribe.server";

const SECRETS = ["first-secret-that-is-long-enough-to-use-0001"];

describe("unsubscribe tokens", () => {
  it("names the member and kind they were made for", () => {
    const token = unsubscribeToken({ memberId: 42, kind: "digest" }, SECRETS);
    expect(token).toMatch(/^digest\.42\.[A-Za-z0-9_-]{43}$/);
    expect(readUnsubscribeToken(token, SECRETS)).toEqual({ memberId: 42, kind: "digest" });
  });

  it("refuses the MAC under another member's number or another kind", () => {
    const mac = unsubscribeToken({ memberId: 42, kind: "digest" }, SECRETS).split(".")[2];
    expect(readUnsubscribeToken(`digest.43.${mac}`, SECRETS)).toBeNull();
    expect(readUnsubscribeToken(`messages.42.${mac}`, SECRETS)).toBeNull();
    expect(readUnsubscribeToken(`reminders.42.${mac}`, SECRETS)).toBeNull();
  });

  it("refuses a token made under a secret the server does not hold, and accepts an older listed one", () => {
    const old = unsubscribeToken({ memberId: 7, kind: "reminders" }, ["an-older-secret-still-listed-in-the-env-0002"]);
    expect(readUnsubscribeToken(old, SECRETS)).toBeNull();
    expect(readUnsubscribeToken(old, [...SECRETS, "an-older-secret-still-listed-in-the-env-0002"])).toEqual({
      memberId: 7,
      kind: "reminders",
    });
  });

  it("refuses hostile and malformed values", () => {
    const good = unsubscribeToken({ memberId: 42, kind: "digest" }, SECRETS);
    const mac = good.split(".")[2];
    for (const value of [
      undefined,
      "",
      "constructor",
      "__proto__",
      `constructor.42.${mac}`,
      `__proto__.42.${mac}`,
      `toString.42.${mac}`,
      `digest.0.${mac}`,
      `digest.-1.${mac}`,
      `digest.042.${mac}`,
      `digest.42.${mac}A`,
      `digest.42.${mac.slice(1)}`,
      `digest.1e3.${mac}`,
      `digest.42.${mac}\n`,
      `${good}.extra`,
      good.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
    ]) {
      expect(readUnsubscribeToken(value, SECRETS)).toBeNull();
    }
  });

  it("gives absolute links and the RFC 8058 header fields", () => {
    const link = unsubscribeLink({ memberId: 5, kind: "messages" });
    expect(link).toMatch(/^https?:\/\/[^/]+\/unsubscribe\/messages\.5\.[A-Za-z0-9_-]{43}$/);
    expect(unsubscribeHeaders({ memberId: 5, kind: "messages" })).toEqual({
      "List-Unsubscribe": `<${link}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(unsubscribeFooter({ memberId: 5, kind: "messages" })).toContain(link);
  });
});
