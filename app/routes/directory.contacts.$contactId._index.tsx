import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContactCard } from "~/components/contact-card";
import { requireContactCard } from "~/lib/loaders.server";
import { formatDate } from "~/lib/dates";
import { requireDirectoryReader } from "~/lib/directory-guard.server";
import { can } from "~/lib/permissions";
import { logDirectoryAccess } from "~/models/directory.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.contact.name ?? "Contact"} – Directory – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireDirectoryReader(request);
  const contact = requireContactCard(params.contactId);
  logDirectoryAccess({ viewerId: viewer.id, action: "view-contact", contactId: contact.id });
  return json({
    contact,
    confirmed: formatDate(contact.lastConfirmedAt),
    canEdit:
      viewer.id === contact.memberId || can(viewer, "update:contact", { organisationId: contact.organisationId }),
    isMe: viewer.id === contact.memberId,
  });
}

export default function ContactPage() {
  const { contact, confirmed, canEdit, isMe } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/directory">Directory</Link>
      </p>
      <h1 className="visually-hidden">{contact.name}</h1>
      <ContactCard contact={contact} headingLevel={2} />
      <p className="muted">Details last confirmed on {confirmed}.</p>
      <p>
        <a href={`/directory/contacts/${contact.id}/vcard`} className="button button--secondary">
          Save to my contacts (vCard)
        </a>
      </p>
      {canEdit ? (
        <p>
          <Link to={isMe ? "/account/directory" : `/organisations/${contact.organisationSlug}/contacts/${contact.id}`}>
            Edit these details
          </Link>
        </p>
      ) : null}
    </>
  );
}
