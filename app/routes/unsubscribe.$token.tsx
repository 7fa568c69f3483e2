import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { OPTIONAL_EMAIL_LABELS, readUnsubscribeToken } from "~/lib/email/unsubscribe.server";
import { getEmailPreferences, setEmailPreferences } from "~/models/email-preference.server";

export const meta: MetaFunction = () => [{ title: "Stop receiving emails – Champions Network" }];

/** The member and kind of mail the link names, when it is a link we wrote for a member who still exists. */
function linkFor(token: string | undefined) {
  const named = readUnsubscribeToken(token);
  if (!named) return null;
  const member = getEmailPreferences({ memberId: named.memberId });
  return member ? { ...named, on: member.preferences[named.kind] } : null;
}

/**
 * From the footer of an optional email: the page asks first, so a link
 * scanner or preview that follows it changes nothing; turning the email off
 * is the POST.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const link = linkFor(params.token);
  if (!link) return json({ link: null }, { status: 404 });
  return json({ link: { label: OPTIONAL_EMAIL_LABELS[link.kind], on: link.on } });
}

/**
 * The button on the page, and the one-click unsubscribe of RFC 8058: a mail
 * client POSTs `List-Unsubscribe=One-Click` to this address with no cookies.
 * The link's MAC is what authorises it, so it needs no session, and the body
 * is not read: any POST to a valid link turns that kind of email off.
 */
export function action({ params }: ActionFunctionArgs) {
  const link = linkFor(params.token);
  if (!link) return json({ done: false as const }, { status: 404 });
  setEmailPreferences({ memberId: link.memberId, preferences: { [link.kind]: false }, via: "unsubscribe-link" });
  return json({ done: true as const, label: OPTIONAL_EMAIL_LABELS[link.kind] });
}

export default function Unsubscribe() {
  const { link } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.done) {
    return (
      <>
        <h1>{`You will no longer receive ${actionData.label}`}</h1>
        <p>
          Emails about your bookings, changes to workshops you are booked on and the security of your account still
          come, because you need them.
        </p>
        <p>
          Changed your mind? <Link to="/account/emails">Choose which emails you receive</Link> in My account.
        </p>
      </>
    );
  }
  if (!link) {
    return (
      <>
        <h1>This unsubscribe link does not work</h1>
        <p>
          It may have been copied only in part: check that you used the whole link from the bottom of the email. Links
          are made for one person, so a link from someone else&apos;s email will not work for you.
        </p>
        <p>
          You can always <Link to="/account/emails">choose which emails you receive</Link> in My account once you have
          signed in.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{`Stop receiving ${link.label}?`}</h1>
      {link.on ? null : <p>You have already turned this off. You can confirm below.</p>}
      <p>
        Emails about your bookings, changes to workshops you are booked on and the security of your account will still
        come.
      </p>
      <Form method="post">
        <button type="submit" className="button">
          {`Stop receiving ${link.label}`}
        </button>
      </Form>
      <p>
        Or <Link to="/account/emails">choose which emails you receive</Link> in My account.
      </p>
    </>
  );
}
