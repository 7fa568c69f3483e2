import { getDb, type Db } from "~/lib/db.server";
import { completionFacts, firstAtOrAfter } from "./completion-facts.server";

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
/** A stamp per member id, so each count finds each member once without clearing an array. */
const seen = new WeakMap<Db, { stamps: Uint32Array; stamp: number }>();

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

/**
 * How many members trained in [from, to) (an open end is open): passed a
 * knowledge check, or attended a workshop that started then. Counted in
 * memory over the whole network: a national year is about 150,000
 * completions, where looking each member up in their own completions and
 * attendance took 10-60 ms (decision note 002).
 */
export function countMembersTrained({ from, to }: { from?: Date; to?: Date }, db: Db = getDb()) {
  const completions = completionFacts(db);
  const attended = attendedFacts(db);
  const start = from?.getTime() ?? -Infinity;
  const end = to?.getTime() ?? Infinity;
  let marks = seen.get(db);
  if (!marks) seen.set(db, (marks = { stamps: new Uint32Array(0), stamp: 0 }));
  const stamp = ++marks.stamp;
  let trained = 0;
  const count = (memberId: number) => {
    if (memberId >= marks.stamps.length) {
      const grown = new Uint32Array(Math.max(memberId + 1, Math.ceil(marks.stamps.length * 1.25)));
      grown.set(marks.stamps);
      marks.stamps = grown;
    }
    if (marks.stamps[memberId] === stamp) return;
    marks.stamps[memberId] = stamp;
    trained += 1;
  };
  const lastCompletion = firstAtOrAfter(completions.completedAt, end, completions.length);
  for (let i = firstAtOrAfter(completions.completedAt, start, completions.length); i < lastCompletion; i++)
    count(completions.memberId[i]);
  const lastAttended = firstAtOrAfter(attended.startsAt, end);
  for (let i = firstAtOrAfter(attended.startsAt, start); i < lastAttended; i++) count(attended.memberId[i]);
  return trained;
}
