import { singleLine } from "../plain-text";
import { markdownToPlainText } from "./markdown-text";

/**
 * A coordinator's message as a plain-text email: the text they wrote, with
 * markdown links as words and address, and the unsubscribe footer. The
 * subject is kept to one line by queueEmail (headerText).
 */
export function messageEmail({
  name,
  subject,
  body,
  senderName,
  footer,
}: {
  name: string;
  subject: string;
  body: string;
  senderName: string;
  footer: string;
}) {
  return {
    subject: singleLine(subject),
    body: [
      `Dear ${singleLine(name)},`,
      markdownToPlainText(body),
      `${singleLine(senderName)}\nNetwork coordinator, Oxfordshire Homelessness Champions Network`,
      `--\n${footer}`,
    ].join("\n\n"),
  };
}
