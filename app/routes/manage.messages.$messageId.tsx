import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { renderMarkdown } from "~/lib/content/markdown.server";
import { formatDateTime } from "~/lib/dates";
import { notFound, requirePermission } from "~/lib/guards.server";
import { getMessage } from "~/models/message.server";
import { idParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.message.subject ?? "Message"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "send:message", "everywhere");
  const id = idParam.safeParse(params.messageId);
  const message = id.success ? getMessage({ id: id.data }) : undefined;
  if (!message) throw notFound("We could not find that message. It may have been sent from another copy of the app.");
  return json({
    message: {
      ...message,
      sent: formatDateTime(message.createdAt),
      // Written as markdown by a coordinator: rendered and sanitised (only plain formatting and web links).
      html: renderMarkdown(message.body),
    },
  });
}

export default function SentMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Sent message</span>
      <h1>{message.subject}</h1>
      <dl className="summary-list">
        <div>
          <dt>To</dt>
          <dd>{message.audienceLabel}</dd>
        </div>
        <div>
          <dt>Recipients</dt>
          <dd>
            {message.recipients.toLocaleString("en-GB")} {message.recipients === 1 ? "person" : "people"}
            {message.optedOut > 0
              ? `; ${message.optedOut.toLocaleString("en-GB")} had turned off messages and were not sent it`
              : ""}
          </dd>
        </div>
        <div>
          <dt>Sent by</dt>
          <dd>{message.sentBy}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>{message.sent}</dd>
        </div>
      </dl>
      <h2>Message</h2>
      <div className="prose" dangerouslySetInnerHTML={{ __html: message.html }} />
      <p>
        <Link to="/manage/messages">All sent messages</Link>
      </p>
    </>
  );
}
