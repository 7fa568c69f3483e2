import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { logEvent } from "~/lib/log.server";
import { requestPasswordReset } from "~/models/password.server";
import { forgottenPasswordSchema } from "~/validation/account";

export const meta: MetaFunction = () => [{ title: "Forgotten your password? – Champions Network" }];

export function loader() {
  return json({});
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues } | { done: true };

/**
 * Always the same answer for a well-formed address, whether it is a member's,
 * a deactivated member's, nobody's, or throttled: the page must not tell
 * anyone which addresses have accounts.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(forgottenPasswordSchema, await request.formData());
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const { outcome } = requestPasswordReset({ email: parsed.data.email, ipAddress: context?.clientIp ?? null });
  logEvent("password-reset-request", { outcome });
  return json<ActionData>({ done: true });
}

export default function ForgottenPassword() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  if (actionData && "done" in actionData) {
    return (
      <div className="narrow">
        <h1>Check your email</h1>
        <p className="lead" role="status">
          If that address belongs to an account in the network, we have sent it a link to set a new password.
        </p>
        <p>
          The link works once, for one hour. If nothing arrives within a few minutes, check your spam folder, or ask
          your organisation lead or the network coordinator to send you a link.
        </p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    );
  }
  const errors = actionData?.fieldErrors;
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>Forgotten your password?</h1>
      <p>Enter the email address you sign in with. We will send you a link to set a new password.</p>
      <Form method="post" noValidate>
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={actionData?.values.email}
          error={errors?.email}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Send me a link
        </button>
      </Form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
