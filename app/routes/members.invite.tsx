import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS, TIER_LABELS, TIERS, type Tier } from "~drizzle/schema/constants";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { forbidden, requirePermission } from "~/lib/guards.server";
import { assignableRoles, can, type Actor } from "~/lib/permissions";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { withAudit } from "~/models/audit.server";
import { createInvitedMember } from "~/models/invitation.server";
import { memberEmailExists } from "~/models/member.server";
import { getOrganisation, organisationExists } from "~/models/organisation.server";
import { inviteSchema } from "~/validation/invite";

export const meta: MetaFunction = () => [{ title: "Invite a member – Champions Network" }];

/** Tiers an organisation lead may give their own staff: Tier 1 champions are the coordinator's to appoint. */
const LEAD_TIERS = [2, 3];

/** The organisation a lead invites into (theirs, fixed), or null for the coordinator, who chooses. */
function leadOrganisation(viewer: Actor) {
  if (can(viewer, "invite:member", "everywhere")) return null;
  const organisation = viewer.organisationId ? getOrganisation({ id: viewer.organisationId }) : undefined;
  if (!organisation) throw forbidden("You need to belong to an organisation to invite its staff.");
  return { id: organisation.id, name: organisation.name };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "invite:member", "self");
  const own = leadOrganisation(viewer);
  if (own) {
    return json({
      organisations: [{ id: own.id, name: own.name }],
      narrowed: false,
      district: "",
      districts: [] as Array<{ id: string; name: string }>,
      roles: ["learner" as const],
      tiers: LEAD_TIERS,
      own,
    });
  }
  return json({ ...organisationChoicesFor(request), roles: assignableRoles(viewer), tiers: [...TIERS], own });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "invite:member", "self");
  const own = leadOrganisation(viewer);
  const form = await request.formData();
  // A lead invites only into their own organisation: another's id is refused outright, nothing written.
  if (own && form.get("organisationId") !== String(own.id)) {
    throw forbidden("You can invite staff to your own organisation only.");
  }
  const parsed = parseForm(inviteSchema, form);
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const data = parsed.data;
  const errors: FieldErrors = {};
  const roles = own ? ["learner"] : assignableRoles(viewer);
  if (!roles.includes(data.role)) errors.role = "You cannot give that role";
  if (own && !LEAD_TIERS.includes(data.tier)) errors.tier = "Choose Tier 2 or Tier 3: the coordinator appoints Tier 1";
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
      summary: own ? `Invited ${data.name} to ${own.name}` : `Invited ${data.name}`,
      after: data,
    }),
  );
  return redirectWithFlash(
    `/members/${memberId}`,
    `${data.name} has been invited. The link in their email works once, for seven days.`,
  );
}

export default function InviteMember() {
  const { organisations, narrowed, district, districts, roles, tiers, own } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? { tier: "3", role: "learner" };
  return (
    <>
      <ErrorSummary errors={errors} />
      {own ? null : (
        <p>
          <Link to="/members">Members</Link>
        </p>
      )}
      <h1>{own ? `Invite a member of ${own.name}` : "Invite a member"}</h1>
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
        {own ? (
          <>
            <input type="hidden" name="organisationId" value={own.id} />
            <p>
              Organisation: <strong>{own.name}</strong>
            </p>
          </>
        ) : (
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
        )}
        <SelectField
          name="tier"
          label="Tier"
          defaultValue={values.tier}
          error={errors?.tier}
          options={tiers.map((t) => ({ value: String(t), label: TIER_LABELS[t as Tier] }))}
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
