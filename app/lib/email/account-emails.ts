import { appUrl } from "./templates";

/** Short, plain emails about a member's own account: its password and its email address. */
const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";

export const accountEmails = {
  passwordReset: (name: string, token: string) => ({
    subject: "Set a new password for the Champions Network",
    body: `Dear ${name},\n\nUse this link to set a new password. It works once, for one hour:\n\n${appUrl(`/reset-password/${token}`)}\n\nIf you did not ask for this, you can ignore this email: your password stays as it is.${SIGN_OFF}`,
  }),
  passwordChanged: (name: string) => ({
    subject: "Your Champions Network password has been changed",
    body: `Dear ${name},\n\nThe password for your Champions Network account has just been changed, and you have been signed out everywhere else.\n\nIf this was not you, tell the network coordinator at once. You can set a new password from the sign-in page: ${appUrl("/forgotten-password")}${SIGN_OFF}`,
  }),
  confirmNewEmail: (name: string, token: string) => ({
    subject: "Confirm your new email address for the Champions Network",
    body: `Dear ${name},\n\nTo use this address for your Champions Network account, open this link within 24 hours:\n\n${appUrl(`/email-change/confirm/${token}`)}\n\nUntil then your account keeps its old address. If you did not ask for this, ignore this email.${SIGN_OFF}`,
  }),
  emailChangeRequested: (name: string, newEmail: string, reportToken: string) => ({
    subject: "Your Champions Network email address is being changed",
    body: `Dear ${name},\n\nSomeone signed in to your Champions Network account asked to change its email address to ${newEmail}. The change happens only if that address confirms it within 24 hours.\n\nIf this was not you, use this link to stop it and tell the network coordinator:\n\n${appUrl(`/email-change/report/${reportToken}`)}${SIGN_OFF}`,
  }),
};
