/**
 * How many different people appear among the events of a time range, in far
 * less than one pass over the range: the impact report's people trained
 * directly, over whatever period a coordinator asks for.
 *
 * Events are kept in time order, each with the position of the same
 * person's event before it (−1 for their first). A person appears in the
 * positions [first, last) exactly once with an earlier event before `first`:
 * at their first event in the range. So the count is how many of those
 * positions have an earlier event below `first`. The earlier positions are
 * also kept sorted within blocks of BLOCK, so a whole block inside the range
 * is counted by binary search, and only the part blocks at either end are
 * walked: a national year of 150,000 events is about 150 binary searches and
 * at most 2 × BLOCK steps, where marking each person took a pass of 150,000.
 */
export type DistinctIndex = {
  /** How many events. */
  length: number;
  /** Each event's same person's event before it (its position), or −1 for their first. */
  earlier: Int32Array;
  /** `earlier` sorted within each block of `block` positions. */
  sortedEarlier: Int32Array;
  block: number;
};

export const BLOCK = 1024;

/** Events in time order: each one's time and person (`length` of them: the arrays may be longer). */
export type EventList = { time: Float64Array; person: Int32Array; length: number };

/**
 * The index of events merged from two lists, each in time order: a list's
 * times and people (whole numbers from 0). On equal times the first list's
 * events come first, so the events before a time are the first list's before
 * it and the second's before it (see `countDistinct`).
 */
export function distinctIndex(lists: [EventList, EventList], block = BLOCK): DistinctIndex {
  const [a, b] = lists;
  const length = a.length + b.length;
  let highest = -1;
  for (const list of lists)
    for (let i = 0; i < list.length; i++) if (list.person[i] > highest) highest = list.person[i];
  const last = new Int32Array(highest + 1).fill(-1);
  const earlier = new Int32Array(length);
  for (let i = 0, j = 0, k = 0; k < length; k++) {
    const fromA = j >= b.length || (i < a.length && a.time[i] <= b.time[j]);
    const person = fromA ? a.person[i++] : b.person[j++];
    earlier[k] = last[person];
    last[person] = k;
  }
  const sortedEarlier = earlier.slice();
  for (let start = 0; start < length; start += block) sortedEarlier.subarray(start, start + block).sort();
  return { length, earlier, sortedEarlier, block };
}

/** How many of sorted[from, to) are below `value` (binary search). */
function below(sorted: Int32Array, value: number, from: number, to: number) {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low - from;
}

/** How many different people have events at positions [first, last) of the index. */
export function countDistinct(index: DistinctIndex, first: number, last: number) {
  const { earlier, sortedEarlier, block } = index;
  let people = 0;
  let k = first;
  // The part block at the start, walked; whole blocks by binary search; the part block at the end, walked.
  for (const end = Math.min(last, Math.ceil(first / block) * block); k < end; k++) if (earlier[k] < first) people++;
  for (; k + block <= last; k += block) people += below(sortedEarlier, first, k, k + block);
  for (; k < last; k++) if (earlier[k] < first) people++;
  return people;
}
