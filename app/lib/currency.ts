/**
 * Tier 1 currency as pages show it: the statuses and their labels. Safe for
 * the browser; the rule, its query and its calculation are in
 * models/currency.server.ts.
 */
export const CURRENCIES = ["current", "at-risk", "new", "lapsed"] as const;

export type Currency = (typeof CURRENCIES)[number];

export const CURRENCY_LABELS: Record<Currency, string> = {
  current: "Current",
  "at-risk": "At risk",
  new: "New",
  lapsed: "Lapsed",
};
