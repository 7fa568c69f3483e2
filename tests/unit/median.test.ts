import { describe, expect, it } from "vitest";
import { median } from "~/models/prevention-facts.server";

/** The median as a full sort gives it. */
function sortedMedian(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe("median without a full sort", () => {
  it("is null for nothing, and the value itself for one", () => {
    expect(median(new Float64Array())).toBeNull();
    expect(median(Float64Array.of(7))).toBe(7);
  });

  it("equals the sorted middle for odd and even counts, duplicates, ordered and reversed input", () => {
    let seed = 21;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const cases: number[][] = [
      [3, 1],
      [2, 2, 2, 2],
      [0, 0, 1, 1],
      Array.from({ length: 100 }, (_, i) => i),
      Array.from({ length: 101 }, (_, i) => 101 - i),
      Array.from({ length: 64 }, (_, i) => i % 3),
    ];
    for (let n = 1; n <= 300; n += 1) {
      cases.push(Array.from({ length: n }, () => Math.floor(random() * (n % 2 ? 10 : 1_000_000))));
    }
    for (const values of cases) {
      expect(median(Float64Array.from(values)), values.slice(0, 12).join(",")).toBe(sortedMedian(values));
    }
  });
});
