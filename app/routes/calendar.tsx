import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { appUrl } from "~/lib/email/templates";
import { redirectWithFlash } from "~/lib/flash.server";
import { requirePermission } from "~/lib/guards.server";
import { getCalendarFeedToken, resetCalendarFeedToken, revokeCalendarFeed } from "~/models/calendar-feed.server";

export const meta: MetaFunction = () => [{ title: "Your calendar feed – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const token = getCalendarFeedToken({ memberId: member.id });
  // APP_URL's address, never the request's Host: a forged Host must not end up in someone's calendar.
  return json({ feedUrl: token ? appUrl(`/feeds/${token}.ics`) : null });
}

const calendarActionSchema = z.object({ intent: z.enum(["create", "revoke"]) });

export async function action({ request }: ActionFunctionArgs) {
  const member = await requirePermission(request, "book:workshop", "self");
  const parsed = calendarActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose what to do with your calendar feed.", { status: 400 });
  if (parsed.data.intent === "revoke") {
    revokeCalendarFeed({ memberId: member.id });
    return redirectWithFlash("/calendar", "Your calendar feed has been turned off. The old address no longer works.");
  }
  resetCalendarFeedToken({ memberId: member.id });
  return redirectWithFlash("/calendar", "Your calendar feed address is ready. Any earlier address no longer works.");
}

export default function CalendarFeed() {
  const { feedUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your calendar feed</h1>
      <p className="lead">
        Subscribe to this private address in Outlook, Google Calendar or Apple Calendar and your workshop bookings appear
        in your calendar by themselves. Changed times update, and cancelled workshops disappear.
      </p>
      <p>Waiting-list places are not included until you have a place.</p>
      {feedUrl ? (
        <>
          <h2>Your private address</h2>
          <p>Keep it to yourself: anyone with it can see your bookings.</p>
          <p className="code-block">{feedUrl}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <button type="submit" className="button button--secondary">
              Make a new address (the old one stops working)
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="revoke" />
            <button type="submit" className="button button--warning">
              Turn off my calendar feed
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
