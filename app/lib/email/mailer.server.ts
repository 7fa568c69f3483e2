import nodemailer, { type Transporter } from "nodemailer";

export type Mailer = { send: (message: { to: string; subject: string; text: string }) => Promise<void> };

export const FROM_ADDRESS = process.env.MAIL_FROM ?? "Champions Network <no-reply@champions-network.example.org>";

/** An SMTP mailer when SMTP_URL is set (smtp://user:pass@host:port); otherwise null: emails stay in the outbox. */
export function createMailer(smtpUrl: string | undefined = process.env.SMTP_URL): Mailer | null {
  if (!smtpUrl) return null;
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from: FROM_ADDRESS, to, subject, text });
    },
  };
}
