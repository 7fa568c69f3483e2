import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LinkProblem, type LinkProblemState } from "~/components/link-problem";
import { redirectWithFlash } from "~/lib/flash.server";
import { logEvent } from "~/lib/log.server";
import { getSignedInMember } from "~/lib/session.server";
import { linkTokenParam } from "~/lib/tokens.server";
import { checkEmailChange, confirmEmailChange } from "~/models/email-change.server";

export const meta: MetaFunction = () => [{ title: "Confirm your new email address – Champions Network" }];

const STATUS: Record<LinkProblemState, number> = {
  unknown: 404,
  expired: 410,
  used: 410,
  cancelled: 410,
  "other-member": 403,
};

/** The link's state for this visitor: a member signed in as someone else may not use another member's link. */
async function linkFor(request: Request, rawToken: string | undefined) {
  const token = linkTokenParam(rawToken);
  if (!token) return { token: null, link: { state: "unknown" as const }, viewerId: null };
  const link = checkEmailChange({ token });
  const viewer = await getSignedInMember(request);
  if (link.state !== "unknown" && viewer && viewer.id !== link.memberId)
    return { token, link: { state: "other-member" as const }, viewerId: viewer.id };
  return { token, link, viewerId: viewer?.id ?? null };
}

/** From the email to the new address: the link shows a button; confirming is a POST, never the GET. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { link } = await linkFor(request, params.token);
  if (link.state !== "valid") return json({ problem: link.state, newEmail: null }, { status: STATUS[link.state] });
  return json({ problem: null, newEmail: link.newEmail });
}

type ActionData = { problem: LinkProblemState | "taken" | null; done: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const { token, link, viewerId } = await linkFor(request, params.token);
  if (!token || link.state !== "valid") {
    const problem = link.state === "valid" ? "unknown" : link.state;
    return json<ActionData>({ problem, done: false }, { status: STATUS[problem] });
  }
  const result = confirmEmailChange({ token });
  if (result.outcome === "taken") return json<ActionData>({ problem: "taken", done: false }, { status: 409 });
  if (result.outcome !== "changed")
    return json<ActionData>({ problem: result.outcome, done: false }, { status: STATUS[result.outcome] });
  logEvent("email-changed", { memberId: result.memberId });
  if (viewerId === result.memberId)
    return redirectWithFlash("/account", "Your email address has been changed. Use it to sign in from now on.");
  return json<ActionData>({ problem: null, done: true });
}

export default function ConfirmEmailChange() {
  const { problem, newEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.done) {
    return (
      <div className="narrow">
        <h1>Your email address has been changed</h1>
        <p>Use your new address to sign in from now on.</p>
        <p>
          <Link to="/login">Sign in</Link>
        </p>
      </div>
    );
  }
  const state = actionData?.problem ?? problem;
  if (state === "taken") {
    return (
      <div className="narrow">
        <h1>This email address cannot be used</h1>
        <p>
          Another account has started using this address since you asked for the change, so your address has not
          changed.
        </p>
        <p>
          <Link to="/account/email">Choose a different address</Link> or ask the network coordinator for help.
        </p>
      </div>
    );
  }
  if (state) {
    return (
      <LinkProblem
        state={state}
        next={
          <p>
            Your email address has not changed. <Link to="/account/email">Ask for a new link</Link> from My account.
          </p>
        }
      />
    );
  }
  return (
    <div className="narrow">
      <h1>Confirm your new email address</h1>
      <p>
        Your Champions Network account will use <strong>{newEmail}</strong> to sign in and for every email we send you.
      </p>
      <Form method="post">
        <button type="submit" className="button">
          Use this email address
        </button>
      </Form>
    </div>
  );
}
