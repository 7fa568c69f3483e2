import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { EMAIL_TEXT_RETENTION_MS, listOutbox } from "~/models/outbox.server";

export const meta: MetaFunction = () => [{ title: "Email outbox – Champions Network" }];

const RETENTION_DAYS = EMAIL_TEXT_RETENTION_MS / (24 * 60 * 60 * 1000);

const STATUS_TEXT = {
  pending: "Waiting to send",
  sending: "Being sent",
  sent: "Sent",
  failed: "Failed",
  kept: "Kept (no SMTP server set)",
  withdrawn: "Withdrawn (no longer applied when it was due)",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:outbox", "everywhere");
  return json({
    smtp: Boolean(process.env.SMTP_URL),
    emails: listOutbox({ limit: 200 }).map((e) => ({
      id: e.id,
      to: e.toAddress,
      subject: e.subject,
      // Finished emails lose their text after the retention period (clearExpiredEmailText): nothing to show.
      body: e.body === "" && e.status !== "pending" && e.status !== "sending" ? null : e.body,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
      created: formatDateTime(e.createdAt),
    })),
  });
}

export default function Outbox() {
  const { smtp, emails } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Email outbox</h1>
      <p className="lead">
        {smtp
          ? "Emails are sent through the SMTP server, retried if it fails. The newest 200 are shown."
          : "No SMTP server is set (SMTP_URL), so emails are kept here instead of being sent. The newest 200 are shown."}
      </p>
      <p>
        Once an email is sent, the copy kept here loses the secret part of any link that sets a password or confirms
        directory details: the recipient has it, and nobody else should. {RETENTION_DAYS} days after an email was queued
        its text is removed; who it went to, its subject and what happened to it stay.
      </p>
      {emails.length === 0 ? <p>No emails yet.</p> : null}
      <ul className="card-list">
        {emails.map((email) => (
          <li key={email.id}>
            {email.body === null ? (
              <p>
                {email.subject} – to {email.to}
                <br />
                <span className="muted">
                  The text of this email was removed {RETENTION_DAYS} days after it was queued.
                </span>
              </p>
            ) : (
              <details>
                <summary>
                  {email.subject} – to {email.to}
                </summary>
                <pre className="email">{email.body}</pre>
              </details>
            )}
            <p className="muted">
              {email.created}: {STATUS_TEXT[email.status]}
              {email.attempts ? ` after ${email.attempts} failed attempt${email.attempts === 1 ? "" : "s"}` : ""}
              {email.lastError && email.status !== "sent" ? ` (${email.lastError})` : ""}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
