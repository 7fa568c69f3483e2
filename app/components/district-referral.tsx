import { PageLink } from "./page-link";
import { ContactCard, type ContactCardData } from "./contact-card";

export type DistrictReferralData = {
  district: { id: string; name: string; councilName: string; websiteUrl: string | null };
  referralRoute: string;
  referralInbox: string | null;
  officeHours: string;
  dutyToReferContact: ContactCardData | null;
  deputyContact: ContactCardData | null;
};

/** How to refer to one district housing team, and its named contacts. */
export function DistrictReferral({ data, headingLevel = 2 }: { data: DistrictReferralData; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={`district-${data.district.id}`}>
      <Heading id={`district-${data.district.id}`}>{data.district.councilName}: Duty to Refer</Heading>
      <p>{data.referralRoute}</p>
      <dl className="contact-card__details">
        {data.referralInbox ? (
          <>
            <dt>Referral inbox</dt>
            <dd>
              <a href={`mailto:${data.referralInbox}`}>{data.referralInbox}</a>
            </dd>
          </>
        ) : null}
        <dt>Office hours</dt>
        <dd>{data.officeHours || "See the council's website"}</dd>
      </dl>
      {data.dutyToReferContact ? (
        <>
          <p className="caption">Named Duty to Refer contact</p>
          <ContactCard contact={data.dutyToReferContact} headingLevel={headingLevel === 2 ? 3 : 3} />
        </>
      ) : (
        <p>No named contact is recorded: use the referral inbox.</p>
      )}
      {data.deputyContact ? (
        <>
          <p className="caption">Deputy</p>
          <ContactCard contact={data.deputyContact} />
        </>
      ) : null}
      <p>
        <PageLink to={`/districts/${data.district.id}`}>
          The {data.district.name} district page and the referral procedure
        </PageLink>
      </p>
    </section>
  );
}
