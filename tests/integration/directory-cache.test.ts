import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { members } from "../../drizzle/schema";
import { getDb, openDatabase } from "~/lib/db.server";
import { cachedDirectoryRead } from "~/lib/directory-cache.server";
import { createContact, searchDirectory, type ContactDetails } from "~/models/contact.server";
import { saveCircumstance, saveSpecialism, updateDistrictReferral } from "~/models/directory.server";
import { eraseMember } from "~/models/personal-data.server";
import { updateMemberRecord } from "~/models/member.server";
import { loader as directoryLoader } from "~/routes/directory._index";
import { loader as findLoader } from "~/routes/directory.find";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { call, cookieFor, getRequest } from "../request";

const details = (overrides: Partial<ContactDetails> = {}) => testContactDetails({ isGoTo: true, ...overrides });

async function world() {
  createDistricts();
  saveSpecialism({ id: "prison-release", label: "Prison release" });
  const probation = createTestOrganisation({
    slug: "probation",
    name: "National Probation Service",
    sector: "criminal_justice",
  });
  const officer = await createTestMember({
    name: "Dev Kestrelford",
    jobTitle: "Probation officer",
    organisationId: probation.id,
    tier: 1,
  });
  const reader = await createTestMember({ name: "Ward Reader", organisationId: probation.id, tier: 3 });
  const contact = createContact({ memberId: officer.id, details: details({ specialismIds: ["prison-release"] }) });
  return { probation, officer, reader, contact, cookie: await cookieFor(reader.id) };
}

const version = (db = getDb()) =>
  (db.$client.prepare("SELECT version FROM directory_version").get() as { version: number }).version;

describe("cached directory reads", () => {
  it("answer from memory while the directory is unchanged", async () => {
    await world();
    let reads = 0;
    const read = () =>
      cachedDirectoryRead({
        key: ["search", "kestrel"],
        read: () => ((reads += 1), searchDirectory({ query: "kestrel" })),
      });
    expect(read().map((c) => c.name)).toEqual(["Dev Kestrelford"]);
    expect(read().map((c) => c.name)).toEqual(["Dev Kestrelford"]);
    expect(reads).toBe(1);
  });

  it("read again after any change to the directory, even one written by another connection", async () => {
    const w = await world();
    type Card = { name: string; organisationName: string | null };
    const search = async () =>
      (
        await (await call(directoryLoader, getRequest("/directory?q=kestrel", { cookie: w.cookie }))).json()
      ).results.map((c: Card) => `${c.name}, ${c.organisationName}`);
    expect(await search()).toEqual(["Dev Kestrelford, National Probation Service"]);

    // Another process (a second connection to the same file) takes them out of their organisation.
    const other = openDatabase(process.env.DATABASE_URL!);
    updateMemberRecord(
      { memberId: w.officer.id, changes: { role: "learner", tier: 1, organisationId: null, status: "active" } },
      other,
    );
    expect(await search()).toEqual(["Dev Kestrelford, null"]);

    // Deactivation takes effect at once: a cached card must never outlive the person's access.
    updateMemberRecord(
      { memberId: w.officer.id, changes: { role: "learner", tier: 1, organisationId: null, status: "deactivated" } },
      other,
    );
    expect(await search()).toEqual([]);
    other.$client.close();
  });

  it("forget an erased member at once", async () => {
    const w = await world();
    const find = async () =>
      (
        await (
          await call(
            findLoader,
            getRequest(`/directory/find?organisation=${w.probation.id}&district=oxford`, { cookie: w.cookie }),
          )
        ).json()
      ).result.goTo.cards;
    expect((await find()).map((c: { name: string }) => c.name)).toEqual(["Dev Kestrelford"]);
    eraseMember({ memberId: w.officer.id });
    expect(await find()).toEqual([]);
  });

  it("are keyed by the directory's version, which every table the directory reads moves", async () => {
    const w = await world();
    const db = getDb();
    const writes: Array<[string, string]> = [
      ["contacts", `UPDATE contacts SET how_to_contact = 'Ring first' WHERE id = ${w.contact.id}`],
      [
        "contact_districts",
        `INSERT INTO contact_districts (contact_id, district_id) VALUES (${w.contact.id}, 'oxford')`,
      ],
      ["contact_specialisms", `DELETE FROM contact_specialisms WHERE contact_id = ${w.contact.id}`],
      ["specialisms", `UPDATE specialisms SET label = 'Leaving prison' WHERE id = 'prison-release'`],
      ["districts", `UPDATE districts SET name = 'Oxford City' WHERE id = 'oxford'`],
      ["organisations", `UPDATE organisations SET name = 'Probation Service' WHERE id = ${w.probation.id}`],
      ["members (job title)", `UPDATE members SET job_title = 'Senior probation officer' WHERE id = ${w.officer.id}`],
      ["members (email)", `UPDATE members SET email = 'dev@probation.example.org' WHERE id = ${w.officer.id}`],
    ];
    for (const [table, statement] of writes) {
      const before = version(db);
      db.$client.exec(statement);
      expect(version(db), table).toBeGreaterThan(before);
    }
    const before = version();
    saveCircumstance({
      id: "leaving-prison",
      label: "Someone leaving prison",
      description: "",
      specialismIds: ["prison-release"],
    });
    updateDistrictReferral({
      districtId: "oxford",
      input: {
        referralRoute: "Online form",
        referralInbox: "dtr@oxford.example.org",
        officeHours: "9 to 5",
        procedureSummary: "",
        dutyToReferContactId: w.contact.id,
        deputyContactId: null,
      },
    });
    expect(version()).toBeGreaterThanOrEqual(before + 3);

    // What the directory never shows does not empty the cache.
    const quiet = version(db);
    db.$client.exec(`UPDATE members SET updated_at = updated_at + 1 WHERE id = ${w.reader.id}`);
    db.$client.exec(`DELETE FROM sessions`);
    expect(version(db)).toBe(quiet);
  });

  it("keep choices that do not depend on the time across minutes, until the directory changes", async () => {
    await world();
    let reads = 0;
    const read = (now: Date) =>
      cachedDirectoryRead({ key: ["choices"], read: () => (reads += 1), now, timeless: true });
    read(new Date("2026-11-23T10:00:10Z"));
    read(new Date("2026-11-23T10:05:00Z"));
    expect(reads).toBe(1);
    getDb().$client.exec(`UPDATE districts SET name = 'Oxford City' WHERE id = 'oxford'`);
    read(new Date("2026-11-23T10:05:01Z"));
    expect(reads).toBe(2);
  });

  it("give a card's stale flag for the minute it is read in", async () => {
    await world();
    const first = new Date("2026-11-23T10:00:10Z");
    let reads = 0;
    const read = (now: Date) => cachedDirectoryRead({ key: ["minute"], read: () => (reads += 1), now });
    read(first);
    read(new Date("2026-11-23T10:00:50Z"));
    expect(reads).toBe(1);
    read(new Date("2026-11-23T10:01:00Z"));
    expect(reads).toBe(2);
  });
});

