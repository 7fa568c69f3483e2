import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextArea, TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { notFound, requirePermission } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import { getOrganisationBySlug, updateOrganisationDetails } from "~/models/organisation.server";
import { organisationDetailsSchema } from "~/validation/organisation-details";
import { slugParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.organisation.name ?? "organisation"} – Champions Network` },
];

async function loadEditable(request: Request, rawSlug: string | undefined) {
  const slug = slugParam.safeParse(rawSlug);
  const organisation = slug.success ? getOrganisationBySlug({ slug: slug.data }) : undefined;
  if (!organisation) throw notFound("We could not find that organisation.");
  const actor = await requirePermission(request, "update:organisation", { organisationId: organisation.id });
  return Object.assign(organisation, { actorId: actor.id });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisation = await loadEditable(request, params.slug);
  return json({
    organisation: {
      slug: organisation.slug,
      name: organisation.name,
      description: organisation.description,
      publicInbox: organisation.publicInbox ?? "",
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organisation = await loadEditable(request, params.slug);
  const parsed = parseForm(organisationDetailsSchema, await request.formData());
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors; values: FormValues }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  withAudit(
    (tx) => updateOrganisationDetails({ id: organisation.id, ...parsed.data }, tx),
    () => ({
      actorId: organisation.actorId,
      action: "organisation.updated",
      entityType: "organisation",
      entityId: organisation.id,
      summary: `Changed the details of ${organisation.name}`,
      before: { description: organisation.description, publicInbox: organisation.publicInbox },
      after: parsed.data,
    }),
  );
  return redirectWithFlash(`/organisations/${organisation.slug}`, "The organisation's details have been saved.");
}

export default function EditOrganisation() {
  const { organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values;
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="caption">{organisation.name}</span>
      <h1>Edit the organisation's details</h1>
      <Form method="post" noValidate>
        <TextArea
          name="description"
          label="What the organisation does"
          hint="One or two sentences that help people in other organisations know when to contact you."
          defaultValue={values?.description ?? organisation.description}
          error={errors?.description}
          maxLength={2000}
        />
        <TextField
          name="publicInbox"
          label="Public contact inbox (optional)"
          type="email"
          hint="A shared team mailbox, not a person's own address. Anyone can see it."
          spellCheck={false}
          defaultValue={values?.publicInbox ?? organisation.publicInbox}
          error={errors?.publicInbox}
        />
        <button type="submit" className="button">
          Save details
        </button>
        <Link to={`/organisations/${organisation.slug}`} className="button button--secondary">
          Cancel
        </Link>
      </Form>
    </>
  );
}
