import type { Role } from "~drizzle/schema/constants";

/**
 * One place decides who may do what. A permission is `action:entity` with a
 * scope: `self` means the member's own record, `own` means anything in the
 * member's own organisation (their own record included), `any` means everywhere. Loaders and actions call
 * `requirePermission` (lib/guards.server.ts); components may call `can` to
 * decide what to show, but the server always re-checks. Every check names
 * what it is made against (see `Target`): there is no "no target" check.
 */
export type Scope = "self" | "own" | "any";
export type Permission =
  | "read:member"
  | "update:member"
  /** Invite a new member: the coordinator anyone, an organisation lead their own staff (Tier 2 or 3 learners). */
  | "invite:member"
  | "update:member-role"
  | "update:profile"
  | "update:organisation"
  /** Add, rename, re-sector or close an organisation: the coordinator's, not an organisation lead's. */
  | "manage:organisation"
  | "read:organisation-members"
  | "take:learning"
  | "read:certificate"
  | "book:workshop"
  | "check-in:workshop"
  | "give:feedback"
  | "manage:workshop"
  | "read:outbox"
  | "read:attendance"
  | "read:directory"
  | "update:contact"
  | "export:directory"
  | "manage:directory"
  | "read:report"
  | "read:audit"
  | "help:member-sign-in"
  | "manage:toolkit"
  | "update:toolkit-card"
  | "flag:toolkit-card"
  | "log:prevention"
  | "acknowledge:referral"
  | "raise:barrier"
  | "manage:barrier"
  | "send:message"
  | "manage:digest"
  | "manage:succession"
  | "book:workshop-for-staff";

const coordinatorGrants: ReadonlyArray<`${Permission}:${Scope}`> = [
  "update:profile:self",
  "take:learning:self",
  "read:certificate:any",
  "book:workshop:self",
  "check-in:workshop:self",
  "give:feedback:self",
  "read:attendance:any",
  "manage:workshop:any",
  "read:outbox:any",
  "read:directory:any",
  "update:contact:any",
  "export:directory:any",
  "manage:directory:any",
  "read:member:any",
  "update:member:any",
  "invite:member:any",
  "read:organisation-members:any",
  "update:organisation:any",
  "manage:organisation:any",
  "read:report:any",
  "read:audit:any",
  "help:member-sign-in:any",
  "manage:toolkit:any",
  "update:toolkit-card:any",
  "flag:toolkit-card:self",
  "log:prevention:self",
  "acknowledge:referral:any",
  "raise:barrier:self",
  "manage:barrier:any",
  "send:message:any",
  "manage:digest:any",
  "manage:succession:any",
  "book:workshop-for-staff:any",
];

const grants: Record<Role, ReadonlyArray<`${Permission}:${Scope}`>> = {
  learner: [
    "update:profile:self",
    "take:learning:self",
    "read:certificate:self",
    "book:workshop:self",
    "check-in:workshop:self",
    "give:feedback:self",
    "read:attendance:self",
    "read:directory:any",
    "update:contact:self",
    "update:toolkit-card:self",
    "flag:toolkit-card:self",
    "log:prevention:self",
    "acknowledge:referral:self",
    "raise:barrier:self",
  ],
  org_lead: [
    "update:profile:self",
    "take:learning:self",
    "read:certificate:own",
    "book:workshop:self",
    "check-in:workshop:self",
    "give:feedback:self",
    "read:attendance:own",
    "read:directory:any",
    "update:contact:own",
    "read:member:own",
    "invite:member:own",
    "read:organisation-members:own",
    "update:organisation:own",
    "read:report:own",
    "help:member-sign-in:own",
    // Champion succession (nominate, confirm "I'm moving on") and places held or booked for their staff.
    "manage:succession:own",
    "book:workshop-for-staff:own",
    "update:toolkit-card:self",
    "flag:toolkit-card:self",
    "log:prevention:self",
    "acknowledge:referral:self",
    "raise:barrier:self",
  ],
  coordinator: coordinatorGrants,
  // An administrator can do all the coordinator can, and hand out the coordinator and admin roles.
  admin: [...coordinatorGrants, "update:member-role:any"],
};

