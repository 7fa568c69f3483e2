import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ATTENDANCE_LABELS, ROLE_LABELS, TIER_LABELS, TIERS, type Tier } from "~drizzle/schema/constants";
import { CurrencySummary } from "~/components/currency-summary";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { SignInHelp } from "~/components/sign-in-help";
import { SelectField } from "~/components/ui/field";
import { formatDate, formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { forbidden, notFound, requirePermission } from "~/lib/guards.server";
import { assignableRoles, can, canHelpSignIn } from "~/lib/permissions";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { withAudit } from "~/models/audit.server";
import { listMemberAttendance } from "~/models/attendance.server";
import { getTier1Attendance, tier1Rule } from "~/models/currency.server";
import { listCompletionsForMember } from "~/models/completion.server";
import { findContactIdForMember } from "~/models/contact.server";
import { listEmailChangeReports } from "~/models/email-change.server";
import { getSignInState } from "~/models/invitation.server";
import { getMember, updateMemberRecord } from "~/models/member.server";
import { MoveRefusedError, recordMove } from "~/models/member-move.server";
import { getOrganisation, organisationExists } from "~/models/organisation.server";
import { memberMoveSchema } from "~/validation/member-move";
import { memberRecordSchema } from "~/validation/member-record";
import { idParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.name ?? "Member"} – Members – Champions Network` },
];

async function loadMember(request: Request, rawId: string | undefined) {
  const id = idParam.safeParse(rawId);
  const member = id.success ? getMember({ id: id.data }) : undefined;
  const viewer = await requirePermission(
    request,
    "read:member",
    member ? { organisationId: member.organisationId } : "everywhere",
  );
  if (!member) throw notFound("We could not find that member.");
  return { viewer, member };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, member } = await loadMember(request, params.memberId);
  const roles = assignableRoles(viewer);
  const canEdit =
    can(viewer, "update:member", { organisationId: member.organisationId }) &&
    roles.includes(member.role) &&
    viewer.id !== member.id;
  const signInState = canHelpSignIn(viewer, member) ? getSignInState({ memberId: member.id }) : null;
  return json({
    member: {
      id: member.id,
      name: member.name,
      email: member.email,
      jobTitle: member.jobTitle,
      organisationId: member.organisationId,
      organisationName: member.organisationName ?? member.otherOrganisationName ?? "Not set",
      role: member.role,
      tier: member.tier,
      status: member.status,
      joined: formatDate(member.createdAt),
      deactivated: member.deactivatedAt ? formatDate(member.deactivatedAt) : null,
    },
    completions: listCompletionsForMember({ memberId: member.id }).map((c) => ({
      code: c.certificateCode,
      title: c.moduleTitle,
      completed: formatDate(c.completedAt),
      expires: c.expiresAt ? formatDate(c.expiresAt) : null,
      expired: c.expiresAt ? c.expiresAt <= new Date() : false,
    })),
    contactId: findContactIdForMember({ memberId: member.id }),
    currency: member.tier === 1 && member.status === "active" ? getTier1Attendance({ memberId: member.id }) : null,
    rule: tier1Rule(),
    attendance: listMemberAttendance({ memberId: member.id }).map((a) => ({
      workshopId: a.workshopId,
      title: a.title,
      date: formatDate(a.startsAt),
      status: ATTENDANCE_LABELS[a.status],
    })),
    canEdit,
    // Recording a move to another organisation: the coordinator's, from here (members record their own from My account).
    canMove: canEdit && can(viewer, "update:member", "everywhere") && member.status === "active",
    roles,
    signInHelp: signInState
      ? {
          memberId: member.id,
          name: member.name,
          active: signInState.active,
          awaitingInvitation: signInState.awaitingInvitation,
          invitationExpires: signInState.invitationExpiresAt ? formatDateTime(signInState.invitationExpiresAt) : null,
          invitationExpired: signInState.invitationExpired,
        }
      : null,
    // "This wasn't me" answers from the member's old address, for the coordinator or lead to follow up.
    emailReports: listEmailChangeReports({ memberId: member.id }).map((r) => ({
      id: r.id,
      oldEmail: r.oldEmail,
      newEmail: r.newEmail,
      reported: formatDateTime(r.reportedAt!),
      confirmed: r.confirmedAt !== null,
    })),
    ...(canEdit
      ? organisationChoicesFor(request, {
          includeIds: [member.organisationId],
          defaultDistrictId: member.organisationId ? getOrganisation({ id: member.organisationId })?.districtId : null,
        })
      : { organisations: [], narrowed: false, district: "", districts: [] }),
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, member } = await loadMember(request, params.memberId);
  const roles = assignableRoles(viewer);
  if (!can(viewer, "update:member", { organisationId: member.organisationId }) || !roles.includes(member.role)) {
    throw forbidden("You cannot change this member's record.");
  }
  if (viewer.id === member.id) throw forbidden("You cannot change your own role or status here.");
  const form = await request.formData();
  if (form.get("intent") === "move") {
    if (!can(viewer, "update:member", "everywhere")) throw forbidden("Only the coordinator records a member's move.");
    const move = parseForm(memberMoveSchema, form);
    if (!move.success) {
      return json<ActionData>({ fieldErrors: move.fieldErrors, values: move.values }, { status: 400 });
    }
    try {
      const { to } = recordMove({
        memberId: member.id,
        toOrganisationId: move.data.organisationId,
        recordedBy: viewer.id,
      });
      return redirectWithFlash(
        `/members/${member.id}`,
        `${member.name} is now recorded at ${to.name}, with their learning record. Both organisations' leads have been told.`,
      );
    } catch (error) {
      if (!(error instanceof MoveRefusedError)) throw error;
      return json<ActionData>({ fieldErrors: { organisationId: error.message }, values: move.values }, { status: 400 });
    }
  }
  const parsed = parseForm(memberRecordSchema, form);
  if (!parsed.success) {
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  }
  const changes = parsed.data;
  if (!roles.includes(changes.role)) {
    return json<ActionData>(
      { fieldErrors: { role: "You cannot give that role. Ask an administrator." }, values: parsed.values },
      { status: 400 },
    );
  }
  if (changes.organisationId !== null && !organisationExists({ id: changes.organisationId })) {
    return json<ActionData>(
      { fieldErrors: { organisationId: "Select an organisation from the list" }, values: parsed.values },
      { status: 400 },
    );
  }
  const result = withAudit(
    (tx) => updateMemberRecord({ memberId: member.id, changes }, tx),
    (result) => ({
      actorId: viewer.id,
      action: result?.deactivated ? "member.deactivated" : "member.updated",
      entityType: "member",
      entityId: member.id,
      summary: `${result?.deactivated ? "Deactivated" : "Changed"} ${member.name}`,
      before: { role: member.role, tier: member.tier, organisationId: member.organisationId, status: member.status },
      after: changes,
    }),
  );
  const message = result?.deactivated
    ? `${member.name} has been deactivated and signed out everywhere. Their training record is kept.`
    : `${member.name}'s record has been saved.`;
  return redirectWithFlash(`/members/${member.id}`, message);
}

