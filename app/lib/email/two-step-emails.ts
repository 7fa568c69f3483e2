import { formatDateTime } from "../dates";
import { appUrl } from "./templates";

/** Short, plain emails about a member's two-step sign-in and the browsers they sign in from. */
const SIGN_OFF = "\n\nOxfordshire Homelessness Champions Network";
const NOT_YOU = "If this was not you, change your password and tell the network coordinator at once.";

export type TwoStepChange = "turned-on" | "new-app" | "new-recovery-codes" | "turned-off" | "reset-by-admin";

const CHANGE_SENTENCES: Record<TwoStepChange, string> = {
  "turned-on":
    "Two-step sign-in has been turned on for your Champions Network account: signing in now asks for a code from your authenticator app.",
  "new-app":
    "Your Champions Network account now takes codes from a new authenticator app. Codes from the old one no longer work.",
  "new-recovery-codes":
    "New recovery codes have been made for your Champions Network account. The old ones no longer work.",
  "turned-off":
    "Two-step sign-in has been turned off for your Champions Network account: signing in asks only for your password.",
  "reset-by-admin":
    "An administrator has reset two-step sign-in for your Champions Network account, so your authenticator app and recovery codes no longer work.",
};

export const twoStepEmails = {
  changed: (name: string, change: TwoStepChange, staff: boolean) => ({
    subject: "Two-step sign-in has changed on your Champions Network account",
    body: `Dear ${name},\n\n${CHANGE_SENTENCES[change]}${
      change === "reset-by-admin" || change === "turned-off"
        ? staff
          ? `\n\nYour role needs two-step sign-in: you will be asked to set it up again when you next open a coordinator page.`
          : `\n\nYou can turn it on again in My account: ${appUrl("/account/two-step")}`
        : `\n\nManage it in My account: ${appUrl("/account/two-step")}`
    }\n\n${NOT_YOU}${SIGN_OFF}`,
  }),
  newBrowser: (name: string, at: Date, browser: string) => ({
    subject: "New sign-in to your Champions Network account",
    body: `Dear ${name},\n\nYour Champions Network account was signed in to from a browser it had not seen before.\n\nWhen: ${formatDateTime(at)} (UK time)\nBrowser: ${browser || "not given"}\n\nIf this was you, you need do nothing. ${NOT_YOU}${SIGN_OFF}`,
  }),
};
