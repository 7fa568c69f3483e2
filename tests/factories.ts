/**
 * Factories for the tests. Each takes overrides and the database last, so a
 * test can pass its own handle. The app and the seed import nothing from here
 * (tests/unit/production-imports.test.ts): what both need lives in app/ or drizzle/.
 */
import { checkAttempts, completions } from "../drizzle/schema";
import type { Role } from "../drizzle/schema/constants";
import { getDb, type Db } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import { createMember, type CreateMemberInput } from "~/models/member.server";
import { createOrganisation } from "~/models/organisation.server";
import { enableTwoStepWithSecret } from "~/models/two-step.server";
import { roleNeedsTwoStep } from "~/lib/two-step-rule";
import type { ContactDetails } from "~/models/contact.server";
import type { WorkshopInput } from "~/models/workshop.server";

/** The county's districts, as the seed writes them. */
export { seedDistricts as createDistricts } from "../drizzle/seed";

const DAY = 86_400_000;

export const TEST_PASSWORD = "a long test passphrase";

const hashes = new Map<string, Promise<string>>();

/** argon2 is slow on purpose: hash each distinct password once per process. */
export function passwordHashFor(password: string) {
  let cached = hashes.get(password);
  if (!cached) {
    cached = hashPassword(password);
    hashes.set(password, cached);
  }
  return cached;
}

let sequence = 0;
function next() {
  sequence += 1;
  return sequence;
}

export function createTestOrganisation(
  overrides: Partial<Parameters<typeof createOrganisation>[0]> = {},
  db: Db = getDb(),
) {
  const n = next();
  return createOrganisation(
    {
      slug: `test-organisation-${n}`,
      name: `Test Organisation ${n}`,
      sector: "voluntary_and_community",
      districtId: null,
      subjectToDutyToRefer: false,
      description: "",
      publicInbox: null,
      ...overrides,
    },
    db,
  );
}

export type TestMemberOverrides = Partial<Omit<CreateMemberInput, "passwordHash">> & {
  password?: string;
  passwordHash?: string;
  role?: Role;
  /** Two-step sign-in set up with TEST_TWO_STEP_SECRET; on by default for the roles that need it. */
  twoStep?: boolean;
};

/** The authenticator secret of every test member with two-step sign-in (base32). */
export const TEST_TWO_STEP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

export async function createTestMember(overrides: TestMemberOverrides = {}, db: Db = getDb()) {
  const n = next();
  const {
    password = TEST_PASSWORD,
    passwordHash,
    twoStep = roleNeedsTwoStep(overrides.role ?? "learner"),
    ...rest
  } = overrides;
  const hash = passwordHash ?? (await passwordHashFor(password));
  const created = createMember(
    {
      email: `member${n}@example.org`,
      name: `Test Member ${n}`,
      jobTitle: "Support worker",
      ...rest,
      passwordHash: hash,
    },
    db,
  );
  if (twoStep) enableTwoStepWithSecret({ memberId: created.id, secret: TEST_TWO_STEP_SECRET }, db);
  return { id: created.id, email: rest.email ?? `member${n}@example.org`, password };
}

/**
 * A workshop 30 days ahead, in whole minutes as the forms and calendars work in,
 * two and a half hours long, 20 places, booking closing two days before.
 */
export function testWorkshopInput(overrides: Partial<WorkshopInput> = {}): WorkshopInput {
  const startsAt = overrides.startsAt ?? new Date(Math.floor((Date.now() + 30 * DAY) / 60_000) * 60_000);
  return {
    title: "Tier 1 workshop",
    topic: "Duty to Refer",
    audienceTier: 1,
    description: "",
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2.5 * 60 * 60 * 1000),
    venue: "Town Hall",
    joiningUrl: null,
    capacity: 20,
    bookingClosesAt: new Date(startsAt.getTime() - 2 * DAY),
    ...overrides,
  };
}

/** A directory entry's details: not a go-to contact, no numbers, every district, no specialisms. */
export function testContactDetails(overrides: Partial<ContactDetails> = {}): ContactDetails {
  return {
    isGoTo: false,
    howToContact: "",
    directPhone: null,
    showDirectPhone: false,
    mobile: null,
    showMobile: false,
    districtIds: [],
    specialismIds: [],
    ...overrides,
  };
}

/** A member's completion of a module at a time (with the check attempt it needs), as written when they pass. */
export function createTestCompletion(
  {
    memberId,
    moduleId,
    completedAt,
    expiresAt = null,
    moduleTitle = moduleId,
  }: { memberId: number; moduleId: string; completedAt: Date; expiresAt?: Date | null; moduleTitle?: string },
  db: Db = getDb(),
) {
  const n = next();
  const attempt = db
    .insert(checkAttempts)
    .values({
      memberId,
      moduleId,
      moduleVersion: 1,
      contentHash: "h",
      submissionToken: `completion-${n}`,
      answers: "{}",
      score: 100,
      passed: true,
      submittedAt: completedAt,
    })
    .returning({ id: checkAttempts.id })
    .get();
  return db
    .insert(completions)
    .values({
      memberId,
      moduleId,
      moduleVersion: 1,
      contentHash: "h",
      attemptId: attempt.id,
      score: 100,
      learnerName: "Test learner",
      organisationName: null,
      moduleTitle,
      tier: 3,
      completedAt,
      expiresAt,
      certificateCode: `COMPLETION${n}`.padEnd(26, "A"),
    })
    .returning({ id: completions.id })
    .get();
}
