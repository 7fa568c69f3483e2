/**
 * The demo's two real changes, recorded as merges: Thames Valley Community
 * Rehabilitation Company ended in June 2021 when probation was reunified, and
 * its work passed to the National Probation Service; Oxfordshire Clinical
 * Commissioning Group became the Buckinghamshire, Oxfordshire and Berkshire
 * West Integrated Care Board in July 2022. Both old organisations are seeded
 * with members and history like any other (drizzle/county-data.ts); each gets
 * some older history here, then the real merge runs with `now` on the day.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../app/lib/db.server";
import { createOrganisation } from "../app/models/organisation.server";
import { mergeOrganisations } from "../app/models/organisation-merge.server";
import { cascadeSessions, circumstances, members, organisations } from "./schema";

const ICB = {
  slug: "bob-icb",
  name: "Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
  sector: "health" as const,
  districtId: null,
  subjectToDutyToRefer: false,
  publicInbox: "housing-contact@bob-icb.example.org",
  description: "Plans and pays for NHS services in Buckinghamshire, Oxfordshire and Berkshire West.",
};

function organisationId(tx: Db, slug: string) {
  return tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get()!.id;
}

/** Training a member of the old organisation cascaded before it ended: history the merge carries along. */
function oldHistory(tx: Db, organisation: number, heldOn: string[]) {
  const member = tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organisationId, organisation), eq(members.status, "active")))
    .get();
  if (!member || !tx.select({ id: circumstances.id }).from(circumstances).get()) return;
  for (const [i, day] of heldOn.entries())
    tx.insert(cascadeSessions)
      .values({
        memberId: member.id,
        organisationId: organisation,
        heldOn: day,
        audienceSize: 8 + i * 4,
        audienceRoles: "case managers and reception staff",
        tier: 3,
        lengthMinutes: 60,
        createdAt: new Date(`${day}T16:00:00Z`),
      })
      .run();
}

export function seedMerges(tx: Db, { actorId }: { actorId: number }) {
  const crc = organisationId(tx, "thames-valley-crc");
  const ccg = organisationId(tx, "oxfordshire-ccg");
  oldHistory(tx, crc, ["2020-03-04", "2020-11-18"]);
  oldHistory(tx, ccg, ["2021-09-22"]);
  const icb = createOrganisation(ICB, tx);
  const merges = [
    {
      sourceId: crc,
      targetId: organisationId(tx, "national-probation-service"),
      now: new Date("2021-06-26T09:00:00Z"),
    },
    { sourceId: ccg, targetId: icb.id, now: new Date("2022-07-01T09:00:00Z") },
  ];
  for (const merge of merges) {
    // Where both had a go-to contact, the organisation merged into keeps its own.
    const first = mergeOrganisations({ ...merge, fingerprint: null, actorId }, tx);
    const result =
      !first.ok && "chooseGoTo" in first
        ? mergeOrganisations(
            { ...merge, fingerprint: null, actorId, goToContactId: first.chooseGoTo.goTo.target[0].contactId },
            tx,
          )
        : first;
    if (!result.ok) throw new Error(`The demo merge into organisation ${merge.targetId} did not go through`);
  }
  tx.update(organisations).set({ createdAt: merges[1].now }).where(eq(organisations.id, icb.id)).run();
}
