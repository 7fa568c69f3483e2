/**
 * Tier 1 currency: a champion is current when they attended at least
 * `required` of the last `window` workshops held. At risk means current now
 * but not if they miss the next one; lapsed means not current.
 */
export type Currency = "current" | "at-risk" | "lapsed";

export const CURRENCY_LABELS: Record<Currency, string> = {
  current: "Current",
  "at-risk": "At risk",
  lapsed: "Lapsed",
};

/** `attended` lists the last workshops held, newest first: true where the member attended. */
export function tier1Currency(attended: boolean[], rule: { attended: number; ofLast: number }): Currency {
  const window = attended.slice(0, rule.ofLast);
  const count = window.filter(Boolean).length;
  if (count < rule.attended) return "lapsed";
  // If the next workshop is missed, the oldest in the window drops out.
  const afterMiss = [false, ...window].slice(0, rule.ofLast).filter(Boolean).length;
  return afterMiss < rule.attended ? "at-risk" : "current";
}
