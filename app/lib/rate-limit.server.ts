/**
 * A sliding-window rate limit held in memory (one server process). Used to
 * stop the directory being scraped: a person searching normally never meets it.
 *
 * Each key keeps the times of its hits in the window, oldest first. A hit
 * drops the expired times from the front and appends its own, so it costs the
 * same however many hits the window holds (a filtered copy of them all had cost
 * a millisecond a request at 20,000 hits). Keys whose hits have all expired are
 * forgotten by a sweep that runs each time the number of keys has doubled, not
 * on every hit.
 */
type Window = { times: number[]; first: number };

const SWEEP_FROM = 10_000;

export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const hits = new Map<string, Window>();
  let sweepAt = SWEEP_FROM;
  const forgetExpired = (window: Window, now: number) => {
    while (window.first < window.times.length && now - window.times[window.first] >= windowMs) window.first += 1;
    // Compacted once the expired front is the larger part, so each time is copied at most once more.
    if (window.first > 64 && window.first * 2 > window.times.length) {
      window.times = window.times.slice(window.first);
      window.first = 0;
    }
  };
  return {
    /** Records a hit; returns the seconds to wait when over the limit, else 0. */
    hit(key: string, now: number = Date.now()) {
      let window = hits.get(key);
      if (!window) {
        window = { times: [], first: 0 };
        hits.set(key, window);
      }
      forgetExpired(window, now);
      if (window.times.length - window.first >= limit) {
        return Math.ceil((window.times[window.first] + windowMs - now) / 1000);
      }
      window.times.push(now);
      if (hits.size > sweepAt) {
        for (const [k, w] of hits) {
          const newest = w.times[w.times.length - 1];
          if (newest === undefined || now - newest >= windowMs) hits.delete(k);
        }
        sweepAt = Math.max(SWEEP_FROM, hits.size * 2);
      }
      return 0;
    },
    /** Forgets every hit (for tests, which reuse member ids from one database to the next). */
    clear() {
      hits.clear();
      sweepAt = SWEEP_FROM;
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
