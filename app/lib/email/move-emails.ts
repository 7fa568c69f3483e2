import { appUrl } from "./templates";

const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

type MoveFacts = {
  memberName: string;
  from: { name: string; slug: string } | null;
  to: { name: string; slug: string };
  /** Whether they were the old organisation's go-to housing contact (the flag has been cleared). */
  wasGoTo: boolean;
  /** Whether they had a directory entry at the old organisation (now retired). */
  hadEntry: boolean;
};

/** Emails to organisation leads when a member moves from one organisation to another. */
export const moveEmails = {
  /** To each lead of the organisation the member left. */
  leftYourOrganisation: (leadName: string, move: MoveFacts) => ({
    subject: `${move.memberName} has moved to ${move.to.name}`,
    body:
      `Dear ${leadName},\n\n` +
      `${move.memberName} has moved from ${move.from?.name ?? "your organisation"} to ${move.to.name}. ` +
      `Their learning record, certificates and workshop attendance go with them.` +
      (move.hadEntry
        ? `\n\nTheir directory entry for ${move.from?.name ?? "your organisation"} has been taken out of the directory. ` +
          `You will see it as "moved on" on your housing contacts page for 90 days.`
        : "") +
      (move.wasGoTo
        ? `\n\nThey were your organisation's go-to housing contact, so you no longer have one. ` +
          `Please choose someone else as the go-to contact.`
        : "") +
      (move.from ? `\n\nYour housing contacts:\n${appUrl(`/organisations/${move.from.slug}/contacts`)}` : "") +
      SIGN_OFF,
  }),
  /** To each lead of the organisation the member joined. */
  joinedYourOrganisation: (leadName: string, move: MoveFacts) => ({
    subject: `${move.memberName} has joined ${move.to.name}`,
    body:
      `Dear ${leadName},\n\n` +
      `${move.memberName} has moved to ${move.to.name}` +
      (move.from ? ` from ${move.from.name}` : "") +
      `. Their learning record, certificates and workshop attendance come with them.\n\n` +
      `They are not in the directory for ${move.to.name} yet; you can add them from your housing contacts page:\n` +
      `${appUrl(`/organisations/${move.to.slug}/contacts`)}` +
      SIGN_OFF,
  }),
};
