import type { Role } from "../../drizzle/schema/constants";

/**
 * One place decides who may do what. A permission is `action:entity` with a
 * scope: `self` means the member's own record, `own` means anything in the
 * member's own organisation (their own record included), `any` means everywhere. Loaders and actions call
 * `requirePermission` (lib/guards.server.ts); components may call `can` to
 * decide what to show, but the server always re-checks.
 */
export type Scope = "self" | "own" | "any";
export type Permission =
  | "read:member"
  | "update:member"
  | "update:member-role"
  | "update:profile"
  | "update:organisation"
  | "read:organisation-members"
  | "take:learning"
  | "read:certificate"
  | "book:workshop"
  | "give:feedback"
  | "manage:workshop"
  | "read:outbox"
  | "read:attendance"
  | "read:directory"
  | "update:contact"
  | "export:directory"
  | "manage:directory"
  | "read:report";

const coordinatorGrants: ReadonlyArray<`${Permission}:${Scope}`> = [
  "update:profile:self",
  "take:learning:self",
  "read:certificate:any",
  "book:workshop:self",
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
  "read:organisation-members:any",
  "update:organisation:any",
  "read:report:any",
];

const grants: Record<Role, ReadonlyArray<`${Permission}:${Scope}`>> = {
  learner: [
    "update:profile:self",
    "take:learning:self",
    "read:certificate:self",
    "book:workshop:self",
    "give:feedback:self",
    "read:attendance:self",
    "read:directory:any",
    "update:contact:self",
  ],
  org_lead: [
    "update:profile:self",
    "take:learning:self",
    "read:certificate:own",
    "book:workshop:self",
    "give:feedback:self",
    "read:attendance:own",
    "read:directory:any",
    "update:contact:own",
    "read:member:own",
    "read:organisation-members:own",
    "update:organisation:own",
    "read:report:own",
  ],
  coordinator: coordinatorGrants,
  // An administrator can do all the coordinator can, and hand out the coordinator and admin roles.
  admin: [...coordinatorGrants, "update:member-role:any"],
};

export type Actor = { id: number; role: Role; organisationId: number | null };

/** What the permission is being checked against, when scope matters. */
export type Target = { organisationId?: number | null; memberId?: number };

export function can(actor: Actor | null | undefined, permission: Permission, target?: Target) {
  if (!actor) return false;
  const granted = grants[actor.role];
  if (granted.includes(`${permission}:any`)) return true;
  const own = granted.includes(`${permission}:own`);
  const self = granted.includes(`${permission}:self`);
  if (!own && !self) return false;
  if (!target) return true; // may act on their own things; the caller scopes the query
  if (target.memberId !== undefined && target.memberId === actor.id) return true;
  return (
    own &&
    target.organisationId !== undefined &&
    target.organisationId !== null &&
    target.organisationId === actor.organisationId
  );
}

/** True when the actor holds the permission everywhere, not just in their own organisation. */
export function canEverywhere(actor: Actor | null | undefined, permission: Permission) {
  return !!actor && grants[actor.role].includes(`${permission}:any`);
}

/** Roles an actor may give to others. */
export function assignableRoles(actor: Actor): Role[] {
  if (can(actor, "update:member-role")) return ["learner", "org_lead", "coordinator", "admin"];
  if (can(actor, "update:member")) return ["learner", "org_lead"];
  return [];
}
