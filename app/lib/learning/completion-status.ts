/** How a completion stands today: the rules for expiry and content versions. */
import { addMonths } from "../dates";
export type CompletionState = "current" | "due" | "expired";

/** A refresher is flagged this many days before a completion expires. */
export const REFRESHER_WARNING_DAYS = 90;

/** The expiry of a completion: validityMonths calendar months after it was earned (end of that day, UTC). */
export function expiryFor(completedAt: Date, validityMonths: number | undefined | null): Date | null {
  if (!validityMonths) return null;
  return addMonths(completedAt, validityMonths);
}

export function completionState({
  expiresAt,
  now = new Date(),
}: {
  expiresAt: Date | null;
  now?: Date;
}): CompletionState {
  if (!expiresAt) return "current";
  if (expiresAt.getTime() <= now.getTime()) return "expired";
  const warnFrom = expiresAt.getTime() - REFRESHER_WARNING_DAYS * 24 * 60 * 60 * 1000;
  return now.getTime() >= warnFrom ? "due" : "current";
}

/** True when the module has changed materially since this completion: it stays valid, but the learner is told. */
export function updatedSinceCompleted(completedVersion: number, currentVersion: number) {
  return currentVersion > completedVersion;
}
