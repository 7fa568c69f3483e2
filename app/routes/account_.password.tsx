import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { NewPasswordField, useFormWithoutPasswords } from "~/components/new-password-field";
import { TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { checkCurrentPassword } from "~/lib/current-password.server";
import { logEvent } from "~/lib/log.server";
import { hashPassword } from "~/lib/password.server";
import { getSessionCookie } from "~/lib/session.server";
import { changePassword } from "~/models/password.server";
import { changePasswordSchema } from "~/validation/account";
import { refuseCommonPassword } from "~/validation/common-password.server";

export const meta: MetaFunction = () => [{ title: "Change your password – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "update:profile", "self");
  return json({});
}

const schema = changePasswordSchema.superRefine(refuseCommonPassword);

/**
 * The current password is checked first; a wrong one counts as a failed
 * sign-in (someone at an unattended computer cannot guess it freely). The new
 * password ends every other session and the member is emailed.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.success) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const refused = await checkCurrentPassword({
    member: viewer,
    password: parsed.data.currentPassword,
    ipAddress: context?.clientIp ?? null,
  });
  if (refused)
    return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { currentPassword: refused.message } }, refused.init);
  // This browser stays signed in; every other session ends.
  const keepSessionToken: unknown = await getSessionCookie().parse(request.headers.get("Cookie"));
  const passwordHash = await hashPassword(parsed.data.password);
  changePassword({
    memberId: viewer.id,
    passwordHash,
    keepSessionToken: typeof keepSessionToken === "string" ? keepSessionToken : null,
  });
  logEvent("password-changed", { memberId: viewer.id });
  return redirectWithFlash("/account", "Your password has been changed. You have been signed out everywhere else.");
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  const formRef = useFormWithoutPasswords(actionData);
  const errors = actionData?.fieldErrors;
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>Change your password</h1>
      <p>
        When you change it, you will be signed out on every other computer and phone, and we will email you to say so.
      </p>
      <Form method="post" noValidate ref={formRef}>
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors?.currentPassword}
        />
        <NewPasswordField error={errors?.password} />
        <button type="submit" className="button">
          Change password
        </button>
      </Form>
      <p>
        <Link to="/forgotten-password">Forgotten your current password?</Link> ·{" "}
        <Link to="/account">Back to my account</Link>
      </p>
    </div>
  );
}
