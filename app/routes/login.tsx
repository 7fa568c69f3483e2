import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { authenticator, InvalidCredentialsError } from "~/lib/auth.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { safeRedirectTarget } from "~/lib/security.server";
import { getSignedInMember } from "~/lib/session.server";
import { finishSignIn, startSecondStep } from "~/lib/sign-in.server";
import { logEvent } from "~/lib/log.server";
import { getMember } from "~/models/member.server";
import { checkSignInThrottle, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { hasTwoStep } from "~/models/two-step.server";
import { signInSchema } from "~/validation/sign-in";

export const meta: MetaFunction = () => [{ title: "Sign in – Champions Network" }];

/** A page answer takes only the headers a route names: the throttled sign-in's 429 says when to try again. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getSignedInMember(request)) {
    throw redirect(safeRedirectTarget(url.searchParams.get("redirectTo")));
  }
  return json({ signedOut: url.searchParams.get("signedOut") === "1" });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.clone().formData();
  const parsed = parseForm(signInSchema, form);
  if (!parsed.success) {
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  }
  const { email } = parsed.data;
  // Null when the address is really a proxy's: then only the per-account limit applies.
  const ipAddress = context?.clientIp ?? null;
  const throttle = checkSignInThrottle({ email, ipAddress });
  if (throttle.blocked) {
    logEvent("sign-in", { outcome: "throttled" });
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
    return json<ActionData>(
      {
        fieldErrors: {
          email: `There have been too many failed attempts to sign in. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
        },
        values: parsed.values,
      },
      { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
    );
  }
  let memberId: number;
  try {
    memberId = (await authenticator.authenticate("form", request)).id;
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    recordSignInAttempt({ email, ipAddress, succeeded: false });
    logEvent("sign-in", { outcome: "failure" });
    return json<ActionData>(
      { fieldErrors: { email: "The email address or password is not correct" }, values: parsed.values },
      { status: 400 },
    );
  }
  const redirectTo = safeRedirectTarget(parsed.data.redirectTo);
  if (hasTwoStep({ memberId })) {
    // No session yet: the second step (a code from their app) comes first.
    logEvent("sign-in", { outcome: "second-step", memberId });
    const pending = await startSecondStep({ memberId, redirectTo });
    return redirect("/login/two-step", { headers: { "Set-Cookie": pending } });
  }
  recordSignInAttempt({ email, ipAddress, succeeded: true });
  logEvent("sign-in", { outcome: "success", memberId });
  return finishSignIn({ request, member: { id: memberId, role: getMember({ id: memberId })!.role }, redirectTo });
}

export default function SignIn() {
  const { signedOut } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const errors = actionData?.fieldErrors;
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // A password is never kept after a failed submission, with or without JavaScript.
    const password = formRef.current?.elements.namedItem("password");
    if (actionData && password instanceof HTMLInputElement) password.value = "";
  }, [actionData]);
  const values = actionData?.values ?? {};
  return (
    <div className="narrow">
      {signedOut && !actionData ? (
        <div className="notification notification--success" role="status">
          <p className="notification__title">You have signed out.</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <h1>Sign in</h1>
      <Form method="post" noValidate ref={formRef}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? values.redirectTo ?? "/"} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={values.email}
          error={errors?.email}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors?.password}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Sign in
        </button>
      </Form>
      <p>
        New to the network? <Link to="/register">Create an account</Link> to take the awareness training.
      </p>
      <p>
        <Link to="/forgotten-password">Forgotten your password?</Link>
      </p>
    </div>
  );
}
