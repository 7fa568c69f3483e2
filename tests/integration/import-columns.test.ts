/**
 * The members import's column matching, updates of existing members and
 * organisation matching, through the route's action with real request bodies:
 * an upload is kept server-side for its coordinator, the columns are matched
 * (automatically from common headings, or as chosen), and nothing is written
 * until the coordinator confirms.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, members, organisations } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import {
  autoMatchColumns,
  findImportUpload,
  matchHeading,
  nameSimilarity,
  saveImportUpload,
} from "~/models/member-import.server";
import { addFormerName } from "~/models/organisation.server";
import { action } from "~/routes/members.import";
import { createTestMember, createTestOrganisation } from "../factories";
import { HOSTILE_WORDS } from "../hostile-text";
import { BASE, call, cookieFor } from "../request";

type Data = {
  error?: string;
  upload?: string;
  columns?: { heading: string; samples: string[]; choice: string }[];
  rows?: { line: number; name: string; organisation: string }[];
  problems?: { line: number; column: string; message: string }[];
  updates?: { line: number; email: string; changes: { field: string; before: string; after: string }[] }[];
  suggestions?: { value: string; suggestion: string }[];
};

function upload(cookie: string, text: string) {
  const boundary = "----champions-import-test";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  return new Request(`${BASE}/members/import`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat([Buffer.from(head), Buffer.from(text), Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

function step(cookie: string, fields: [string, string][]) {
  return new Request(`${BASE}/members/import`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

async function send(request: Request) {
  const response = await call(action, request);
  const data = response.status === 302 ? {} : ((await response.json()) as Data);
  return { status: response.status, data };
}

/** Uploads a file and posts the column choices as matched automatically (or as given). */
async function preview(cookie: string, text: string, extra: [string, string][] = [], choices?: string[]) {
  const uploaded = await send(upload(cookie, text));
  expect(uploaded.status).toBe(200);
  const columns = choices ?? uploaded.data.columns!.map((c) => c.choice);
  const fields: [string, string][] = [
    ["upload", uploaded.data.upload!],
    ...columns.map((c): [string, string] => ["column", c]),
    ...extra,
  ];
  const checked = await send(step(cookie, [...fields, ["intent", "match"]]));
  return { ...checked, fields, uploaded: uploaded.data };
}

function snapshot() {
  const db = getDb();
  return {
    members: db.select().from(members).orderBy(members.id).all(),
    audit: db.select().from(auditEvents).all().length,
  };
}

async function coordinator() {
  const crisis = createTestOrganisation({ name: "Crisis", slug: "crisis" });
  const oxford = createTestOrganisation({ name: "Oxford Health NHS Foundation Trust", slug: "oxford-health" });
  const me = await createTestMember({ role: "coordinator" });
  return { crisis, oxford, me, cookie: await cookieFor(me.id) };
}

describe("matching headings automatically", () => {
  it.each([
    ["Name", "name"],
    ["Full name", "name"],
    ["First name", "firstName"],
    ["FIRST_NAME", "firstName"],
    ["Forename", "firstName"],
    ["Given name", "firstName"],
    ["Surname", "lastName"],
    ["Last name", "lastName"],
    ["family-name", "lastName"],
    ["E-mail address", "email"],
    ["Email", "email"],
    [" e.mail ", "email"],
    ["Org", "organisation"],
    ["Organisation", "organisation"],
    ["Organization", "organisation"],
    ["Employer", "organisation"],
    ["Job title", "jobTitle"],
    ["Role", "jobTitle"],
    ["Tier", "tier"],
    ["In directory", "directory"],
    ["Phone", "skip"],
    ["constructor", "skip"],
    ["__proto__", "skip"],
    ["toString", "skip"],
    ["", "skip"],
  ])("“%s” is matched to %s", (heading, field) => {
    expect(matchHeading(heading)).toBe(field);
  });

  it("gives each field to the first column that names it", () => {
    expect(autoMatchColumns(["Email", "E-mail address", "Surname", "Forename"])).toEqual([
      "email",
      "skip",
      "lastName",
      "firstName",
    ]);
  });

  it("finds names alike by shared words or by a typing slip, not unrelated ones", () => {
    expect(nameSimilarity("Oxford Health NHS Trust", "Oxford Health NHS Foundation Trust")).toBeGreaterThanOrEqual(0.7);
    expect(nameSimilarity("Crisys", "Crisis")).toBeGreaterThanOrEqual(0.7);
    expect(nameSimilarity("Shelter", "Crisis")).toBeLessThan(0.7);
  });
});

