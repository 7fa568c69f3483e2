import nodemailer, { type Transporter } from "nodemailer";
import { headerText, isSingleAddress } from "./headers";

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

/** A header field name: printable ASCII without a colon (RFC 5322 section 3.6.8). */
const FIELD_NAME = /^[!-9;-~]+$/;

/** The extra header fields, each name checked and each value kept to one line. */
function extraHeaders(headers: Record<string, string> = {}) {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_NAME.test(name)) throw new Error("An extra header field has an invalid name.");
    safe[name] = headerText(value);
  }
  return safe;
}

/** Resolves once the SMTP server has accepted the message; rejects if it refuses or does not answer. */
export type Mailer = { send: (message: OutgoingEmail) => Promise<void> };

export const FROM_ADDRESS = process.env.MAIL_FROM ?? "Champions Network <no-reply@champions-network.example.org>";

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
      await transport.sendMail({
        from: headerText(FROM_ADDRESS),
        to,
        subject: headerText(subject),
        text,
        messageId,
        headers: extraHeaders(headers),
        // nodemailer adds the event as a text/calendar alternative with this METHOD (and as an .ics attachment).
        icalEvent: calendar
          ? { method: calendar.method, content: calendar.ics, filename: "invitation.ics" }
          : undefined,
      });
    },
  };
}
