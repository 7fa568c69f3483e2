/**
 * "Find my housing contact" shows the first cards of a long answer (a sector
 * at national size has dozens of go-to contacts in a district, and some
 * organisations list dozens of people) and links to the directory with the
 * same filters, which lists the same cards first and then the rest.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { createContact } from "~/models/contact.server";
import { FIND_CARD_LIMIT } from "~/models/directory.server";
import FindMyContact, { loader as findLoader } from "~/routes/directory.find";
import { loader as directoryLoader } from "~/routes/directory._index";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { render } from "../render";
import { call, cookieFor, getRequest } from "../request";

type Card = { name: string; isGoTo: boolean };

async function listContact({
  name,
  organisationId,
  isGoTo,
  districtIds,
}: {
  name: string;
  organisationId: number;
  isGoTo: boolean;
  districtIds: string[];
}) {
  const member = await createTestMember({ name, organisationId });
  createContact({ memberId: member.id, details: testContactDetails({ isGoTo, districtIds }) });
}

async function ask(loader: typeof findLoader | typeof directoryLoader, url: string, cookie: string) {
  const response = await call(loader, getRequest(url, { cookie }));
  expect(response.status, url).toBe(200);
  return response.json();
}

/** The directory's contacts for a search, page after page. */
async function everyPage(url: string, cookie: string) {
  const results: Card[] = [];
  for (let page = 1; ; page += 1) {
    const directory = await ask(directoryLoader, `${url}&page=${page}`, cookie);
    results.push(...directory.results);
    if (!directory.hasMore) return results;
  }
}

describe("find my housing contact's first cards", () => {
  it("shows a sector's first go-to contacts in the district and links to the directory, which lists them first", async () => {
    createDistricts();
    // 13 go-to contacts in health who name Oxford and 2 countywide ones: 15 cover Oxford.
    for (let i = 0; i < 15; i += 1) {
      const organisation = createTestOrganisation({ name: `Health body ${i}`, sector: "health", districtId: "oxford" });
      await listContact({
        name: `Go-to ${String.fromCharCode(65 + i)}`,
        organisationId: organisation.id,
        isGoTo: true,
        districtIds: i < 13 ? ["oxford"] : [],
      });
    }
    // Not counted: not go-to, another district only, another sector.
    const clinic = createTestOrganisation({ name: "Clinic", sector: "health", districtId: "oxford" });
    await listContact({ name: "Aaron Listed", organisationId: clinic.id, isGoTo: false, districtIds: ["oxford"] });
    await listContact({ name: "Abel Elsewhere", organisationId: clinic.id, isGoTo: true, districtIds: ["cherwell"] });
    const landlord = createTestOrganisation({ name: "Landlord", sector: "housing_provider", districtId: "oxford" });
    await listContact({ name: "Adam Housing", organisationId: landlord.id, isGoTo: true, districtIds: ["oxford"] });
    const cookie = await cookieFor((await createTestMember()).id);

    const url = "/directory/find?sector=health&district=oxford";
    const find = await ask(findLoader, url, cookie);
    const shown = find.result.goTo.cards.map((c: Card) => c.name);
    expect(shown).toHaveLength(FIND_CARD_LIMIT);
    expect(shown).toEqual(Array.from({ length: 10 }, (_, i) => `Go-to ${String.fromCharCode(65 + i)}`));
    expect(find.result.goTo.total).toBe(15);
    expect(find.result.allInDirectory).toBe("/directory?sector=health&district=oxford");
    // Only what a card shows is sent.
    expect(Object.keys(find.result.goTo.cards[0])).not.toContain("memberId");

    const directory = await everyPage(find.result.allInDirectory, cookie);
    const listed = directory.map((c: Card) => c.name);
    expect(listed.slice(0, 10)).toEqual(shown);
    expect(directory.slice(0, 15).every((c: Card) => c.isGoTo)).toBe(true);
    expect(listed).toContain("Go-to O");
    expect(listed[15]).toBe("Aaron Listed");
    expect(listed).not.toContain("Abel Elsewhere");
    expect(listed).not.toContain("Adam Housing");

    const html = await render(FindMyContact, find, url);
    expect(html).toMatch(
      /These are the first 10 of 15 go-to contacts in your sector who cover Oxford\. <a [^>]*href="\/directory\?sector=health&amp;district=oxford">See them all in the directory<\/a>, where go-to contacts are listed first\./,
    );
  });

  it("shows an organisation's first people when it has no go-to contact, and no link when all are shown", async () => {
    createDistricts();
    const hostileName = `<script>alert("x")</script> & Partners`;
    const large = createTestOrganisation({ name: hostileName, districtId: "oxford" });
    for (let i = 0; i < 12; i += 1)
      await listContact({ name: `Person ${i + 10}`, organisationId: large.id, isGoTo: false, districtIds: [] });
    const exact = createTestOrganisation({ name: "Exactly Ten", districtId: "oxford" });
    for (let i = 0; i < FIND_CARD_LIMIT; i += 1)
      await listContact({ name: `Go-to ${i + 10}`, organisationId: exact.id, isGoTo: true, districtIds: [] });
    const cookie = await cookieFor((await createTestMember()).id);

    const url = `/directory/find?organisation=${large.id}&district=oxford`;
    const find = await ask(findLoader, url, cookie);
    expect(find.result.goTo.cards).toHaveLength(10);
    expect(find.result.goTo.total).toBe(12);
    expect(find.result.allInDirectory).toBe(`/directory?organisation=${large.id}`);
    const directory = await everyPage(find.result.allInDirectory, cookie);
    expect(directory.map((c: Card) => c.name).slice(0, 10)).toEqual(find.result.goTo.cards.map((c: Card) => c.name));
    expect(directory).toHaveLength(12);
    const html = await render(FindMyContact, find, url);
    expect(html).toContain(
      "These are the first 10 of 12 people listed at &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Partners.",
    );
    expect(html).not.toContain("<script>alert");

    // A closed organisation is no longer offered, so it has no name to give: its people are still found.
    getDb().$client.prepare("UPDATE organisations SET closed_at = 1 WHERE id = ?").run(large.id);
    const closed = await ask(findLoader, url, cookie);
    expect(closed.organisationName).toBeNull();
    expect(await render(FindMyContact, closed, url)).toContain(
      "These are the first 10 of 12 people listed at this organisation.",
    );

    const all = await ask(findLoader, `/directory/find?organisation=${exact.id}&district=oxford`, cookie);
    expect([all.result.goTo.cards.length, all.result.goTo.total, all.result.allInDirectory]).toEqual([10, 10, null]);
    expect(await render(FindMyContact, all, url)).not.toContain("See them all");
  });
});
