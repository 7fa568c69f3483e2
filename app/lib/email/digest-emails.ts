import { CURRENCY_LABELS, type Currency } from "../currency";
import { formatDate, formatEventTime } from "../dates";
import { singleLine } from "../plain-text";
import { markdownToPlainText } from "./markdown-text";
import { appUrl } from "./templates";

/** An organisation's line of the network health page, as its lead's digest shows it. */
export type OrganisationLine = {
  name: string;
  tier1: number;
  current: number;
  atRisk: number;
  lapsed: number;
  registersTaken: boolean;
  stale: number;
  joined: number;
  left: number;
};

/** Everything one member's digest says (app/models/digest.server.ts gathers it a batch at a time). */
export type DigestFacts = {
  memberId: number;
  name: string;
  email: string;
  /** Tier 1 members only; status null until a Tier 1 register has been taken. */
  currency: {
    status: { currency: Currency; attended: number; considered: number; toBecomeCurrent: number } | null;
    rule: { attended: number; ofLast: number };
  } | null;
  expiring: Array<{ moduleId: string; title: string; expiresAt: Date }>;
  /** Their directory entry, if they have one. */
  directory: { lastConfirmedAt: Date; needsConfirming: boolean } | null;
  workshops: Array<{ id: number; title: string; startsAt: Date; endsAt: Date; booked: boolean }>;
  topics: Array<{
    id: number;
    title: string;
    workshopId: number;
    workshopTitle: string;
    startsAt: Date;
    backed: boolean;
  }>;
  organisation: OrganisationLine | null;
};

const SIGN_OFF = "Oxfordshire Homelessness Champions Network";

/**
 * The same few workshop times, dates and paragraph recur in every digest of a
 * month: each is formatted once (a national run writes 100,000 digests).
 */
const formatted = new Map<string, string>();
function once(key: string, format: () => string) {
  let value = formatted.get(key);
  if (value === undefined) {
    if (formatted.size > 5_000) formatted.clear();
    value = format();
    formatted.set(key, value);
  }
  return value;
}
const eventTime = (start: Date, end: Date) =>
  once(`e:${start.getTime()}:${end.getTime()}`, () => formatEventTime(start, end));
const date = (value: Date) => once(`d:${value.getTime()}`, () => formatDate(value));

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

function currencySection(c: NonNullable<DigestFacts["currency"]>) {
  const rule = `The network asks Tier 1 champions to attend ${c.rule.attended} of the last ${c.rule.ofLast} Tier 1 workshops.`;
  if (!c.status) return `No Tier 1 register has been taken yet. ${rule}`;
  const s = c.status;
  const next = `the next ${s.toBecomeCurrent === 1 ? "Tier 1 workshop" : `${s.toBecomeCurrent} Tier 1 workshops`}`;
  const keeps = {
    current: "Keep coming to Tier 1 workshops to stay current.",
    "at-risk": "Attend the next Tier 1 workshop to stay current: missing it would lapse you.",
    new: `You became Tier 1 recently. Attend ${next} to become current.`,
    lapsed: `Attend ${next} to become current again.`,
  }[s.currency];
  return `${CURRENCY_LABELS[s.currency]}: ${s.attended} of the last ${s.considered} Tier 1 workshops attended. ${rule}\n${keeps}`;
}

function organisationSection(o: OrganisationLine) {
  const champions = o.registersTaken
    ? `${o.current} of ${plural(o.tier1, "Tier 1 champion")} current (${o.atRisk} at risk, ${o.lapsed} lapsed)`
    : `${plural(o.tier1, "Tier 1 champion")} (no Tier 1 register taken yet)`;
  return [
    `${singleLine(o.name)}:`,
    `- ${champions}${o.current === 0 ? ": no current Tier 1 champion" : ""}`,
    `- ${plural(o.stale, "directory entry", "directory entries")} not confirmed for six months`,
    `- This quarter: ${o.joined} joined, ${o.left} left`,
    `Your organisation's page: ${appUrl("/reports")}`,
  ].join("\n");
}

function workshopLines(list: DigestFacts["workshops"]) {
  return list
    .map(
      (w) =>
        `- ${singleLine(w.title)}, ${eventTime(w.startsAt, w.endsAt)}${w.booked ? " (you are booked)" : ""}\n  ${appUrl(`/workshops/${w.id}`)}`,
    )
    .join("\n");
}

/**
 * The monthly digest as a plain-text email. The full version has a section
 * for each thing that concerns the member; the short version (nothing of their
 * own to report) says so in a line and points to the next workshop. Both carry
 * the coordinator's paragraph, as text, and the unsubscribe footer.
 */
export function digestEmail(
  facts: DigestFacts,
  { month, paragraph, short, footer }: { month: string; paragraph: string; short: boolean; footer: string },
) {
  const sections: string[] = [`Dear ${singleLine(facts.name)},`];
  const note = once(`p:${paragraph}`, () => markdownToPlainText(paragraph));
  sections.push(note ? `From the coordinator:\n\n${note}` : `Here is your network update for ${month}.`);
  if (short) {
    sections.push("Nothing needs your attention this month: your learning and directory entry are up to date.");
    const next = facts.workshops[0];
    sections.push(
      next
        ? `The next workshop open to you: ${singleLine(next.title)}, ${eventTime(next.startsAt, next.endsAt)}\n${appUrl(`/workshops/${next.id}`)}`
        : `See the workshops open to you: ${appUrl("/workshops")}`,
    );
  } else {
    if (facts.currency) sections.push(`YOUR TIER 1 CURRENCY\n${currencySection(facts.currency)}`);
    if (facts.expiring.length > 0)
      sections.push(
        `LEARNING EXPIRING SOON\n${facts.expiring
          .map(
            (c) =>
              `- ${singleLine(c.title)}: expires on ${date(c.expiresAt)}. Renew it: ${appUrl(`/learn/${c.moduleId}`)}`,
          )
          .join("\n")}`,
      );
    if (facts.directory?.needsConfirming)
      sections.push(
        `YOUR DIRECTORY ENTRY\nLast confirmed on ${date(facts.directory.lastConfirmedAt)}: please check it and confirm it is still right, so colleagues can reach you.\n${appUrl("/account/directory")}`,
      );
    if (facts.organisation) sections.push(`YOUR ORGANISATION\n${organisationSection(facts.organisation)}`);
    sections.push(
      facts.workshops.length > 0
        ? `NEXT WORKSHOPS OPEN TO YOU\n${workshopLines(facts.workshops)}`
        : `NEXT WORKSHOPS OPEN TO YOU\nNone is open for booking yet: ${appUrl("/workshops")}`,
    );
    if (facts.topics.length > 0)
      sections.push(
        `YOU SAID, WE DID\nTopics members proposed, now scheduled:\n${facts.topics
          .map(
            (t) =>
              `- ${singleLine(t.title)}${t.backed ? " (you backed this)" : ""}: in ${singleLine(t.workshopTitle)} on ${date(t.startsAt)}\n  ${appUrl(`/workshops/${t.workshopId}`)}`,
          )
          .join("\n")}`,
      );
  }
  sections.push(SIGN_OFF);
  sections.push(`--\n${footer}`);
  return { subject: `Your network update for ${month}`, body: sections.join("\n\n") };
}
