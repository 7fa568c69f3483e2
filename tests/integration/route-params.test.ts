/**
 * Hostile input against every route in the Remix route manifest: every
 * `$param`, every query-string key the app reads, and every form field name
 * the app renders, fed values that break naive lookups (JavaScript object
 * keys such as "constructor", path tricks, huge and odd numbers, a NUL byte).
 * Loaders and actions are called as a coordinator, an organisation lead, a
 * learner and someone signed out. Nothing may answer 5xx or throw.
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { members, organisations, workshops } from "../../drizzle/schema";
import { seedDemoData } from "../../drizzle/seed";
import { getModule } from "~/lib/content/catalogue.server";
import { getDb } from "~/lib/db.server";
import { getSessionCookie } from "~/lib/session.server";
import { createSession } from "~/models/session.server";
import { loader as reportLoader } from "~/routes/reports.$report";
import { loader as csvLoader } from "~/routes/reports.$report_.csv";
import { BASE, call, testContext } from "../request";

const HOSTILE = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "..%2f",
  "../",
  "x".repeat(5000),
  "-1",
  "0",
  "1e309",
  "\0",
];
const HOSTILE_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "answer:__proto__",
  "answer:constructor",
  "mark:__proto__",
  "mark:constructor",
];

type Role = "coordinator" | "orglead" | "learner" | "anonymous";
const ROLES: Role[] = ["coordinator", "orglead", "learner", "anonymous"];
const EMAILS = {
  coordinator: "coordinator@example.org",
  orglead: "orglead@example.org",
  learner: "learner@example.org",
} as const;

/** Query-string keys the app reads (schemas in app/validation and the routes), and a few it might one day. */
const QUERY_KEYS = [
  "q",
  "page",
  "organisation",
  "district",
  "tier",
  "role",
  "status",
  "currency",
  "view",
  "type",
  "from",
  "to",
  "sector",
  "specialism",
  "goTo",
  "circumstance",
  "code",
  "redirectTo",
  "signedOut",
  "tab",
  "sort",
  "report",
];

/** Plausible values for the form fields the app renders; anything else gets "1". */
const PLAUSIBLE: Record<string, string> = {
  name: "Sam Taylor",
  email: "sam.taylor@example.org",
  password: "a long test passphrase",
  confirmPassword: "a long test passphrase",
  jobTitle: "Housing officer",
  title: "A workshop",
  topic: "Prison release",
  description: "What we will cover.",
  venue: "Town hall",
  date: "2027-03-16",
  startTime: "10:00",
  endTime: "12:00",
  firstMonth: "2027-02",
  capacity: "20",
  tier: "1",
  role: "learner",
  confirm: "yes",
  rating: "4",
  howToContact: "Email first.",
  reason: "Venue closed",
  topicTitle: "Benefits",
  topicDetails: "More on benefits.",
  details: "Details",
  label: "Label",
};

async function routes() {
  const { readConfig } = await import("@remix-run/dev/dist/config.js");
  const config = await readConfig(path.resolve("."));
  return Object.values(config.routes).map((r) => {
    const source = fs.readFileSync(path.resolve("app", r.file), "utf8");
    const params = [...r.id.matchAll(/\$(\w+)/g)].map((m) => m[1].replace(/_$/, ""));
    const segments = r.id
      .replace(/^routes\//, "")
      .split(".")
      .filter((s) => s !== "_index" && s !== "root")
      .map((s) => s.replace(/_$/, ""));
    const intents = [
      ...new Set(
        [...source.matchAll(/intent[^=\n]*=== "([a-z-]+)"|name="intent" value="([a-z-]+)"/g)].map((m) => m[1] ?? m[2]),
      ),
    ];
    return { id: r.id, file: r.file, params, segments, intents };
  });
}

/** Every form field name rendered anywhere in the app. */
function formFieldNames() {
  const names = new Set<string>();
  for (const dir of ["app/routes", "app/components"]) {
    for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (!/\.tsx?$/.test(file)) continue;
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      for (const m of source.matchAll(/name="([A-Za-z][\w:-]*)"/g)) names.add(m[1]);
    }
  }
  names.delete("intent");
  return [...names];
}

async function world() {
  await seedDemoData();
  const db = getDb();
  const byEmail = (email: string) => db.select().from(members).where(eq(members.email, email)).get()!;
  const lead = byEmail("orglead@example.org");
  const own = db.select().from(organisations).where(eq(organisations.id, lead.organisationId!)).get()!;
  const contact = db.$client
    .prepare("SELECT c.id FROM contacts c JOIN members m ON m.id = c.member_id WHERE m.organisation_id = ? LIMIT 1")
    .get(own.id) as { id: number };
  const champion = byEmail("champion@example.org");
  const attempt = db.$client
    .prepare(
      "SELECT a.id, c.certificate_code FROM check_attempts a JOIN completions c ON c.attempt_id = a.id WHERE a.member_id = ?",
    )
    .get(champion.id) as { id: number; certificate_code: string };
  const workshop = db.select({ id: workshops.id }).from(workshops).get()!;
  const plausible: Record<string, string> = {
    slug: own.slug,
    contactId: String(contact.id),
    memberId: String(byEmail("learner@example.org").id),
    moduleId: "homelessness-awareness",
    lessonId: getModule("homelessness-awareness")!.lessons[0].id,
    attemptId: String(attempt.id),
    code: attempt.certificate_code,
    workshopId: String(workshop.id),
    token: "not-a-real-token-000000000000",
    districtId: "oxford",
    report: "tiers",
  };
  return { plausible };
}

