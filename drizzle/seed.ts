/**
 * Demo data: the county's districts and partner organisations, and fictional
 * members of every role and tier. Runs only against an empty database.
 *
 *   npm run db:seed     (migrates first; does nothing if data exists)
 */
import { pathToFileURL } from "node:url";
import { count } from "drizzle-orm";
import {
  CIRCUMSTANCES,
  DISTRICTS,
  DUTY_TO_REFER_PROCEDURE,
  ORGANISATION_SPECIALISMS,
  ORGANISATIONS,
  SPECIALISMS,
} from "./county-data";
import { attendance, bookings, districts, members, workshopFeedback } from "./schema";
import type { Role } from "./schema/constants";
import { getDb, inTransaction, migrateDatabase, type Db } from "../app/lib/db.server";
import { createMember } from "../app/models/member.server";
import { createDistrict } from "../app/models/district.server";
import { createOrganisation } from "../app/models/organisation.server";
import { hashPassword } from "../app/lib/password.server";
import { enableTwoStepWithSecret } from "../app/models/two-step.server";
import { roleNeedsTwoStep } from "../app/lib/two-step-rule";
import { londonToUtc } from "../app/lib/dates";
import { nthWeekdayOfMonth } from "../app/lib/workshops/series";
import { createWorkshop, createWorkshopSeries, type WorkshopInput } from "../app/models/workshop.server";
import { proposeTopic, setTopicSupport } from "../app/models/feedback.server";
import { createContact } from "../app/models/contact.server";
import { getNextPaper, submitCheckAttempt } from "../app/models/check-attempt.server";
import { getCatalogue, type LearningModule } from "../app/lib/content/catalogue.server";
import { saveCircumstance, saveSpecialism, updateDistrictReferral } from "../app/models/directory.server";
import { organisations } from "./schema";
import { asc, eq } from "drizzle-orm";
import { seedToolkit } from "./seed-toolkit";
import { seedBarriers } from "./seed-barriers";
import { seedPrevention } from "./seed-prevention";
import { seedMerges } from "./seed-merges";
import { seedSuccession } from "./seed-succession";

export const DEMO_PASSWORD = "champions-demo-2026";
/**
 * The demo coordinator's and administrator's authenticator secret (base32),
 * published so anyone trying the demo can sign in: `npm run demo:code -- EMAIL`
 * prints the current code, or add it to an authenticator app.
 */
export const DEMO_TWO_STEP_SECRET = "CHAMPIONSNETWORKDEMOTWOSTEPCODES";

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
  {
    email: "coordinator@example.org",
    name: "Morgan Thistlewood",
    jobTitle: "Homelessness Champions Network coordinator",
    organisationSlug: "oxford-city-council",
    role: "coordinator",
    tier: 1,
    description: "network coordinator",
  },
  {
    email: "champion@example.org",
    name: "Priya Bramblecombe",
    jobTitle: "Discharge liaison nurse",
    organisationSlug: "oxford-university-hospitals",
    role: "learner",
    tier: 1,
    description: "Tier 1 champion, hospital trust",
  },
  {
    email: "generalist@example.org",
    name: "Dev Kestrelford",
    jobTitle: "Probation officer",
    organisationSlug: "national-probation-service",
    role: "learner",
    tier: 2,
    description: "Tier 2 generalist, probation",
  },
  {
    email: "learner@example.org",
    name: "Sam Willowmere",
    jobTitle: "Work coach",
    organisationSlug: "jobcentre-plus",
    role: "learner",
    tier: 3,
    description: "Tier 3 awareness learner, Jobcentre Plus",
  },
  {
    email: "orglead@example.org",
    name: "Jo Fernley",
    jobTitle: "Ward manager",
    organisationSlug: "oxford-health",
    role: "org_lead",
    tier: 2,
    description: "organisation lead, Oxford Health",
  },
  {
    email: "admin@example.org",
    name: "Alex Linhurst",
    jobTitle: "Systems administrator",
    organisationSlug: "oxford-city-council",
    role: "admin",
    tier: 3,
    description: "administrator",
  },
];

