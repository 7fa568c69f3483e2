/**
 * npm run seed:scale: a synthetic national dataset, deterministic from a seed,
 * in its own database (default data/national.db, or SCALE_DATABASE_URL):
 * 300 housing authorities, 3,000 organisations, 100,000 members, 1,000,000
 * lesson progress rows, 300,000 completions, 5,000 workshops with 100,000
 * bookings and attendance marks, and 20,000 directory contacts.
 *
 * Everyone in it is fictional. Bench accounts (password bench-password-2026):
 * bench-coordinator@example.org, bench-champion@example.org.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { closeDb, getDb, migrateDatabase } from "../app/lib/db.server";
import { getCatalogue } from "../app/lib/content/catalogue.server";
import { expiryFor } from "../app/lib/learning/completion-status";
import { hashPassword } from "../app/lib/password.server";
import { reindexAllContacts } from "../app/models/contact.server";
import { saveCircumstance, saveSpecialism } from "../app/models/directory.server";
import { CIRCUMSTANCES, SPECIALISMS } from "./county-data";
import { seedScalePrevention } from "./seed-scale-prevention";
import { SECTORS } from "./schema/constants";

export const SCALE = {
  authorities: 300,
  organisations: 3_000,
  members: 100_000,
  lessonProgress: 1_000_000,
  completions: 300_000,
  workshops: 5_000,
  bookings: 100_000,
  contacts: 20_000,
};
export type Scale = { [K in keyof typeof SCALE]: number };
export const BENCH_PASSWORD = "bench-password-2026";

function randomFrom(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ["North", "South", "East", "West", "Upper", "Lower", "Great", "Little", "Kings", "Queens", "Old", "New"];
const STEMS = [
  "bury",
  "field",
  "ford",
  "ham",
  "ley",
  "minster",
  "stead",
  "ton",
  "wich",
  "worth",
  "mere",
  "dale",
  "combe",
  "hurst",
  "brook",
];
const ROOTS = [
  "Ash",
  "Birch",
  "Bramble",
  "Copper",
  "Elder",
  "Fern",
  "Hazel",
  "Juniper",
  "Linden",
  "Moss",
  "Rowan",
  "Sorrel",
  "Thistle",
  "Wren",
  "Alder",
  "Heather",
  "Holly",
  "Larch",
  "Maple",
  "Oak",
];
const FIRST = [
  "Aisha",
  "Ben",
  "Chloe",
  "Daniel",
  "Ella",
  "Femi",
  "Grace",
  "Harry",
  "Imran",
  "Jess",
  "Kieran",
  "Leah",
  "Marcus",
  "Nadia",
  "Owen",
  "Poppy",
  "Rhys",
  "Sana",
  "Tom",
  "Uma",
  "Vikram",
  "Zoe",
  "Aled",
  "Bea",
  "Cal",
];

function progress(label: string, done: number, total: number, started: number) {
  process.stdout.write(
    `\r${label.padEnd(28)} ${String(done).padStart(9)} / ${total}  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (done === total) process.stdout.write("\n");
}

/**
 * Writes the dataset to `file`, at the national `SCALE` or a smaller one of the same shape (the query-plan test's
 * tenth, the end-to-end tests' national-sized pages).
 */
