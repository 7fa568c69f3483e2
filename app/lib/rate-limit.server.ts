/**
 * A sliding-window rate limit held in memory (one server process). Used to
 * stop the directory being scraped: a person searching normally never meets it.
 */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const hits = new Map<string, number[]>();
  return {
    /** Records a hit; returns the seconds to wait when over the limit, else 0. */
    hit(key: string, now: number = Date.now()) {
      const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return Math.ceil((recent[0] + windowMs - now) / 1000);
      }
      recent.push(now);
      hits.set(key, recent);
      if (hits.size > 10_000) {
        for (const [k, times] of hits) if (times.every((t) => now - t >= windowMs)) hits.delete(k);
      }
      return 0;
    },
    /** Forgets every hit (for tests, which reuse member ids from one database to the next). */
    clear() {
      hits.clear();
    },
  };
}

/** Directory searches and contact views: 120 per member per five minutes (DIRECTORY_RATE_LIMIT to change). */
export const directoryLimiter = createRateLimiter({
  limit: Number(process.env.DIRECTORY_RATE_LIMIT) || 120,
  windowMs: 5 * 60 * 1000,
});

/**
 * Check-in codes tried (typed, or opened as a link): 20 per member and 300 per
 * client address (a whole room may share one) per ten minutes. Someone
 * checking in uses two or three; guessing one of about a billion codes is
 * hopeless at this rate.
 */
export const checkInCodeLimiter = createRateLimiter({ limit: 20, windowMs: 10 * 60 * 1000 });
export const checkInAddressLimiter = createRateLimiter({ limit: 300, windowMs: 10 * 60 * 1000 });

export function tooManyRequests(
  retryAfterSeconds: number,
  message = "You have searched the directory very many times in a few minutes. Wait a few minutes and try again.",
) {
  return new Response(message, {
    status: 429,
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}
