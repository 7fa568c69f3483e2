/**
 * The access matrix: every route module in the Remix route manifest, every
 * role, and where it matters their own organisation against another. A route
 * without an entry here fails the test, so a new route must state who may use it.
 */
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, members, organisations, workshops } from "../../drizzle/schema";
import { seedDemoData } from "../../drizzle/seed";
import { getDb } from "~/lib/db.server";
import { createSession } from "~/models/session.server";
import { getSessionCookie } from "~/lib/session.server";
import { testContext } from "../request";

type Role = "anonymous" | "learner" | "generalist" | "champion" | "orglead" | "coordinator" | "admin";
const ROLES: Role[] = ["anonymous", "learner", "generalist", "champion", "orglead", "coordinator", "admin"];
const EMAILS: Record<Exclude<Role, "anonymous">, string> = {
  learner: "learner@example.org",
  generalist: "generalist@example.org",
  champion: "champion@example.org",
  orglead: "orglead@example.org",
  coordinator: "coordinator@example.org",
  admin: "admin@example.org",
};

/** What a GET to the route's loader answers for each role. */
type Outcome = 200 | 302 | 403 | 404;
type Expectation = Record<Role, Outcome>;

const all = (o: Outcome): Expectation => Object.fromEntries(ROLES.map((r) => [r, o])) as Expectation;
const signedIn = (): Expectation => ({ ...all(200), anonymous: 302 });
const staff = (allowed: Role[]): Expectation => Object.fromEntries(ROLES.map((r) => [r, r === "anonymous" ? 302 : allowed.includes(r) ? 200 : 403])) as Expectation;
const coordinators = () => staff(["coordinator", "admin"]);

type Fixture = Awaited<ReturnType<typeof world>>;
type Entry = {
  /** The URL to request, built from the seeded world. */
  url: (f: Fixture) => string;
  params: (f: Fixture) => Record<string, string>;
  loader?: Expectation;
  /** Roles refused by the action (403), besides anonymous (sent to sign in). "none" means no action. */
  action?: Role[] | "public";
};