/** Invented names: first names paired with made-up surnames, so nobody real is named. */
const FIRST_NAMES = [
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
];
const SURNAME_STARTS = [
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
];
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

/** The county's districts; the tests start from the same ones. */
export function seedDistricts(db: Db = getDb()) {
  for (const district of DISTRICTS) createDistrict(district, db);
}

export function databaseHasData(db: Db = getDb()) {
  const districtCount = db.select({ n: count() }).from(districts).get()?.n ?? 0;
  const memberCount = db.select({ n: count() }).from(members).get()?.n ?? 0;
  return districtCount > 0 || memberCount > 0;
}

export async function seedDemoData(db: Db = getDb()) {
  if (databaseHasData(db)) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const random = randomFrom(20171001);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];

  inTransaction((tx) => {
    seedDistricts(tx);
    const organisationIds = new Map<string, { id: number; sector: string }>();
    for (const organisation of ORGANISATIONS) {
      const inbox = `housing-contact@${organisation.slug}.example.org`;
      const created = createOrganisation({ ...organisation, publicInbox: inbox }, tx);
      organisationIds.set(organisation.slug, { id: created.id, sector: organisation.sector });
    }

    for (const account of DEMO_ACCOUNTS) {
      const member = createMember(
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
      // Staff sign in with two steps: the demo accounts' authenticator secret is published (README).
      if (roleNeedsTwoStep(account.role))
        enableTwoStepWithSecret({ memberId: member.id, secret: DEMO_TWO_STEP_SECRET }, tx);
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
    seedWorkshops(tx, random, new Date());
    seedDirectory(tx, random, passwordHash, new Date());
    seedToolkit(tx, { now: new Date() });
    seedBarriers(tx, { now: new Date() });
    seedPrevention(tx, { now: new Date() });
    seedCompletions(tx, random, new Date());
    seedSuccession(tx, { now: new Date() });
    seedMerges(tx, {
      actorId: tx.select({ id: members.id }).from(members).where(eq(members.role, "coordinator")).get()!.id,
    });
  }, db);
  return { seeded: true };
}

/**
 * The directory: specialisms and circumstances, each district housing team's
 * Duty to Refer contact and deputy, and an entry for every Tier 1 champion
 * (the first in each organisation is its go-to person). Some entries have
 * gone more than six months without being confirmed, so staleness shows.
 */
function seedDirectory(tx: Db, random: () => number, passwordHash: string, now: Date) {
  for (const specialism of SPECIALISMS) saveSpecialism(specialism, tx);
  CIRCUMSTANCES.forEach(({ specialisms, ...circumstance }) =>
    saveCircumstance({ ...circumstance, specialismIds: specialisms }, tx),
  );
  const monthsAgo = (months: number) => new Date(now.getTime() - months * 30.5 * 86_400_000);

  const officers = [
    ["Hannah", "Juniperwick"],
    ["Leon", "Ashcombe"],
    ["Meera", "Sorrelford"],
    ["Callum", "Brambleley"],
    ["Ruth", "Elderstead"],
    ["Tariq", "Mossfield"],
    ["Nina", "Hazelmere"],
    ["Gareth", "Rowanbury"],
    ["Ayesha", "Lindenhurst"],
    ["Paul", "Wrenford"],
  ];
  DISTRICTS.forEach((district, i) => {
    const council = tx
      .select({ id: organisations.id, slug: organisations.slug })
      .from(organisations)
      .where(eq(organisations.districtId, district.id))
      .all()
      .find((o) => o.slug.endsWith("council"))!;
    const ids = [0, 1].map((k) => {
      const [first, last] = officers[i * 2 + k];
      const member = createMember(
        {
          email: `${first.toLowerCase()}.${last.toLowerCase()}@${council.slug}.example.org`,
          name: `${first} ${last}`,
          jobTitle: k === 0 ? "Duty to Refer officer, housing options" : "Senior housing options officer",
          organisationId: council.id,
          role: "learner",
          tier: 2,
          passwordHash,
        },
        tx,
      );
      return createContact(
        {
          memberId: member.id,
          details: {
            isGoTo: k === 0,
            howToContact:
              k === 0
                ? "Email first; I reply within one working day."
                : "Covers when the Duty to Refer officer is away.",
            directPhone: `01865 ${String(900100 + i * 10 + k)}`,
            showDirectPhone: true,
            mobile: null,
            showMobile: false,
            districtIds: [district.id],
            specialismIds: [],
          },
          now: k === 1 && i === 2 ? monthsAgo(8) : monthsAgo(1),
        },
        tx,
      ).id;
    });
    updateDistrictReferral(
      {
        districtId: district.id,
        input: {
          referralRoute: `Use ${district.councilName}'s online Duty to Refer form (linked from its housing pages), or email the referral inbox. For someone homeless tonight, phone the housing options team; out of hours, the council's emergency line.`,
          referralInbox: `duty-to-refer@${district.id}.example.org`,
          officeHours: "Monday to Thursday 9:00 to 17:00, Friday 9:00 to 16:30",
          procedureSummary: DUTY_TO_REFER_PROCEDURE,
          dutyToReferContactId: ids[0],
          deputyContactId: ids[1],
        },
        now,
      },
      tx,
    );
  });

  const people = tx
    .select({
      id: members.id,
      email: members.email,
      tier: members.tier,
      organisationId: members.organisationId,
      slug: organisations.slug,
      districtId: organisations.districtId,
      sector: organisations.sector,
    })
    .from(members)
    .innerJoin(organisations, eq(organisations.id, members.organisationId))
    .where(eq(members.status, "active"))
    .orderBy(asc(members.id))
    .all()
    .filter((m) => m.sector !== "local_housing_authority" && (m.tier === 1 || m.email === "generalist@example.org"));
  const goToDone = new Set<number>();
  for (const person of people) {
    const isGoTo = person.tier === 1 && !goToDone.has(person.organisationId!);
    if (isGoTo) goToDone.add(person.organisationId!);
    const countywide = person.slug === "hmp-bullingdon" || person.slug === "ministry-of-defence";
    createContact(
      {
        memberId: person.id,
        details: {
          isGoTo,
          howToContact: isGoTo
            ? "Your organisation's go-to person for housing questions: email me, or ask the switchboard for me."
            : "Happy to talk through a case: email is best.",
          directPhone: random() < 0.6 ? `01865 ${String(700000 + person.id)}` : null,
          showDirectPhone: random() < 0.7,
          mobile: random() < 0.4 ? `07700 ${String(900000 + person.id).slice(-6)}` : null,
          showMobile: false,
          districtIds: person.districtId && !countywide ? [person.districtId] : [],
          specialismIds: ORGANISATION_SPECIALISMS[person.slug] ?? [],
        },
        // Most confirmed recently; about one in six has gone stale.
        now:
          person.email === "champion@example.org"
            ? monthsAgo(2)
            : random() < 0.17
              ? monthsAgo(7 + Math.floor(random() * 6))
              : monthsAgo(Math.floor(random() * 5)),
      },
      tx,
    );
  }
}

/**
 * Completions so reports and pathways have something to show: most members
 * have the awareness module; champions and generalists have generalist
 * modules too; a few have expired or are due for a refresher.
 */
function seedCompletions(tx: Db, random: () => number, now: Date) {
  const catalogue = getCatalogue();
  const awareness = catalogue.byId.get("homelessness-awareness");
  const generalist = catalogue.modules.filter((m) => m.tier === 2);
  const people = tx
    .select({ id: members.id, tier: members.tier, email: members.email })
    .from(members)
    .where(eq(members.status, "active"))
    .orderBy(asc(members.id))
    .all();
  let token = 0;
  const pass = (memberId: number, module: LearningModule, monthsAgo: number) => {
    const { questions } = getNextPaper({ memberId, module }, tx);
    const answers = Object.fromEntries(
      questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]),
    );
    token += 1;
    submitCheckAttempt(
      {
        memberId,
        module,
        answers,
        submissionToken: `seed-${String(token).padStart(20, "0")}`,
        now: new Date(now.getTime() - monthsAgo * 30.5 * 86_400_000),
      },
      tx,
    );
  };
  for (const person of people) {
    if (person.email === "learner@example.org") continue; // the demo learner starts from scratch
    if (awareness && (person.tier <= 2 || random() < 0.5))
      pass(person.id, awareness, person.email === "champion@example.org" ? 3 : Math.floor(random() * 26));
    if (person.tier <= 2) {
      for (const module of generalist)
        if (person.email === "champion@example.org" || random() < (person.tier === 1 ? 0.8 : 0.4))
          pass(person.id, module, Math.floor(random() * 20));
    }
  }
}

