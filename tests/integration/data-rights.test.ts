import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { members } from "../../drizzle/schema";
import { seedDemoData } from "../../drizzle/seed";
import { getModule } from "~/lib/content/catalogue.server";
import { getDb } from "~/lib/db.server";
import { recordAudit } from "~/models/audit.server";
import { submitCheckAttempt } from "~/models/check-attempt.server";
import { searchDirectory } from "~/models/contact.server";
import { queueEmail } from "~/models/outbox.server";
import { exportPersonalData } from "~/models/personal-data.server";
import { loader as exportLoader } from "~/routes/account_.data";
import { action as eraseAction } from "~/routes/members.$memberId_.erase";
import { call, cookieFor, formRequest, getRequest } from "../request";

/** Every text in every table (FTS shadow tables included), lower-cased, for a needle search. */
function everyTableContains(needle: string) {
  const db = getDb();
  const tables = db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table'`);
  const hits: string[] = [];
  for (const { name } of tables) {
    const columns = db.all<{ name: string }>(sql.raw(`PRAGMA table_info("${name}")`));
    for (const column of columns) {
      const row = db.get<{ n: number }>(
        sql.raw(`SELECT count(*) AS n FROM "${name}" WHERE lower(CAST("${column.name}" AS TEXT)) LIKE '%${needle.toLowerCase().replace(/'/g, "''")}%'`),
      );
      if (row && row.n > 0) hits.push(`${name}.${column.name}`);
    }
  }
  return hits;
}

async function seededChampion() {
  await seedDemoData();
  const champion = getDb().select().from(members).where(eq(members.email, "champion@example.org")).get()!;
  const module = getModule("homelessness-awareness")!;
  const answers = Object.fromEntries(module.check.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
  submitCheckAttempt({ memberId: champion.id, module, answers, submissionToken: "erasure-test-token-0000000" });
  queueEmail({ dedupeKey: "x:1", memberId: null, to: "colleague@example.org", subject: "About Priya Bramblecombe", body: "Priya Bramblecombe is booked.", kind: "note" });
  const coordinator = getDb().select().from(members).where(eq(members.email, "coordinator@example.org")).get()!;
  recordAudit({ actorId: coordinator.id, action: "member.updated", entityType: "member", entityId: champion.id, summary: "Changed Priya Bramblecombe", before: { name: "Priya Bramblecombe" } });
  return { champion, coordinator };
}

describe("data rights", () => {
  it("lets a member download everything held about them, and nobody else's", async () => {
    const { champion } = await seededChampion();
    const response = await call(exportLoader, getRequest("/account/data", { cookie: await cookieFor(champion.id) }));
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment/);
    const data = await response.json();
    expect(data.member.email).toBe("champion@example.org");
    // The seed's six completions and the one just earned.
    expect(data.learning.completions).toHaveLength(7);
    expect(data.learning.knowledgeCheckAttempts[0].answers).toBeTypeOf("object");
    expect(data.workshops.attendance.length).toBeGreaterThan(0);
    expect(data.directory.entry.isGoTo).toBe(true);
    expect(JSON.stringify(data)).not.toMatch(/passwordHash|argon2/);
    expect(exportPersonalData({ memberId: champion.id })?.member.id).toBe(champion.id);
  });

  it("erasure removes the person's name and email from every table and index, and keeps the statistics", async () => {
    const { champion, coordinator } = await seededChampion();
    expect(everyTableContains("Priya Bramblecombe").length).toBeGreaterThan(3);
    const attendanceBefore = getDb().all(sql`SELECT count(*) AS n FROM attendance WHERE member_id = ${champion.id}`);
    const completionsBefore = getDb().all(sql`SELECT count(*) AS n FROM completions WHERE member_id = ${champion.id}`);

    const cookie = await cookieFor(coordinator.id);
    const refused = await call(eraseAction, formRequest(`/members/${champion.id}/erase`, {}, { cookie }), { memberId: String(champion.id) });
    expect(refused.status).toBe(400);
    expect(everyTableContains("Priya Bramblecombe").length).toBeGreaterThan(0);

    const done = await call(eraseAction, formRequest(`/members/${champion.id}/erase`, { confirm: "yes" }, { cookie }), { memberId: String(champion.id) });
    expect(done.status).toBe(302);
    expect(everyTableContains("Priya Bramblecombe")).toEqual([]);
    expect(everyTableContains("champion@example.org")).toEqual([]);
    expect(searchDirectory({ query: "Priya Bramblecombe" })).toEqual([]);
    expect(getDb().all(sql`SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'priya'`)).toEqual([]);
    // Aggregates stay: the completion and attendance rows are still there, unnamed.
    expect(getDb().all(sql`SELECT count(*) AS n FROM attendance WHERE member_id = ${champion.id}`)).toEqual(attendanceBefore);
    expect(getDb().all(sql`SELECT count(*) AS n FROM completions WHERE member_id = ${champion.id}`)).toEqual(completionsBefore);
  });

  it("is refused to organisation leads", async () => {
    const { champion } = await seededChampion();
    const lead = getDb().select().from(members).where(eq(members.email, "orglead@example.org")).get()!;
    const response = await call(eraseAction, formRequest(`/members/${champion.id}/erase`, { confirm: "yes" }, { cookie: await cookieFor(lead.id) }), {
      memberId: String(champion.id),
    });
    expect(response.status).toBe(403);
  });
});
