import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, requirePermission } from "~/lib/guards.server";
import { assignableRoles } from "~/lib/permissions";
import { withAudit } from "~/models/audit.server";
import { getMember } from "~/models/member.server";
import { ERASED_NAME, eraseMember } from "~/models/personal-data.server";
import { eraseMemberSchema } from "~/validation/member-record";
import { idParam } from "~/validation/params";

export const meta: MetaFunction = () => [{ title: "Erase a member's personal details – Champions Network" }];

async function load(request: Request, rawId: string | undefined) {
  const viewer = await requirePermission(request, "update:member", "everywhere");
  const id = idParam.safeParse(rawId);
  const member = id.success ? getMember({ id: id.data }) : undefined;
  if (!member) throw notFound("We could not find that member.");
  if (member.id === viewer.id || !assignableRoles(viewer).includes(member.role))
    throw forbidden("You cannot erase this member.");
  return { viewer, member };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member } = await load(request, params.memberId);
  return json({
    member: { id: member.id, name: member.name, email: member.email, erased: member.name === ERASED_NAME },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, member } = await load(request, params.memberId);
  const parsed = eraseMemberSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return json({ fieldErrors: { confirm: "Confirm that you want to erase this person's details" } }, { status: 400 });
  withAudit(
    (tx) => eraseMember({ memberId: member.id }, tx),
    () => ({
      actorId: viewer.id,
      action: "member.erased",
      entityType: "member",
      entityId: member.id,
      summary: `Erased the personal details of member ${member.id} on request`,
    }),
  );
  return redirectWithFlash(
    `/members/${member.id}`,
    "The member's personal details have been erased. Their anonymous training record is kept for statistics.",
  );
}

export default function EraseMember() {
  const { member } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (member.erased) {
    return (
      <>
        <h1>This member's details have already been erased</h1>
        <p>
          <Link to="/members">All members</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">Data rights</span>
      <h1>Erase {member.name}'s personal details</h1>
      <p className="lead">
        Only do this when {member.name} has asked for their personal data to be erased and there is no reason to keep
        it.
      </p>
      <p>This cannot be undone. It will:</p>
      <ul>
        <li>remove their name, email address and job title, and sign them out for good;</li>
        <li>remove them from the directory and its search, and turn off their calendar feed;</li>
        <li>remove their details from emails in the outbox, certificates and the audit log;</li>
        <li>keep their completions and attendance without a name, so the network's statistics stay right.</li>
      </ul>
      <Form method="post">
        <div className={`form-group${actionData?.fieldErrors ? " form-group--error" : ""}`}>
          {actionData?.fieldErrors ? (
            <p id="confirm-error" className="error-message">
              <span className="visually-hidden">Error:</span> {actionData.fieldErrors.confirm}
            </p>
          ) : null}
          <div className="checkboxes__item">
            <input
              id="confirm"
              type="checkbox"
              name="confirm"
              value="yes"
              aria-describedby={actionData?.fieldErrors ? "confirm-error" : undefined}
            />
            <label htmlFor="confirm">{member.name} has asked for erasure, and I understand it cannot be undone</label>
          </div>
        </div>
        <button type="submit" className="button button--warning">
          Erase personal details
        </button>
        <Link to={`/members/${member.id}`}>Cancel</Link>
      </Form>
    </>
  );
}
