/**
 * Enumerations used by the table definitions and by the zod schemas, so that
 * each value has one spelling.
 */
export const ROLES = ["learner", "org_lead", "coordinator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  learner: "Learner",
  org_lead: "Organisation lead",
  coordinator: "Network coordinator",
  admin: "Administrator",
};

export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_LABELS: Record<Tier, string> = {
  1: "Tier 1 Specialist",
  2: "Tier 2 Generalist",
  3: "Tier 3 Awareness",
};

export const MEMBER_STATUSES = ["active", "deactivated"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const SECTORS = [
  "local_housing_authority",
  "county_council",
  "health",
  "mental_health",
  "primary_care",
  "criminal_justice",
  "employment_and_benefits",
  "housing_provider",
  "voluntary_and_community",
  "armed_forces",
  "other",
] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Record<Sector, string> = {
  local_housing_authority: "Local housing authority",
  county_council: "County council",
  health: "Health (hospitals and commissioning)",
  mental_health: "Mental health",
  primary_care: "Primary care",
  criminal_justice: "Criminal justice",
  employment_and_benefits: "Employment and benefits",
  housing_provider: "Housing provider",
  voluntary_and_community: "Voluntary and community",
  armed_forces: "Armed forces",
  other: "Other",
};

/** The five local housing authorities of Oxfordshire, by id. */
export const DISTRICT_IDS = [
  "cherwell",
  "oxford",
  "south-oxfordshire",
  "vale-of-white-horse",
  "west-oxfordshire",
] as const;
export type DistrictId = (typeof DISTRICT_IDS)[number];

export const WORKSHOP_STATUSES = ["scheduled", "cancelled"] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];

/** A booking's life: booked or waiting; later cancelled, or apologies sent. */
export const BOOKING_STATUSES = ["booked", "waiting", "cancelled", "apologies"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const ATTENDANCE_STATUSES = ["attended", "absent", "apologies"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  attended: "Attended",
  absent: "Absent",
  apologies: "Apologies",
};

/** How someone came to be checked in: with the workshop's code, or added on the register by the coordinator. */
export const CHECK_IN_METHODS = ["code", "coordinator"] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

/** A walk-in (checked in without a booking) waits for the coordinator to confirm them, or not. */
export const WALK_IN_STATUSES = ["awaiting", "confirmed", "rejected"] as const;
export type WalkInStatus = (typeof WALK_IN_STATUSES)[number];

export const TOPIC_STATUSES = ["open", "scheduled"] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

/** withdrawn: a reminder that no longer applied when it was due to go (renewed, booked, turned off), so never sent. */
export const EMAIL_STATUSES = ["pending", "sending", "sent", "failed", "kept", "withdrawn"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** How early help started, as the Trailblazer review counts it. */
export const PREVENTION_EARLINESS = ["more-than-56-days", "within-56-days", "already-homeless"] as const;
export type PreventionEarliness = (typeof PREVENTION_EARLINESS)[number];

/** What the champion did. */
export const PREVENTION_ACTIONS = ["duty-to-refer", "referred-elsewhere", "advice", "joint-work"] as const;
export type PreventionActionKind = (typeof PREVENTION_ACTIONS)[number];

/** The champion's answer to the follow-up; none (null) counts as unknown. */
export const PREVENTION_OUTCOMES = ["prevented", "relieved", "not-prevented", "still-open", "dont-know"] as const;
export type PreventionOutcome = (typeof PREVENTION_OUTCOMES)[number];