const WORKSHOP_TOPICS = [
  { title: "Housing options in the county", topic: "Housing options" },
  { title: "Spotting the early indicators", topic: "Early indicators of homelessness" },
  { title: "The Homelessness Reduction Act in practice", topic: "Homelessness Reduction Act" },
  { title: "Universal Credit and housing costs", topic: "Universal Credit" },
  { title: "Making a Duty to Refer referral", topic: "Duty to Refer procedure" },
  { title: "Prison release and housing", topic: "Prison leavers" },
];

/** The third Tuesday of every second month, counted back from and forward from now, at 10:00 to 12:30 London time. */
function bimonthlyDates(now: Date, before: number, after: number) {
  const dates: string[] = [];
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  for (let offset = -24; offset <= 24; offset += 1) {
    const index = year * 12 + (month - 1) + offset;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    if (m % 2 === 1) dates.push(nthWeekdayOfMonth(y, m, 2, 3));
  }
  const today = now.toISOString().slice(0, 10);
  const past = dates.filter((d) => d < today).slice(-before);
  const future = dates.filter((d) => d > today).slice(0, after);
  return { past, future };
}

function workshopOn(date: string, index: number, audienceTier: number, capacity: number): WorkshopInput {
  const topic = WORKSHOP_TOPICS[index % WORKSHOP_TOPICS.length];
  const startsAt = londonToUtc(date, "10:00")!;
  return {
    title: audienceTier === 1 ? `Tier 1 champions' workshop: ${topic.title}` : `Generalist session: ${topic.title}`,
    topic: topic.topic,
    audienceTier,
    description: `A coordinator-led ${audienceTier === 1 ? "workshop for the network's Tier 1 champions" : "session for Tier 2 generalists"} on **${topic.topic.toLowerCase()}**, with time to share cases and meet colleagues from other organisations.\n\n- Bring an anonymised case you would like to talk through.\n- Tea and coffee from 09:45.`,
    startsAt,
    endsAt: londonToUtc(date, "12:30")!,
    venue: "Town Hall, St Aldate's, Oxford",
    joiningUrl: "https://meet.example.org/champions-network",
    capacity,
    bookingClosesAt: new Date(startsAt.getTime() - 2 * 24 * 60 * 60 * 1000),
  };
}