describe("directory cards", () => {
  /** A second connection to the test database that counts the card queries it runs (they read a JSON list of ids). */
  function countingConnection() {
    const counted = { cardReads: 0 };
    const db = openDatabase(process.env.DATABASE_URL!, {
      logQuery: (query) => void (query.includes("json_each") && (counted.cardReads += 1)),
    });
    return { db, counted };
  }

  it("are read once and shown again by other searches until the directory changes", async () => {
    const w = await world();
    const { db, counted } = countingConnection();
    const names = (filters: Parameters<typeof searchDirectory>[0]) =>
      searchDirectory(filters, db).map((c) => `${c.name}, ${c.jobTitle}, ${c.specialisms.map((s) => s.label)}`);
    expect(names({ query: "kestrel" })).toEqual(["Dev Kestrelford, Probation officer, Prison release"]);
    const afterFirst = counted.cardReads;
    expect(afterFirst).toBeGreaterThan(0);
    // Another search that shows the same card reads none.
    expect(names({ specialismId: "prison-release" })).toEqual(["Dev Kestrelford, Probation officer, Prison release"]);
    expect(counted.cardReads).toBe(afterFirst);
    // A change to the member, from the app's own connection, is shown at once.
    getDb().update(members).set({ jobTitle: "Senior probation officer" }).where(eq(members.id, w.officer.id)).run();
    expect(names({ specialismId: "prison-release" })).toEqual([
      "Dev Kestrelford, Senior probation officer, Prison release",
    ]);
    db.$client.close();
  });

  it("work out whether a card is stale at each read, though the card is kept", async () => {
    await world();
    const { db, counted } = countingConnection();
    const now = new Date();
    const stale = (at: Date) => searchDirectory({ query: "kestrel", now: at }, db).map((c) => c.stale);
    expect(stale(now)).toEqual([false]);
    const reads = counted.cardReads;
    expect(stale(new Date(now.getTime() + 200 * 24 * 60 * 60 * 1000))).toEqual([true]);
    expect(stale(now)).toEqual([false]);
    expect(counted.cardReads).toBe(reads);
    db.$client.close();
  });
});
