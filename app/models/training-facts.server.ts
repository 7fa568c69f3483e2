import { getDb, type Db } from "~/lib/db.server";
import { countDistinct, distinctIndex, type DistinctIndex } from "~/lib/distinct-count";
import { completionFacts, firstAtOrAfter, type CompletionFacts } from "./completion-facts.server";

/**
 * Who trained when, for the impact report's people trained directly: the kept
 * completion facts (each completion's member and time), and every workshop
 * attendance as its member and the workshop's start, in start order, kept in
 * memory (12 bytes each). The attendance is read again (about 50 ms at
 * national size) when the currency version moves (attendance marks, a
 * workshop's times, members; migration 0040). Inside a transaction it is read
 * afresh.
 */
type Attended = { startsAt: Float64Array; memberId: Int32Array };

const kept = new WeakMap<Db, { version: number; attended: Attended }>();

function readAttended(db: Db): Attended {
  const rows = db.$client
    .prepare(
      `SELECT w.starts_at, a.member_id FROM attendance a JOIN workshops w ON w.id = a.workshop_id
        WHERE a.status = 'attended' ORDER BY w.starts_at`,
    )
    .raw()
    .all() as Array<[number, number]>;
  const attended = { startsAt: new Float64Array(rows.length), memberId: new Int32Array(rows.length) };
  rows.forEach(([startsAt, memberId], i) => {
    attended.startsAt[i] = startsAt;
    attended.memberId[i] = memberId;
  });
  return attended;
}

function attendedFacts(db: Db): Attended {
  if (db.$client.inTransaction) return readAttended(db);
  const version = db.$client.prepare("SELECT version FROM currency_version WHERE id = 1").pluck().get() as number;
  const entry = kept.get(db);
  if (entry?.version === version) return entry.attended;
  const attended = readAttended(db);
  kept.set(db, { version, attended });
  return attended;
}

/** The people-trained index of the kept facts, made again when either has changed (see distinctIndex). */
const indexes = new WeakMap<Db, { completions: CompletionFacts; attended: Attended; index: DistinctIndex }>();

function trainedIndex(completions: CompletionFacts, attended: Attended, db: Db) {
  const entry = indexes.get(db);
  if (entry?.completions === completions && entry.attended === attended) return entry.index;
  const index = distinctIndex([
    { time: completions.completedAt, person: completions.memberId, length: completions.length },
    { time: attended.startsAt, person: attended.memberId, length: attended.startsAt.length },
  ]);
  if (!db.$client.inTransaction) indexes.set(db, { completions, attended, index });
  return index;
}

/**
 * How many members trained in [from, to) (an open end is open): passed a
 * knowledge check, or attended a workshop that started then. Counted in
 * memory over the whole network, completions and attendance as one list in
 * time order (app/lib/distinct-count.ts): a national year is about 150,000
 * completions, where looking each member up in their own completions and
 * attendance took 10-60 ms and marking each member in a pass over them about
 * 1.4 ms (decision note 002).
 */
export function countMembersTrained({ from, to }: { from?: Date; to?: Date }, db: Db = getDb()) {
  const completions = completionFacts(db);
  const attended = attendedFacts(db);
  const index = trainedIndex(completions, attended, db);
  // The merged list puts a completion before an attendance at the same time, so the events before a time are
  // the completions before it and the attendance before it.
  const before = (time: number) =>
    firstAtOrAfter(completions.completedAt, time, completions.length) + firstAtOrAfter(attended.startsAt, time);
  return countDistinct(index, from ? before(from.getTime()) : 0, to ? before(to.getTime()) : index.length);
}
