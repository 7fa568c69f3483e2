/**
 * The toolkit (issue 18): who sees which cards, search with partial words,
 * versions compared and restored, the review reminder, out-of-date flags, and
 * attachments checked by their content and downloaded under a safe name.
 * Loaders and actions are called as Remix calls them, against real SQLite.
 */
import { crc32 } from "node:zlib";
import fc from "fast-check";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, toolkitAttachments, toolkitCards, toolkitFlags } from "../../drizzle/schema";
import { seedDemoData } from "../../drizzle/seed";
import { getDb } from "~/lib/db.server";
import { bodyLimitFor, FORM_BODY_LIMIT } from "~/lib/request-body.server";
import { MAX_ATTACHMENT_BYTES } from "~/lib/toolkit/files.server";
import { saveCircumstance } from "~/models/directory.server";
import { createToolkitCard, queueToolkitReviewReminders, type ToolkitCardInput } from "~/models/toolkit.server";
import { loader as listLoader } from "~/routes/toolkit._index";
import { action as cardAction, loader as cardLoader } from "~/routes/toolkit.$slug._index";
import { action as editAction, loader as editLoader } from "~/routes/toolkit.$slug.edit";
import { action as historyAction, loader as historyLoader } from "~/routes/toolkit.$slug.history";
import { action as filesAction } from "~/routes/toolkit.$slug.attachments";
import { loader as downloadLoader } from "~/routes/toolkit.$slug.attachments.$attachmentId";
import { action as newAction } from "~/routes/toolkit.new";
import { loader as askLoader } from "~/routes/directory.ask";
import { createDistricts, createTestMember } from "../factories";
import { HOSTILE_CHARACTERS, hasControl } from "../hostile-text";
import { BASE, call, cookieFor, formRequest, getRequest } from "../request";

/** The XSS corpus of tests/e2e/xss.spec.ts. */
const CORPUS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=1">`,
  `<svg onload="window.__xss=1"></svg>`,
  `"><iframe src="javascript:window.__xss=1">`,
  `[click me](javascript:window.__xss=1)`,
  `<a href="data:text/html,<script>window.__xss=1</script>">data link</a>`,
  `<details open ontoggle="window.__xss=1">`,
  `[x](  javascript:window.__xss=1 )`,
];

async function world() {
  createDistricts();
  saveCircumstance({ id: "leaving-prison", label: "Someone leaving prison", description: "", specialismIds: [] });
  const owner = await createTestMember({ name: "Olive Owner" });
  const reader = await createTestMember({ name: "Rita Reader" });
  const coordinator = await createTestMember({ role: "coordinator", name: "Cora Coordinator" });
  const card = (slug: string, input: Partial<ToolkitCardInput>) =>
    createToolkitCard({
      slug,
      input: {
        title: slug,
        type: "guide",
        body: "Body.",
        visibility: "public",
        districtIds: [],
        circumstanceIds: [],
        sectors: [],
        ownerId: owner.id,
        reviewOn: "2027-06-30",
        ...input,
      },
      editorId: owner.id,
    });
  const open = card("open-card", { title: "Hospital discharge planning", body: "Talk to the **ward** first." });
  const members = card("members-card", {
    title: "Prison leaver checklist",
    type: "checklist",
    visibility: "members",
    circumstanceIds: ["leaving-prison"],
    body: "Check the tenancy before release.",
  });
  const staff = card("staff-card", {
    title: "Resilience map of services",
    visibility: "staff",
    districtIds: ["cherwell"],
  });
  return {
    owner,
    reader,
    coordinator,
    open,
    members,
    staff,
    cookies: {
      owner: await cookieFor(owner.id),
      reader: await cookieFor(reader.id),
      coordinator: await cookieFor(coordinator.id),
    },
  };
}

async function bodyOf(response: Response) {
  return response.text();
}

async function list(cookie?: string, query = "") {
  const response = await call(listLoader, getRequest(`/toolkit${query}`, { cookie }));
  expect(response.status).toBe(200);
  return bodyOf(response);
}

/** A multipart upload as a browser sends it (undici escapes quotes and line breaks in the file name as browsers do). */
function upload(slug: string, cookie: string, file: { name: string; bytes: Uint8Array | string; type?: string }) {
  const form = new FormData();
  form.set("file", new File([Buffer.from(file.bytes)], file.name, { type: file.type ?? "application/pdf" }));
  return new Request(`${BASE}/toolkit/${slug}/attachments`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: form,
  });
}

