import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableRegion } from "~/components/table-region";
import { formatDateTime } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { listMessages } from "~/models/message.server";

export const meta: MetaFunction = () => [{ title: "Sent messages – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "send:message", "everywhere");
  return json({
    messages: listMessages().map((m) => ({ ...m, sent: formatDateTime(m.createdAt) })),
  });
}

export default function SentMessages() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Sent messages</h1>
      <p>
        <Link to="/manage/messages/new" className="button">
          Write a message
        </Link>
      </p>
      {messages.length === 0 ? (
        <p>No messages have been sent yet.</p>
      ) : (
        <TableRegion label="Sent messages">
          <table className="table">
            <caption className="visually-hidden">Sent messages, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">Recipients</th>
                <th scope="col">Sent by</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/manage/messages/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{m.audienceLabel}</td>
                  <td>{m.recipients.toLocaleString("en-GB")}</td>
                  <td>{m.sentBy}</td>
                  <td>{m.sent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
