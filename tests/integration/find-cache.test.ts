/**
 * "Find my housing contact" keeps its parts apart: an organisation's go-to
 * contacts (the same in every district), a district's Duty to Refer details
 * (the same for every organisation), and a district's organisation choices,
 * with the ones already chosen added only when they are not among them. Every
 * answer is the same as reading it afresh, at national size (more
 * organisations than a select offers), for organisations in and out of the
 * district, closed, unknown and hostile.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "~/lib/db.server";
import { cardForPage, createContact, STALE_AFTER_MS } from "~/models/contact.server";
import { findGoToContacts, getDistrictReferral } from "~/models/directory.server";
import { listOrganisationChoices, ORGANISATION_CHOICE_LIMIT } from "~/models/organisation.server";
import { loader as findLoader } from "~/routes/directory.find";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { call, cookieFor, getRequest } from "../request";

describe("find my housing contact at national size", () => {
  it("answers each organisation and district as a fresh read does, its parts kept apart", async () => {
    createDistricts();
    const districts = ["oxford", "cherwell", "west-oxfordshire"];
    const organisations = Array.from({ length: ORGANISATION_CHOICE_LIMIT + 40 }, (_, i) =>
      createTestOrganisation({
        name: `Organisation ${String(i).padStart(3, "0")}`,
        districtId: districts[i % 3],
        sector: i % 2 ? "health" : "housing_provider",
      }),
    );
    // Go-to contacts at a few organisations, covering a district each.
    for (const [i, organisation] of organisations.slice(0, 12).entries()) {
      const member = await createTestMember({ name: `Contact ${i}`, organisationId: organisation.id });
      createContact({
        memberId: member.id,
        details: testContactDetails({ isGoTo: i % 4 !== 3, districtIds: [districts[i % 3]] }),
      });
    }
    getDb().$client.prepare("UPDATE organisations SET closed_at = 1 WHERE id = ?").run(organisations[7].id);
    const viewer = await createTestMember({ organisationId: organisations[5].id });
    const cookie = await cookieFor(viewer.id);
    // The viewer's own organisation asked for too: chosen and their own, it is offered once.
    const ids = [
      organisations[0].id,
      organisations[1].id,
      organisations[5].id,
      organisations[7].id,
      organisations[230].id,
      999_999,
    ];
    const asks: Array<Record<string, string>> = [
      ...ids.flatMap((id) => districts.map((district) => ({ organisation: String(id), district }))),
      ...districts.map((district) => ({ sector: "health", district })),
      { organisation: "constructor", district: "oxford" },
      { organisation: "__proto__", sector: "__proto__", district: "cherwell" },
    ];
    for (const round of [1, 2]) {
      for (const ask of asks) {
        const page = await (
          await call(findLoader, getRequest(`/directory/find?${new URLSearchParams(ask)}`, { cookie }))
        ).json();
        const organisationId = Number(ask.organisation) || undefined;
        const sector = organisationId ? undefined : ask.sector === "health" ? ("health" as const) : undefined;
        const expected = listOrganisationChoices({
          districtId: ask.district,
          includeIds: [organisationId, organisations[5].id],
        });
        const context = `${JSON.stringify(ask)} (round ${round})`;
        expect(page.narrowed, context).toBe(true);
        expect(page.organisations, context).toEqual(expected.organisations);
        const goTo = findGoToContacts({ organisationId, sector, districtId: ask.district });
        expect(JSON.parse(JSON.stringify(page.result)), context).toEqual(
          JSON.parse(
            JSON.stringify({
              goTo: { cards: goTo.cards.map(cardForPage), total: goTo.total },
              district: getDistrictReferral({ districtId: ask.district, withContacts: true }),
              allInDirectory: null,
            }),
          ),
        );
      }
    }
  });

  afterEach(() => vi.useRealTimers());

  it("offers the chosen district's open organisations and any chosen elsewhere, by name, and none when neither is asked", () => {
    createDistricts();
    // Named in the reverse of the order they are made, so the list must be sorted by name.
    const names = Array.from(
      { length: ORGANISATION_CHOICE_LIMIT + 10 },
      (_, i) => `Organisation ${String(ORGANISATION_CHOICE_LIMIT + 10 - i).padStart(3, "0")}`,
    );
    const ids = names.map((name, i) => createTestOrganisation({ name, districtId: i % 2 ? "oxford" : "cherwell" }).id);
    getDb().$client.prepare("UPDATE organisations SET closed_at = 1 WHERE id = ?").run(ids[1]);
    const namesOf = (choices: { organisations: Array<{ name: string }> }) => choices.organisations.map((o) => o.name);
    const openInOxford = names.filter((_, i) => i % 2 === 1 && i !== 1).sort();
    expect(namesOf(listOrganisationChoices({ districtId: "oxford" }))).toEqual(openInOxford);
    expect(namesOf(listOrganisationChoices({ districtId: "oxford", includeIds: [ids[0], null] }))).toEqual(
      [...openInOxford, names[0]].sort(),
    );
    expect(namesOf(listOrganisationChoices({ includeIds: [ids[0], ids[1]] }))).toEqual([names[0]]);
    expect(listOrganisationChoices({ includeIds: [undefined] })).toEqual({ organisations: [], narrowed: true });
  });

  it("marks a kept go-to contact stale when its time comes, with nothing else changed", async () => {
    createDistricts();
    const organisation = createTestOrganisation({ districtId: "oxford" });
    const member = await createTestMember({ name: "Nearly Stale", organisationId: organisation.id });
    const confirmed = new Date("2026-06-01T12:00:00Z");
    createContact({ memberId: member.id, details: testContactDetails({ isGoTo: true }), now: confirmed });
    const cookie = await cookieFor((await createTestMember({ organisationId: organisation.id })).id);
    const ask = async () =>
      (
        await (
          await call(
            findLoader,
            getRequest(`/directory/find?organisation=${organisation.id}&district=oxford`, { cookie }),
          )
        ).json()
      ).result.goTo.cards.map((card: { name: string; stale: boolean }) => [card.name, card.stale]);
    vi.useFakeTimers({ toFake: ["Date"], now: confirmed.getTime() + STALE_AFTER_MS - 60_000 });
    expect(await ask()).toEqual([["Nearly Stale", false]]);
    vi.setSystemTime(confirmed.getTime() + STALE_AFTER_MS + 60_000);
    expect(await ask()).toEqual([["Nearly Stale", true]]);
  });
});
