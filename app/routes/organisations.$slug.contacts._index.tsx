import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContactFields, contactValuesFromForm } from "~/components/contact-fields";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/ui/field";
import { contactFormChoices, parseContactForm } from "~/lib/contact-forms.server";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import {
  createContact,
  DuplicateContactError,
  listMembersOutsideDirectory,
  pageOrganisationContacts,
} from "~/models/contact.server";
import { listMovedOnContacts } from "~/models/member-move.server";
import { getMember } from "~/models/member.server";
import { organisationFromParams } from "~/lib/organisation-route.server";
import { newContactSchema } from "~/validation/contact";
import { pageQueryParam } from "~/validation/params";
import { Pager } from "~/components/pager";
import { TableRegion } from "~/components/table-region";

/** Contacts per page: a national body can have thousands. */
const PAGE = 100;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Housing contacts: ${data?.organisation.name ?? "organisation"} – Champions Network` },
];

async function load(request: Request, rawSlug: string | undefined) {
  const organisation = organisationFromParams(request, rawSlug);
  const actor = await requirePermission(request, "update:contact", { organisationId: organisation.id });
  return Object.assign(organisation, { actorId: actor.id });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisation = await load(request, params.slug);
  const { page } = pageQueryParam.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { total, stale, contacts } = pageOrganisationContacts({
    organisationId: organisation.id,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });
  return json({
    organisation: { name: organisation.name, slug: organisation.slug },
    total,
    stale,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      jobTitle: c.jobTitle,
      isGoTo: c.isGoTo,
      confirmed: formatDate(c.lastConfirmedAt),
      stale: c.stale,
    })),
    candidates: listMembersOutsideDirectory({ organisationId: organisation.id }),
    // Entries retired when their member moved on: shown here, to this organisation's lead, for 90 days.
    movedOn: listMovedOnContacts({ organisationId: organisation.id }).map((c) => ({
      id: c.id,
      name: c.name,
      jobTitle: c.jobTitle,
      movedTo: c.movedToName,
      moved: formatDate(c.retiredAt),
    })),
    ...contactFormChoices(),
  });
}

type ActionData = {
  fieldErrors: FieldErrors;
  values: FormValues;
  lists: { districtIds: string[]; specialismIds: string[] };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const organisation = await load(request, params.slug);
  const parsed = parseContactForm(newContactSchema, await request.formData());
  if (!parsed.ok)
    return json<ActionData>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values, lists: parsed.lists },
      { status: 400 },
    );
  const { memberId, ...details } = parsed.data;
  const member = getMember({ id: memberId });
  if (!member || member.organisationId !== organisation.id || member.status !== "active") {
    return json<ActionData>(
      {
        fieldErrors: { memberId: "Choose an active member of this organisation" },
        values: parsed.values,
        lists: parsed.lists,
      },
      { status: 400 },
    );
  }
  try {
    withAudit(
      (tx) => createContact({ memberId, details: { ...details, isGoTo: Boolean(details.isGoTo) } }, tx),
      (created) => ({
        actorId: organisation.actorId,
        action: "contact.created",
        entityType: "contact",
        entityId: created.id,
        summary: `Added ${member.name} to the directory`,
        after: details,
      }),
    );
  } catch (error) {
    if (!(error instanceof DuplicateContactError)) throw error;
    return json<ActionData>(
      { fieldErrors: { memberId: error.message }, values: parsed.values, lists: parsed.lists },
      { status: 400 },
    );
  }
  return redirectWithFlash(`/organisations/${organisation.slug}/contacts`, `${member.name} is now in the directory.`);
}

export default function OrganisationContacts() {
  const { organisation, total, stale, page, pages, contacts, candidates, movedOn, districts, specialisms } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData
    ? contactValuesFromForm(actionData.values, actionData.lists)
    : {
        isGoTo: false,
        howToContact: "",
        directPhone: "",
        showDirectPhone: false,
        mobile: "",
        showMobile: false,
        districtIds: [],
        specialismIds: [],
      };
  const first = (page - 1) * PAGE + 1;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">{organisation.name}</span>
      <h1>Housing contacts</h1>
      {stale ? (
        <div className="notification" role="region" aria-label="Details to confirm">
          <p className="notification__title">
            {stale.toLocaleString("en-GB")} contact{stale === 1 ? " has" : "s have"} not confirmed their details for
            over six months.
          </p>
          <p>They have been emailed a link to confirm. You can also check and save their details below.</p>
        </div>
      ) : null}
      {total === 0 ? (
        <p>Nobody from {organisation.name} is in the directory yet.</p>
      ) : (
        <>
          <p role="status">
            {total.toLocaleString("en-GB")} contact{total === 1 ? "" : "s"} found
            {pages > 1 && contacts.length > 0
              ? `, showing ${first.toLocaleString("en-GB")} to ${(first + contacts.length - 1).toLocaleString("en-GB")}`
              : ""}
            .
          </p>
          <TableRegion label={`Contacts at ${organisation.name}`}>
            <table>
              <caption className="visually-hidden">Contacts at {organisation.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Contact</th>
                  <th scope="col">Go-to</th>
                  <th scope="col">Last confirmed</th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/organisations/${organisation.slug}/contacts/${c.id}`}>{c.name}</Link>
                      <br />
                      <span className="muted">{c.jobTitle}</span>
                    </td>
                    <td>{c.isGoTo ? "Yes" : "No"}</td>
                    <td>
                      {c.confirmed} {c.stale ? <strong className="tag tag--red">Out of date</strong> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager label="More contacts" page={page} hasNext={page < pages} href={(p) => `?page=${p}`} />
        </>
      )}
      {movedOn.length > 0 ? (
        <>
          <h2>Moved on</h2>
          <p>
            These entries left the directory when the person moved to another organisation. They are shown here for 90
            days after the move.
          </p>
          <ul aria-label="Moved on">
            {movedOn.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong>
                {c.jobTitle ? `, ${c.jobTitle}` : ""}: moved on {c.moved}
                {c.movedTo ? ` to ${c.movedTo}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Add someone to the directory</h2>
      {candidates.length === 0 ? (
        <p>Every active member of {organisation.name} is already in the directory.</p>
      ) : (
        <Form method="post" noValidate>
          <SelectField
            name="memberId"
            label="Member"
            defaultValue={actionData?.values.memberId}
            error={actionData?.fieldErrors.memberId}
            options={[
              { value: "", label: "Choose a member" },
              ...candidates.map((m) => ({ value: String(m.id), label: m.name })),
            ]}
          />
          <ContactFields
            values={values}
            errors={actionData?.fieldErrors}
            districts={districts}
            specialisms={specialisms}
            managed
          />
          <button type="submit" className="button">
            Add to the directory
          </button>
        </Form>
      )}
    </>
  );
}
