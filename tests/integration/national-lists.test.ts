/**
 * At national size every count is complete and every list is complete or
 * paged, and says how many there are: the stale directory entries on the
 * network health page (more than 1,000) and one organisation's housing
 * contacts (more than 500), counted in the model, shown on the page.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { STALE_AFTER_MS } from "~/models/contact.server";
import { getNetworkHealth } from "~/models/network-health.server";
import { loader as healthLoader } from "~/routes/manage.health";
import OrganisationContacts, { loader as contactsLoader } from "~/routes/organisations.$slug.contacts._index";
import OrganisationPage, { loader as organisationLoader } from "~/routes/organisations.$slug._index";
import NetworkHealth from "~/routes/manage.health";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, getRequest } from "../request";
import { render } from "../render";

const DAY = 86_400_000;
/** One clock for the data and for the model calls; the loaders' own clock is seconds later, far from any boundary here. */
const NOW = new Date();
const STALE = new Date(NOW.getTime() - STALE_AFTER_MS - 30 * DAY);
const FRESH = new Date(NOW.getTime() - 10 * DAY);

/** Members with directory entries, written in one transaction: `count` at `organisationId`, confirmed at `confirmedAt`. */
function contactsAt(
  organisationId: number,
  count: number,
  confirmedAt: Date,
  status: "active" | "deactivated" = "active",
) {
  const sqlite = getDb().$client;
  const member = sqlite.prepare(
    "INSERT INTO members (email, name, job_title, password_hash, organisation_id, role, tier, status, created_at, updated_at, deactivated_at) VALUES (?, ?, 'Housing officer', 'x', ?, 'learner', 3, ?, ?, ?, ?)",
  );
  const contact = sqlite.prepare(
    "INSERT INTO contacts (member_id, is_go_to, how_to_contact, last_confirmed_at, created_at, updated_at) VALUES (?, 0, '', ?, ?, ?)",
  );
  const ids: number[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const t = confirmedAt.getTime();
      const { lastInsertRowid } = member.run(
        `bulk-${organisationId}-${status}-${t}-${i}@example.org`,
        `Contact ${String(i).padStart(4, "0")} of ${organisationId}`,
        organisationId,
        status,
        t,
        t,
        status === "deactivated" ? t : null,
      );
      ids.push(Number(contact.run(lastInsertRowid, t, t, t).lastInsertRowid));
    }
  })();
  return ids;
}

