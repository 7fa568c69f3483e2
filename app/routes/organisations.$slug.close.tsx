import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { redirectWithFlash } from "~/lib/flash.server";
import { requirePermission } from "~/lib/guards.server";
import { organisationFromParams } from "~/lib/organisation-route.server";
import { withAudit } from "~/models/audit.server";
import { closeOrganisation, listActiveMemberIds } from "~/models/organisation.server";
import { endSuccessionAtClosure } from "~/models/succession.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Close ${data?.organisation.name ?? "organisation"} – Champions Network` },
];

async function loadClosable(request: Request, rawSlug: string | undefined) {
  const organisation = organisationFromParams(request, rawSlug);
  const actor = await requirePermission(request, "manage:organisation", { organisationId: organisation.id });
  return { organisation, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await loadClosable(request, params.slug);
  return json({
    organisation: { slug: organisation.slug, name: organisation.name, closed: organisation.closedAt !== null },
    activeMembers: listActiveMemberIds({ organisationId: organisation.id }).length,
  });
}

/** Closing needs the confirmation box ticked: a POST without it changes nothing. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, actor } = await loadClosable(request, params.slug);
  const formData = await request.formData();
  if (formData.get("confirm") !== "yes") {
    return json(
      { fieldErrors: { confirm: `Tick the box to confirm that ${organisation.name} has closed` } },
      { status: 400 },
    );
  }
  if (organisation.closedAt) {
    return redirectWithFlash(`/organisations/${organisation.slug}`, `${organisation.name} was already closed.`);
  }
  const members = listActiveMemberIds({ organisationId: organisation.id });
  withAudit(
    (tx) => {
      closeOrganisation({ id: organisation.id }, tx);
      endSuccessionAtClosure({ organisationId: organisation.id }, tx);
    },
    () => ({
      actorId: actor.id,
      action: "organisation.closed",
      entityType: "organisation",
      entityId: organisation.id,
      summary: `Closed ${organisation.name}; ${members.length} active member${members.length === 1 ? "" : "s"} asked where they work now`,
      before: { closedAt: null },
      after: { activeMembers: members.length },
    }),
  );
  return redirectWithFlash(
    `/organisations/${organisation.slug}`,
    `${organisation.name} has been closed. Its members will be asked where they work now.`,
  );
}

export default function CloseOrganisation() {
  const { organisation, activeMembers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.fieldErrors.confirm;
  if (organisation.closed) {
    return (
      <>
        <h1>{organisation.name} is closed</h1>
        <p>
          <Link to={`/organisations/${organisation.slug}`}>Back to {organisation.name}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">{organisation.name}</span>
      <h1>Close the organisation</h1>
      <p>When an organisation closes:</p>
      <ul>
        <li>it is no longer offered in any list of organisations to choose from, or in the coverage grid;</li>
        <li>its page, its members' learning records and its history stay;</li>
        <li>
          its {activeMembers.toLocaleString("en-GB")} active member{activeMembers === 1 ? " is" : "s are"} asked, the
          next time they use the site, where they work now;
        </li>
        <li>
          any open champion gap closes (it stays in the gaps report), and successors its champions named and nobody has
          confirmed are declined.
        </li>
      </ul>
      <p>If it has joined another organisation, merge it into that one instead.</p>
      <Form method="post" noValidate>
        <div className={`form-group${error ? " form-group--error" : ""}`}>
          {error ? (
            <p className="error-message" id="confirm-error">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          <div className="checkboxes">
            <div className="checkboxes__item">
              <input
                id="confirm"
                name="confirm"
                type="checkbox"
                value="yes"
                aria-describedby={error ? "confirm-error" : undefined}
              />
              <label htmlFor="confirm">{organisation.name} has closed</label>
            </div>
          </div>
        </div>
        <button type="submit" className="button button--warning">
          Close {organisation.name}
        </button>
        <Link to={`/organisations/${organisation.slug}`} className="button button--secondary">
          Cancel
        </Link>
      </Form>
    </>
  );
}
