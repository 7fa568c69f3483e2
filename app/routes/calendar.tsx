import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";
import { appUrl } from "~/lib/email/templates";
import { redirectWithFlash } from "~/lib/flash.server";
import { requirePermission } from "~/lib/guards.server";
import { getCalendarFeed, resetCalendarFeedToken, revokeCalendarFeed } from "~/models/calendar-feed.server";
import { calendarFeedActionSchema } from "~/validation/calendar-feed";

export const meta: MetaFunction = () => [{ title: "Your calendar feed – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  // Only the address's digest is stored: the page can say a feed exists, never show its address again.
  const feed = getCalendarFeed({ memberId: member.id });
  return json({
    feed: feed
      ? { created: formatDateTime(feed.createdAt), lastUsed: feed.lastUsedAt ? formatDateTime(feed.lastUsedAt) : null }
      : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const parsed = calendarFeedActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose what to do with your calendar feed.", { status: 400 });
  if (parsed.data.intent === "revoke") {
    revokeCalendarFeed({ memberId: member.id });
    return redirectWithFlash("/calendar", "Your calendar feed has been stopped. The old address no longer works.");
  }
  const token = resetCalendarFeedToken({ memberId: member.id });
  // The address is in this response only (not a redirect, a cookie or the database), so it is shown once.
  // APP_URL's address, never the request's Host: a forged Host must not end up in someone's calendar.
  return json({ feedUrl: appUrl(`/feeds/${token}.ics`) });
}

export default function CalendarFeed() {
  const { feed } = useLoaderData<typeof loader>();
  const created = useActionData<typeof action>();
  return (
    <>
      <h1>Your calendar feed</h1>
      <p className="lead">
        Subscribe to a private address in Outlook, Google Calendar or Apple Calendar and your workshop bookings appear
        in your calendar by themselves. Changed times update, and cancelled workshops disappear.
      </p>
      <p>Waiting-list places are not included until you have a place.</p>
      {created?.feedUrl ? (
        <div className="notification notification--success" role="status">
          <h2 className="notification__title">Your calendar feed address is ready</h2>
          <p>
            Copy it now and add it to your calendar app: for your security we do not show it again. You can make a new
            one at any time, which stops the old one.
          </p>
          <p className="code-block">{created.feedUrl}</p>
          <p>Keep it to yourself: anyone with it can see your bookings.</p>
        </div>
      ) : null}
      {feed ? (
        <>
          <h2>Your feed</h2>
          <dl className="summary-list">
            <div>
              <dt>Address made</dt>
              <dd>{feed.created}</dd>
            </div>
            <div>
              <dt>Last fetched by a calendar</dt>
              <dd>{feed.lastUsed ?? "Not yet"}</dd>
            </div>
          </dl>
          <p>
            The address is shown only once, when it is made. If you have lost it, or think someone else has it, make a
            new address: the old one stops working at once.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <button type="submit" className="button button--secondary">
              Make a new address
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="revoke" />
            <button type="submit" className="button button--warning">
              Stop the feed
            </button>
          </Form>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <button type="submit" className="button">
            Create my calendar feed address
          </button>
        </Form>
      )}
    </>
  );
}
