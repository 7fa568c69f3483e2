/**
 * Demo data: the county's districts and partner organisations, and fictional
 * members of every role and tier. Runs only against an empty database.
 *
 *   npm run db:seed     (migrates first; does nothing if data exists)
 */
import { pathToFileURL } from "node:url";
import { count } from "drizzle-orm";
import { ORGANISATIONS } from "./county-data";
import { districts, members } from "./schema";
import type { Role } from "./schema/constants";
import { getDb, inTransaction, migrateDatabase, type Db } from "../app/lib/db.server";
import { createMember } from "../app/models/member.server";
import { createDistricts, createTestOrganisation, passwordHashFor } from "../tests/factories";

export const DEMO_PASSWORD = "champions-demo-2026";

type DemoAccount = {
  email: string;
  name: string;
  jobTitle: string;
  organisationSlug: string;
  role: Role;
  tier: 1 | 2 | 3;
  description: string;
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "coordinator@example.org", name: "Morgan Thistlewood", jobTitle: "Homelessness Champions Network coordinator", organisationSlug: "oxford-city-council", role: "coordinator", tier: 1, description: "network coordinator" },
  { email: "champion@example.org", name: "Priya Bramblecombe", jobTitle: "Discharge liaison nurse", organisationSlug: "oxford-university-hospitals", role: "learner", tier: 1, description: "Tier 1 champion, hospital trust" },
  { email: "generalist@example.org", name: "Dev Kestrelford", jobTitle: "Probation officer", organisationSlug: "national-probation-service", role: "learner", tier: 2, description: "Tier 2 generalist, probation" },
  { email: "learner@example.org", name: "Sam Willowmere", jobTitle: "Work coach", organisationSlug: "jobcentre-plus", role: "learner", tier: 3, description: "Tier 3 awareness learner, Jobcentre Plus" },
  { email: "orglead@example.org", name: "Jo Fernley", jobTitle: "Ward manager", organisationSlug: "oxford-health", role: "org_lead", tier: 2, description: "organisation lead, Oxford Health" },
  { email: "admin@example.org", name: "Alex Linhurst", jobTitle: "Systems administrator", organisationSlug: "oxford-city-council", role: "admin", tier: 3, description: "administrator" },
];

/** Invented names: first names paired with made-up surnames, so nobody real is named. */
const FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Harry", "Imran", "Jess", "Kieran", "Leah", "Marcus", "Nadia", "Owen", "Poppy", "Rhys", "Sana", "Tom", "Uma", "Vikram", "Zoe"];
const SURNAME_STARTS = ["Ash", "Birch", "Bramble", "Copper", "Elder", "Fern", "Hazel", "Juniper", "Linden", "Moss", "Rowan", "Sorrel", "Thistle", "Wren"];
const SURNAME_ENDS = ["bury", "combe", "field", "ford", "hurst", "ley", "mere", "stead", "wick"];
const JOB_TITLES: Record<string, string[]> = {
  local_housing_authority: ["Housing options officer", "Homelessness prevention officer", "Housing needs manager"],
  county_council: ["Social worker", "Leaving care personal adviser", "Hospital social worker"],
  health: ["Discharge coordinator", "Emergency department nurse", "Patient flow manager"],
  mental_health: ["Community psychiatric nurse", "Ward manager", "Occupational therapist"],
  primary_care: ["Practice manager", "Social prescribing link worker"],
  criminal_justice: ["Resettlement officer", "Probation officer", "Offender manager"],
  employment_and_benefits: ["Work coach", "Complex needs lead"],
  housing_provider: ["Tenancy sustainment officer", "Income officer"],
  voluntary_and_community: ["Support worker", "Advice worker", "Outreach worker"],
  armed_forces: ["Welfare officer", "Resettlement adviser"],
  other: ["Officer"],
};

/** A small deterministic random generator (mulberry32), so demo data is the same every time. */
function randomFrom(seed: number) {
  let state = seed;
  return () => {
    state |= 0;
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function databaseHasData(db: Db = getDb()) {
  const districtCount = db.select({ n: count() }).from(districts).get()?.n ?? 0;
  const memberCount = db.select({ n: count() }).from(members).get()?.n ?? 0;
  return districtCount > 0 || memberCount > 0;
}

export async function seedDemoData(db: Db = getDb()) {
  if (databaseHasData(db)) return { seeded: false };
  const passwordHash = await passwordHashFor(DEMO_PASSWORD);
  const random = randomFrom(20171001);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];

  inTransaction((tx) => {
    createDistricts(tx);
    const organisationIds = new Map<string, { id: number; sector: string }>();
    for (const organisation of ORGANISATIONS) {
      const inbox = `housing-contact@${organisation.slug}.example.org`;
      const created = createTestOrganisation({ ...organisation, publicInbox: inbox }, tx);
      organisationIds.set(organisation.slug, { id: created.id, sector: organisation.sector });
    }

    for (const account of DEMO_ACCOUNTS) {
      createMember(
        {
          email: account.email,
          name: account.name,
          jobTitle: account.jobTitle,
          organisationId: organisationIds.get(account.organisationSlug)!.id,
          role: account.role,
          tier: account.tier,
          passwordHash,
        },
        tx,
      );
    }

    // Every organisation gets a Tier 1 champion or two and a few Tier 2 and 3 members;
    // three organisations are left without a champion so the gaps show.
    const withoutChampion = new Set(["oxfordshire-ccg", "hmp-spring-hill", "turning-point"]);
    const usedNames = new Set(DEMO_ACCOUNTS.map((a) => a.name));
    let n = 0;
    for (const organisation of ORGANISATIONS) {
      const { id, sector } = organisationIds.get(organisation.slug)!;
      const tiers: number[] = withoutChampion.has(organisation.slug) ? [2, 3] : [1, 2, 3];
      if (!withoutChampion.has(organisation.slug) && random() < 0.4) tiers.push(1);
      if (random() < 0.5) tiers.push(3);
      for (const tier of tiers) {
        let name: string;
        do {
          name = `${pick(FIRST_NAMES)} ${pick(SURNAME_STARTS)}${pick(SURNAME_ENDS)}`;
        } while (usedNames.has(name));
        usedNames.add(name);
        n += 1;
        const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${organisation.slug}.example.org`;
        createMember(
          {
            email,
            name,
            jobTitle: pick(JOB_TITLES[sector] ?? JOB_TITLES.other),
            organisationId: id,
            role: "learner",
            tier,
            passwordHash,
            status: n % 29 === 0 ? "deactivated" : "active",
          },
          tx,
        );
      }
    }
  }, db);
  return { seeded: true };
}

// Run directly: migrate, then seed an empty database.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const db = getDb();
  migrateDatabase(db);
  const { seeded } = await seedDemoData(db);
  console.log(seeded ? `Seeded demo data. Demo password: ${DEMO_PASSWORD}` : "The database already has data: nothing seeded.");
}
