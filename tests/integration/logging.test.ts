import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { redactPath } from "~/lib/log.server";
import { recordAudit } from "~/models/audit.server";
import { action as loginAction } from "~/routes/login";
import { loader as membersLoader } from "~/routes/members._index";
import { createTestMember, TEST_PASSWORD } from "../factories";
import { call, cookieFor, formRequest, getRequest, testContext } from "../request";

let lines: string[] = [];

beforeEach(() => {
  process.env.LOG_LEVEL = "info";
  lines = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env.LOG_LEVEL = "silent";
});

describe("structured logs", () => {
  it("log sign-in outcomes, permission refusals and admin changes as JSON with a UTC time, and nothing personal or secret", async () => {
    const member = await createTestMember({ email: "private.person@example.org", name: "Private Person" });
    const coordinator = await createTestMember({ role: "coordinator" });
    await call(
      loginAction,
      formRequest("/login", { email: "private.person@example.org", password: "wrong secret words" }),
      {},
      testContext,
    );
    const ok = await call(
      loginAction,
      formRequest("/login", { email: "private.person@example.org", password: TEST_PASSWORD }),
      {},
      testContext,
    );
    const cookie = await cookieFor(member.id);
    await call(membersLoader, getRequest("/members", { cookie }));
    recordAudit({
      actorId: coordinator.id,
      action: "member.updated",
      entityType: "member",
      entityId: member.id,
      summary: "Changed Private Person",
    });

    const events = lines.map((line) => JSON.parse(line));
    expect(events.map((e) => [e.event, e.outcome ?? e.permission ?? e.action])).toEqual([
      ["sign-in", "failure"],
      ["sign-in", "success"],
      ["permission-refused", "read:member"],
      ["admin-change", "member.updated"],
    ]);
    for (const e of events) expect(e.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(events[1].memberId).toBe(member.id);
    const all = lines.join("");
    const token = ok.headers.get("Set-Cookie")!.split(";")[0].split("=")[1];
    for (const secret of [
      "private.person@example.org",
      "Private Person",
      "wrong secret words",
      TEST_PASSWORD,
      token,
      cookie.split("=")[1],
      "192.0.2.1",
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it("redact secrets carried in paths and drop query strings", () => {
    expect(redactPath("/verify/ABCDEFGHIJKLMNOPQRSTUVWXYZ")).toBe("/verify/:redacted");
    expect(redactPath("/feeds/abc123token.ics")).toBe("/feeds/:redacted");
    expect(redactPath("/invite/tok?x=1")).toBe("/invite/:redacted");
    expect(redactPath("/directory/confirm/tok")).toBe("/directory/confirm/:redacted");
    expect(redactPath("/certificates/CODE/pdf")).toBe("/certificates/:redacted/pdf");
    expect(redactPath("/directory?q=Private+Person")).toBe("/directory");
  });
});