describe("counts and lists at national size", () => {
  it("counts every stale directory entry on the network health page and pages through all of them", async () => {
    createDistricts();
    const a = createTestOrganisation({ districtId: "oxford" });
    const b = createTestOrganisation({ districtId: "cherwell" });
    const stale = [...contactsAt(a.id, 600, STALE), ...contactsAt(b.id, 650, STALE)];
    contactsAt(a.id, 40, FRESH);
    contactsAt(b.id, 5, STALE, "deactivated"); // gone from the directory: not counted
    const coordinator = await createTestMember({ role: "coordinator", now: NOW });

    const first = getNetworkHealth({ rule: { attended: 3, ofLast: 6 }, viewerId: coordinator.id, now: NOW });
    expect(first.stale.total).toBe(1250);
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(1250 / first.stale.perPage); page += 1) {
      seen.push(
        ...getNetworkHealth({
          rule: { attended: 3, ofLast: 6 },
          viewerId: coordinator.id,
          now: NOW,
          stalePage: page,
        }).stale.contacts.map((c) => c.id),
      );
    }
    expect(seen).toHaveLength(1250);
    expect(new Set(seen)).toEqual(new Set(stale));

    const cookie = await cookieFor(coordinator.id);
    const url = "/manage/health?page=13";
    const data = await (await call(healthLoader, getRequest(url, { cookie }))).json();
    expect(data.stale.total).toBe(1250);
    expect(data.stale.contacts).toHaveLength(50);
    const html = await render(NetworkHealth, data, url);
    expect(html).toContain("<dt>Directory entries gone stale</dt><dd>1,250</dd>");
    expect(html).toContain("Directory entries gone stale (1,250)");
    expect(html).toContain(
      "1,250 found, not confirmed for over six months, the longest first; showing 1,201 to 1,250.",
    );
    expect(html).toContain('href="/manage/health?page=12#stale">Previous page</a>');
    expect(html).not.toContain("Next page");
  });

  it("lists the organisations without a champion a page at a time, all of them counted", async () => {
    createDistricts();
    const names = Array.from({ length: 120 }, (_, i) => `Organisation ${String(i).padStart(3, "0")}`);
    for (const name of [...names].reverse()) createTestOrganisation({ name, districtId: "oxford" });
    const coordinator = await createTestMember({ role: "coordinator", now: NOW });
    const cookie = await cookieFor(coordinator.id);
    const open = async (url: string) => {
      const data = await (await call(healthLoader, getRequest(url, { cookie }))).json();
      return { data, html: await render(NetworkHealth, data, url) };
    };
    const listed = (html: string) =>
      [...html.matchAll(/href="\/organisations\/[^"/]+">(Organisation \d+)<\/a>/g)].map((m) => m[1]);

    const first = await open("/manage/health");
    expect(first.data.withoutChampion.total).toBe(120);
    expect(first.html).toContain("Organisations without a current Tier 1 champion (120)");
    expect(first.html).toContain("Showing 1 to 50, by name.");
    expect(listed(first.html)).toEqual(names.slice(0, 50));
    expect(first.html).toContain('href="/manage/health?championPage=2#without-champion">Next page</a>');

    const last = await open("/manage/health?championPage=3");
    expect(listed(last.html)).toEqual(names.slice(100, 120));
    expect(last.html).toContain("Showing 101 to 120, by name.");
    expect(last.html).toContain('href="/manage/health?championPage=2#without-champion">Previous page</a>');
    expect(last.html).not.toContain("championPage=4");
    // Past the end is the last page; anything that is not a page number is the first.
    expect(listed((await open("/manage/health?championPage=99")).html)).toEqual(names.slice(100, 120));
    for (const hostile of ["constructor", "__proto__", "-1", "1e99", "", "\r", "\u0000", "9".repeat(400)])
      expect(
        listed((await open(`/manage/health?championPage=${encodeURIComponent(hostile)}`)).html),
        JSON.stringify(hostile),
      ).toEqual(names.slice(0, 50));
    // A number with white space about it (a bare CR) is still that number, as Number reads it.
    expect(listed((await open("/manage/health?championPage=2%0D")).html)).toEqual(names.slice(50, 100));
  });

  it("counts and pages every housing contact of an organisation with more than 500", async () => {
    createDistricts();
    const organisation = createTestOrganisation({ districtId: "oxford" });
    const all = [...contactsAt(organisation.id, 560, FRESH), ...contactsAt(organisation.id, 120, STALE)];
    contactsAt(organisation.id, 3, FRESH, "deactivated");
    // Active members not yet in the directory: every one is offered, however many there are.
    for (let i = 0; i < 3; i += 1) await createTestMember({ organisationId: organisation.id, name: `Newcomer ${i}` });
    const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id, name: "Lead Person" });
    const cookie = await cookieFor(lead.id);

    const seen: number[] = [];
    let last:
      | {
          total: number;
          stale: number;
          pages: number;
          contacts: Array<{ id: number }>;
          candidates: Array<{ name: string }>;
        }
      | undefined;
    for (let page = 1; page <= 7; page += 1) {
      last = await (
        await call(
          contactsLoader,
          getRequest(`/organisations/${organisation.slug}/contacts?page=${page}`, { cookie }),
          { slug: organisation.slug },
        )
      ).json();
      seen.push(...last!.contacts.map((c) => c.id));
    }
    expect(last).toMatchObject({ total: 680, stale: 120, pages: 7 });
    expect(seen).toHaveLength(680);
    expect(new Set(seen)).toEqual(new Set(all));
    expect(last!.candidates.map((c) => c.name)).toEqual(["Lead Person", "Newcomer 0", "Newcomer 1", "Newcomer 2"]);

    const url = `/organisations/${organisation.slug}/contacts?page=2`;
    const data = await (await call(contactsLoader, getRequest(url, { cookie }), { slug: organisation.slug })).json();
    const html = await render(OrganisationContacts, data, url);
    expect(html).toContain("680 contacts found, showing 101 to 200.");
    expect(html).toContain("120 contacts have not confirmed their details for over six months.");
    expect(html).toContain(`href="/organisations/${organisation.slug}/contacts?page=3">Next page</a>`);
  });

  it("shows a member every housing contact of an organisation with more than 500 on its public page, a page at a time", async () => {
    createDistricts();
    const organisation = createTestOrganisation({ districtId: "oxford" });
    const all = contactsAt(organisation.id, 530, FRESH);
    const member = await createTestMember({ name: "Someone Elsewhere" });
    const cookie = await cookieFor(member.id);

    const seen: number[] = [];
    let last: { total: number; pages: number; contacts: Array<{ id: number }> } | undefined;
    for (let page = 1; page <= 11; page += 1) {
      last = await (
        await call(organisationLoader, getRequest(`/organisations/${organisation.slug}?page=${page}`, { cookie }), {
          slug: organisation.slug,
        })
      ).json();
      seen.push(...last!.contacts.map((c) => c.id));
    }
    expect(last).toMatchObject({ total: 530, pages: 11 });
    expect(new Set(seen)).toEqual(new Set(all));

    const url = `/organisations/${organisation.slug}?page=11`;
    const data = await (
      await call(organisationLoader, getRequest(url, { cookie }), { slug: organisation.slug })
    ).json();
    const html = await render(OrganisationPage, data, url);
    expect(html).toContain("530 contacts, showing 501 to 530.");
    expect(html).toContain(`href="/organisations/${organisation.slug}?page=10">Previous page</a>`);
    expect(html).not.toContain("Next page");
  });
});
