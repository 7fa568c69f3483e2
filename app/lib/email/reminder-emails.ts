import { formatDate, formatEventTime } from "../dates";
import { appUrl } from "./templates";

const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

type Workshop = { id: number; title: string; startsAt: Date; endsAt: Date };

/** The next Tier 1 workshops, each with the link to its page, where booking is one button. */
function workshopList(next: Workshop[]) {
  if (next.length === 0) {
    return `No Tier 1 workshop is open for booking yet. New dates appear here: ${appUrl("/workshops")}`;
  }
  return [
    "The next Tier 1 workshops (book with one button on the workshop's page):",
    ...next.map(
      (w) => `- ${w.title}, ${formatEventTime(w.startsAt, w.endsAt)} (UK time)\n  ${appUrl(`/workshops/${w.id}`)}`,
    ),
  ].join("\n");
}

/**
 * Reminders before learning or Tier 1 currency lapses: optional mail. Each
 * ends with `footer`, the recipient's unsubscribe line (unsubscribeFooter in
 * unsubscribe.server.ts, which the server-side caller writes).
 */
export const reminderEmails = {
  /** 30 days before a completion expires. */
  expiringSoon: (
    member: { name: string; footer: string },
    completion: { moduleId: string; moduleTitle: string; expiresAt: Date },
  ) => ({
    subject: `Your “${completion.moduleTitle}” certificate expires on ${formatDate(completion.expiresAt)}`,
    body:
      `Dear ${member.name},\n\nYour completion of “${completion.moduleTitle}” expires on ${formatDate(completion.expiresAt)}. ` +
      `Take the module's check again before then to renew it, so your certificate stays current:\n` +
      `${appUrl(`/learn/${completion.moduleId}`)}${SIGN_OFF}\n\n${member.footer}`,
  }),
  /** On the day a completion expires. */
  expiresToday: (
    member: { name: string; footer: string },
    completion: { moduleId: string; moduleTitle: string; expiresAt: Date },
  ) => ({
    subject: `Your “${completion.moduleTitle}” certificate expires today`,
    body:
      `Dear ${member.name},\n\nYour completion of “${completion.moduleTitle}” expires today, ${formatDate(completion.expiresAt)}. ` +
      `Take the module's check again to renew it:\n${appUrl(`/learn/${completion.moduleId}`)}${SIGN_OFF}\n\n` +
      member.footer,
  }),
  /** An organisation lead's weekly summary of their organisation's expiring and recently expired learning. */
  organisationSummary: (
    lead: { name: string; organisationName: string; footer: string },
    entries: { expiring: ExpiryLine[]; expired: ExpiryLine[] },
  ) => {
    const lines = (list: ExpiryLine[]) =>
      list.map((e) => `- ${e.memberName}: ${e.moduleTitle}, ${formatDate(e.expiresAt)}`).join("\n");
    const parts = [
      entries.expiring.length > 0 ? `Expiring in the next 30 days:\n${lines(entries.expiring)}` : null,
      entries.expired.length > 0 ? `Expired in the last 30 days and not yet renewed:\n${lines(entries.expired)}` : null,
    ].filter(Boolean);
    return {
      subject: `This week's expiring learning at ${lead.organisationName}`,
      body:
        `Dear ${lead.name},\n\nThis is the weekly summary of learning at ${lead.organisationName} that expires soon or has ` +
        `just expired. Each person has been reminded; a word from you helps.\n\n${parts.join("\n\n")}\n\n` +
        `See your organisation's members: ${appUrl("/members")}${SIGN_OFF}\n\n` +
        lead.footer,
    };
  },
  /** A champion one missed workshop from lapsing. */
  currencyAtRisk: (member: { name: string; footer: string }, next: Workshop[]) => ({
    subject: "Your Tier 1 currency depends on the next workshop",
    body:
      `Dear ${member.name},\n\nYou are a current Tier 1 champion, but if you miss the next Tier 1 workshop your ` +
      `currency will lapse. Booking a place on one keeps it.\n\n${workshopList(next)}${SIGN_OFF}\n\n` +
      member.footer,
  }),
  /** The champion's organisation lead, about the same. */
  currencyAtRiskToLead: (lead: { name: string; footer: string }, champion: { name: string }, next: Workshop[]) => ({
    subject: `${champion.name}'s Tier 1 currency depends on the next workshop`,
    body:
      `Dear ${lead.name},\n\n${champion.name} is a current Tier 1 champion in your organisation, but will lapse if ` +
      `they miss the next Tier 1 workshop. We have told them; please help them get to one.\n\n${workshopList(next)}` +
      `${SIGN_OFF}\n\n${lead.footer}`,
  }),
};

export type ExpiryLine = { memberName: string; moduleTitle: string; expiresAt: Date };
