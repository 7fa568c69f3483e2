import type { Role } from "~drizzle/schema/constants";

/** Roles that must sign in with two steps before they can use staff pages (the guard enforces it). */
export const TWO_STEP_REQUIRED_ROLES: readonly Role[] = ["coordinator", "admin"];

export function roleNeedsTwoStep(role: Role) {
  return TWO_STEP_REQUIRED_ROLES.includes(role);
}
