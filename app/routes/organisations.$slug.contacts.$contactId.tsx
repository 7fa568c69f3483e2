import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContactFields, contactValuesFromForm } from "~/components/contact-fields";
import { ErrorSummary } from "~/components/error-summary";
import { contactFormChoices, contactFormValues, parseContactForm } from "~/lib/contact-forms.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { notFound, requirePermission } from "~/lib/guards.server";
import { can } from "~/lib/permissions";
import { withAudit } from "~/models/audit.server";
import { contactDetailsOf, getContactRecord, removeContact, updateContact } from "~/models/contact.server";
import { listAccessToContact } from "~/models/directory.server";
import { organisationFromParams } from "~/lib/organisation-route.server";
import { managedContactSchema } from "~/validation/contact";
import { idParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit contact: ${data?.contact.name ?? "contact"} – Champions Network` },
];

/** The contact, if it belongs to this organisation and the viewer may edit that organisation's contacts. */
async function load(request: Request, params: { slug?: string; contactId?: string }) {
  const organisation = organisationFromParams(request, params.slug);
  const id = idParam.safeParse(params.contactId);
  const record = id.success ? getContactRecord({ contactId: id.data }) : undefined;
  if (!organisation || !record || record.organisationId !== organisation.id)
    throw notFound("We could not find that contact at this organisation.");
  // The organisation's lead or the coordinator: a member edits their own entry at /account/directory.
  const actor = await requirePermission(request, "update:contact", { organisationId: organisation.id });
  return { organisation, record, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, record, actor } = await load(request, params);
  return json({
    organisation: { name: organisation.name, slug: organisation.slug },
    contact: {
      id: record.id,
      name: record.memberName,
      confirmed: formatDate(record.lastConfirmedAt),
      values: contactFormValues(record),
    },
    // A lead sees who in their own organisation looked; the coordinator sees everyone.
    views: listAccessToContact({
      contactId: record.id,
      namedOrganisationId: can(actor, "read:member", "everywhere") ? undefined : organisation.id,
    }).map((v) => ({ ...v, createdAt: formatDateTime(v.createdAt) })),
    ...contactFormChoices(),
  });
}

type ActionData = {
  fieldErrors: FieldErrors;
  values: FormValues;
  lists: { districtIds: string[]; specialismIds: string[] };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, record, actor } = await load(request, params);
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    withAudit(
      (tx) => removeContact({ contactId: record.id }, tx),
      () => ({
        actorId: actor.id,
        action: "contact.removed",
        entityType: "contact",
        entityId: record.id,
        summary: `Removed ${record.memberName} from the directory`,
        before: contactDetailsOf(record),
      }),
    );
    return redirectWithFlash(
      `/organisations/${organisation.slug}/contacts`,
      `${record.memberName} has been removed from the directory.`,
    );
  }
  const parsed = parseContactForm(managedContactSchema, form);
  if (!parsed.ok)
    return json<ActionData>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values, lists: parsed.lists },
      { status: 400 },
    );
  withAudit(
    (tx) =>
      updateContact({ contactId: record.id, details: { ...parsed.data, isGoTo: Boolean(parsed.data.isGoTo) } }, tx),
    () => ({
      actorId: actor.id,
      action: "contact.updated",
      entityType: "contact",
      entityId: record.id,
      summary: `Changed ${record.memberName}'s directory entry`,
      before: contactDetailsOf(record),
      after: parsed.data,
    }),
  );
  return redirectWithFlash(
    `/organisations/${organisation.slug}/contacts`,
    `${record.memberName}'s details have been saved.`,
  );
}

export default function EditContact() {
  const { organisation, contact, views, districts, specialisms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData ? contactValuesFromForm(actionData.values, actionData.lists) : contact.values;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p>
        <Link to={`/organisations/${organisation.slug}/contacts`}>{organisation.name}: housing contacts</Link>
      </p>
      <span className="caption">{organisation.name}</span>
      <h1>{contact.name}</h1>
      <p>Details last confirmed on {contact.confirmed}. Saving them counts as confirming.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <ContactFields
          values={values}
          errors={actionData?.fieldErrors}
          districts={districts}
          specialisms={specialisms}
          managed
        />
        <button type="submit" className="button">
          Save details
        </button>
      </Form>
      <h2>Who has looked at these details</h2>
      {views.length === 0 ? (
        <p>Nobody yet.</p>
      ) : (
        <ul>
          {views.map((v, i) => (
            <li key={i}>
              {v.viewer} ({v.action === "vcard" ? "saved the vCard" : "viewed"}), {v.createdAt}
            </li>
          ))}
        </ul>
      )}
      <h2>Remove from the directory</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="remove" />
        <button type="submit" className="button button--warning">
          Remove {contact.name} from the directory
        </button>
      </Form>
    </>
  );
}
