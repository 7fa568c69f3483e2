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
  if (!can(member, permission, typeof target === "function" ? target(member) : target)) throw refuse(request, member, permission, message);
  return member;
}