const MATRIX: Record<string, Entry> = {
  root: { url: () => "/", params: () => ({}), loader: all(200) },
  "routes/_index": { url: () => "/", params: () => ({}), loader: all(200) },
  "routes/healthz": { url: () => "/healthz", params: () => ({}), loader: all(200) },
  "routes/privacy": { url: () => "/privacy", params: () => ({}) },
  "routes/login": { url: () => "/login", params: () => ({}), loader: { ...all(302), anonymous: 200 }, action: "public" },
  "routes/register": { url: () => "/register", params: () => ({}), loader: { ...all(302), anonymous: 200 }, action: "public" },
  "routes/logout": { url: () => "/logout", params: () => ({}), loader: all(302), action: "public" },
  "routes/organisations._index": { url: () => "/organisations", params: () => ({}), loader: all(200) },
  "routes/organisations.$slug._index": { url: (f) => `/organisations/${f.ownSlug}`, params: (f) => ({ slug: f.ownSlug }), loader: all(200) },
  "routes/organisations.$slug.edit": { url: (f) => `/organisations/${f.ownSlug}/edit`, params: (f) => ({ slug: f.ownSlug }), loader: staff(["orglead", "coordinator", "admin"]), action: ["learner", "generalist", "champion"] },
  "routes/organisations.$slug.members": { url: (f) => `/organisations/${f.ownSlug}/members`, params: (f) => ({ slug: f.ownSlug }), loader: staff(["orglead", "coordinator", "admin"]) },
  "routes/organisations.$slug.contacts._index": { url: (f) => `/organisations/${f.ownSlug}/contacts`, params: (f) => ({ slug: f.ownSlug }), loader: staff(["orglead", "coordinator", "admin"]), action: ["learner", "generalist", "champion"] },
  "routes/organisations.$slug.contacts.$contactId": {
    url: (f) => `/organisations/${f.ownSlug}/contacts/${f.ownContactId}`,
    params: (f) => ({ slug: f.ownSlug, contactId: String(f.ownContactId) }),
    loader: staff(["orglead", "coordinator", "admin"]),
    action: ["learner", "generalist", "champion"],
  },
  "routes/account": { url: () => "/account", params: () => ({}), loader: signedIn(), action: [] },
  "routes/account_.data": { url: () => "/account/data", params: () => ({}), loader: signedIn() },
  "routes/account_.directory": { url: () => "/account/directory", params: () => ({}), loader: signedIn(), action: [] },
  "routes/members._index": { url: () => "/members", params: () => ({}), loader: coordinators() },
  "routes/members.$memberId": { url: (f) => `/members/${f.learnerId}`, params: (f) => ({ memberId: String(f.learnerId) }), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/members.$memberId_.erase": { url: (f) => `/members/${f.learnerId}/erase`, params: (f) => ({ memberId: String(f.learnerId) }), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/members.invite": { url: () => "/members/invite", params: () => ({}), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/members.import": { url: () => "/members/import", params: () => ({}), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/learn._index": { url: () => "/learn", params: () => ({}), loader: signedIn() },
  "routes/learn.$moduleId._index": { url: () => "/learn/homelessness-awareness", params: () => ({ moduleId: "homelessness-awareness" }), loader: signedIn() },
  "routes/learn.$moduleId.lessons.$lessonId": { url: (f) => `/learn/homelessness-awareness/lessons/${f.lessonId}`, params: (f) => ({ moduleId: "homelessness-awareness", lessonId: f.lessonId }), loader: signedIn(), action: [] },
  "routes/learn.$moduleId.check._index": { url: () => "/learn/homelessness-awareness/check", params: () => ({ moduleId: "homelessness-awareness" }), loader: signedIn(), action: [] },
  "routes/learn.$moduleId.check.$attemptId": {
    url: (f) => `/learn/homelessness-awareness/check/${f.championAttemptId}`,
    params: (f) => ({ moduleId: "homelessness-awareness", attemptId: String(f.championAttemptId) }),
    // An attempt is only ever its own learner's.
    loader: { ...all(404), anonymous: 302, champion: 200 },
  },
  "routes/learning": { url: () => "/learning", params: () => ({}), loader: signedIn() },
  "routes/certificates.$code._index": {
    url: (f) => `/certificates/${f.championCode}`,
    params: (f) => ({ code: f.championCode }),
    loader: { anonymous: 302, learner: 403, generalist: 403, champion: 200, orglead: 403, coordinator: 200, admin: 200 },
  },
  "routes/certificates.$code.pdf": {
    url: (f) => `/certificates/${f.championCode}/pdf`,
    params: (f) => ({ code: f.championCode }),
    loader: { anonymous: 302, learner: 403, generalist: 403, champion: 200, orglead: 403, coordinator: 200, admin: 200 },
  },
  "routes/verify._index": { url: () => "/verify", params: () => ({}), loader: all(200) },
  "routes/verify.$code": { url: (f) => `/verify/${f.championCode}`, params: (f) => ({ code: f.championCode }), loader: all(200) },
  "routes/workshops._index": { url: () => "/workshops", params: () => ({}), loader: signedIn() },
  "routes/workshops.$workshopId._index": { url: (f) => `/workshops/${f.upcomingId}`, params: (f) => ({ workshopId: String(f.upcomingId) }), loader: signedIn(), action: [] },
  "routes/workshops.$workshopId.ics": {
    url: (f) => `/workshops/${f.upcomingId}/ics`,
    params: (f) => ({ workshopId: String(f.upcomingId) }),
    // Only someone with a place gets the calendar entry: in the demo data the champion and the coordinator (a Tier 1 member) are booked.
    loader: { ...all(404), anonymous: 302, champion: 200, coordinator: 200 },
  },
  "routes/workshops.$workshopId.feedback": { url: (f) => `/workshops/${f.upcomingId}/feedback`, params: (f) => ({ workshopId: String(f.upcomingId) }), loader: signedIn(), action: [] },
  "routes/topics": { url: () => "/topics", params: () => ({}), loader: signedIn(), action: [] },
  "routes/calendar": { url: () => "/calendar", params: () => ({}), loader: signedIn(), action: [] },
  "routes/feeds.$token": { url: () => "/feeds/not-a-real-token-0000000000.ics", params: () => ({ token: "not-a-real-token-0000000000.ics" }), loader: all(404) },
  "routes/invite.$token": { url: () => "/invite/not-a-real-token-000000000000", params: () => ({ token: "not-a-real-token-000000000000" }), loader: all(404), action: "public" },
  "routes/directory._index": { url: () => "/directory", params: () => ({}), loader: signedIn() },
  "routes/directory.find": { url: () => "/directory/find", params: () => ({}), loader: signedIn() },
  "routes/directory.ask": { url: () => "/directory/ask", params: () => ({}), loader: signedIn() },
  "routes/directory.contacts.$contactId._index": { url: (f) => `/directory/contacts/${f.ownContactId}`, params: (f) => ({ contactId: String(f.ownContactId) }), loader: signedIn() },
  "routes/directory.contacts.$contactId.vcard": { url: (f) => `/directory/contacts/${f.ownContactId}/vcard`, params: (f) => ({ contactId: String(f.ownContactId) }), loader: signedIn() },
  "routes/directory.export": { url: () => "/directory/export", params: () => ({}), loader: coordinators() },
  "routes/directory.confirm.$token": { url: () => "/directory/confirm/not-a-real-token-000000000", params: () => ({ token: "not-a-real-token-000000000" }), loader: all(404), action: "public" },
  "routes/districts._index": { url: () => "/districts", params: () => ({}), loader: all(200) },
  "routes/districts.$districtId": { url: () => "/districts/oxford", params: () => ({ districtId: "oxford" }), loader: all(200) },
  "routes/reports._index": { url: () => "/reports", params: () => ({}), loader: staff(["orglead", "coordinator", "admin"]) },
  "routes/reports.$report": { url: () => "/reports/tiers", params: () => ({ report: "tiers" }), loader: staff(["orglead", "coordinator", "admin"]) },
  "routes/reports.$report_.csv": { url: () => "/reports/tiers/csv", params: () => ({ report: "tiers" }), loader: staff(["orglead", "coordinator", "admin"]) },
  "routes/manage._index": { url: () => "/manage", params: () => ({}), loader: coordinators() },
  "routes/manage.health": { url: () => "/manage/health", params: () => ({}), loader: coordinators() },
  "routes/manage.audit": { url: () => "/manage/audit", params: () => ({}), loader: coordinators() },
  "routes/manage.outbox": { url: () => "/manage/outbox", params: () => ({}), loader: coordinators() },
  "routes/manage.coverage": { url: () => "/manage/coverage", params: () => ({}), loader: coordinators() },
  "routes/manage.currency": { url: () => "/manage/currency", params: () => ({}), loader: coordinators() },
  "routes/manage.feedback": { url: () => "/manage/feedback", params: () => ({}), loader: coordinators() },
  "routes/manage.topics": { url: () => "/manage/topics", params: () => ({}), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/manage.circumstances": { url: () => "/manage/circumstances", params: () => ({}), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/manage.districts.$districtId": { url: () => "/manage/districts/oxford", params: () => ({ districtId: "oxford" }), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/manage.workshops._index": { url: () => "/manage/workshops", params: () => ({}), loader: coordinators() },
  "routes/manage.workshops.new": { url: () => "/manage/workshops/new", params: () => ({}), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/manage.workshops.series": { url: () => "/manage/workshops/series", params: () => ({}), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/manage.workshops.$workshopId._index": { url: (f) => `/manage/workshops/${f.upcomingId}`, params: (f) => ({ workshopId: String(f.upcomingId) }), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
  "routes/manage.workshops.$workshopId.register": { url: (f) => `/manage/workshops/${f.pastId}/register`, params: (f) => ({ workshopId: String(f.pastId) }), loader: coordinators(), action: ["learner", "generalist", "champion", "orglead"] },
};

/** Routes where an organisation lead's own organisation and another's differ: the other answers 403. */
const OTHER_ORGANISATION: Record<string, (f: Fixture) => { url: string; params: Record<string, string> }> = {
  "routes/organisations.$slug.edit": (f) => ({ url: `/organisations/${f.otherSlug}/edit`, params: { slug: f.otherSlug } }),
  "routes/organisations.$slug.members": (f) => ({ url: `/organisations/${f.otherSlug}/members`, params: { slug: f.otherSlug } }),
  "routes/organisations.$slug.contacts._index": (f) => ({ url: `/organisations/${f.otherSlug}/contacts`, params: { slug: f.otherSlug } }),
  "routes/organisations.$slug.contacts.$contactId": (f) => ({ url: `/organisations/${f.otherSlug}/contacts/${f.otherContactId}`, params: { slug: f.otherSlug, contactId: String(f.otherContactId) } }),
  "routes/reports.$report": (f) => ({ url: `/reports/tiers?organisation=${f.otherOrganisationId}`, params: { report: "tiers" } }),
  "routes/reports.$report_.csv": (f) => ({ url: `/reports/tiers/csv?organisation=${f.otherOrganisationId}`, params: { report: "tiers" } }),
};

async function world() {
  await seedDemoData();
  const db = getDb();
  const byEmail = (email: string) => db.select().from(members).where(eq(members.email, email)).get()!;
  const cookies = {} as Record<Role, string | undefined>;
  cookies.anonymous = undefined;
  for (const [role, email] of Object.entries(EMAILS) as Array<[Exclude<Role, "anonymous">, string]>) {
    const { token } = createSession({ memberId: byEmail(email).id }, db);
    cookies[role] = (await getSessionCookie().serialize(token)).split(";")[0];
  }
  const lead = byEmail("orglead@example.org");
  const own = db.select().from(organisations).where(eq(organisations.id, lead.organisationId!)).get()!;
  const other = db.select().from(organisations).where(eq(organisations.slug, "crisis")).get()!;
  const contactAt = (organisationId: number) =>
    db.$client.prepare("SELECT c.id FROM contacts c JOIN members m ON m.id = c.member_id WHERE m.organisation_id = ? AND m.status = 'active' LIMIT 1").get(organisationId) as { id: number };
  const champion = byEmail("champion@example.org");
  const attempt = db.$client.prepare("SELECT a.id, c.certificate_code FROM check_attempts a JOIN completions c ON c.attempt_id = a.id WHERE a.member_id = ? AND a.module_id = 'homelessness-awareness'").get(champion.id) as { id: number; certificate_code: string };
  const upcoming = db.$client.prepare("SELECT w.id FROM workshops w JOIN bookings b ON b.workshop_id = w.id WHERE b.member_id = ? AND b.status = 'booked' AND w.starts_at > ? ORDER BY w.starts_at LIMIT 1").get(champion.id, Date.now()) as { id: number };
  const past = db.select({ id: workshops.id }).from(workshops).where(eq(workshops.audienceTier, 1)).orderBy(workshops.startsAt).get()!;
  void bookings;
  return {
    cookies,
    ownSlug: own.slug,
    otherSlug: other.slug,
    otherOrganisationId: other.id,
    ownContactId: contactAt(own.id).id,
    otherContactId: contactAt(other.id).id,
    learnerId: byEmail("learner@example.org").id,
    lessonId: (await import("~/lib/content/catalogue.server")).getModule("homelessness-awareness")!.lessons[0].id,
    championAttemptId: attempt.id,
    championCode: attempt.certificate_code,
    upcomingId: upcoming.id,
    pastId: past.id,
  };
}

async function routeIds() {
  const { readConfig } = await import("@remix-run/dev/dist/config.js");
  const config = await readConfig(path.resolve("."));
  return Object.values(config.routes).map((r) => ({ id: r.id, file: r.file }));
}

async function invoke(fn: (args: never) => unknown, url: string, params: Record<string, string>, cookie: string | undefined, method: "GET" | "POST") {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  if (method === "POST") headers.set("Content-Type", "application/x-www-form-urlencoded");
  const request = new Request(`http://localhost:3000${url}`, { method, headers, body: method === "POST" ? "" : undefined });
  try {
    const result = await (fn as (a: unknown) => unknown)({ request, params, context: testContext });
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("access matrix", () => {
  it("has an entry for every route in the manifest, and no entry for a route that is gone", async () => {
    const ids = (await routeIds()).map((r) => r.id).sort();
    expect(ids.filter((id) => !(id in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it("answers every loader and action as the matrix says, for every role", async () => {
    const f = await world();
    const failures: string[] = [];
    for (const { id, file } of await routeIds()) {
      const entry = MATRIX[id];
      const module = await import(/* @vite-ignore */ path.resolve("app", file));
      if (module.loader && !entry.loader) failures.push(`${id}: has a loader but no expectation`);
      if (module.action && entry.action === undefined) failures.push(`${id}: has an action but no expectation`);
      if (module.loader && entry.loader) {
        for (const role of ROLES) {
          const status = await invoke(module.loader, entry.url(f), entry.params(f), f.cookies[role], "GET");
          if (status !== entry.loader[role]) failures.push(`${id} loader as ${role}: expected ${entry.loader[role]}, got ${status}`);
        }
        const other = OTHER_ORGANISATION[id];
        if (other) {
          const { url, params } = other(f);
          const status = await invoke(module.loader, url, params, f.cookies.orglead, "GET");
          if (status !== 403) failures.push(`${id} loader as orglead for another organisation: expected 403, got ${status}`);
        }
      }
      if (module.action && entry.action !== undefined && entry.action !== "public") {
        for (const role of ROLES) {
          const status = await invoke(module.action, entry.url(f), entry.params(f), f.cookies[role], "POST");
          const expected = role === "anonymous" ? "302" : entry.action.includes(role) ? "403" : "not refused";
          const ok = expected === "not refused" ? status !== 403 && status < 500 && !(status === 302 && role === "anonymous") : String(status) === expected;
          if (!ok) failures.push(`${id} action as ${role}: expected ${expected}, got ${status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
