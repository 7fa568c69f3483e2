import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { LinkProblem } from "~/components/link-problem";
import { logEvent } from "~/lib/log.server";
import { linkTokenParam } from "~/lib/tokens.server";
import { checkEmailChangeReport, reportEmailChange } from "~/models/email-change.server";

export const meta: MetaFunction = () => [{ title: "I did not ask to change my email address – Champions Network" }];

const STATUS = { unknown: 404, expired: 410, used: 410 } as const;

/** From the email to the old address. Anyone holding the link may report: it went only to that address. */
export function loader({ params }: LoaderFunctionArgs) {
  const token = linkTokenParam(params.token);
  const state = token ? checkEmailChangeReport({ token }) : "unknown";
  if (state !== "valid") return json({ problem: state }, { status: STATUS[state] });
  return json({ problem: null });
}

type ActionData = { problem: keyof typeof STATUS | null; confirmed: boolean };

export function action({ params }: ActionFunctionArgs) {
  const token = linkTokenParam(params.token);
  const result = token ? reportEmailChange({ token }) : { outcome: "unknown" as const };
  if (result.outcome !== "reported")
    return json<ActionData>({ problem: result.outcome, confirmed: false }, { status: STATUS[result.outcome] });
  logEvent("email-change-reported", {});
  return json<ActionData>({ problem: null, confirmed: result.confirmed });
}

export default function ReportEmailChange() {
  const { problem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData && !actionData.problem) {
    return (
      <div className="narrow">
        <h1>Thank you: the network coordinator has been told</h1>
        {actionData.confirmed ? (
          <p>The change had already been confirmed. The coordinator will contact you to put your account right.</p>
        ) : (
          <p>The change has been stopped: your account keeps this email address.</p>
        )}
        <p>Your account has been signed out everywhere. To be safe, set a new password.</p>
        <p>
          <Link to="/forgotten-password">Set a new password</Link>
        </p>
      </div>
    );
  }
  const state = actionData?.problem ?? problem;
  if (state) {
    return (
      <LinkProblem
        state={state}
        next={
          <p>
            If you are worried about your account, <Link to="/forgotten-password">set a new password</Link> and tell the
            network coordinator.
          </p>
        }
      />
    );
  }
  return (
    <div className="narrow">
      <h1>I did not ask to change my email address</h1>
      <p>
        If you did not ask for your Champions Network account to use a new email address, tell us here. We will stop the
        change if it has not happened yet, sign your account out everywhere, and tell the network coordinator.
      </p>
      <Form method="post">
        <button type="submit" className="button button--warning">
          This wasn't me
        </button>
      </Form>
    </div>
  );
}
