import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { SignInHelp } from "~/components/sign-in-help";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { forbidden, notFound, requirePermission } from "~/lib/guards.server";
import { canHelpSignIn } from "~/lib/permissions";
import { withAudit } from "~/models/audit.server";
import { getSignInState, reinviteMember } from "~/models/invitation.server";
import { getMember } from "~/models/member.server";
import { issuePasswordReset } from "~/models/password.server";
import { signInHelpSchema } from "~/validation/account";
import { idParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Help ${data?.facts.name ?? "a member"} sign in – Champions Network` },
];

/** The member, for someone allowed to help them sign in; otherwise a 403 or 404 that names nobody. */
async function loadMember(request: Request, rawId: string | undefined) {
  const id = idParam.safeParse(rawId);
  const member = id.success ? getMember({ id: id.data }) : undefined;
  const viewer = await requirePermission(
    request,
    "help:member-sign-in",
    member ? { organisationId: member.organisationId } : "everywhere",
  );
  if (!member) throw notFound("We could not find that member.");
  if (!canHelpSignIn(viewer, member))
    throw forbidden("You cannot send this member an invitation or a password reset link.");
  const state = getSignInState({ memberId: member.id })!;
  return { viewer, member, state };
}

function factsFor({ member, state }: Awaited<ReturnType<typeof loadMember>>) {
  return {
    memberId: member.id,
    name: member.name,
    active: state.active,
    awaitingInvitation: state.awaitingInvitation,
    invitationExpires: state.invitationExpiresAt ? formatDateTime(state.invitationExpiresAt) : null,
    invitationExpired: state.invitationExpired,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ facts: factsFor(await loadMember(request, params.memberId)) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const loaded = await loadMember(request, params.memberId);
  const { viewer, member, state } = loaded;
  const parsed = parseForm(signInHelpSchema, await request.formData());
  const refuse = (message: string) =>
    json<{ fieldErrors: FieldErrors }>({ fieldErrors: { form: message } }, { status: 400 });
  if (!parsed.success) return refuse("Choose to send a new invitation or a password reset link.");
  if (!state.active) return refuse(`${member.name} is deactivated. Reactivate them first.`);
  const { intent } = parsed.data;
  if (intent === "reinvite") {
    if (!state.awaitingInvitation)
      return refuse(`${member.name} has already set a password. Send a password reset link instead.`);
    withAudit(
      (tx) => reinviteMember({ memberId: member.id, invitedBy: viewer.id }, tx),
      () => ({
        actorId: viewer.id,
        action: "member.reinvited",
        entityType: "member",
        entityId: member.id,
        summary: `Sent ${member.name} a new invitation`,
      }),
    );
    return redirectWithFlash(
      `/members/${member.id}`,
      `A new invitation has been sent to ${member.name}. Any earlier invitation link has stopped working.`,
    );
  }
  if (intent === "reset") {
    withAudit(
      (tx) => issuePasswordReset({ memberId: member.id, requestedBy: viewer.id }, tx),
      () => ({
        actorId: viewer.id,
        action: "member.password-reset-sent",
        entityType: "member",
        entityId: member.id,
        summary: `Sent ${member.name} a password reset link`,
      }),
    );
    return redirectWithFlash(
      `/members/${member.id}`,
      `A password reset link has been sent to ${member.name}. It works once, for one hour.`,
    );
  }
  return refuse("Choose to send a new invitation or a password reset link.");
}

export default function MemberSignInHelp() {
  const { facts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">Member</span>
      <h1>Help {facts.name} sign in</h1>
      <SignInHelp facts={facts} />
      <p>
        <Link to={`/members/${facts.memberId}`}>Back to {facts.name}'s record</Link>
      </p>
    </>
  );
}