/** A zip with stored (uncompressed) entries, written by hand so the test controls every byte. */
function zip(entries: Array<{ name: string; data: string }>) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = Buffer.from(entry.data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const DOCX = zip([
  { name: "[Content_Types].xml", data: "<Types/>" },
  { name: "word/document.xml", data: "<w:document/>" },
]);
const ODS = zip([
  { name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet" },
  { name: "content.xml", data: "<office:document-content/>" },
]);
const OLE2 = Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(504)]);
const ELF = Buffer.concat([Buffer.from("\x7fELF\x02\x01\x01", "latin1"), Buffer.alloc(200)]);
const MZ = Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(200)]);

function attachmentsOf(cardId: number) {
  return getDb().select().from(toolkitAttachments).where(eq(toolkitAttachments.cardId, cardId)).all();
}

/** The name a download is saved as, read from filename* (RFC 6266/5987) as a browser reads it. */
function downloadName(disposition: string) {
  const match = /filename\*=UTF-8''([^;\s]+)/.exec(disposition);
  return match ? decodeURIComponent(match[1]) : null;
}

describe("who sees which toolkit cards", () => {
  it("shows the public public cards only, members the members' cards too, and staff every card", async () => {
    const w = await world();
    const anonymous = await list();
    expect(anonymous).toContain("Hospital discharge planning");
    expect(anonymous).not.toContain("Prison leaver checklist");
    expect(anonymous).not.toContain("Resilience map");
    const member = await list(w.cookies.reader);
    expect(member).toContain("Prison leaver checklist");
    expect(member).not.toContain("Resilience map");
    const staff = await list(w.cookies.coordinator);
    expect(staff).toContain("Resilience map");
    // Searching does not get round it.
    expect(await list(undefined, "?q=prison")).not.toContain("Prison leaver checklist");
    expect(await list(w.cookies.reader, "?q=resilience")).not.toContain("Resilience map");
  });

  it("answers a members-only card's page and file 404 to the public, without its title", async () => {
    const w = await world();
    createFile(w.members.id);
    const page = await call(cardLoader, getRequest("/toolkit/members-card"), { slug: "members-card" });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("Prison leaver");
    const file = attachmentsOf(w.members.id)[0];
    const download = await call(downloadLoader, getRequest(`/toolkit/members-card/attachments/${file.id}`), {
      slug: "members-card",
      attachmentId: String(file.id),
    });
    expect(download.status).toBe(404);
    const staffPage = await call(cardLoader, getRequest("/toolkit/staff-card", { cookie: w.cookies.reader }), {
      slug: "staff-card",
    });
    expect(staffPage.status).toBe(404);
    const open = await call(cardLoader, getRequest("/toolkit/open-card"), { slug: "open-card" });
    expect(open.status).toBe(200);
    const body = await open.text();
    expect(body).toContain("Hospital discharge planning");
    expect(body).toContain("<strong>ward</strong>");
    // The public sees no flags and no editing.
    expect(JSON.parse(body)).toMatchObject({ canEdit: false, flags: [] });
  });

  it("links the members' checklist from 'Who do I call?' for the circumstance, and only for members", async () => {
    const w = await world();
    const answer = await call(
      askLoader,
      getRequest("/directory/ask?circumstance=leaving-prison&district=west-oxfordshire", { cookie: w.cookies.reader }),
    );
    expect(answer.status).toBe(200);
    const data = (await answer.json()) as { answer: { cards: Array<{ slug: string; title: string }> } };
    expect(data.answer.cards).toEqual([{ slug: "members-card", title: "Prison leaver checklist", type: "checklist" }]);
  });
});

function createFile(cardId: number) {
  getDb()
    .insert(toolkitAttachments)
    .values({
      cardId,
      fileName: "checklist.pdf",
      kind: "pdf",
      contentType: "application/pdf",
      size: PDF.length,
      data: PDF,
      createdAt: new Date(),
    })
    .run();
}

