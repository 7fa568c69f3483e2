import { and, desc, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "../app/lib/db.server";
import {
  barrierDistricts,
  barrierOrganisations,
  barriers,
  barrierSupports,
  barrierUpdates,
  members,
  organisations,
  toolkitCards,
  workshops,
  type BarrierFrequency,
  type BarrierStatus,
} from "./schema";

const DAY = 86_400_000;

type DemoBarrier = {
  title: string;
  whatHappened: string;
  whereItHappens: string;
  frequency: BarrierFrequency;
  status: BarrierStatus;
  daysAgo: number;
  raisedBy: string;
  supporters: string[];
  organisations: string[];
  districts: string[];
  note: string;
  discussed: boolean;
  remedy: string | null;
};

/** System barriers the Trailblazer review describes, told as members would raise them: no personal data. */
const DEMO_BARRIERS: DemoBarrier[] = [
  {
    title: "Duty to Refer referrals from two national bodies arrive by email, not through the county route",
    whatHappened:
      "Two government departments told their staff to email referrals to the housing authorities instead of using " +
      "the countywide procedure. The emails go to general inboxes, miss the named contacts, and often lack consent " +
      "or a way to reach the person.",
    whereItHappens: "Duty to Refer referrals to the district housing teams",
    frequency: "weekly",
    status: "escalated",
    daysAgo: 200,
    raisedBy: "coordinator@example.org",
    supporters: ["champion@example.org", "orglead@example.org"],
    organisations: ["jobcentre-plus", "ministry-of-defence"],
    districts: [],
    note: "Raised with both departments' regional leads; the board will write to them.",
    discussed: true,
    remedy: "duty-to-refer-procedure",
  },
  {
    title: "Prison leavers with no fixed address are released on a Friday afternoon",
    whatHappened:
      "People leaving prison with nowhere to go are released late on a Friday, when the council's housing team is " +
      "closing. They spend the weekend with no accommodation and miss their first probation appointment.",
    whereItHappens: "Release from prison",
    frequency: "monthly",
    status: "being_worked_on",
    daysAgo: 120,
    raisedBy: "champion@example.org",
    supporters: ["generalist@example.org"],
    organisations: ["hmp-bullingdon", "national-probation-service"],
    districts: ["cherwell", "oxford"],
    note: "The prison and probation are looking at earlier release times for people released with no fixed address.",
    discussed: true,
    remedy: "prison-leaver-checklist",
  },
  {
    title: "Ward staff think a tenant cannot go home because the landlord says so",
    whatHappened:
      "A social landlord told a patient not to return home after a bereavement. Ward staff believed the patient had " +
      "no right to return, and the patient stayed in hospital for weeks after being medically fit.",
    whereItHappens: "Hospital discharge",
    frequency: "few_times_a_year",
    status: "resolved",
    daysAgo: 300,
    raisedBy: "generalist@example.org",
    supporters: ["champion@example.org"],
    organisations: ["oxford-university-hospitals"],
    districts: [],
    note: "The hospital discharge guide now tells ward staff to check tenancy rights before planning for homelessness.",
    discussed: true,
    remedy: "hospital-discharge-guide",
  },
  {
    title: "Tenants in mental health supported housing are evicted without the care team hearing first",
    whatHappened:
      "Notices were served on tenants in specialist mental health housing without their care coordinators knowing. " +
      "They then went into temporary accommodation that did not meet their needs.",
    whereItHappens: "Supported housing in the mental health pathway",
    frequency: "few_times_a_year",
    status: "resolved",
    daysAgo: 400,
    raisedBy: "orglead@example.org",
    supporters: [],
    organisations: ["oxford-health", "response"],
    districts: [],
    note: "The revised pre-eviction protocol, signed off by all five districts, puts early prevention first.",
    discussed: false,
    remedy: "mental-health-pre-eviction-protocol",
  },
  {
    title: "A Universal Credit claim cannot be made until the day of release",
    whatHappened:
      "Someone leaving prison cannot complete their Universal Credit claim before release, so the first payment " +
      "comes about five weeks later and a landlord will not hold a room without rent in advance.",
    whereItHappens: "Benefits claims on release from prison",
    frequency: "most_days",
    status: "open",
    daysAgo: 12,
    raisedBy: "learner@example.org",
    supporters: ["champion@example.org"],
    organisations: ["jobcentre-plus", "hmp-bullingdon"],
    districts: [],
    note: "",
    discussed: false,
    remedy: null,
  },
  {
    title: "No rent deposit help for single people outside the city",
    whatHappened:
      "Single people in the rural districts are told there is no deposit or rent in advance scheme for them, so a " +
      "room in a shared house is out of reach even when a landlord will take them.",
    whereItHappens: "Finding a private rented room",
    frequency: "monthly",
    status: "wont_fix",
    daysAgo: 250,
    raisedBy: "champion@example.org",
    supporters: [],
    organisations: ["west-oxfordshire-district-council"],
    districts: ["west-oxfordshire"],
    note: "Funding decisions sit with each council, outside the network; passed to the district housing leads.",
    discussed: false,
    remedy: null,
  },
];

/**
 * Demo system barriers, raised by the demo accounts, some supported, triaged
 * and linked to a past workshop and to the toolkit card of their remedy. No
 * email is queued: the demo's history is written as it would stand.
 */
export function seedBarriers(tx: Db, { now }: { now: Date }) {
  const memberId = (email: string) => tx.select().from(members).where(eq(members.email, email)).get()?.id;
  const coordinator = memberId("coordinator@example.org");
  if (coordinator === undefined) return;
  const pastWorkshop = tx
    .select({ id: workshops.id })
    .from(workshops)
    .where(and(eq(workshops.status, "scheduled"), lte(workshops.endsAt, now)))
    .orderBy(desc(workshops.startsAt))
    .get();
  for (const demo of DEMO_BARRIERS) {
    const raisedBy = memberId(demo.raisedBy);
    if (raisedBy === undefined) continue;
    const createdAt = new Date(now.getTime() - demo.daysAgo * DAY);
    const updatedAt = new Date(createdAt.getTime() + Math.min(demo.daysAgo, 30) * DAY * 0.5);
    const remedy = demo.remedy
      ? tx.select({ id: toolkitCards.id }).from(toolkitCards).where(eq(toolkitCards.slug, demo.remedy)).get()
      : undefined;
    const { id } = tx
      .insert(barriers)
      .values({
        title: demo.title,
        whatHappened: demo.whatHappened,
        whereItHappens: demo.whereItHappens,
        frequency: demo.frequency,
        status: demo.status,
        raisedBy,
        workshopId: demo.discussed ? (pastWorkshop?.id ?? null) : null,
        toolkitCardId: remedy?.id ?? null,
        createdAt,
        updatedAt: demo.status === "open" ? createdAt : updatedAt,
      })
      .returning({ id: barriers.id })
      .get();
    const organisationIds = tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(inArray(organisations.slug, demo.organisations))
      .all();
    for (const organisation of organisationIds)
      tx.insert(barrierOrganisations).values({ barrierId: id, organisationId: organisation.id }).run();
    for (const districtId of demo.districts) tx.insert(barrierDistricts).values({ barrierId: id, districtId }).run();
    for (const email of demo.supporters) {
      const supporter = memberId(email);
      if (supporter !== undefined && supporter !== raisedBy)
        tx.insert(barrierSupports).values({ barrierId: id, memberId: supporter, createdAt: updatedAt }).run();
    }
    if (demo.status !== "open")
      tx.insert(barrierUpdates)
        .values({
          barrierId: id,
          fromStatus: "open",
          toStatus: demo.status,
          note: demo.note,
          changedBy: coordinator,
          createdAt: updatedAt,
        })
        .run();
  }
}
