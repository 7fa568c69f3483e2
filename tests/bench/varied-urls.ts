/**
 * Directory URLs as members really ask them, for the benchmark: seeded random
 * (the same seed gives the same URLs, so runs are comparable), drawn from what
 * the dataset holds (people's first names and surnames, job titles,
 * organisation and specialism words, and the first letters of each, since
 * people type part of a word), every district, every specialism, and pages 1-3.
 */
import type Database from "better-sqlite3";

/** A small, fast seeded generator (mulberry32): the same seed, the same sequence. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, list: T[]) => list[Math.floor(random() * list.length)];

/** Lower-case words of at least three letters in these texts, each once. */
function wordsOf(texts: string[]) {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= 3) words.add(word);
  }
  return [...words];
}

/** What a member might type: whole words from the directory, and the first 3-5 letters of them. */
function searchWords(db: Database.Database) {
  const texts = [
    ...db.prepare("SELECT DISTINCT job_title AS t FROM members WHERE job_title <> '' LIMIT 200").pluck().all(),
    ...db
      .prepare("SELECT m.name AS t FROM contacts c JOIN members m ON m.id = c.member_id ORDER BY c.id LIMIT 2000")
      .pluck()
      .all(),
    ...db.prepare("SELECT name AS t FROM organisations ORDER BY id LIMIT 3000").pluck().all(),
    ...db.prepare("SELECT label AS t FROM specialisms").pluck().all(),
  ] as string[];
  const whole = wordsOf(texts);
  const partial = whole.map((w, i) => w.slice(0, 3 + (i % 3)));
  return [...new Set([...whole, ...partial])].sort();
}

function districtIds(db: Database.Database) {
  return db.prepare("SELECT id FROM districts ORDER BY id").pluck().all() as string[];
}

/**
 * `n` directory search URLs: a word on most, a district on half, a
 * specialism on a third, at least one of the three on every one, page 1-3.
 */
export function directorySearchUrls(seed: number, n: number, db: Database.Database) {
  const random = seededRandom(seed);
  const words = searchWords(db);
  const districts = districtIds(db);
  const specialisms = db.prepare("SELECT id FROM specialisms ORDER BY id").pluck().all() as string[];
  const urls: string[] = [];
  while (urls.length < n) {
    const params = new URLSearchParams();
    if (random() < 0.75) params.set("q", pick(random, words));
    if (random() < 0.5) params.set("district", pick(random, districts));
    if (random() < 0.33) params.set("specialism", pick(random, specialisms));
    if ([...params.keys()].length === 0) params.set("q", pick(random, words));
    const page = 1 + Math.floor(random() * 3);
    if (page > 1) params.set("page", String(page));
    urls.push(`/directory?${params}`);
  }
  return urls;
}

/**
 * `n` find-my-contact URLs: an organisation (nine in ten) or a sector, and
 * a district, the organisation's own district half the time.
 */
export function findMyContactUrls(seed: number, n: number, db: Database.Database) {
  const random = seededRandom(seed);
  const organisations = db
    .prepare("SELECT id, district_id AS districtId, sector FROM organisations WHERE closed_at IS NULL ORDER BY id")
    .all() as Array<{ id: number; districtId: string | null; sector: string }>;
  const districts = districtIds(db);
  const urls: string[] = [];
  while (urls.length < n) {
    const organisation = pick(random, organisations);
    const district = random() < 0.5 && organisation.districtId ? organisation.districtId : pick(random, districts);
    const params = new URLSearchParams();
    if (random() < 0.9) params.set("organisation", String(organisation.id));
    else params.set("sector", organisation.sector);
    params.set("district", district);
    urls.push(`/directory/find?${params}`);
  }
  return urls;
}
