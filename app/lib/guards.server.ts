import { redirect } from "@remix-run/node";
import { hasTwoStep } from "~/models/two-step.server";
import { logEvent, redactPath } from "./log.server";
import { can, type Permission, type Target } from "./permissions";
import { getSignedInMember, redirectToSignIn, type SignedInMember } from "./session.server";
import { roleNeedsTwoStep } from "./two-step-rule";

/** The signed-in member, or a redirect to the sign-in page (thrown). */
export async function requireMember(request: Request): Promise<SignedInMember> {
  const member = await getSignedInMember(request);
  if (!member) throw redirectToSignIn(request);
  return member;
}

export function forbidden(message = "You do not have permission to see this page.") {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "We could not find that page.") {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** Logs a refused permission and returns the 403 response to throw. */
function refuse(request: Request, member: SignedInMember, permission: Permission, message?: string) {
  logEvent("permission-refused", { memberId: member.id, permission, path: redactPath(new URL(request.url).pathname) });
  return forbidden(message);
}

/**
 * The signed-in member if they hold the permission for the target (see
 * `Target` in lib/permissions.ts: "self", an organisation or member, or
 * "everywhere"); otherwise a redirect to sign-in or a 403 response, thrown.
 * The target may depend on who is asking.
 */
export async function requirePermission(
  request: Request,
  permission: Permission,
  target: Target | ((member: SignedInMember) => Target),
  message?: string,
): Promise<SignedInMember> {
  const member = await requireMember(request);
  const subject = typeof target === "function" ? target(member) : target;
  if (!can(member, permission, subject)) throw refuse(request, member, permission, message);
  if (usesStaffPowers(member, permission, subject) && !hasTwoStep({ memberId: member.id }))
    throw redirectToTwoStepSetUp(request);
  return member;
}

/**
 * Whether this check passes only because of a staff role (coordinator,
 * admin) that needs two-step sign-in: what the same member could do as a
 * learner (their own learning, bookings, account) never needs it.
 */
function usesStaffPowers(member: SignedInMember, permission: Permission, target: Target) {
  return roleNeedsTwoStep(member.role) && !can({ ...member, role: "learner" }, permission, target);
}

/** Staff without two-step sign-in are sent to set it up, and brought back afterwards. */
function redirectToTwoStepSetUp(request: Request) {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  return redirect(`/account/two-step?${params}`);
}

/** Every coordinator (/manage) page starts here: the workshop-managing permission, everywhere. */
export function requireCoordinator(request: Request) {
  return requirePermission(request, "manage:workshop", "everywhere");
}
