import type { AppLoadContext } from "@remix-run/node";
import { requirePermission } from "./guards.server";
import { checkInAddressLimiter, checkInCodeLimiter, tooManyRequests } from "./rate-limit.server";

const TOO_MANY =
  "You have tried very many check-in codes in a few minutes. Wait a few minutes, then ask the coordinator for the code.";

/**
 * Signed in, allowed to check in, and not guessing codes: every code a
 * member tries (typed or opened as a link) counts against them and their
 * address, whether it is right or not.
 */
export async function requireCheckInMember(request: Request, context: AppLoadContext | undefined) {
  const member = await requirePermission(request, "check-in:workshop", "self");
  const now = Date.now();
  const wait = Math.max(
    checkInCodeLimiter.hit(`member:${member.id}`, now),
    context?.clientIp ? checkInAddressLimiter.hit(`address:${context.clientIp}`, now) : 0,
  );
  if (wait > 0) throw tooManyRequests(wait, TOO_MANY);
  return member;
}
