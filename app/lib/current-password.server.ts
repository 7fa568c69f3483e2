import { getPasswordHash } from "~/models/password.server";
import { checkSignInThrottle, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { verifyPassword } from "./password.server";

/**
 * Checks the current password a signed-in member types to confirm a change
 * to their account. A wrong one counts as a failed sign-in, so someone at an
 * unattended computer cannot guess it freely; while the sign-in throttle
 * blocks the account, nothing is checked. Null when the password is right;
 * otherwise the message for the field and the response's status and headers.
 */
export async function checkCurrentPassword({
  member,
  password,
  ipAddress,
}: {
  member: { id: number; email: string };
  password: string;
  ipAddress: string | null;
}): Promise<{ message: string; init: ResponseInit } | null> {
  const throttle = checkSignInThrottle({ email: member.email, ipAddress });
  if (throttle.blocked) {
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
    return {
      message: `There have been too many wrong passwords. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
      init: { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
    };
  }
  const current = getPasswordHash({ memberId: member.id });
  if (current && (await verifyPassword(current, password))) return null;
  recordSignInAttempt({ email: member.email, ipAddress, succeeded: false });
  return { message: "Your current password is not correct", init: { status: 400 } };
}
