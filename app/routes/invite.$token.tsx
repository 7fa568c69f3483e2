import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { hashPassword } from "~/lib/password.server";
import { startSession } from "~/lib/session.server";
import { acceptInvitation, findValidInvitation } from "~/models/invitation.server";
import { setPasswordSchema } from "~/validation/common-password.server";

export const meta: MetaFunction = () => [{ title: "Set your password – Champions Network" }];

function validToken(token: string | undefined) {
  return token && /^[A-Za-z0-9_-]{20,64}$/.test(token) ? token : null;
}

export function loader({ params }: LoaderFunctionArgs) {
  const token = validToken(params.token);
  const invitation = token ? findValidInvitation({ token }) : undefined;
  if (!invitation) return json({ invitation: null }, { status: 404 });
  return json({ invitation: { name: invitation.name, email: invitation.email } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = validToken(params.token);
  if (!token || !findValidInvitation({ token }))
    return json(
      { fieldErrors: { form: "This invitation has expired or has been used." } as FieldErrors },
      { status: 404 },
    );
  const parsed = parseForm(setPasswordSchema, await request.formData());
  if (!parsed.success) return json({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const accepted = acceptInvitation({ token, passwordHash: await hashPassword(parsed.data.password) });
  if (!accepted)
    return json(
      { fieldErrors: { form: "This invitation has expired or has been used." } as FieldErrors },
      { status: 404 },
    );
  return redirect("/", { headers: { "Set-Cookie": await startSession(request, accepted.memberId) } });
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!invitation) {
    return (
      <>
        <h1>This invitation has expired or has been used</h1>
        <p>
          Invitation links work once, for seven days. Ask the network coordinator to send a new one, or sign in if you
          have already set your password.
        </p>
        <p>
          <Link to="/login">Sign in</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <h1>Welcome, {invitation.name}</h1>
      <p className="lead">
        Set a password to join the Oxfordshire Homelessness Champions Network. You will sign in with {invitation.email}.
      </p>
      <Form method="post" noValidate>
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="Use 8 characters or more. A few unrelated words make a strong password."
          error={actionData?.fieldErrors?.password}
        />
        <button type="submit" className="button">
          Set password and sign in
        </button>
      </Form>
    </>
  );
}
