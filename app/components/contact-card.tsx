import { PageLink } from "~/components/page-link";

export type ContactCardData = {
  id: number;
  name: string;
  jobTitle: string;
  email: string;
  organisationName: string | null;
  organisationSlug: string | null;
  isGoTo: boolean;
  howToContact: string;
  directPhone?: string;
  mobile?: string;
  districts: string[];
  specialisms: Array<{ id: string; label: string }>;
  stale: boolean;
  reason?: string;
};

/** One named contact: who, where, what they know about, and how to reach them. */
export function ContactCard({ contact, headingLevel = 3 }: { contact: ContactCardData; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="contact-card" aria-labelledby={`contact-${contact.id}`}>
      <Heading id={`contact-${contact.id}`} className="contact-card__name">
        <PageLink to={`/directory/contacts/${contact.id}`}>{contact.name}</PageLink>
        {contact.isGoTo ? <strong className="tag tag--green">Go-to housing contact</strong> : null}
      </Heading>
      <p className="contact-card__role">
        {contact.jobTitle}
        {contact.organisationName ? (
          <>
            , <PageLink to={`/organisations/${contact.organisationSlug}`}>{contact.organisationName}</PageLink>
          </>
        ) : null}
      </p>
      {contact.reason ? <p className="contact-card__reason">{contact.reason}</p> : null}
      <dl className="contact-card__details">
        <dt>Covers</dt>
        <dd>{contact.districts.length ? contact.districts.join(", ") : "Countywide"}</dd>
        {contact.specialisms.length ? (
          <>
            <dt>Specialisms</dt>
            <dd>{contact.specialisms.map((s) => s.label).join(", ")}</dd>
          </>
        ) : null}
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </dd>
        {contact.directPhone ? (
          <>
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${contact.directPhone.replace(/[^\d+]/g, "")}`}>{contact.directPhone}</a>
            </dd>
          </>
        ) : null}
        {contact.mobile ? (
          <>
            <dt>Mobile</dt>
            <dd>
              <a href={`tel:${contact.mobile.replace(/[^\d+]/g, "")}`}>{contact.mobile}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {contact.howToContact ? <p>{contact.howToContact}</p> : null}
      {contact.stale ? <p className="hint">These details have not been confirmed for over six months.</p> : null}
    </article>
  );
}
