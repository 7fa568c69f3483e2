import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { logEvent } from "~/lib/log.server";
import { hashPassword, isCommonPassword, verifyPassword } from "~/lib/password.server";
import { getSessionCookie } from "~/lib/session.server";
import { changePassword, getPasswordHash } from "~/models/password.server";
import { checkSignInThrottle, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { changePasswordSchema } from "~/validation/account";

export const meta: MetaFunction = () => [{ title: "Change your password – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "update:profile", "self");
  return json({});
}

const schema = changePasswordSchema.superRefine((value, ctx) => {
  if (isCommonPassword(value.password)) ctx.addIssue({ code: "custom", path: ["password"], message: "This password is too common and easy to guess. Choose a different one." });
});

/**
 * The current password is checked first; a wrong one counts as a failed
 * sign-in (someone at an unattended computer cannot guess it freely). The new
 * password ends every other session and the member is emailed.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.success) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const ipAddress = context?.clientIp ?? null;
  const throttle = checkSignInThrottle({ email: viewer.email, ipAddress });
  if (throttle.blocked) {
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
    return json<{ fieldErrors: FieldErrors }>(
      { fieldErrors: { currentPassword: `There have been too many wrong passwords. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.` } },
      { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
    );
  }
  const current = getPasswordHash({ memberId: viewer.id });
  if (!current || !(await verifyPassword(current, parsed.data.currentPassword))) {
    recordSignInAttempt({ email: viewer.email, ipAddress, succeeded: false });
    return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { currentPassword: "Your current password is not correct" } }, { status: 400 });
  }
  // This browser stays signed in; every other session ends.
  const keepSessionToken = await getSessionCookie().parse(request.headers.get("Cookie"));
  changePassword({ memberId: viewer.id, passwordHash: await hashPassword(parsed.data.password), keepSessionToken: typeof keepSessionToken === "string" ? keepSessionToken : null });
  logEvent("password-changed", { memberId: viewer.id });
  return redirectWithFlash("/account", "Your password has been changed. You have been signed out everywhere else.");
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>Change your password</h1>
      <p>When you change it, you will be signed out on every other computer and phone, and we will email you to say so.</p>
      <Form method="post" noValidate>
        <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={errors?.currentPassword} />
        <TextField
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="Use 8 characters or more. A few unrelated words make a strong password."
          error={errors?.password}
        />
        <button type="submit" className="button">
          Change password
        </button>
      </Form>
      <p>
        <Link to="/forgotten-password">Forgotten your current password?</Link> · <Link to="/account">Back to my account</Link>
      </p>
    </div>
  );
}
