import { logEvent, redactPath } from "./log.server";
import { can, type Permission, type Target } from "./permissions";
import { getSignedInMember, redirectToSignIn, type SignedInMember } from "./session.server";

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

/**
 * The signed-in member if they hold the permission (for the target, when
 * given); otherwise a redirect to sign-in or a 403 response, thrown.
 */
export async function requirePermission(
  request: Request,
  permission: Permission,
  target?: Target,
): Promise<SignedInMember> {
  const member = await requireMember(request);
  if (!can(member, permission, target)) {
    logEvent("permission-refused", { memberId: member.id, permission, path: redactPath(new URL(request.url).pathname) });
    throw forbidden();
  }
  return member;
}
