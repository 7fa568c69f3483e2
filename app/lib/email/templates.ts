import { formatEventTime } from "../dates";

/** Plain-text emails. Every workshop email names the workshop, its London time and place, and links back. */
type WorkshopFacts = {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  joiningUrl: string | null;
};

export function workshopFacts(w: WorkshopFacts): WorkshopFacts {
  return { id: w.id, title: w.title, startsAt: w.startsAt, endsAt: w.endsAt, venue: w.venue, joiningUrl: w.joiningUrl };
}

export function appUrl(path: string) {
  const base = (process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
  return `${base}${path}`;
}

function where(w: WorkshopFacts) {
  return [w.venue ? `Venue: ${w.venue}` : null, w.joiningUrl ? `Join online: ${w.joiningUrl}` : null]
    .filter(Boolean)
    .join("\n");
}

function details(w: WorkshopFacts) {
  return `${w.title}\n${formatEventTime(w.startsAt, w.endsAt)} (UK time)\n${where(w)}\n\nDetails and your booking: ${appUrl(`/workshops/${w.id}`)}`;
}

const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

/** Booking emails carry a calendar invitation (see buildInvitation); the link after this downloads the same entry. */
const CALENDAR_INVITATION =
  "The invitation in this email adds the workshop to your calendar, and later emails update it. Or download it: ";

export const emails = {
  booked: (name: string, w: WorkshopFacts) => ({
    subject: `Booking confirmed: ${w.title}`,
    body: `Dear ${name},\n\nYour place is booked.\n\n${details(w)}\n\n${CALENDAR_INVITATION}${appUrl(`/workshops/${w.id}/ics`)}\nIf you cannot come, cancel or send apologies on the workshop page so someone else can have your place.${SIGN_OFF}`,
  }),
  waiting: (name: string, w: WorkshopFacts) => ({
    subject: `On the waiting list: ${w.title}`,
    body: `Dear ${name},\n\nThe workshop is full, so you are on the waiting list. If a place comes up, it is yours automatically and we will email you.\n\n${details(w)}${SIGN_OFF}`,
  }),
  promoted: (name: string, w: WorkshopFacts) => ({
    subject: `A place has come up: ${w.title}`,
    body: `Dear ${name},\n\nA place has come up and it is now yours: you are booked.\n\n${details(w)}\n\n${CALENDAR_INVITATION}${appUrl(`/workshops/${w.id}/ics`)}\nIf you can no longer come, please cancel so the next person can have the place.${SIGN_OFF}`,
  }),
  deputised: (name: string, championName: string, w: WorkshopFacts) => ({
    subject: `You are booked in place of ${championName}: ${w.title}`,
    body: `Dear ${name},\n\n${championName} cannot attend and has named you as their deputy, so you are booked in their place.\n\n${details(w)}\n\n${CALENDAR_INVITATION}${appUrl(`/workshops/${w.id}/ics`)}${SIGN_OFF}`,
  }),
  reminder: (name: string, w: WorkshopFacts) => ({
    subject: `Reminder: ${w.title}`,
    body: `Dear ${name},\n\nA reminder that you are booked on this workshop.\n\n${details(w)}${SIGN_OFF}`,
  }),
  changed: (name: string, w: WorkshopFacts, status: "booked" | "waiting") => ({
    subject: `Changed: ${w.title}`,
    body:
      status === "booked"
        ? `Dear ${name},\n\nThe details of a workshop you are booked on have changed. The new details are:\n\n${details(w)}\n\nThe invitation in this email updates the entry in your calendar, and your calendar feed updates by itself; if you downloaded the event, download it again: ${appUrl(`/workshops/${w.id}/ics`)}${SIGN_OFF}`
        : `Dear ${name},\n\nThe details of a workshop you are on the waiting list for have changed. You are still on the waiting list: if a place comes up, it is yours automatically and we will email you. The new details are:\n\n${details(w)}${SIGN_OFF}`,
  }),
  cancelled: (name: string, w: WorkshopFacts, reason: string | null) => ({
    subject: `Cancelled: ${w.title}`,
    body: `Dear ${name},\n\nThis workshop has been cancelled.${reason ? `\n\nReason: ${reason}` : ""}\n\n${w.title}\n${formatEventTime(w.startsAt, w.endsAt)} (UK time)\n\nYour booking has been cancelled and you do not need to do anything. See other workshops: ${appUrl("/workshops")}${SIGN_OFF}`,
  }),
  /** The member cancelled their own place: the email carries the cancellation of their calendar entry. */
  bookingCancelled: (name: string, w: WorkshopFacts) => ({
    subject: `Booking cancelled: ${w.title}`,
    body: `Dear ${name},\n\nYou have cancelled your place on this workshop. The cancellation in this email removes it from your calendar.\n\n${w.title}\n${formatEventTime(w.startsAt, w.endsAt)} (UK time)\n\nIf you can come after all, book again while places are open: ${appUrl(`/workshops/${w.id}`)}${SIGN_OFF}`,
  }),
  /** The member sent apologies: the email confirms them and carries the cancellation of their calendar entry. */
  apologiesSent: (name: string, w: WorkshopFacts, deputyName: string | null) => ({
    subject: `Apologies sent: ${w.title}`,
    body: `Dear ${name},

Thank you for letting us know you cannot come. Your apologies are recorded, and the cancellation in this email removes the workshop from your calendar.${deputyName ? ` ${deputyName} will go in your place.` : ""}

${w.title}
${formatEventTime(w.startsAt, w.endsAt)} (UK time)

Tier 1 champions stay current by coming to the workshops: see the next ones at ${appUrl("/workshops")}${SIGN_OFF}`,
  }),
  feedbackRequest: (name: string, w: WorkshopFacts) => ({
    subject: `How was it? ${w.title}`,
    body: `Dear ${name},\n\nThank you for coming. Tier 1 champions shape the network's training: please rate the workshop, tell us what was useful, and propose topics for future workshops. It takes two minutes.\n\n${appUrl(`/workshops/${w.id}/feedback`)}${SIGN_OFF}`,
  }),
  invitation: (name: string, token: string) => ({
    subject: "You are invited to the Oxfordshire Homelessness Champions Network",
    body: `Dear ${name},\n\nYou have been added to the Oxfordshire Homelessness Champions Network. Set your password to sign in (the link works once, for seven days):\n\n${appUrl(`/invite/${token}`)}${SIGN_OFF}`,
  }),
  /** Six months after a contact last confirmed their directory details: a one-click link to confirm them. */
  contactConfirmation: (name: string, token: string) => ({
    subject: "Are your Champions Network directory details still right?",
    body: `Dear ${name},\n\nIt is six months since you last confirmed your entry in the network's directory of housing contacts. Colleagues in other organisations rely on it to find you.\n\nIf nothing has changed, confirm with one click:\n${appUrl(`/directory/confirm/${token}`)}\n\nIf something has changed, sign in and update it:\n${appUrl("/account/directory")}${SIGN_OFF}`,
  }),
  /** Tells an organisation lead that one of their contacts has been asked to confirm. */
  staleContactToLead: (leadName: string, contactName: string) => ({
    subject: `Directory details out of date: ${contactName}`,
    body: `Dear ${leadName},\n\n${contactName}'s directory details have not been confirmed for six months. We have asked them to confirm. You can check and update them here:\n${appUrl("/directory")}${SIGN_OFF}`,
  }),
};
