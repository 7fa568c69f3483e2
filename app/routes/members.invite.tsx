import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS, TIER_LABELS, TIERS } from "~drizzle/schema/constants";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { assignableRoles } from "~/lib/permissions";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { withAudit } from "~/models/audit.server";
import { createInvitedMember } from "~/models/invitation.server";
import { memberEmailExists } from "~/models/member.server";
import { organisationExists } from "~/models/organisation.server";
import { inviteSchema } from "~/validation/invite";

export const meta: MetaFunction = () => [{ title: "Invite a member – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "update:member", "everywhere");
  return json({ ...organisationChoicesFor(request), roles: assignableRoles(viewer) });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:member", "everywhere");
  const parsed = parseForm(inviteSchema, await request.formData());
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const data = parsed.data;
  const errors: FieldErrors = {};
  if (!assignableRoles(viewer).includes(data.role)) errors.role = "You cannot give that role";
  if (!organisationExists({ id: data.organisationId }))
    errors.organisationId = "Choose their organisation from the list";
  if (memberEmailExists({ email: data.email })) errors.email = "A member with this email address already exists";
  if (Object.keys(errors).length)
    return json<ActionData>({ fieldErrors: errors, values: parsed.values }, { status: 400 });
  const memberId = withAudit(
    (tx) => createInvitedMember({ member: data, invitedBy: viewer.id }, tx),
    (memberId) => ({
      actorId: viewer.id,
      action: "member.invited",
      entityType: "member",
      entityId: memberId,
      summary: `Invited ${data.name}`,
      after: data,
    }),
  );
  return redirectWithFlash(
    `/members/${memberId}`,
    `${data.name} has been invited. The link in their email works once, for seven days.`,
  );
}

export default function InviteMember() {
  const { organisations, narrowed, district, districts, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? { tier: "3", role: "learner" };
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/members">Members</Link>
      </p>
      <h1>Invite a member</h1>
      <p className="lead">They get an email with a one-time link, valid for seven days, to set their password.</p>
      {narrowed ? (
        <DistrictPicker
          districts={districts}
          district={district}
          label="Where their organisation is based"
          hint="Choose the district first: the organisation list below then shows its organisations."
        />
      ) : null}
      <Form method="post" noValidate>
        <TextField name="name" label="Full name" defaultValue={values.name} error={errors?.name} />
        <TextField
          name="email"
          label="Email"
          type="email"
          spellCheck={false}
          defaultValue={values.email}
          error={errors?.email}
        />
        <TextField
          name="jobTitle"
          label="Job title (optional)"
          defaultValue={values.jobTitle}
          error={errors?.jobTitle}
        />
        <SelectField
          name="organisationId"
          label="Organisation"
          defaultValue={values.organisationId ?? ""}
          error={errors?.organisationId}
          options={[
            { value: "", label: "Choose an organisation" },
            ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <SelectField
          name="tier"
          label="Tier"
          defaultValue={values.tier}
          error={errors?.tier}
          options={TIERS.map((t) => ({ value: String(t), label: TIER_LABELS[t] }))}
        />
        <SelectField
          name="role"
          label="Role"
          defaultValue={values.role}
          error={errors?.role}
          options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <button type="submit" className="button">
          Send invitation
        </button>
      </Form>
    </>
  );
}
