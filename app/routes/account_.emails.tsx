import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { getEmailPreferences, setEmailPreferences } from "~/models/email-preference.server";
import { emailPreferencesSchema } from "~/validation/email-preferences";

export const meta: MetaFunction = () => [{ title: "Emails you receive – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const member = getEmailPreferences({ memberId: viewer.id });
  if (!member) throw new Response("Not Found", { status: 404 });
  return json({ preferences: member.preferences });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const parsed = parseForm(emailPreferencesSchema, await request.formData());
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  }
  setEmailPreferences({ memberId: viewer.id, preferences: parsed.data, via: "account" });
  return redirectWithFlash("/account/emails", "Your email choices have been saved.");
}

const CHOICES = [
  {
    name: "digest",
    label: "The monthly digest",
    hint: "Once a month: your Tier 1 currency, learning that expires soon and the next workshops open to you.",
  },
  {
    name: "reminders",
    label: "Reminders",
    hint: "Before a certificate expires, and when missing one more workshop would lapse your Tier 1 currency.",
  },
  {
    name: "messages",
    label: "Messages from the coordinator",
    hint: "News and requests the network coordinator sends to members.",
  },
] as const;

export default function EmailPreferences() {
  const { preferences } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>Emails you receive</h1>
      <p>
        Emails about your bookings, changes to workshops you are booked on and the security of your account always come,
        because you need them. You can choose whether to receive the others.
      </p>
      <Form method="post" noValidate>
        <div className={`form-group${errors ? " form-group--error" : ""}`}>
          <fieldset>
            <legend>Send me</legend>
            <div className="checkboxes">
              {CHOICES.map((choice) => (
                <div key={choice.name} className="checkboxes__item">
                  <input
                    id={choice.name}
                    type="checkbox"
                    name={choice.name}
                    defaultChecked={preferences[choice.name]}
                    aria-describedby={`${choice.name}-hint`}
                  />
                  <label htmlFor={choice.name}>{choice.label}</label>
                  <p id={`${choice.name}-hint`} className="hint">
                    {choice.hint}
                  </p>
                  {errors?.[choice.name] ? <p className="error-message">{errors[choice.name]}</p> : null}
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="button">
          Save email choices
        </button>
      </Form>
      <p>
        <Link to="/account">Back to My account</Link>
      </p>
    </div>
  );
}
