import { describe, expect, it } from "vitest";
import { createRateLimiter } from "~/lib/rate-limit.server";

/** The plain definition: a hit is allowed while fewer than `limit` allowed hits fall in the window before it. */
function referenceLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const hits = new Map<string, number[]>();
  return (key: string, now: number) => {
    const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
    hits.set(key, recent);
    if (recent.length >= limit) return Math.ceil((recent[0] + windowMs - now) / 1000);
    recent.push(now);
    return 0;
  };
}

describe("createRateLimiter", () => {
  it("allows `limit` hits in a window, then says how long to wait until the oldest leaves it", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 10_000 });
    expect([0, 100, 200].map((t) => limiter.hit("a", t))).toEqual([0, 0, 0]);
    expect(limiter.hit("a", 300)).toBe(10);
    expect(limiter.hit("a", 9_001)).toBe(1);
    // Another key has its own window.
    expect(limiter.hit("b", 300)).toBe(0);
    // The hit at 0 has left the window; refused hits were not counted.
    expect(limiter.hit("a", 10_000)).toBe(0);
    expect(limiter.hit("a", 10_050)).toBe(1);
    expect(limiter.hit("a", 10_100)).toBe(0);
  });

  it("answers as the plain definition does over many windows, keys and crowded windows", () => {
    const options = { limit: 100, windowMs: 1_000 };
    const limiter = createRateLimiter(options);
    const reference = referenceLimiter(options);
    let seed = 7;
    // mulberry32: a small seeded generator, so the run is the same every time.
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    let now = 0;
    let refused = 0;
    for (let i = 0; i < 30_000; i += 1) {
      // Bursts (many hits a millisecond apart, so the window fills and its front expires in long runs) and pauses.
      now += random() < 0.001 ? Math.floor(random() * 3_000) : Math.floor(random() * 3);
      const key = ["a", "b", "c"][Math.floor(random() * 3)];
      const expected = reference(key, now);
      if (expected > 0) refused += 1;
      expect(limiter.hit(key, now), `hit ${i} for ${key} at ${now}`).toBe(expected);
    }
    expect(refused).toBeGreaterThan(1_000);
  });

  it("forgets keys whose hits have expired, but not a key still in its window", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 1_000 });
    for (let i = 0; i < 10_000; i += 1) limiter.hit(`member:${i}`, 0);
    for (const t of [1_500, 1_510, 1_520]) expect(limiter.hit("busy", t)).toBe(0);
    // The 10,002nd key sweeps the map: the 10,000 keys from time 0 have expired, "busy" has not.
    expect(limiter.hit("newcomer", 1_600)).toBe(0);
    expect(limiter.hit("busy", 1_700)).toBe(1);
    expect(limiter.hit("member:1", 1_700)).toBe(0);
  });
});
