import { formatDateTime, formatEventTime } from "~/lib/dates";
import { appUrl } from "./templates";

/**
 * Emails about champion succession and places held or booked for someone:
 * plain text, each saying what happens next and where to act.
 */
const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

type HeldPlace = { workshopId: number; title: string; startsAt: Date; endsAt: Date; heldUntil: Date };

function heldPlaceText(place: HeldPlace | null) {
  if (!place) {
    return "There is no Tier 1 workshop open for booking with a free place just now: the workshops page lists the next ones, and you can join a waiting list there.";
  }
  return [
    `We are holding a place for you at the next Tier 1 workshop:`,
    `${place.title}`,
    `${formatEventTime(place.startsAt, place.endsAt)} (UK time)`,
    `The place is yours until ${formatDateTime(place.heldUntil)} (UK time), when booking closes.`,
    `Book it with one click: ${appUrl(`/workshops/${place.workshopId}/hold`)}`,
  ].join("\n");
}

export const successionEmails = {
  /** To a nominated successor: what the Tier 1 pathway involves, and the place held for them. */
  nominated: (name: string, organisationName: string, nominatedBy: string, place: HeldPlace | null) => ({
    subject: `You have been nominated as ${organisationName}'s Tier 1 champion`,
    body: `Dear ${name},\n\n${nominatedBy} has nominated you as the Homelessness Champion (Tier 1 Specialist) for ${organisationName}.\n\nWhat it involves:\n- You are the person colleagues come to about homelessness and the Duty to Refer.\n- You keep your knowledge current by attending Tier 1 workshops: at least 3 of the last 6 held.\n- You complete the Tier 1 learning modules online, at your own pace: ${appUrl("/learning")}\n\n${heldPlaceText(place)}${SIGN_OFF}`,
  }),
  /** To an organisation's leads: a champion has named their successor, waiting for the lead to confirm. */
  movingOn: (leadName: string, championName: string, successorName: string, slug: string) => ({
    subject: `${championName} is moving on and has named ${successorName} as successor`,
    body: `Dear ${leadName},\n\n${championName} is moving on from being your organisation's Tier 1 champion and has named ${successorName} to take over.\n\nPlease confirm or decline the nomination: ${appUrl(`/organisations/${slug}/succession`)}${SIGN_OFF}`,
  }),
  /** To a member whose lead held or booked a workshop place for them. */
  actedForYou: (name: string, leadName: string, action: "held" | "booked", place: HeldPlace) => ({
    subject:
      action === "held"
        ? `${leadName} is holding a workshop place for you`
        : `${leadName} has booked you a workshop place`,
    body:
      action === "held"
        ? `Dear ${name},\n\n${leadName} is holding a place for you at ${place.title}, ${formatEventTime(place.startsAt, place.endsAt)} (UK time), until ${formatDateTime(place.heldUntil)} (UK time).\n\nBook it, or let it go if you cannot come: ${appUrl(`/workshops/${place.workshopId}/hold`)}${SIGN_OFF}`
        : `Dear ${name},\n\n${leadName} has booked you a place at ${place.title}, ${formatEventTime(place.startsAt, place.endsAt)} (UK time).\n\nIf you cannot come, cancel on the workshop page so someone else can have the place: ${appUrl(`/workshops/${place.workshopId}`)}${SIGN_OFF}`,
  }),
};