/** Fresh sessions: an action earlier in the walk (sign out, deactivation) may have ended the last ones. */
async function cookies() {
  const db = getDb();
  const result: Record<Role, string | undefined> = {
    coordinator: undefined,
    orglead: undefined,
    learner: undefined,
    anonymous: undefined,
  };
  for (const [role, email] of Object.entries(EMAILS) as Array<[keyof typeof EMAILS, string]>) {
    const member = db.select().from(members).where(eq(members.email, email)).get()!;
    const { token } = createSession({ memberId: member.id }, db);
    result[role] = (await getSessionCookie().serialize(token)).split(";")[0];
  }
  return result;
}

type Fn = (args: { request: Request; params: Record<string, string>; context: typeof testContext }) => unknown;

/** The status a loader or action answers; a thrown error that is not a Response is reported as 500 with its message. */
async function statusOf(fn: Fn, request: Request, params: Record<string, string>) {
  try {
    const result = await fn({ request, params, context: testContext });
    return { status: result instanceof Response ? result.status : 200, error: "" };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, error: "" };
    return {
      status: 500,
      error: thrown instanceof Error ? `${thrown.name}: ${thrown.message.slice(0, 200)}` : String(thrown),
    };
  }
}

function urlFor(segments: string[], params: Record<string, string>, query = "") {
  const pathname = segments.map((s) => (s.startsWith("$") ? encodeURIComponent(params[s.slice(1)]) : s)).join("/");
  return `${BASE}/${pathname}${query}`;
}

function get(url: string, cookie: string | undefined) {
  return new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
}

function post(url: string, cookie: string | undefined, fields: Array<[string, string]>) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(url, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}

const show = (value: string) => JSON.stringify(value.length > 20 ? `${value.slice(0, 10)}…(${value.length})` : value);

describe("hostile route parameters, query strings and form fields", () => {
  it("answers 404 for report ids that are JavaScript object keys, page and CSV alike", async () => {
    await seedDemoData();
    const { coordinator } = await cookies();
    for (const report of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      for (const [loader, suffix] of [
        [reportLoader, ""],
        [csvLoader, "/csv"],
      ] as const) {
        const response = await call(loader, get(`${BASE}/reports/${report}${suffix}`, coordinator), { report });
        expect({ report, suffix, status: response.status, text: await response.text() }).toEqual({
          report,
          suffix,
          status: 404,
          text: "We could not find that report.",
        });
      }
    }
    // A real report still answers, with its table.
    const page = await (reportLoader as Fn)({
      request: get(`${BASE}/reports/tiers`, coordinator),
      params: { report: "tiers" },
      context: testContext,
    });
    expect(((await (page as Response).json()) as { report: { id: string } }).report.id).toBe("tiers");
  });

  it("never answers 5xx on any route, whatever is in the parameters", async () => {
    const { plausible } = await world();
    const fields = formFieldNames();
    const failures: string[] = [];
    let calls = 0;
    for (const route of await routes()) {
      const module = await import(/* @vite-ignore */ path.resolve("app", route.file));
      const cookie = await cookies();
      const intents = route.intents.length ? route.intents : [undefined];
      const check = async (what: string, fn: Fn, request: Request, params: Record<string, string>) => {
        calls += 1;
        const { status, error } = await statusOf(fn, request, params);
        if (status >= 500) failures.push(`${route.id} ${what}: ${status} ${error}`);
      };
      // Each $param in turn takes each hostile value; the others keep a plausible one.
      for (const name of route.params) {
        for (const value of HOSTILE) {
          const params = { ...Object.fromEntries(route.params.map((p) => [p, plausible[p]])), [name]: value };
          const url = urlFor(route.segments, params);
          for (const role of ROLES) {
            const as = `as ${role} with $${name}=${show(value)}`;
            if (module.loader) await check(`loader ${as}`, module.loader, get(url, cookie[role]), params);
            if (module.action) {
              await check(`action (empty form) ${as}`, module.action, post(url, cookie[role], []), params);
              for (const intent of intents) {
                const form: Array<[string, string]> = fields.map((f) => [f, PLAUSIBLE[f] ?? "1"]);
                if (intent) form.push(["intent", intent]);
                await check(
                  `action (plausible form, intent ${intent}) ${as}`,
                  module.action,
                  post(url, cookie[role], form),
                  params,
                );
              }
            }
          }
        }
      }
      const params = Object.fromEntries(route.params.map((p) => [p, plausible[p]]));
      // Every query-string key the app reads, and some key names that are object keys.
      if (module.loader) {
        for (const value of HOSTILE) {
          const query = new URLSearchParams([...QUERY_KEYS, ...HOSTILE_NAMES].map((k) => [k, value]));
          for (const role of ROLES)
            await check(
              `loader as ${role} with ?…=${show(value)}`,
              module.loader,
              get(urlFor(route.segments, params, `?${query}`), cookie[role]),
              params,
            );
        }
      }
      // Every form field name, and some that are object keys, with each hostile value. Signing out would end the walk's sessions.
      if (module.action && route.id !== "routes/logout") {
        for (const value of HOSTILE) {
          for (const intent of intents) {
            const form: Array<[string, string]> = [...fields, ...HOSTILE_NAMES].map((f) => [f, value]);
            if (intent) form.push(["intent", intent]);
            for (const role of ROLES) {
              await check(
                `action as ${role}, intent ${intent}, every field ${show(value)}`,
                module.action,
                post(urlFor(route.segments, params), cookie[role], form),
                params,
              );
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 300_000);
});
