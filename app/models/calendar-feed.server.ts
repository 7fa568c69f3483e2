import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { bookings, calendarFeeds, members, workshops } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

/** lastUsedAt is written at most this often: calendar apps fetch a feed many times a day. */
const LAST_USED_INTERVAL_MS = 60 * 60 * 1000;

function digest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether the member has a feed, when it was made and when a calendar last fetched it. Its address cannot be read back. */
export function getCalendarFeed({ memberId }: { memberId: number }, db: Db = getDb()) {
  return (
    db
      .select({ createdAt: calendarFeeds.createdAt, lastUsedAt: calendarFeeds.lastUsedAt })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.memberId, memberId))
      .get() ?? null
  );
}

/**
 * Creates or replaces the member's feed and returns its token, a 256-bit
 * secret of which only the SHA-256 is stored: the caller shows the address
 * once. The old address stops working at once.
 */
export function resetCalendarFeedToken(
  { memberId, now = new Date() }: { memberId: number; now?: Date },
  db: Db = getDb(),
) {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = digest(token);
  db.insert(calendarFeeds)
    .values({ memberId, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.memberId, set: { tokenHash, createdAt: now, lastUsedAt: null } })
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
 * leave the feed; waiting-list places are never sent. Each is the member's
 * entry (see eventUid), as their invitation emails name it. Records when the feed
 * was last fetched (to the hour), so the member can see it is in use.
 */
export function listFeedEvents({ token, now = new Date() }: { token: string; now?: Date }, db: Db = getDb()) {
  const tokenHash = digest(token);
  const feed = db
    .select({ memberId: calendarFeeds.memberId, status: members.status })
    .from(calendarFeeds)
    .innerJoin(members, eq(members.id, calendarFeeds.memberId))
    .where(eq(calendarFeeds.tokenHash, tokenHash))
    .get();
  if (!feed || feed.status !== "active") return null;
  db.update(calendarFeeds)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(calendarFeeds.tokenHash, tokenHash),
        or(
          isNull(calendarFeeds.lastUsedAt),
          lt(calendarFeeds.lastUsedAt, new Date(now.getTime() - LAST_USED_INTERVAL_MS)),
        ),
      ),
    )
    .run();
  return db
    .select({ workshop: workshops, memberId: bookings.memberId, calendarSequence: bookings.calendarSequence })
    .from(bookings)
    .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
    .where(and(eq(bookings.memberId, feed.memberId), eq(bookings.status, "booked")))
    .all();
}
