import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { logEvent } from "~/lib/log.server";
import { getSignedInMember } from "~/lib/session.server";
import { clearPendingSignIn, finishSignIn, readPendingSignIn } from "~/lib/sign-in.server";
import { getMember } from "~/models/member.server";
import { checkSignInThrottle, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { verifySecondStep } from "~/models/two-step.server";
import { secondStepSchema } from "~/validation/two-step";

export const meta: MetaFunction = () => [{ title: "Enter your code – Champions Network" }];

/** The throttled second step's 429 says when to try again, as the password step's does. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/** Back to the password step: the right password was not given here a moment ago (or the account has gone). */
async function startAgain() {
  return redirect("/login", { headers: { "Set-Cookie": await clearPendingSignIn() } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSignedInMember(request)) throw redirect("/");
  if (!(await readPendingSignIn(request))) throw await startAgain();
  return json({});
}

type ActionData = { fieldErrors: FieldErrors };

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await readPendingSignIn(request);
  const member = pending ? getMember({ id: pending.memberId }) : undefined;
  if (!pending || !member || member.status !== "active") return startAgain();
  const parsed = parseForm(secondStepSchema, await request.formData());
  if (!parsed.success) return json<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const ipAddress = context?.clientIp ?? null;
  const throttle = checkSignInThrottle({ email: member.email, ipAddress });
  if (throttle.blocked) {
    logEvent("sign-in", { outcome: "throttled", memberId: member.id });
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
    return json<ActionData>(
      {
        fieldErrors: {
          code: `There have been too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
        },
      },
      { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
    );
  }
  const result = verifySecondStep({ memberId: member.id, code: parsed.data.code });
  if (!result.ok) {
    recordSignInAttempt({ email: member.email, ipAddress, succeeded: false });
    logEvent("sign-in", { outcome: "second-step-failure", memberId: member.id });
    const message =
      result.reason === "used"
        ? "That code has already been used. Wait for the next code from your app and enter it"
        : "The code is not correct. Check your app shows the Champions Network code, or use a recovery code";
    return json<ActionData>({ fieldErrors: { code: message } }, { status: 400 });
  }
  recordSignInAttempt({ email: member.email, ipAddress, succeeded: true });
  logEvent("sign-in", { outcome: "success", memberId: member.id, secondStep: result.method });
  return finishSignIn({ request, member, redirectTo: pending.redirectTo });
}

export default function SecondStep() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.fieldErrors;
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>Enter your code</h1>
      <p>
        Your account uses two-step sign-in. Open your authenticator app and enter the code it shows for the Champions
        Network.
      </p>
      <Form method="post" noValidate>
        <TextField
          name="code"
          label="Code"
          hint="6 digits from your app. If you do not have your phone, enter one of your recovery codes instead: each works once."
          autoComplete="one-time-code"
          spellCheck={false}
          width="medium"
          error={errors?.code}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Continue
        </button>
      </Form>
      <p>
        Lost your phone and your recovery codes? Ask the network administrator to reset your two-step sign-in.{" "}
        <Link to="/login">Start again</Link>
      </p>
    </div>
  );
}
