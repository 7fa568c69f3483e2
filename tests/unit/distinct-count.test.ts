import { describe, expect, it } from "vitest";
import { countDistinct, distinctIndex, type EventList } from "~/lib/distinct-count";

let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;

/** `n` events at whole-number times below `span` (so many share a time), for people 0 to people − 1, in time order. */
function events(n: number, span: number, people: number): EventList {
  const times = Array.from({ length: n }, () => Math.floor(random() * span)).sort((a, b) => a - b);
  return {
    time: Float64Array.from(times),
    person: Int32Array.from(times, () => Math.floor(random() * people)),
    length: n,
  };
}

/** People with an event in [from, to), counted with a set over both lists. */
function recount([a, b]: [EventList, EventList], from: number, to: number) {
  const people = new Set<number>();
  for (const list of [a, b])
    for (let i = 0; i < list.length; i++) if (list.time[i] >= from && list.time[i] < to) people.add(list.person[i]);
  return people.size;
}

/** Events of both lists before `time`: the position the merged list's range starts at. */
const before = ([a, b]: [EventList, EventList], time: number) =>
  a.time.subarray(0, a.length).filter((t) => t < time).length +
  b.time.subarray(0, b.length).filter((t) => t < time).length;

describe("different people among a range's events", () => {
  it("is 0 with no events, and counts a person once however often they appear", () => {
    const none: EventList = { time: new Float64Array(), person: new Int32Array(), length: 0 };
    expect(countDistinct(distinctIndex([none, none]), 0, 0)).toBe(0);
    const one: EventList = { time: Float64Array.of(1, 2, 3), person: Int32Array.of(4, 4, 4), length: 3 };
    const index = distinctIndex([one, one], 2);
    expect(countDistinct(index, 0, 6)).toBe(1);
    // From the second event on: the same person, once.
    expect(countDistinct(index, 3, 6)).toBe(1);
  });

  it("equals a recount for every range, across whole and part blocks, ties and both lists", () => {
    for (const [n, span, people, block] of [
      [40, 10, 5, 4],
      [300, 50, 30, 8],
      [1000, 400, 200, 16],
      [2000, 100_000, 1500, 64],
      [700, 30, 700, 1024],
    ]) {
      const lists: [EventList, EventList] = [events(n, span, people), events(Math.floor(n / 3), span, people)];
      const index = distinctIndex(lists, block);
      expect(index.length).toBe(n + Math.floor(n / 3));
      for (let trial = 0; trial < 200; trial++) {
        const from = Math.floor(random() * (span + 2)) - 1;
        const to = from + Math.floor(random() * (span + 2));
        const first = before(lists, from);
        const last = before(lists, to);
        expect(countDistinct(index, first, last), JSON.stringify({ n, block, from, to })).toBe(
          recount(lists, from, to),
        );
      }
      // The whole list, and ranges ending exactly on block edges.
      expect(countDistinct(index, 0, index.length)).toBe(recount(lists, -Infinity, Infinity));
      for (let edge = 0; edge <= index.length; edge += block) {
        expect(countDistinct(index, 0, edge)).toBe(new Set(merged(lists).slice(0, edge)).size);
        expect(countDistinct(index, edge, index.length)).toBe(new Set(merged(lists).slice(edge)).size);
      }
    }
  });

  it("uses only the first `length` of each list's arrays", () => {
    const list: EventList = { time: Float64Array.of(1, 2, 3, 0), person: Int32Array.of(1, 2, 3, 9), length: 3 };
    const empty: EventList = { time: Float64Array.of(5), person: Int32Array.of(8), length: 0 };
    const index = distinctIndex([list, empty]);
    expect(index.length).toBe(3);
    expect(countDistinct(index, 0, 3)).toBe(3);
  });
});

/** Both lists' people in the merged order: the first list's first on equal times. */
function merged([a, b]: [EventList, EventList]) {
  const people: number[] = [];
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    if (j >= b.length || (i < a.length && a.time[i] <= b.time[j])) people.push(a.person[i++]);
    else people.push(b.person[j++]);
  }
  return people;
}
