import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { bookings, calendarFeeds, members, workshops } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

export function getCalendarFeedToken({ memberId }: { memberId: number }, db: Db = getDb()) {
  return db.select({ token: calendarFeeds.token }).from(calendarFeeds).where(eq(calendarFeeds.memberId, memberId)).get()?.token ?? null;
}

/** Creates or replaces the member's feed token: the old URL stops working at once. */
export function resetCalendarFeedToken({ memberId, now = new Date() }: { memberId: number; now?: Date }, db: Db = getDb()) {
  const token = randomBytes(24).toString("base64url");
  db.insert(calendarFeeds)
    .values({ memberId, token, createdAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.memberId, set: { token, createdAt: now } })
    .run();
  return token;
}

export function revokeCalendarFeed({ memberId }: { memberId: number }, db: Db = getDb()) {
  db.delete(calendarFeeds).where(eq(calendarFeeds.memberId, memberId)).run();
}

/**
 * The events for a feed token: the member's booked workshops, including ones
 * the coordinator has since cancelled (sent as STATUS:CANCELLED with a higher
 * SEQUENCE, so calendar apps remove them). Places the member gave up simply
 * leave the feed; waiting-list places are never sent.
 */
export function listFeedEvents({ token }: { token: string }, db: Db = getDb()) {
  const feed = db
    .select({ memberId: calendarFeeds.memberId, status: members.status })
    .from(calendarFeeds)
    .innerJoin(members, eq(members.id, calendarFeeds.memberId))
    .where(eq(calendarFeeds.token, token))
    .get();
  if (!feed || feed.status !== "active") return null;
  const rows = db
    .select({ workshop: workshops })
    .from(bookings)
    .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
    .where(and(eq(bookings.memberId, feed.memberId), eq(bookings.status, "booked")))
    .all();
  return rows.map((r) => r.workshop);
}
