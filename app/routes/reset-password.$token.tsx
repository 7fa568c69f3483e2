import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { LinkProblem, type LinkProblemState } from "~/components/link-problem";
import { NewPasswordField, useFormWithoutPasswords } from "~/components/new-password-field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { logEvent } from "~/lib/log.server";
import { hashPassword } from "~/lib/password.server";
import { getSignedInMember } from "~/lib/session.server";
import { finishSignIn, startSecondStep } from "~/lib/sign-in.server";
import { linkTokenParam } from "~/lib/tokens.server";
import { getMember } from "~/models/member.server";
import { checkPasswordReset, completePasswordReset } from "~/models/password.server";
import { hasTwoStep } from "~/models/two-step.server";
import { setPasswordSchema } from "~/validation/common-password.server";

export const meta: MetaFunction = () => [{ title: "Set a new password – Champions Network" }];

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
  if (!token) return { token: null, link: { state: "unknown" as const } };
  const link = checkPasswordReset({ token });
  const viewer = await getSignedInMember(request);
  if (link.state !== "unknown" && viewer && viewer.id !== link.memberId)
    return { token, link: { state: "other-member" as const } };
  return { token, link };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { link } = await linkFor(request, params.token);
  if (link.state !== "valid") return json({ problem: link.state, email: null }, { status: STATUS[link.state] });
  return json({ problem: null, email: link.email });
}

type ActionData = { problem: LinkProblemState | null; fieldErrors: FieldErrors | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { token, link } = await linkFor(request, params.token);
  if (!token || link.state !== "valid") {
    const problem = link.state === "valid" ? "unknown" : link.state;
    return json<ActionData>({ problem, fieldErrors: null }, { status: STATUS[problem] });
  }
  const parsed = parseForm(setPasswordSchema, await request.formData());
  if (!parsed.success) return json<ActionData>({ problem: null, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const done = completePasswordReset({ token, passwordHash: await hashPassword(parsed.data.password) });
  if (!done) return json<ActionData>({ problem: "used", fieldErrors: null }, { status: 410 });
  logEvent("password-reset", { memberId: done.memberId });
  // Every session of the member has ended. A new password is only the first step: with two-step sign-in, the code comes next.
  if (hasTwoStep({ memberId: done.memberId })) {
    return redirect("/login/two-step", {
      headers: { "Set-Cookie": await startSecondStep({ memberId: done.memberId, redirectTo: "/" }) },
    });
  }
  const signedIn = await finishSignIn({
    request,
    member: { id: done.memberId, role: getMember({ id: done.memberId })!.role },
    redirectTo: "/",
  });
  return redirectWithFlash("/", "Your new password is set, and you are signed in. Any other sign-ins have ended.", {
    headers: signedIn.headers,
  });
}

export default function ResetPassword() {
  const { problem, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formRef = useFormWithoutPasswords(actionData);
  const state = actionData?.problem ?? problem;
  if (state) {
    return (
      <LinkProblem
        state={state}
        next={
          <p>
            <Link to="/forgotten-password">Ask for a new link</Link> or <Link to="/login">sign in</Link> if you know
            your password.
          </p>
        }
      />
    );
  }
  return (
    <div className="narrow">
      <ErrorSummary errors={actionData?.fieldErrors} />
      <h1>Set a new password</h1>
      <p className="lead">For the account {email}. When you save it, you will be signed out everywhere else.</p>
      <Form method="post" noValidate ref={formRef}>
        <NewPasswordField error={actionData?.fieldErrors?.password} />
        <button type="submit" className="button">
          Set password and sign in
        </button>
      </Form>
    </div>
  );
}