export default function MemberRecord() {
  const {
    member,
    completions,
    contactId,
    currency,
    rule,
    attendance,
    canEdit,
    canMove,
    roles,
    organisations,
    narrowed,
    district,
    districts,
    signInHelp,
    emailReports,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values;
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="caption">Member</span>
      <h1>{member.name}</h1>
      <dl className="summary-list">
        <div>
          <dt>Email</dt>
          <dd>{member.email}</dd>
        </div>
        <div>
          <dt>Job title</dt>
          <dd>{member.jobTitle || "Not given"}</dd>
        </div>
        <div>
          <dt>Organisation</dt>
          <dd>{member.organisationName}</dd>
        </div>
        <div>
          <dt>Tier</dt>
          <dd>{TIER_LABELS[member.tier as Tier]}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{ROLE_LABELS[member.role]}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{member.status === "active" ? "Active" : `Deactivated on ${member.deactivated}`}</dd>
        </div>
        <div>
          <dt>Joined</dt>
          <dd>{member.joined}</dd>
        </div>
      </dl>
      {emailReports.length > 0 ? (
        <div className="notification" role="region" aria-labelledby="email-reports-title">
          <h2 id="email-reports-title" className="notification__title">
            They said they did not ask to change their email address
          </h2>
          <ul>
            {emailReports.map((r) => (
              <li key={r.id}>
                On {r.reported}, {r.oldEmail} reported a change to {r.newEmail}
                {r.confirmed
                  ? ": it had already been confirmed, so check which address is theirs."
                  : ": it was stopped."}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {signInHelp ? (
        <>
          <h2>Signing in</h2>
          <SignInHelp facts={signInHelp} />
        </>
      ) : null}
      <h2>Learning</h2>
      {completions.length === 0 ? (
        <p>No completions yet.</p>
      ) : (
        <ul>
          {completions.map((c) => (
            <li key={c.code}>
              <Link to={`/certificates/${c.code}`}>{c.title}</Link>, completed {c.completed}
              {c.expires ? (c.expired ? `, expired ${c.expires}` : `, valid until ${c.expires}`) : ""}
            </li>
          ))}
        </ul>
      )}
      <h2>Directory</h2>
      <p>
        {contactId ? (
          <Link to={`/directory/contacts/${contactId}`}>See their directory entry</Link>
        ) : (
          "Not in the directory."
        )}
      </p>
      <h2>Workshop attendance</h2>
      {currency ? <CurrencySummary currency={currency} rule={rule} self={false} lead="Tier 1 currency:" /> : null}
      {attendance.length === 0 ? (
        <p>No attendance recorded.</p>
      ) : (
        <ul>
          {attendance.map((a) => (
            <li key={a.workshopId}>
              {a.title}, {a.date}: {a.status}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <>
          <h2>Change tier, role, organisation or status</h2>
          {narrowed ? (
            <DistrictPicker
              districts={districts}
              district={district}
              label="Organisations in"
              hint="To move them to an organisation in another district, choose the district first."
            />
          ) : null}
          <Form method="post" noValidate>
            <SelectField
              name="tier"
              label="Tier"
              defaultValue={values?.tier ?? String(member.tier)}
              error={errors?.tier}
              options={TIERS.map((t) => ({ value: String(t), label: TIER_LABELS[t] }))}
            />
            <SelectField
              name="role"
              label="Role"
              defaultValue={values?.role ?? member.role}
              error={errors?.role}
              options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            />
            <SelectField
              name="organisationId"
              label="Organisation"
              defaultValue={
                values?.intent === "move"
                  ? String(member.organisationId ?? "")
                  : (values?.organisationId ?? (member.organisationId ? String(member.organisationId) : ""))
              }
              error={values?.intent === "move" ? undefined : errors?.organisationId}
              options={[
                { value: "", label: "Other (not in the list)" },
                ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
              ]}
            />
            <SelectField
              name="status"
              label="Status"
              hint="Deactivating signs the member out everywhere and removes them from the directory. Their training record is kept."
              defaultValue={values?.status ?? member.status}
              error={errors?.status}
              options={[
                { value: "active", label: "Active" },
                { value: "deactivated", label: "Deactivated" },
              ]}
            />
            <button type="submit" className="button">
              Save changes
            </button>
          </Form>
        </>
      ) : null}
      {canMove ? (
        <>
          <h2>Record a move to another organisation</h2>
          <p>
            Their learning record, certificates and attendance go with them; their directory entry at{" "}
            {member.organisationName} is retired and both organisations' leads are told.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="move" />
            <SelectField
              name="organisationId"
              id="move-organisationId"
              label="The organisation they have moved to"
              defaultValue={values?.intent === "move" ? values.organisationId : ""}
              error={values?.intent === "move" ? errors?.organisationId : undefined}
              options={[
                { value: "", label: "Choose an organisation" },
                ...organisations
                  .filter((o) => o.id !== member.organisationId)
                  .map((o) => ({ value: String(o.id), label: o.name })),
              ]}
            />
            <button type="submit" className="button button--secondary">
              Record the move
            </button>
          </Form>
        </>
      ) : null}
      {canEdit ? (
        <>
          <h2>Data rights</h2>
          <p>
            <Link to={`/members/${member.id}/erase`}>Erase this member's personal details</Link> (on their request)
          </p>
        </>
      ) : null}
      {roles.includes("admin") ? (
        <p>
          <Link to={`/members/${member.id}/two-step`}>Reset two-step sign-in</Link> (when they have lost their phone and
          recovery codes)
        </p>
      ) : null}
      <p>
        <Link to="/members">All members</Link>
      </p>
    </>
  );
}
