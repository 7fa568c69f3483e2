/** The rules for keeping a module true: how old its last check against the law may be. */
import { addMonths } from "../dates";

/** The build fails when a module's last check is more than this many months old. */
export const REVIEW_MAX_MONTHS = 12;
/** The build warns from this many months after a module's last check. */
export const REVIEW_WARN_MONTHS = 10;

export type ReviewState =
  | { state: "current"; dueBy: Date }
  | { state: "due-soon"; dueBy: Date }
  | { state: "overdue"; dueBy: Date }
  | { state: "future"; dueBy: Date };

/** Midnight UTC at the start of a "YYYY-MM-DD" date. */
export function parseIsoDate(value: string) {
  return new Date(`${value}T00:00:00Z`);
}

/**
 * How a module's last check stands on `now`: current; due soon from REVIEW_WARN_MONTHS; overdue once more
 * than REVIEW_MAX_MONTHS have passed (the day REVIEW_MAX_MONTHS after the check is the last day it is in date);
 * "future" when the date has not happened yet, which is a typing mistake.
 */
export function reviewState({ checkedOn, now = new Date() }: { checkedOn: string; now?: Date }): ReviewState {
  const checked = parseIsoDate(checkedOn);
  const dueBy = addMonths(checked, REVIEW_MAX_MONTHS);
  const lastValidMoment = dueBy.getTime() + 24 * 60 * 60 * 1000;
  if (checked.getTime() > now.getTime()) return { state: "future", dueBy };
  if (now.getTime() >= lastValidMoment) return { state: "overdue", dueBy };
  if (now.getTime() >= addMonths(checked, REVIEW_WARN_MONTHS).getTime()) return { state: "due-soon", dueBy };
  return { state: "current", dueBy };
}
