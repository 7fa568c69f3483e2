import { PREVENTION_OUTCOMES, type PreventionOutcome } from "~drizzle/schema/constants";
import { formatDate } from "../dates";
import { ACTION_LABELS, EARLINESS_LABELS, OUTCOME_LABELS } from "../prevention";
import { appUrl } from "./templates";

const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

/** What an outcome email says about the entry: never a person, only what the champion logged. */
export type FollowUpFacts = {
  entryId: number;
  token: string;
  actionOn: string;
  action: keyof typeof ACTION_LABELS;
  earliness: keyof typeof EARLINESS_LABELS;
  circumstance: string;
  district: string;
};

/** The page a one-click link opens: it shows the choice with a button to confirm it. */
export function outcomeLinkPath(entryId: number, token: string, outcome?: PreventionOutcome) {
  return `/prevention/outcome/${entryId}/${token}${outcome ? `?outcome=${outcome}` : ""}`;
}

function summary(f: FollowUpFacts) {
  const day = formatDate(new Date(`${f.actionOn}T12:00:00Z`));
  return [
    `On ${day} you logged: ${ACTION_LABELS[f.action]}`,
    `Circumstance: ${f.circumstance}`,
    `District: ${f.district}`,
    `How early: ${EARLINESS_LABELS[f.earliness]}`,
  ].join("\n");
}

function links(f: FollowUpFacts) {
  return PREVENTION_OUTCOMES.map(
    (o) => `${OUTCOME_LABELS[o]}:\n${appUrl(outcomeLinkPath(f.entryId, f.token, o))}`,
  ).join("\n\n");
}

export const preventionEmails = {
  /** 56 days after the action. */
  followUp: (name: string, f: FollowUpFacts) => ({
    subject: "What happened? The outcome of an action in your prevention log",
    body: `Dear ${name},\n\nEight weeks ago you logged an action in your prevention log. What happened?\n\n${summary(f)}\n\nChoose the outcome (each link opens a page where you confirm it; you do not need to sign in):\n\n${links(f)}\n\nIf you do not know, say so: an answer of "don't know" still helps the network count what it prevents.${SIGN_OFF}`,
  }),
  /** Once, 14 days after the follow-up, when it is still unanswered. */
  reminder: (name: string, f: FollowUpFacts) => ({
    subject: "Reminder: what happened? The outcome of an action in your prevention log",
    body: `Dear ${name},\n\nA reminder: we asked a fortnight ago about an action in your prevention log, and have no answer yet. This is the last email about it.\n\n${summary(f)}\n\nChoose the outcome (each link opens a page where you confirm it):\n\n${links(f)}${SIGN_OFF}`,
  }),
};
