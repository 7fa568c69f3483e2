import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { OrganisationFields } from "~/components/organisation-fields";
import { redirectWithFlash } from "~/lib/flash.server";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { readOrganisationForm } from "~/lib/organisation-form.server";
import { withAudit } from "~/models/audit.server";
import { listDistricts } from "~/models/district.server";
import { addOrganisation } from "~/models/organisation.server";

export const meta: MetaFunction = () => [{ title: "Add an organisation – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:organisation", "everywhere");
  return json({ districts: listDistricts().map((d) => ({ id: d.id, name: d.name })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:organisation", "everywhere");
  const parsed = readOrganisationForm(await request.formData());
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors; values: FormValues }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  const created = withAudit(
    (tx) => addOrganisation({ input: parsed.data }, tx),
    (organisation) => ({
      actorId: actor.id,
      action: "organisation.added",
      entityType: "organisation",
      entityId: organisation.id,
      summary: `Added ${organisation.name}`,
      after: parsed.data,
    }),
  );
  return redirectWithFlash(`/organisations/${created.slug}`, `${created.name} has been added.`);
}

const EMPTY = {
  name: "",
  sector: "",
  districtId: "",
  subjectToDutyToRefer: "" as const,
  description: "",
  publicInbox: "",
};

export default function NewOrganisation() {
  const { districts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <h1>Add an organisation</h1>
      <Form method="post" noValidate>
        <OrganisationFields
          defaults={EMPTY}
          values={actionData?.values}
          errors={actionData?.fieldErrors}
          districts={districts}
          identity
        />
        <button type="submit" className="button">
          Add the organisation
        </button>
        <Link to="/organisations" className="button button--secondary">
          Cancel
        </Link>
      </Form>
    </>
  );
}
