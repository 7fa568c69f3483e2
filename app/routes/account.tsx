import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS, TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { getMember, updateOwnProfile } from "~/models/member.server";
import { profileSchema } from "~/validation/profile";

export const meta: MetaFunction = () => [{ title: "My account – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const member = getMember({ id: viewer.id });
  if (!member) throw new Response("Not Found", { status: 404 });
  return json({
    member: {
      name: member.name,
      email: member.email,
      jobTitle: member.jobTitle,
      organisationName: member.organisationName ?? member.otherOrganisationName ?? "Not set",
      role: ROLE_LABELS[member.role],
      tier: TIER_LABELS[member.tier as Tier],
      memberSince: formatDate(member.createdAt),
    },
    isChampion: member.tier === 1 && member.organisationId !== null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const parsed = parseForm(profileSchema, await request.formData());
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors; values: FormValues }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  updateOwnProfile({ memberId: viewer.id, ...parsed.data });
  return redirectWithFlash("/account", "Your details have been saved.");
}

export default function Account() {
  const { member, isChampion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>My account</h1>
      <dl className="summary-list">
        <div>
          <dt>Email</dt>
          <dd>{member.email}</dd>
        </div>
        <div>
          <dt>Organisation</dt>
          <dd>{member.organisationName}</dd>
        </div>
        <div>
          <dt>Network tier</dt>
          <dd>{member.tier}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{member.role}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>{member.memberSince}</dd>
        </div>
      </dl>
      <p>
        <Link to="/account/move">I have moved to another organisation</Link>: your learning record comes with you
      </p>
      {isChampion ? (
        <p>
          <Link to="/account/moving-on">I'm moving on</Link>: name a colleague to take over as your organisation's
          champion
        </p>
      ) : null}
      <p className="muted">To change your tier, contact the network coordinator.</p>
      <h2>Signing in</h2>
      <ul>
        <li>
          <Link to="/account/password">Change your password</Link>
        </li>
        <li>
          <Link to="/account/email">Change your email address</Link>
        </li>
      </ul>
      <ul>
        <li>
          <Link to="/account/directory">My directory entry</Link>: how colleagues in other organisations reach you
        </li>
        <li>
          <Link to="/account/two-step">Two-step sign-in</Link>: a code from an app on your phone as well as your
          password
        </li>
        <li>
          <Link to="/account/emails">Emails you receive</Link>: the monthly digest, reminders and messages from the
          coordinator
        </li>
        <li>
          <Link to="/calendar">My calendar feed</Link>
        </li>
        <li>
          <a href="/account/data" download>
            Download everything held about me (JSON)
          </a>
        </li>
      </ul>
      <h2>Your details</h2>
      <Form method="post" noValidate>
        <TextField
          name="name"
          label="Full name"
          autoComplete="name"
          defaultValue={values?.name ?? member.name}
          error={errors?.name}
        />
        <TextField
          name="jobTitle"
          label="Job title"
          autoComplete="organization-title"
          defaultValue={values?.jobTitle ?? member.jobTitle}
          error={errors?.jobTitle}
        />
        <button type="submit" className="button">
          Save details
        </button>
      </Form>
    </>
  );
}