export async function seedScale(
  file: string,
  { seed = 20260101, scale = SCALE }: { seed?: number; scale?: Scale } = {},
) {
  fs.rmSync(file, { force: true });
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  process.env.DATABASE_URL = file;
  closeDb();
  const db = getDb();
  migrateDatabase(db);
  const sqlite = db.$client;
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("secure_delete = OFF");
  const random = randomFrom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const int = (max: number) => Math.floor(random() * max);
  const started = Date.now();
  const now = Date.now();
  const DAY = 86_400_000;
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const catalogue = getCatalogue();
  const modules = catalogue.modules;

  const inBatches = (label: string, total: number, write: (i: number) => void) => {
    const batch = 50_000;
    for (let start = 0; start < total; start += batch) {
      sqlite.transaction(() => {
        for (let i = start; i < Math.min(total, start + batch); i += 1) write(i);
      })();
      progress(label, Math.min(total, start + batch), total, started);
    }
  };

  // Housing authorities and their referral details.
  const districtIds: string[] = [];
  const insertDistrict = sqlite.prepare(
    "INSERT INTO districts (id, name, council_name, website_url, created_at) VALUES (?, ?, ?, NULL, ?)",
  );
  const insertReferral = sqlite.prepare(
    "INSERT INTO district_referral_details (district_id, referral_route, referral_inbox, office_hours, procedure_summary, updated_at) VALUES (?, 'Use the council''s online Duty to Refer form.', ?, 'Monday to Friday 9:00 to 17:00', 'Ask for consent; refer early.', ?)",
  );
  inBatches("housing authorities", scale.authorities, (i) => {
    const name = `${PLACES[i % PLACES.length]} ${ROOTS[Math.floor(i / PLACES.length) % ROOTS.length]}${STEMS[i % STEMS.length]}`;
    const id = `la-${String(i + 1).padStart(3, "0")}`;
    districtIds.push(id);
    insertDistrict.run(id, name, `${name} Council`, now);
    insertReferral.run(id, `duty-to-refer@${id}.example.org`, now);
  });

  const insertOrganisation = sqlite.prepare(
    "INSERT INTO organisations (slug, name, sector, district_id, subject_to_duty_to_refer, public_inbox, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)",
  );
  const orgDistrict: Array<string | null> = [];
  inBatches("organisations", scale.organisations, (i) => {
    const sector = i < scale.authorities ? "local_housing_authority" : pick(SECTORS);
    const district = i < scale.authorities ? districtIds[i] : random() < 0.15 ? null : pick(districtIds);
    orgDistrict.push(district);
    const dutyToRefer = [
      "criminal_justice",
      "health",
      "mental_health",
      "county_council",
      "employment_and_benefits",
      "armed_forces",
    ].includes(sector)
      ? 1
      : 0;
    insertOrganisation.run(
      `org-${i + 1}`,
      `${pick(ROOTS)}${pick(STEMS)} ${sector.replace(/_/g, " ")} ${i + 1}`,
      sector,
      district,
      dutyToRefer,
      `team@org-${i + 1}.example.org`,
      now,
      now,
    );
  });

  const insertMember = sqlite.prepare(
    "INSERT INTO members (email, name, job_title, organisation_id, role, tier, status, password_hash, created_at, updated_at, deactivated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const memberTier: number[] = [0];
  const memberOrg: number[] = [0];
  inBatches("members", scale.members, (i) => {
    const n = i + 1;
    const bench = n === 1 ? "bench-coordinator" : n === 2 ? "bench-champion" : null;
    const role =
      bench === "bench-coordinator" ? "coordinator" : n <= scale.organisations + 2 && n > 2 ? "org_lead" : "learner";
    const tier = bench === "bench-champion" ? 1 : random() < 0.12 ? 1 : random() < 0.35 ? 2 : 3;
    const organisationId = n <= scale.organisations + 2 && n > 2 ? n - 2 : 1 + int(scale.organisations);
    const status = random() < 0.03 && !bench ? "deactivated" : "active";
    const created = now - int(900) * DAY;
    memberTier.push(tier);
    memberOrg.push(organisationId);
    insertMember.run(
      bench ? `${bench}@example.org` : `member${n}@org-${organisationId}.example.org`,
      bench === "bench-champion"
        ? "Bench Champion"
        : bench
          ? "Bench Coordinator"
          : `${pick(FIRST)} ${pick(ROOTS)}${pick(STEMS)}`,
      pick(["Support worker", "Nurse", "Probation officer", "Work coach", "Social worker", "Housing officer"]),
      organisationId,
      role,
      tier,
      status,
      passwordHash,
      created,
      created,
      status === "deactivated" ? now - int(90) * DAY : null,
    );
  });

  // Lesson progress: each member reads lessons in order through a few modules.
  const insertProgress = sqlite.prepare(
    "INSERT INTO lesson_progress (member_id, module_id, lesson_id, module_version, completed_at) VALUES (?, ?, ?, ?, ?)",
  );
  const lessonSlots = modules.flatMap((m) => m.lessons.map((l) => [m.id, l.id, m.version] as const));
  inBatches("lesson progress", scale.lessonProgress, (i) => {
    const memberId = 1 + Math.floor(i / (scale.lessonProgress / scale.members));
    const slot = lessonSlots[i % (scale.lessonProgress / scale.members)];
    insertProgress.run(memberId, slot[0], slot[1], slot[2], now - int(700) * DAY);
  });

  const insertAttempt = sqlite.prepare(
    "INSERT INTO check_attempts (member_id, module_id, module_version, content_hash, submission_token, answers, score, passed, submitted_at) VALUES (?, ?, ?, ?, ?, '{}', ?, 1, ?)",
  );
  const insertCompletion = sqlite.prepare(
    "INSERT INTO completions (member_id, module_id, module_version, content_hash, attempt_id, score, learner_name, organisation_name, module_title, tier, completed_at, expires_at, certificate_code) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
  );
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  inBatches("completions", scale.completions, (i) => {
    const memberId = 1 + (i % scale.members);
    const module = modules[Math.floor(i / scale.members) % modules.length];
    const completedAt = now - int(800) * DAY;
    const attemptId = Number(
      insertAttempt.run(memberId, module.id, module.version, module.contentHash, `scale-${i}`, 100, completedAt)
        .lastInsertRowid,
    );
    let code = "";
    for (let k = 0; k < 26; k += 1) code += alphabet[int(32)];
    insertCompletion.run(
      memberId,
      module.id,
      module.version,
      module.contentHash,
      attemptId,
      100,
      "Fictional learner",
      module.title,
      module.tier,
      completedAt,
      expiryFor(new Date(completedAt), module.validityMonths)?.getTime() ?? null,
      code,
    );
  });

  const insertWorkshop = sqlite.prepare(
    "INSERT INTO workshops (title, topic, audience_tier, description, starts_at, ends_at, venue, joining_url, capacity, booking_closes_at, status, sequence, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, 'Community hall', NULL, 40, ?, 'scheduled', 0, ?, ?)",
  );
  const workshopStarts: number[] = [0];
  inBatches("workshops", scale.workshops, (i) => {
    // Four in five have happened; the rest are in the next six months.
    const start = i < scale.workshops * 0.8 ? now - (1 + int(720)) * DAY : now + (3 + int(180)) * DAY;
    workshopStarts.push(start);
    insertWorkshop.run(
      `Workshop ${i + 1}`,
      pick(["Duty to Refer", "Universal Credit", "Early indicators", "Housing options"]),
      1 + int(2),
      start,
      start + 3 * 3600_000,
      start - 2 * DAY,
      now,
      now,
    );
  });

  const insertBooking = sqlite.prepare(
    "INSERT INTO bookings (workshop_id, member_id, status, created_at, updated_at) VALUES (?, ?, 'booked', ?, ?)",
  );
  const insertAttendance = sqlite.prepare(
    "INSERT INTO attendance (workshop_id, member_id, status, marked_by, marked_at) VALUES (?, ?, ?, 1, ?)",
  );
  inBatches("bookings and attendance", scale.bookings, (i) => {
    const workshopId = 1 + (i % scale.workshops);
    const memberId = 3 + ((i * 7919) % (scale.members - 2));
    insertBooking.run(workshopId, memberId, now, now);
    if (workshopStarts[workshopId] < now)
      insertAttendance.run(workshopId, memberId, random() < 0.75 ? "attended" : "absent", workshopStarts[workshopId]);
  });
  // The bench champion has places and history, like a real one.
  for (let w = 1; w <= 12; w += 1) {
    const workshopId = scale.workshops - w;
    sqlite
      .prepare(
        "INSERT OR IGNORE INTO bookings (workshop_id, member_id, status, created_at, updated_at) VALUES (?, 2, 'booked', ?, ?)",
      )
      .run(workshopId, now, now);
  }

  for (const specialism of SPECIALISMS) saveSpecialism(specialism, db);
  for (const { specialisms, ...c } of CIRCUMSTANCES) saveCircumstance({ ...c, specialismIds: specialisms }, db);
  const insertContact = sqlite.prepare(
    "INSERT INTO contacts (member_id, is_go_to, how_to_contact, direct_phone, show_direct_phone, last_confirmed_at, created_at, updated_at) VALUES (?, ?, 'Email first.', ?, ?, ?, ?, ?)",
  );
  const insertContactDistrict = sqlite.prepare(
    "INSERT OR IGNORE INTO contact_districts (contact_id, district_id) VALUES (?, ?)",
  );
  const insertContactSpecialism = sqlite.prepare(
    "INSERT OR IGNORE INTO contact_specialisms (contact_id, specialism_id) VALUES (?, ?)",
  );
  inBatches("directory contacts", scale.contacts, (i) => {
    const memberId = 2 + i * Math.floor((scale.members - 2) / scale.contacts);
    const contactId = Number(
      insertContact.run(
        memberId,
        i % 7 === 0 ? 1 : 0,
        `01865 ${String(100000 + i)}`,
        random() < 0.6 ? 1 : 0,
        now - int(300) * DAY,
        now,
        now,
      ).lastInsertRowid,
    );
    const district = orgDistrict[memberOrg[memberId] - 1];
    if (district && random() < 0.7) insertContactDistrict.run(contactId, district);
    insertContactSpecialism.run(contactId, pick(SPECIALISMS).id);
    if (random() < 0.3) insertContactSpecialism.run(contactId, pick(SPECIALISMS).id);
  });
  sqlite.transaction(() => reindexAllContacts(db))();
  progress("search index", scale.contacts, scale.contacts, started);
  const { members, organisations } = scale;
  seedScalePrevention({ sqlite, members, organisations, districtIds, orgDistrict, random, now, inBatches });
  sqlite.pragma("optimize");
  sqlite.exec("ANALYZE");
  closeDb();
  return { seconds: (Date.now() - started) / 1000, memberTiers: memberTier.length };
}

// Run as a script only: a test that imports seedScale must not rebuild data/national.db as a side effect.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const file = path.resolve(process.env.SCALE_DATABASE_URL ?? "data/national.db");
  const { seconds } = await seedScale(file);
  console.log(`National dataset written to ${file} in ${seconds.toFixed(1)} s.`);
}
