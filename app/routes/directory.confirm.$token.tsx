import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { confirmContact, findContactByConfirmToken } from "~/models/contact.server";

export const meta: MetaFunction = () => [{ title: "Confirm your directory details – Champions Network" }];

function contactFor(token: string | undefined) {
  return token && /^[A-Za-z0-9_-]{20,64}$/.test(token) ? findContactByConfirmToken({ token }) : undefined;
}

/** From the six-monthly email: the link shows a button; confirming is a POST, never the GET. */
export function loader({ params }: LoaderFunctionArgs) {
  const contact = contactFor(params.token);
  if (!contact) return json({ contact: null }, { status: 404 });
  return json({ contact: { name: contact.memberName, confirmed: formatDate(contact.lastConfirmedAt) } });
}

export function action({ params }: ActionFunctionArgs) {
  const contact = contactFor(params.token);
  if (!contact) return json({ done: false }, { status: 404 });
  confirmContact({ contactId: contact.id });
  return json({ done: true });
}

export default function ConfirmDetails() {
  const { contact } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.done) {
    return (
      <>
        <h1>Thank you: your details are confirmed</h1>
        <p>We will ask again in six months. You can change your details at any time from your account.</p>
        <p>
          <Link to="/account/directory">My directory entry</Link>
        </p>
      </>
    );
  }
  if (!contact) {
    return (
      <>
        <h1>This link has expired</h1>
        <p>It may have been used already. Sign in to check and confirm your details from your account.</p>
        <p>
          <Link to="/account/directory">My directory entry</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Are your directory details still right?</h1>
      <p>
        {contact.name}, your entry in the Champions Network directory was last confirmed on {contact.confirmed}. If your
        phone, the districts you cover or your specialisms have not changed, confirm below.
      </p>
      <Form method="post">
        <button type="submit" className="button">
          Yes, my details are still right
        </button>
      </Form>
      <p>
        Something changed? <Link to="/account/directory">Sign in and update your entry</Link>.
      </p>
    </>
  );
}
