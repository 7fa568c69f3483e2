import { BARRIER_STATUS_LABELS, type BarrierStatus } from "~drizzle/schema/barriers";
import { appUrl } from "./templates";

const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

/** Emails about the system barriers members raise and support. */
export const barrierEmails = {
  /** The coordinator has moved a barrier on (or added a note): told to whoever raised or supported it. */
  statusChanged: (
    name: string,
    {
      barrier,
      raisedIt,
      from,
      to,
      note,
      remedy,
    }: {
      barrier: { id: number; title: string };
      raisedIt: boolean;
      from: BarrierStatus;
      to: BarrierStatus;
      note: string;
      remedy: { title: string; slug: string } | null;
    },
  ) => ({
    subject: `System barrier update: ${barrier.title}`,
    body:
      `Dear ${name},\n\n` +
      (raisedIt
        ? `You raised the system barrier “${barrier.title}”. `
        : `You said the system barrier “${barrier.title}” happens to you too. `) +
      (from === to
        ? `The coordinator has added an update. It is still: ${BARRIER_STATUS_LABELS[to]}.`
        : `The coordinator has moved it from “${BARRIER_STATUS_LABELS[from]}” to “${BARRIER_STATUS_LABELS[to]}”.`) +
      (note ? `\n\nWhat the coordinator says:\n${note}` : "") +
      (remedy
        ? `\n\nThe remedy is recorded in the toolkit: ${remedy.title}\n${appUrl(`/toolkit/${remedy.slug}`)}`
        : "") +
      `\n\nSee the barrier and its history:\n${appUrl(`/barriers/${barrier.id}`)}${SIGN_OFF}`,
  }),
};
