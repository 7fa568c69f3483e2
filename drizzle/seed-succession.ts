/**
 * Champion succession history for the demo: HMP Spring Hill's champion left
 * three weeks ago and its gap is still open; Edge Housing lost its champion
 * last spring and closed the gap five weeks later when a colleague took over
 * as champion. Network health and the gaps report show both.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../app/lib/db.server";
import { championGaps, members, organisations } from "./schema";

const DAY = 24 * 60 * 60 * 1000;

function organisationId(tx: Db, slug: string) {
  return tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get()!.id;
}

export function seedSuccession(tx: Db, { now }: { now: Date }) {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  tx.insert(championGaps)
    .values({ organisationId: organisationId(tx, "hmp-spring-hill"), reason: "left", openedAt: at(23) })
    .run();
  const edgeHousing = organisationId(tx, "edge-housing");
  const successor = tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organisationId, edgeHousing), eq(members.tier, 1), eq(members.status, "active")))
    .orderBy(asc(members.id))
    .get();
  tx.insert(championGaps)
    .values({
      organisationId: edgeHousing,
      reason: "moved",
      openedAt: at(230),
      closedAt: at(195),
      successorMemberId: successor?.id ?? null,
    })
    .run();
}
