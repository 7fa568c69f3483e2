import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { OrganisationFields } from "~/components/organisation-fields";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { readOrganisationForm } from "~/lib/organisation-form.server";
import { organisationFromParams } from "~/lib/organisation-route.server";
import { can } from "~/lib/permissions";
import { withAudit } from "~/models/audit.server";
import { listDistricts } from "~/models/district.server";
import { updateOrganisation, updateOrganisationDetails } from "~/models/organisation.server";
import { organisationDetailsSchema } from "~/validation/organisation-details";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.organisation.name ?? "organisation"} – Champions Network` },
];

/**
 * The coordinator edits everything (manage:organisation); an organisation's
 * lead edits only its description and public inbox (update:organisation, own).
 */
async function loadEditable(request: Request, rawSlug: string | undefined) {
  const organisation = organisationFromParams(request, rawSlug);
  const actor = await requirePermission(request, "update:organisation", { organisationId: organisation.id });
  const identity = can(actor, "manage:organisation", { organisationId: organisation.id });
  return { organisation, actor, identity };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, identity } = await loadEditable(request, params.slug);
  return json({
    identity,
    districts: identity ? listDistricts().map((d) => ({ id: d.id, name: d.name })) : [],
    organisation: {
      slug: organisation.slug,
      name: organisation.name,
      sector: organisation.sector,
      districtId: organisation.districtId ?? "",
      subjectToDutyToRefer: organisation.subjectToDutyToRefer ? ("yes" as const) : ("no" as const),
      description: organisation.description,
      publicInbox: organisation.publicInbox ?? "",
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, actor, identity } = await loadEditable(request, params.slug);
  const formData = await request.formData();
  const before = {
    name: organisation.name,
    sector: organisation.sector,
    districtId: organisation.districtId,
    subjectToDutyToRefer: organisation.subjectToDutyToRefer,
    description: organisation.description,
    publicInbox: organisation.publicInbox,
  };
  if (!identity) {
    const parsed = parseForm(organisationDetailsSchema, formData);
    if (!parsed.success) {
      return json<{ fieldErrors: FieldErrors; values: FormValues }>(
        { fieldErrors: parsed.fieldErrors, values: parsed.values },
        { status: 400 },
      );
    }
    withAudit(
      (tx) => updateOrganisationDetails({ id: organisation.id, ...parsed.data }, tx),
      () => ({
        actorId: actor.id,
        action: "organisation.updated",
        entityType: "organisation",
        entityId: organisation.id,
        summary: `Changed the details of ${organisation.name}`,
        before: { description: before.description, publicInbox: before.publicInbox },
        after: parsed.data,
      }),
    );
    return redirectWithFlash(`/organisations/${organisation.slug}`, "The organisation's details have been saved.");
  }
  const parsed = readOrganisationForm(formData, { exceptId: organisation.id });
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors; values: FormValues }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  const result = withAudit(
    (tx) => updateOrganisation({ id: organisation.id, input: parsed.data }, tx),
    ({ renamed }) => ({
      actorId: actor.id,
      action: renamed ? "organisation.renamed" : "organisation.updated",
      entityType: "organisation",
      entityId: organisation.id,
      summary: renamed
        ? `Renamed ${organisation.name} to ${parsed.data.name}`
        : `Changed the details of ${organisation.name}`,
      before,
      after: parsed.data,
    }),
  );
  return redirectWithFlash(
    `/organisations/${result.slug}`,
    result.renamed
      ? `The organisation is now called ${parsed.data.name}. Its old address redirects here.`
      : "The organisation's details have been saved.",
  );
}

export default function EditOrganisation() {
  const { organisation, identity, districts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">{organisation.name}</span>
      <h1>Edit the organisation's details</h1>
      <Form method="post" noValidate>
        <OrganisationFields
          defaults={organisation}
          values={actionData?.values}
          errors={actionData?.fieldErrors}
          districts={districts}
          identity={identity}
        />
        <button type="submit" className="button">
          Save details
        </button>
        <Link to={`/organisations/${organisation.slug}`} className="button button--secondary">
          Cancel
        </Link>
      </Form>
      {identity ? null : (
        <p>To rename the organisation or change its sector, area or Duty to Refer, ask the network coordinator.</p>
      )}
    </>
  );
}
