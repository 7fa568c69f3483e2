import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { useFormWithoutPasswords } from "~/components/new-password-field";
import { TextField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { checkCurrentPassword } from "~/lib/current-password.server";
import { logEvent } from "~/lib/log.server";
import { findPendingEmailChange, requestEmailChange } from "~/models/email-change.server";
import { changeEmailSchema } from "~/validation/account";

export const meta: MetaFunction = () => [{ title: "Change your email address – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const pending = findPendingEmailChange({ memberId: viewer.id });
  return json({
    email: viewer.email,
    pending: pending ? { newEmail: pending.newEmail, expires: formatDateTime(pending.expiresAt) } : null,
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

/**
 * Sends a confirmation link to the new address and tells the old one; the
 * address changes only when the link is used. The current password is asked
 * for (a wrong one counts as a failed sign-in).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const parsed = parseForm(changeEmailSchema, await request.formData());
  const { currentPassword: _typed, ...values } = parsed.values;
  if (!parsed.success) return json<ActionData>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const refused = await checkCurrentPassword({
    member: viewer,
    password: parsed.data.currentPassword,
    ipAddress: context?.clientIp ?? null,
  });
  if (refused) return json<ActionData>({ fieldErrors: { currentPassword: refused.message }, values }, refused.init);
  const result = requestEmailChange({ memberId: viewer.id, newEmail: parsed.data.email });
  if (result.outcome === "same") {
    return json<ActionData>(
      { fieldErrors: { email: "This is already your email address. Enter a different one." }, values },
      { status: 400 },
    );
  }
  if (result.outcome === "taken") {
    return json<ActionData>(
      {
        fieldErrors: {
          email:
            "This email address is already used by another account. Enter a different one, or ask the network coordinator for help.",
        },
        values,
      },
      { status: 400 },
    );
  }
  logEvent("email-change-requested", { memberId: viewer.id });
  return redirectWithFlash(
    "/account/email",
    "We have sent a link to your new address. Your email address changes when you open it (within 24 hours).",
  );
}

export default function ChangeEmail() {
  const { email, pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formRef = useFormWithoutPasswords(actionData);
  const errors = actionData?.fieldErrors;
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>Change your email address</h1>
      <p>
        You sign in with <strong>{email}</strong>. We will send a link to the new address: it changes only when you open
        that link, within 24 hours. We will also tell your current address.
      </p>
      {pending ? (
        <div className="notification" role="status">
          <p className="notification__title">Waiting for confirmation</p>
          <p>
            We sent a link to {pending.newEmail}. It works until {pending.expires}. Asking again sends a new link and
            stops this one.
          </p>
        </div>
      ) : null}
      <Form method="post" noValidate ref={formRef}>
        <TextField
          name="email"
          label="New email address"
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={actionData?.values.email}
          error={errors?.email}
        />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          hint="To check it is you."
          error={errors?.currentPassword}
        />
        <button type="submit" className="button">
          Send confirmation link
        </button>
      </Form>
      <p>
        <Link to="/account">Back to my account</Link>
      </p>
    </div>
  );
}