describe("importing a file through the column matching step", () => {
  it("imports a file with First name and Last name columns, a BOM and CRLF line ends without editing", async () => {
    const { cookie, crisis } = await coordinator();
    const text =
      "\uFEFFFirst name,Last name,E-mail address,Org,Role\r\nKit,Bramwell,kit@example.org,crisis ,Outreach\r\n";
    const { status, data, fields, uploaded } = await preview(cookie, text);
    expect(uploaded.columns).toEqual([
      { heading: "First name", samples: ["Kit"], choice: "firstName" },
      { heading: "Last name", samples: ["Bramwell"], choice: "lastName" },
      { heading: "E-mail address", samples: ["kit@example.org"], choice: "email" },
      { heading: "Org", samples: ["crisis"], choice: "organisation" },
      { heading: "Role", samples: ["Outreach"], choice: "jobTitle" },
    ]);
    expect(status).toBe(200);
    expect(data.problems).toEqual([]);
    expect(data.rows?.[0]).toMatchObject({ name: "Kit Bramwell", organisation: "crisis" });
    const done = await send(step(cookie, [...fields, ["intent", "import"]]));
    expect(done.status).toBe(302);
    const kit = getDb().select().from(members).where(eq(members.email, "kit@example.org")).get();
    expect(kit).toMatchObject({ name: "Kit Bramwell", organisationId: crisis.id, jobTitle: "Outreach", tier: 3 });
  });

  it("keeps the coordinator's choices with a clear 400 when a needed column is not matched or is doubled", async () => {
    const { cookie } = await coordinator();
    const text = "Who,Address,Where\r\nKit Bramwell,kit@example.org,Crisis\r\n";
    const missing = await preview(cookie, text, [], ["name", "skip", "organisation"]);
    expect(missing.status).toBe(400);
    expect(missing.data.error).toBe("Choose which column holds: Email.");
    expect(missing.data.columns?.map((c) => c.choice)).toEqual(["name", "skip", "organisation"]);
    const doubled = await preview(cookie, text, [], ["name", "email", "email"]);
    expect(doubled.status).toBe(400);
    expect(doubled.data.error).toBe("Email is chosen for more than one column: choose it for one only.");
    expect(doubled.data.columns?.map((c) => c.choice)).toEqual(["name", "email", "email"]);
    const hostile = await preview(cookie, text, [], ["name", "__proto__", "organisation"]);
    expect(hostile.status).toBe(400);
    expect(hostile.data.error).toBe("Choose what each column holds from its list.");
    const chosen = await preview(cookie, text, [], ["name", "email", "organisation"]);
    expect(chosen.status).toBe(200);
    expect(chosen.data.problems).toEqual([]);
  });

  it("updates an existing member, showing each change before → after, and writes nothing before confirm", async () => {
    const { cookie, crisis, oxford } = await coordinator();
    const ann = await createTestMember({
      email: "ann@example.org",
      name: "Ann Holt",
      organisationId: crisis.id,
      jobTitle: "Support worker",
      tier: 3,
    });
    await createTestMember({ email: "bea@example.org", name: "Bea Lund", organisationId: crisis.id, tier: 2 });
    const text =
      "Email,Organisation,Job title,Tier,Name\r\n" +
      "ANN@example.org,Oxford Health NHS Foundation Trust,Team lead,1,\r\n" +
      "bea@example.org,Crisis,,2,Bea Lund\r\n";
    const before = snapshot();
    const { status, data, fields } = await preview(cookie, text);
    expect(status).toBe(200);
    expect(data.problems).toEqual([]);
    expect(data.updates).toEqual([
      {
        line: 2,
        memberId: ann.id,
        email: "ann@example.org",
        name: "Ann Holt",
        changes: [
          { field: "organisation", before: "Crisis", after: "Oxford Health NHS Foundation Trust" },
          { field: "jobTitle", before: "Support worker", after: "Team lead" },
          { field: "tier", before: "Tier 3", after: "Tier 1" },
        ],
      },
      { line: 3, memberId: expect.any(Number), email: "bea@example.org", name: "Bea Lund", changes: [] },
    ]);
    expect(snapshot()).toEqual(before);
    const done = await send(step(cookie, [...fields, ["intent", "import"]]));
    expect(done.status).toBe(302);
    const updated = getDb().select().from(members).where(eq(members.id, ann.id)).get()!;
    expect(updated).toMatchObject({ name: "Ann Holt", organisationId: oxford.id, jobTitle: "Team lead", tier: 1 });
    expect(updated.tier1Since).not.toBeNull();
    expect(getDb().select().from(members).all()).toHaveLength(before.members.length);
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "members.imported")).get()!;
    expect(audit.summary).toBe("Imported 0 members and updated 1 from a spreadsheet");
  });

  it("offers a near miss as a suggestion, applied only when the coordinator accepts it", async () => {
    const { cookie, oxford } = await coordinator();
    const text =
      "Name,Email,Organisation\r\nKit Bramwell,kit@example.org,Oxford Health NHS Trust\r\n" +
      "Lee Ash,lee@example.org,oxford health nhs trust\r\n";
    const before = snapshot();
    const { status, data, fields } = await preview(cookie, text);
    expect(status).toBe(200);
    expect(data.suggestions).toEqual([
      { value: "Oxford Health NHS Trust", suggestion: "Oxford Health NHS Foundation Trust" },
    ]);
    expect(data.problems?.map((p) => [p.line, p.column, p.message])).toEqual([
      [
        2,
        "organisation",
        "“Oxford Health NHS Trust” is not an organisation in the network. Did you mean “Oxford Health NHS Foundation Trust”?",
      ],
      [
        3,
        "organisation",
        "“oxford health nhs trust” is not an organisation in the network. Did you mean “Oxford Health NHS Foundation Trust”?",
      ],
    ]);
    const refused = await send(step(cookie, [...fields, ["intent", "import"]]));
    expect(refused.status).toBe(400);
    expect(snapshot()).toEqual(before);
    const accepted = await send(step(cookie, [...fields, ["accept", "Oxford Health NHS Trust"], ["intent", "check"]]));
    expect(accepted.data.problems).toEqual([]);
    const done = await send(step(cookie, [...fields, ["accept", "Oxford Health NHS Trust"], ["intent", "import"]]));
    expect(done.status).toBe(302);
    const imported = getDb().select().from(members).where(eq(members.organisationId, oxford.id)).all();
    expect(imported.map((m) => m.email).sort()).toEqual(["kit@example.org", "lee@example.org"]);
  });

  it("matches an organisation by a former name, and never a closed organisation", async () => {
    const { cookie, crisis } = await coordinator();
    addFormerName({ organisationId: crisis.id, name: "Crisis UK", slug: "crisis-uk", reason: "renamed" });
    const closed = createTestOrganisation({ name: "Thames Valley CRC", slug: "thames-valley-crc" });
    getDb().update(organisations).set({ closedAt: new Date() }).where(eq(organisations.id, closed.id)).run();
    const text =
      "Name,Email,Organisation\r\nKit Bramwell,kit@example.org, crisis uk \r\nLee Ash,lee@example.org,Thames Valley CRC\r\n";
    const { data } = await preview(cookie, text);
    expect(data.problems?.map((p) => [p.line, p.column])).toEqual([[3, "organisation"]]);
    expect(data.problems?.[0].message).toBe("“Thames Valley CRC” is not an organisation in the network");
    expect(data.suggestions).toEqual([]);
  });

  it("treats hostile headings and values as text", async () => {
    const { cookie } = await coordinator();
    const header = "constructor,__proto__,Name,Email,Organisation,hasOwnProperty,Job title\r\n";
    const lines = [
      `"=HYPERLINK(""http://evil.example"")",x,"=HYPERLINK(""http://evil.example"",""Kit"")",kit@example.org,Crisis,y,@SUM(1)\r\n`,
      `__proto__,constructor,"${HOSTILE_WORDS[1]}",ann@example.org,Crisis,toString,"+1"\r\n`,
    ];
    const { status, data, fields, uploaded } = await preview(cookie, header + lines.join(""));
    expect(uploaded.columns?.map((c) => c.choice)).toEqual([
      "skip",
      "skip",
      "name",
      "email",
      "organisation",
      "skip",
      "jobTitle",
    ]);
    expect(uploaded.columns?.[1].samples).toEqual(["x", "constructor"]);
    expect(status).toBe(200);
    expect(data.problems).toEqual([]);
    expect(await send(step(cookie, [...fields, ["intent", "import"]]))).toMatchObject({ status: 302 });
    const kit = getDb().select().from(members).where(eq(members.email, "kit@example.org")).get()!;
    expect(kit.name).toBe('=HYPERLINK("http://evil.example","Kit")');
    expect(kit.jobTitle).toBe("@SUM(1)");
    const ann = getDb().select().from(members).where(eq(members.email, "ann@example.org")).get()!;
    expect(ann.name).not.toMatch(/[\x00-\x1f]/);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("refuses another coordinator's upload id, and an unknown one, without writing", async () => {
    const { cookie } = await coordinator();
    const other = await createTestMember({ role: "coordinator" });
    const otherCookie = await cookieFor(other.id);
    const uploaded = await send(upload(cookie, "Name,Email,Organisation\r\nKit Bramwell,kit@example.org,Crisis\r\n"));
    const fields: [string, string][] = [
      ["upload", uploaded.data.upload!],
      ["column", "name"],
      ["column", "email"],
      ["column", "organisation"],
    ];
    const before = snapshot();
    for (const intent of ["match", "import"]) {
      const stolen = await send(step(otherCookie, [...fields, ["intent", intent]]));
      expect(stolen.status).toBe(400);
      expect(stolen.data.error).toBe("This upload has expired or was not found. Upload the file again.");
      expect(stolen.data.rows).toBeUndefined();
    }
    const unknown = await send(
      step(cookie, [
        ["upload", "x".repeat(43)],
        ["intent", "import"],
      ]),
    );
    expect(unknown.data.error).toBe("This upload has expired or was not found. Upload the file again.");
    expect(snapshot()).toEqual(before);
    expect((await send(step(cookie, [...fields, ["intent", "match"]]))).status).toBe(200);
  });

  it("keeps an upload for an hour only", async () => {
    const { me } = await coordinator();
    const now = new Date("2026-11-30T10:00:00Z");
    const id = saveImportUpload({ memberId: me.id, fileName: "members.csv", text: "Name\r\nKit\r\n", now });
    expect(findImportUpload({ id, memberId: me.id, now: new Date(now.getTime() + 59 * 60_000) })).not.toBeNull();
    expect(findImportUpload({ id, memberId: me.id, now: new Date(now.getTime() + 61 * 60_000) })).toBeNull();
  });
});
