import type { PreventionActionKind, PreventionEarliness, PreventionOutcome } from "~drizzle/schema/constants";

/** How early help started, as pages, emails and reports say it. */
export const EARLINESS_LABELS: Record<PreventionEarliness, string> = {
  "more-than-56-days": "More than 56 days before homelessness",
  "within-56-days": "Within 56 days of homelessness",
  "already-homeless": "Already homeless",
};

/** What the champion did. */
export const ACTION_LABELS: Record<PreventionActionKind, string> = {
  "duty-to-refer": "Duty to Refer referral made",
  "referred-elsewhere": "Referred to another service",
  advice: "Advice given",
  "joint-work": "Joint work with the housing team",
};

/** The champion's answer to the follow-up. */
export const OUTCOME_LABELS: Record<PreventionOutcome, string> = {
  prevented: "Homelessness prevented",
  relieved: "Homelessness relieved",
  "not-prevented": "Not prevented",
  "still-open": "Still open",
  "dont-know": "Don't know",
};

/** Outcomes as the impact report counts them: "don't know" and unanswered together as unknown. */
export const IMPACT_OUTCOMES = ["prevented", "relieved", "not-prevented", "still-open", "unknown"] as const;
export type ImpactOutcome = (typeof IMPACT_OUTCOMES)[number];

/** An entry nobody has answered for: counted as unknown. */
export const UNKNOWN_OUTCOME_LABEL = "Unknown (not answered)";

/** Days after the action when the outcome email goes, and then the one reminder. */
export const FOLLOW_UP_AFTER_DAYS = 56;
export const REMINDER_AFTER_DAYS = 14;