describe("finding cards", () => {
  it("finds cards by the start of words in the title, the body and the tags, and filters them", async () => {
    const w = await world();
    expect(await list(undefined, "?q=disch")).toContain("Hospital discharge planning");
    expect(await list(w.cookies.reader, "?q=tenan")).toContain("Prison leaver checklist");
    // Tags: the circumstance's label and the district's name.
    expect(await list(w.cookies.reader, "?q=leaving%20pri")).toContain("Prison leaver checklist");
    expect(await list(w.cookies.coordinator, "?q=cherw")).toContain("Resilience map");
    expect(await list(w.cookies.reader, "?q=zebra")).not.toContain("Prison leaver checklist");
    const checklists = await list(w.cookies.reader, "?type=checklist");
    expect(checklists).toContain("Prison leaver checklist");
    expect(checklists).not.toContain("Hospital discharge planning");
    const byCircumstance = await list(w.cookies.reader, "?circumstance=leaving-prison");
    expect(byCircumstance).toContain("Prison leaver checklist");
    expect(byCircumstance).not.toContain("Hospital discharge planning");
    // A county-wide card is in every district; a Cherwell card only in Cherwell.
    const oxford = await list(w.cookies.coordinator, "?district=oxford");
    expect(oxford).toContain("Hospital discharge planning");
    expect(oxford).not.toContain("Resilience map");
    // Search syntax is words, never FTS5 operators.
    expect((await call(listLoader, getRequest(`/toolkit?q=${encodeURIComponent('"NEAR( * OR')}`))).status).toBe(200);
  });
});

