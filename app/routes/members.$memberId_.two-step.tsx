import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { redirectWithFlash } from "~/lib/flash.server";
import { notFound, requirePermission } from "~/lib/guards.server";
import { roleNeedsTwoStep } from "~/lib/two-step-rule";
import { getMember } from "~/models/member.server";
import { getTwoStepStatus, resetTwoStep } from "~/models/two-step.server";
import { idParam } from "~/validation/params";

export const meta: MetaFunction = () => [{ title: "Reset two-step sign-in – Champions Network" }];

/** Resetting someone's two-step sign-in is an administrator's power, as handing out the staff roles is. */
async function load(request: Request, rawId: string | undefined) {
  const viewer = await requirePermission(
    request,
    "update:member-role",
    "everywhere",
    "Only an administrator can reset someone's two-step sign-in. Ask the network's administrator.",
  );
  const id = idParam.safeParse(rawId);
  const member = id.success ? getMember({ id: id.data }) : undefined;
  if (!member) throw notFound("We could not find that member.");
  return { viewer, member };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member } = await load(request, params.memberId);
  const status = getTwoStepStatus({ memberId: member.id });
  return json({
    member: { id: member.id, name: member.name, required: roleNeedsTwoStep(member.role) },
    enabled: status.enabled,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, member } = await load(request, params.memberId);
  const reset = resetTwoStep({ actorId: viewer.id, memberId: member.id });
  return redirectWithFlash(
    `/members/${member.id}`,
    reset
      ? `Two-step sign-in has been reset for ${member.name}, and they have been emailed. They sign in with their password alone until they set it up again.`
      : `${member.name} had no two-step sign-in to reset.`,
  );
}

export default function ResetTwoStep() {
  const { member, enabled } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Sign-in help</span>
      <h1>Reset {member.name}&apos;s two-step sign-in</h1>
      {enabled ? (
        <>
          <p className="lead">
            Do this when {member.name} has lost the phone with their authenticator app and their recovery codes.
          </p>
          <p>
            Their app and recovery codes stop working at once, and they are emailed. They then sign in with their
            password alone
            {member.required
              ? ", and are asked to set up two-step sign-in again before they can use the coordinator pages"
              : ""}
            . Check first that it is really them asking: by phone, or in person.
          </p>
          <Form method="post">
            <button type="submit" className="button button--warning">
              Reset two-step sign-in
            </button>
          </Form>
        </>
      ) : (
        <p>{member.name} has not set up two-step sign-in, so there is nothing to reset.</p>
      )}
      <p>
        <Link to={`/members/${member.id}`}>Back to {member.name}&apos;s record</Link>
      </p>
    </>
  );
}
