import { beforeEach, describe, expect, it } from "vitest";
import { directoryLimiter } from "~/lib/rate-limit.server";
import { loader as directoryLoader } from "~/routes/directory._index";
import { loader as contactLoader } from "~/routes/directory.contacts.$contactId._index";
import { createContact } from "~/models/contact.server";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { call, cookieFor, getRequest } from "../request";

beforeEach(() => directoryLimiter.clear());

describe("the directory's rate limit", () => {
  it("answers 120 searches and contact views in five minutes, then says when to come back, for that member only", async () => {
    createDistricts();
    const organisation = createTestOrganisation({ slug: "probation", name: "National Probation Service" });
    const officer = await createTestMember({ name: "Dev Kestrelford", organisationId: organisation.id, tier: 1 });
    const contact = createContact({ memberId: officer.id, details: testContactDetails({ isGoTo: true }) });
    const scraper = await cookieFor(
      (await createTestMember({ name: "Sam Scraper", organisationId: organisation.id })).id,
    );
    const neighbour = await cookieFor(
      (await createTestMember({ name: "Nia Neighbour", organisationId: organisation.id })).id,
    );

    // Searches and contact views share the allowance; every answer within it is a whole page of data.
    for (let i = 0; i < 120; i += 1) {
      const response =
        i % 2
          ? await call(directoryLoader, getRequest(`/directory?q=kestrel${i % 7 ? "" : "ford"}`, { cookie: scraper }))
          : await call(contactLoader, getRequest(`/directory/contacts/${contact.id}`, { cookie: scraper }), {
              contactId: String(contact.id),
            });
      expect(response.status, `request ${i + 1}`).toBe(200);
      expect(JSON.stringify(await response.json()), `request ${i + 1}`).toContain("Dev Kestrelford");
    }
    const refused = await call(directoryLoader, getRequest("/directory?q=kestrel", { cookie: scraper }));
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("Retry-After"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(300);
    const text = await refused.text();
    expect(text).toContain("Wait a few minutes");
    expect(text).not.toContain("Kestrelford");

    // Another member searching at the same time is not held back.
    const other = await call(directoryLoader, getRequest("/directory?q=kestrel", { cookie: neighbour }));
    expect(other.status).toBe(200);
    expect(JSON.stringify(await other.json())).toContain("Dev Kestrelford");
  });
});