function cardForm(overrides: Record<string, string | string[]> = {}, ownerId: number) {
  const form = new URLSearchParams();
  const fields: Record<string, string | string[]> = {
    title: "Prison leaver checklist",
    type: "checklist",
    body: "Check the tenancy before release.\nAsk about CAS3.",
    visibility: "members",
    circumstanceIds: ["leaving-prison"],
    districtIds: [],
    sectors: "criminal justice, housing",
    ownerId: String(ownerId),
    reviewOn: "2027-06-30",
    note: "Added CAS3",
    ...overrides,
  };
  for (const [key, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  return form;
}

function post(path: string, form: URLSearchParams, cookie: string) {
  return new Request(BASE + path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: form.toString(),
  });
}

describe("keeping a card current", () => {
  it("lets the owner and the coordinator edit, keeps every version, compares two and restores one", async () => {
    const w = await world();
    const params = { slug: "members-card" };
    // Another member may read the card but not edit it.
    expect(
      (await call(editLoader, getRequest("/toolkit/members-card/edit", { cookie: w.cookies.reader }), params)).status,
    ).toBe(403);
    const refused = await call(
      editAction,
      post("/toolkit/members-card/edit", cardForm({}, w.owner.id), w.cookies.reader),
      params,
    );
    expect(refused.status).toBe(403);

    // A bad edit: 400, the field's message, and what was typed kept.
    const bad = await call(
      editAction,
      post(
        "/toolkit/members-card/edit",
        cardForm({ title: "", body: "Kept text", reviewOn: "2027-02-30" }, w.owner.id),
        w.cookies.owner,
      ),
      params,
    );
    expect(bad.status).toBe(400);
    const badData = (await bad.json()) as { fieldErrors: Record<string, string>; values: Record<string, unknown> };
    expect(badData.fieldErrors.title).toBe("Enter a title");
    expect(badData.fieldErrors.reviewOn).toBe("Enter a real date, like 2027-03-31");
    expect(badData.values.body).toBe("Kept text");

    const saved = await call(
      editAction,
      post("/toolkit/members-card/edit", cardForm({}, w.owner.id), w.cookies.owner),
      params,
    );
    expect(saved.status).toBe(302);
    const byCoordinator = await call(
      editAction,
      post(
        "/toolkit/members-card/edit",
        cardForm({ title: "Leaving prison: the checklist", note: "Clearer title" }, w.owner.id),
        w.cookies.coordinator,
      ),
      params,
    );
    expect(byCoordinator.status).toBe(302);

    const history = await call(
      historyLoader,
      getRequest("/toolkit/members-card/history?from=1&to=3", { cookie: w.cookies.owner }),
      params,
    );
    const data = (await history.json()) as {
      versions: Array<{ number: number; editor: string; note: string }>;
      compared: { lines: Array<{ kind: string; text: string }> };
    };
    expect(data.versions.map((v) => [v.number, v.editor, v.note])).toEqual([
      [3, "Cora Coordinator", "Clearer title"],
      [2, "Olive Owner", "Added CAS3"],
      [1, "Olive Owner", "First version"],
    ]);
    expect(data.compared.lines).toEqual(
      expect.arrayContaining([
        { kind: "removed", text: "Title: Prison leaver checklist" },
        { kind: "added", text: "Title: Leaving prison: the checklist" },
        { kind: "added", text: "Ask about CAS3." },
        { kind: "removed", text: "Sectors: none" },
        { kind: "added", text: "Sectors: criminal justice, housing" },
        { kind: "same", text: "Circumstances: Someone leaving prison" },
      ]),
    );

    const restored = await call(
      historyAction,
      post("/toolkit/members-card/history", new URLSearchParams({ intent: "restore", version: "1" }), w.cookies.owner),
      params,
    );
    expect(restored.status).toBe(302);
    const card = getDb().select().from(toolkitCards).where(eq(toolkitCards.slug, "members-card")).get()!;
    expect(card).toMatchObject({
      title: "Prison leaver checklist",
      body: "Check the tenancy before release.",
      currentVersion: 4,
      sectors: "[]",
    });
    const after = (await (
      await call(
        historyLoader,
        getRequest("/toolkit/members-card/history?from=1&to=4", { cookie: w.cookies.owner }),
        params,
      )
    ).json()) as { versions: Array<{ note: string }>; compared: { lines: Array<{ kind: string }> } };
    expect(after.versions[0].note).toBe("Restored version 1");
    expect(after.compared.lines.every((l) => l.kind === "same")).toBe(true);
  });

  it("lets only the coordinator create and archive cards", async () => {
    const w = await world();
    const form = cardForm({ title: "Universal Credit housing costs", visibility: "public" }, w.owner.id);
    expect((await call(newAction, post("/toolkit/new", form, w.cookies.owner))).status).toBe(403);
    const created = await call(newAction, post("/toolkit/new", form, w.cookies.coordinator));
    expect(created.headers.get("Location")).toBe("/toolkit/universal-credit-housing-costs");
    expect(await list(undefined, "?q=universal")).toContain("Universal Credit housing costs");
    const archive = new URLSearchParams({ intent: "archive" });
    const slug = { slug: "universal-credit-housing-costs" };
    expect((await call(cardAction, post("/toolkit/x", archive, w.cookies.owner), slug)).status).toBe(403);
    expect((await call(cardAction, post("/toolkit/x", archive, w.cookies.coordinator), slug)).status).toBe(302);
    expect(await list(undefined, "?q=universal")).not.toContain("Universal Credit housing costs");
    expect((await call(cardLoader, getRequest("/toolkit/x"), slug)).status).toBe(404);
  });

  it("emails the owner once when the review date comes, and shows readers the card may be out of date", async () => {
    const w = await world();
    const now = new Date("2027-07-01T09:00:00Z");
    expect(queueToolkitReviewReminders({ now: new Date("2027-06-29T09:00:00Z") })).toBe(0);
    expect(queueToolkitReviewReminders({ now })).toBe(3);
    expect(queueToolkitReviewReminders({ now })).toBe(0);
    const sent = getDb().select().from(outbox).where(eq(outbox.kind, "toolkit-review")).all();
    expect(sent).toHaveLength(3);
    const mail = sent.find((e) => e.body.includes("Prison leaver checklist"))!;
    expect(mail.toAddress).toBe(w.owner.email);
    expect(mail.body).toContain("/toolkit/members-card/edit");
    // A new review date that comes round again brings one new reminder.
    getDb().update(toolkitCards).set({ reviewOn: "2027-06-30" }).where(eq(toolkitCards.id, w.members.id)).run();
    expect(queueToolkitReviewReminders({ now })).toBe(0);
    getDb().update(toolkitCards).set({ reviewOn: "2027-07-01" }).where(eq(toolkitCards.id, w.members.id)).run();
    expect(queueToolkitReviewReminders({ now })).toBe(1);

    getDb().update(toolkitCards).set({ reviewOn: "2020-01-01" }).where(eq(toolkitCards.id, w.open.id)).run();
    expect(await list()).toContain('"overdue":true');
    const page = await call(cardLoader, getRequest("/toolkit/open-card"), { slug: "open-card" });
    expect(await page.json()).toMatchObject({ card: { overdue: true } });
  });

  it("lets any member flag a card as out of date, shows the flag to the owner and coordinator, who resolve it", async () => {
    const w = await world();
    const params = { slug: "members-card" };
    const flag = new URLSearchParams({ intent: "flag", comment: "CAS3 now takes referrals by email" });
    const anonymous = await call(cardAction, formRequest("/toolkit/members-card", Object.fromEntries(flag)), params);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    const empty = await call(
      cardAction,
      post("/toolkit/members-card", new URLSearchParams({ intent: "flag", comment: " " }), w.cookies.reader),
      params,
    );
    expect(empty.status).toBe(400);
    expect((await call(cardAction, post("/toolkit/members-card", flag, w.cookies.reader), params)).status).toBe(302);

    const seenBy = async (cookie: string) =>
      (await (await call(cardLoader, getRequest("/toolkit/members-card", { cookie }), params)).text()).includes(
        "CAS3 now takes referrals by email",
      );
    expect(await seenBy(w.cookies.owner)).toBe(true);
    expect(await seenBy(w.cookies.coordinator)).toBe(true);
    expect(await seenBy(w.cookies.reader)).toBe(false);

    const [open] = getDb().select().from(toolkitFlags).all();
    const resolve = new URLSearchParams({ intent: "resolve-flag", flagId: String(open.id) });
    expect((await call(cardAction, post("/toolkit/members-card", resolve, w.cookies.reader), params)).status).toBe(403);
    expect((await call(cardAction, post("/toolkit/members-card", resolve, w.cookies.owner), params)).status).toBe(302);
    expect(await seenBy(w.cookies.owner)).toBe(false);
    expect(
      getDb()
        .select()
        .from(toolkitFlags)
        .where(and(eq(toolkitFlags.id, open.id)))
        .get()!.resolvedById,
    ).toBe(w.owner.id);
  });
});

describe("a card's files", () => {
  async function send(w: Awaited<ReturnType<typeof world>>, file: { name: string; bytes: Uint8Array | string }) {
    return call(filesAction, upload("members-card", w.cookies.owner, file), { slug: "members-card" });
  }

  async function refused(w: Awaited<ReturnType<typeof world>>, file: { name: string; bytes: Uint8Array | string }) {
    const before = attachmentsOf(w.members.id).length;
    const response = await send(w, file);
    expect(response.status).toBe(400);
    expect(attachmentsOf(w.members.id)).toHaveLength(before);
    return ((await response.json()) as { fieldErrors: { file: string } }).fieldErrors.file;
  }

  it("takes PDF, Word, OpenDocument and CSV files by their content, and serves them back as downloads", async () => {
    const w = await world();
    for (const [name, bytes] of [
      ["checklist.pdf", PDF],
      ["checklist.docx", DOCX],
      ["services.ods", ODS],
      ["old form.doc", OLE2],
      ["record.csv", Buffer.from("Step,Done\n1,yes\n")],
    ] as const) {
      expect((await send(w, { name, bytes })).status).toBe(302);
    }
    const stored = attachmentsOf(w.members.id);
    expect(stored.map((a) => [a.fileName, a.kind])).toEqual([
      ["checklist.pdf", "pdf"],
      ["checklist.docx", "docx"],
      ["services.ods", "ods"],
      ["old form.doc", "doc"],
      ["record.csv", "csv"],
    ]);
    const docx = stored[1];
    const download = await call(
      downloadLoader,
      getRequest(`/toolkit/members-card/attachments/${docx.id}`, { cookie: w.cookies.reader }),
      { slug: "members-card", attachmentId: String(docx.id) },
    );
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(DOCX)).toBe(true);
    expect(download.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(downloadName(download.headers.get("Content-Disposition")!)).toBe("checklist.docx");
    // Another card's file is not reachable through this card.
    const other = await call(
      downloadLoader,
      getRequest(`/toolkit/open-card/attachments/${docx.id}`, { cookie: w.cookies.reader }),
      { slug: "open-card", attachmentId: String(docx.id) },
    );
    expect(other.status).toBe(404);
  });

  it("refuses a renamed executable, a zip that is not a document, a text file with NULs and an oversized file", async () => {
    const w = await world();
    expect(await refused(w, { name: "x.pdf", bytes: ELF })).toMatch(/content is none of those/);
    expect(await refused(w, { name: "setup.docx", bytes: MZ })).toMatch(/content is none of those/);
    expect(await refused(w, { name: "x.xlsx", bytes: zip([{ name: "payload.exe", data: "MZ" }]) })).toMatch(
      /content is none of those/,
    );
    expect(await refused(w, { name: "x.csv", bytes: Buffer.from("a,b\n\0\0,c\n") })).toMatch(
      /content is none of those/,
    );
    expect(await refused(w, { name: "x.csv", bytes: Buffer.from([0x61, 0x2c, 0xff, 0xfe]) })).toMatch(
      /content is none of those/,
    );
    // A real PDF whose name says otherwise.
    expect(await refused(w, { name: "report.docx", bytes: PDF })).toMatch(/is a PDF but its name ends “\.docx”/);
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - PDF.length)]);
    expect(await refused(w, { name: "big.pdf", bytes: big })).toMatch(/larger than 5 MB/);
    expect(await refused(w, { name: "", bytes: "" })).toBe("Select a file to upload.");
    expect(await refused(w, { name: "a=b; c.pdf", bytes: PDF })).toMatch(/name could not be read/);
    // Only the owner and the coordinator add files.
    const reader = await call(filesAction, upload("members-card", w.cookies.reader, { name: "x.pdf", bytes: PDF }), {
      slug: "members-card",
    });
    expect(reader.status).toBe(403);
    expect(attachmentsOf(w.members.id)).toHaveLength(0);
  });

  it("lets only the upload path take a body larger than a form's", () => {
    expect(bodyLimitFor("/toolkit/prison-leaver-checklist/attachments")).toBeGreaterThan(MAX_ATTACHMENT_BYTES);
    expect(bodyLimitFor("/toolkit/prison-leaver-checklist/attachments/")).toBeGreaterThan(MAX_ATTACHMENT_BYTES);
    for (const path of [
      "/toolkit/prison-leaver-checklist/edit",
      "/toolkit/new",
      "/toolkit/a/attachments/1",
      "/toolkit/a/b/attachments",
    ])
      expect(bodyLimitFor(path)).toBe(FORM_BODY_LIMIT);
  });

  it("downloads a file named with path separators, quotes and control characters under a safe name", async () => {
    const w = await world();
    const hostile = `..\\..\\etc\\${HOSTILE_CHARACTERS.filter((c) => c !== "\uD800").join("")}"quoted" \`tick\` <b> Ann Smith.pdf`;
    expect((await send(w, { name: hostile, bytes: PDF })).status).toBe(302);
    const [file] = attachmentsOf(w.members.id);
    expect(file.fileName).toMatch(/Ann Smith\.pdf$/);
    expect(file.fileName).not.toMatch(/[\\/"'`;<>:|?*%]|\.\./);
    expect(hasControl(file.fileName)).toBe(false);
    const download = await call(
      downloadLoader,
      getRequest(`/toolkit/members-card/attachments/${file.id}`, { cookie: w.cookies.reader }),
      { slug: "members-card", attachmentId: String(file.id) },
    );
    const disposition = download.headers.get("Content-Disposition")!;
    expect(disposition).toBe(
      `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    );
    expect(hasControl(disposition)).toBe(false);
    expect(downloadName(disposition)).toBe(file.fileName);
    // Non-ASCII names keep their letters in filename* and fall back to _ in filename.
    expect((await send(w, { name: "Café résumé.pdf", bytes: PDF })).status).toBe(302);
    const accented = attachmentsOf(w.members.id)[1];
    const second = await call(
      downloadLoader,
      getRequest(`/toolkit/members-card/attachments/${accented.id}`, { cookie: w.cookies.reader }),
      { slug: "members-card", attachmentId: String(accented.id) },
    );
    const header = second.headers.get("Content-Disposition")!;
    expect(header).toContain('filename="Caf_ r_sum_.pdf"');
    expect(downloadName(header)).toBe("Café résumé.pdf");
  });
});

describe("hostile text on cards", () => {
  /** A payload as one sector tag: no commas (they separate tags), at most 40 characters. */
  const tag = (payload: string) => payload.replace(/,/g, " ").slice(0, 40);

  it("keeps the XSS corpus in titles, tags and attachment names as text, and strips it from rendered bodies", async () => {
    const w = await world();
    let accepted = 0;
    for (const [i, payload] of CORPUS.entries()) {
      const form = cardForm(
        {
          title: `${payload} ${i}`,
          body: CORPUS.join("\n\n"),
          sectors: tag(payload),
          visibility: "public",
        },
        w.owner.id,
      );
      const created = await call(newAction, post("/toolkit/new", form, w.cookies.coordinator));
      expect(created.status).toBe(302);
      const slug = created.headers.get("Location")!.replace("/toolkit/", "");
      const page = await call(cardLoader, getRequest(`/toolkit/${slug}`), { slug });
      const data = (await page.json()) as { card: { title: string; html: string; sectors: string[] } };
      expect(data.card.title).toBe(`${payload} ${i}`);
      expect(data.card.sectors).toEqual([tag(payload).trim().toLowerCase()]);
      expect(data.card.html).not.toMatch(
        /<script|<img|<svg|<iframe|<details|onerror|onload|ontoggle|javascript:|data:text/i,
      );
      // Remix's multipart parser refuses a name with "=" or ";" outright (a 400, nothing stored): those are left out here.
      const upload = await send(slug, w, `${payload.replace(/[=;]/g, " ")}.pdf`);
      const cardId = getDb().select().from(toolkitCards).where(eq(toolkitCards.slug, slug)).get()!.id;
      if (upload.status === 400) {
        expect(attachmentsOf(cardId)).toHaveLength(0);
        continue;
      }
      expect(upload.status).toBe(302);
      accepted += 1;
      const [file] = attachmentsOf(cardId);
      expect(file.fileName).not.toMatch(/[<>"'`]/);
      expect(file.fileName).toMatch(/\.pdf$/);
    }
    expect(accepted).toBe(CORPUS.length);
  });

  async function send(slug: string, w: Awaited<ReturnType<typeof world>>, name: string) {
    return call(filesAction, upload(slug, w.cookies.coordinator, { name, bytes: PDF }), { slug });
  }
});

