import { formatDate } from "../dates";
import { appUrl } from "./templates";

const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

/** Emails about the toolkit cards a member owns. */
export const toolkitEmails = {
  /** The card's review date has come: is it still right? */
  reviewDue: (ownerName: string, card: { title: string; slug: string; reviewOn: string }) => ({
    subject: `Time to review the toolkit card “${card.title}”`,
    body:
      `Dear ${ownerName},\n\nYou own the toolkit card “${card.title}”, and its review date (${formatDate(card.reviewOn)}) ` +
      `has come. Champions rely on it being right. Read it through, change what has changed, and set the next ` +
      `review date:\n${appUrl(`/toolkit/${card.slug}/edit`)}\n\nUntil then the card tells readers it may be out of date.${SIGN_OFF}`,
  }),
};