/**
 * Six past Tier 1 workshops with registers (so currency shows), a year of
 * upcoming ones, generalist sessions, feedback and proposed topics.
 */
function seedWorkshops(tx: Db, random: () => number, now: Date) {
  const coordinator = tx
    .select({ id: members.id })
    .from(members)
    .where(eq(members.email, "coordinator@example.org"))
    .get()!;
  // In the order they joined: an index on tier (the members list's) must not reorder who books what.
  const champions = tx
    .select({ id: members.id, email: members.email })
    .from(members)
    .where(eq(members.tier, 1))
    .orderBy(asc(members.id))
    .all();
  const { past, future } = bimonthlyDates(now, 6, 6);
  // The demo champions joined the network as Tier 1 champions before the first of these workshops, so
  // their currency is worked out from all six (a champion who joined today would be new, not lapsed).
  const championsSince = new Date(londonToUtc(past[0], "10:00")!.getTime() - 30 * 86_400_000);
  tx.update(members).set({ tier1Since: championsSince, createdAt: championsSince }).where(eq(members.tier, 1)).run();

  past.forEach((date, i) => {
    const input = workshopOn(date, i, 1, 60);
    const { id } = createWorkshop({
      input,
      createdBy: coordinator.id,
      now: new Date(input.startsAt.getTime() - 60 * 86_400_000),
    });
    for (const champion of champions) {
      const bookedAt = new Date(input.startsAt.getTime() - 30 * 86_400_000);
      const roll = random();
      const sendsApologies = roll > 0.85;
      tx.insert(bookings)
        .values({
          workshopId: id,
          memberId: champion.id,
          status: sendsApologies ? "apologies" : "booked",
          createdAt: bookedAt,
          updatedAt: bookedAt,
        })
        .run();
      // The demo champion keeps current; others vary.
      const attended = champion.email === "champion@example.org" ? i % 3 !== 1 : roll < 0.65;
      tx.insert(attendance)
        .values({
          workshopId: id,
          memberId: champion.id,
          status: sendsApologies ? "apologies" : attended ? "attended" : "absent",
          markedBy: coordinator.id,
          markedAt: input.endsAt,
        })
        .run();
      if (
        attended &&
        !sendsApologies &&
        i === past.length - 1 &&
        champion.email !== "champion@example.org" &&
        random() < 0.6
      ) {
        tx.insert(workshopFeedback)
          .values({
            workshopId: id,
            memberId: champion.id,
            rating: 3 + Math.floor(random() * 3),
            mostUseful: "Hearing how other organisations handle hospital discharge.",
            createdAt: input.endsAt,
          })
          .run();
      }
    }
  });

  const upcoming = createWorkshopSeries(
    {
      title: "Tier 1 champions' workshops",
      rule: "every second month on the third Tuesday, 10:00 to 12:30",
      inputs: future.map((date, i) => workshopOn(date, i + past.length, 1, 30)),
      createdBy: coordinator.id,
      now,
    },
    tx,
  );
  // Some champions have already booked the next workshop.
  const next = upcoming.workshopIds[0];
  for (const champion of champions.slice(0, 8)) {
    tx.insert(bookings)
      .values({ workshopId: next, memberId: champion.id, status: "booked", createdAt: now, updatedAt: now })
      .run();
  }
  for (const date of future.slice(0, 2)) {
    const sessionDate = nthWeekdayOfMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 4, 2);
    if (sessionDate > now.toISOString().slice(0, 10))
      createWorkshop({ input: workshopOn(sessionDate, 1, 2, 40), createdBy: coordinator.id, now }, tx);
  }

  const topics = [
    {
      title: "Care leavers turning 18: planning the move",
      details: "How leaving care teams and districts work together before the 18th birthday.",
    },
    { title: "Hoarding and tenancy sustainment", details: "" },
    {
      title: "Right to Rent and people without settled status",
      details: "Who can help when someone has no recourse to public funds.",
    },
  ];
  topics.forEach((topic, i) => {
    const proposer = champions[i % champions.length];
    const { id } = proposeTopic({ memberId: proposer.id, ...topic, now }, tx);
    for (const supporter of champions.slice(i + 1, i + 1 + (6 - i * 2)))
      setTopicSupport({ topicId: id, memberId: supporter.id, support: true, now }, tx);
  });
}

// Run directly: migrate, then seed an empty database.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const db = getDb();
  migrateDatabase(db);
  const { seeded } = await seedDemoData(db);
  console.log(
    seeded ? `Seeded demo data. Demo password: ${DEMO_PASSWORD}` : "The database already has data: nothing seeded.",
  );
}