describe("hostile form values", () => {
  it("answers any card form with a 302 or a 400, never a 5xx, and stores no control characters", async () => {
    const w = await world();
    let saved = 0;
    const value = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...HOSTILE_CHARACTERS, ...CORPUS, "", " "));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: value,
          body: value,
          sectors: value,
          note: value,
          // Mostly valid, so that saves as well as refusals are tried.
          reviewOn: fc.oneof({ arbitrary: fc.constant("2027-06-30"), weight: 4 }, { arbitrary: value, weight: 1 }),
          type: fc.oneof({ arbitrary: fc.constant("guide"), weight: 4 }, { arbitrary: value, weight: 1 }),
          visibility: fc.oneof({ arbitrary: fc.constant("members"), weight: 4 }, { arbitrary: value, weight: 1 }),
        }),
        fc.array(value, { maxLength: 3 }),
        async (fields, districtIds) => {
          const form = cardForm({ ...fields, districtIds }, w.owner.id);
          const response = await call(editAction, post("/toolkit/members-card/edit", form, w.cookies.owner), {
            slug: "members-card",
          });
          expect([302, 400]).toContain(response.status);
          if (response.status === 302) saved += 1;
          const card = getDb().select().from(toolkitCards).where(eq(toolkitCards.id, w.members.id)).get()!;
          expect(hasControl(card.title)).toBe(false);
          expect(hasControl(card.sectors)).toBe(false);
          expect(hasControl(card.body, { lineFeeds: true })).toBe(false);
        },
      ),
      {
        numRuns: 60,
        // A valid form first, so a save is always among the tries: random values alone all failed validation in
        // one CI run in many, leaving the check below red by chance.
        examples: [
          [
            {
              title: "A valid card",
              body: "What to do.",
              sectors: "health",
              note: "",
              reviewOn: "2027-06-30",
              type: "guide",
              visibility: "members",
            },
            [],
          ],
        ],
      },
    );
    expect(saved).toBeGreaterThan(0);
  });
});

describe("demo data", () => {
  it("loads every card in content/toolkit with its owner, one of them overdue, and the checklist's file", async () => {
    await seedDemoData();
    const cards = getDb().select().from(toolkitCards).all();
    expect(cards.length).toBeGreaterThanOrEqual(6);
    expect(new Set(cards.map((c) => c.visibility))).toEqual(new Set(["public", "members", "staff"]));
    expect(cards.filter((c) => c.reviewOn < "2026-11-30").length).toBeGreaterThanOrEqual(1);
    const checklist = cards.find((c) => c.slug === "prison-leaver-checklist")!;
    expect(attachmentsOf(checklist.id).map((a) => a.kind)).toEqual(["csv"]);
  });
});
