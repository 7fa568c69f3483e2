import nodemailer, { type Transporter } from "nodemailer";
import { extraHeaderFields, headerText, isSingleAddress } from "./headers";

export type OutgoingEmail = {
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  /** Extra header fields (List-Unsubscribe, List-Unsubscribe-Post); names and values are kept to one line. */
  headers?: Record<string, string>;
  /** An event calendars show as an invitation: an inline `text/calendar; method=...` alternative part. */
  calendar?: { method: "REQUEST" | "CANCEL"; ics: string };
};

/** Resolves once the SMTP server has accepted the message; rejects if it refuses or does not answer. */
export type Mailer = { send: (message: OutgoingEmail) => Promise<void> };

export const FROM_ADDRESS = process.env.MAIL_FROM ?? "Champions Network <no-reply@champions-network.example.org>";

/** The From address's display name and address: the organiser of the invitations calendars receive. */
export function fromMailbox() {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(FROM_ADDRESS);
  return match
    ? { name: match[1] || "Champions Network", address: match[2] }
    : { name: "Champions Network", address: FROM_ADDRESS.trim() };
}

/**
 * How long a send may take before nodemailer gives up. Together they stay well
 * inside the outbox lease (SEND_LEASE_MS), so a send that is still running is
 * never handed to a second sender.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 60_000, greetingTimeout: 30_000, socketTimeout: 120_000 };

/** An SMTP mailer when SMTP_URL is set (smtp://user:pass@host:port); otherwise null: emails stay in the outbox. */
export function createMailer(smtpUrl: string | undefined = process.env.SMTP_URL): Mailer | null {
  if (!smtpUrl) return null;
  const transport: Transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return {
    async send({ to, subject, text, messageId, headers, calendar }) {
      // The recipient is one plain address, so nothing can add a second one; the subject
      // is one line whatever the workshop title held.
      if (!isSingleAddress(to)) throw new Error("The recipient is not a single email address.");
      // The part's Content-Type names the same METHOD as the file, which calendars read either way.
      if (calendar && !calendar.ics.includes(`\r\nMETHOD:${calendar.method}\r\n`)) {
        throw new Error("The calendar invitation's METHOD is not the one it is sent with.");
      }
      await transport.sendMail({
        from: headerText(FROM_ADDRESS),
        to,
        subject: headerText(subject),
        text,
        messageId,
        headers: extraHeaderFields(headers),
        // nodemailer adds the event as a text/calendar alternative with this METHOD (and as an .ics attachment).
        icalEvent: calendar
          ? { method: calendar.method, content: calendar.ics, filename: "invitation.ics" }
          : undefined,
      });
    },
  };
}
