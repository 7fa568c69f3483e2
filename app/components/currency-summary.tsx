import { CURRENCY_LABELS, type Currency } from "~/lib/currency";

type Props = {
  currency: { currency: Currency; attended: number; considered: number; toBecomeCurrent: number };
  rule: { attended: number; ofLast: number };
  /** The member reading about themselves ("you") or someone reading about them. */
  self: boolean;
  /** Words before the status, when no heading names it. */
  lead?: string;
};

/** A Tier 1 member's currency in a sentence, with what they need to do to become or stay current. */
export function CurrencySummary({ currency: c, rule, self, lead }: Props) {
  const next = `the next ${c.toBecomeCurrent === 1 ? "Tier 1 workshop" : `${c.toBecomeCurrent} Tier 1 workshops`}`;
  const needs = {
    current: null,
    "at-risk": self ? "Attend the next one to stay current." : "Missing the next one would lapse them.",
    new: self
      ? `You became Tier 1 recently. Attend ${next} to become current.`
      : `Became Tier 1 recently: attending ${next} makes them current.`,
    lapsed: self ? `Attend ${next} to become current again.` : `Attending ${next} makes them current again.`,
  }[c.currency];
  return (
    <p>
      {lead ? `${lead} ` : null}
      <strong>{CURRENCY_LABELS[c.currency]}</strong>: {c.attended} of the last {c.considered} Tier 1 workshops attended
      (the network asks for {rule.attended} of the last {rule.ofLast}).{needs ? ` ${needs}` : ""}
    </p>
  );
}