export type Actor = { id: number; role: Role; organisationId: number | null };

/**
 * What a permission is checked against, always said out loud:
 * - `"self"`: the actor's own record or things (their learning, bookings, profile);
 * - `{ organisationId, memberId? }`: something belonging to that organisation
 *   (and to that member, when it is a member's own record);
 * - `"everywhere"`: every organisation at once (lists across the network,
 *   coordinator pages): only an `any` grant passes.
 */
export type Target = "self" | "everywhere" | { organisationId: number | null; memberId?: number };

export function can(actor: Actor | null | undefined, permission: Permission, target: Target) {
  if (!actor) return false;
  const granted = grants[actor.role];
  if (granted.includes(`${permission}:any`)) return true;
  if (target === "everywhere") return false;
  const own = granted.includes(`${permission}:own`);
  const self = granted.includes(`${permission}:self`);
  if (!own && !self) return false;
  const subject = target === "self" ? { memberId: actor.id, organisationId: actor.organisationId } : target;
  // A check with no target at all (possible only from untyped code) is refused.
  if (!subject || typeof subject !== "object") return false;
  if (subject.memberId !== undefined && subject.memberId === actor.id) return true;
  return (
    own &&
    subject.organisationId !== undefined &&
    subject.organisationId !== null &&
    subject.organisationId === actor.organisationId
  );
}

/**
 * Whether an actor may send a member a new invitation or a password reset
 * link: a coordinator or administrator for anyone, an organisation lead for
 * the learners and leads of their own organisation; never for themselves
 * (they have the forgotten-password page).
 */
export function canHelpSignIn(
  actor: Actor | null | undefined,
  member: { id: number; role: Role; organisationId: number | null },
) {
  if (!actor || actor.id === member.id) return false;
  if (!can(actor, "help:member-sign-in", { organisationId: member.organisationId })) return false;
  return can(actor, "help:member-sign-in", "everywhere") || member.role === "learner" || member.role === "org_lead";
}

/**
 * The toolkit cards a viewer may read: the public sees public cards, members
 * also members-only ones, staff (coordinators and administrators) every card.
 */
export function toolkitVisibilitiesFor(viewer: Actor | null | undefined): Array<"public" | "members" | "staff"> {
  if (!viewer) return ["public"];
  if (can(viewer, "manage:toolkit", "everywhere")) return ["public", "members", "staff"];
  return ["public", "members"];
}

/**
 * Whether a member may keep a prevention log and record cascaded training:
 * champions, that is members on the Tier 1 or Tier 2 pathway, whatever their role.
 */
export function canLogPrevention(actor: (Actor & { tier: number }) | null | undefined) {
  return !!actor && can(actor, "log:prevention", "self") && actor.tier <= 2;
}

/**
 * Whether an actor may acknowledge a district's Duty to Refer referrals: the
 * coordinator for every district, otherwise only the member named as that
 * district's Duty to Refer contact (null when it has none).
 */
export function canAcknowledgeReferrals(
  actor: Actor | null | undefined,
  district: { dutyToReferMemberId: number | null },
) {
  if (!actor) return false;
  if (can(actor, "acknowledge:referral", "everywhere")) return true;
  return (
    district.dutyToReferMemberId !== null &&
    district.dutyToReferMemberId === actor.id &&
    can(actor, "acknowledge:referral", { organisationId: actor.organisationId, memberId: actor.id })
  );
}

/** Roles an actor may give to others. */
export function assignableRoles(actor: Actor): Role[] {
  if (can(actor, "update:member-role", "everywhere")) return ["learner", "org_lead", "coordinator", "admin"];
  if (can(actor, "update:member", "everywhere")) return ["learner", "org_lead"];
  return [];
}
