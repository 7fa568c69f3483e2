import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContactCard } from "~/components/contact-card";
import { ToolkitLinks } from "~/components/toolkit-card-fields";
import { notFound } from "~/lib/guards.server";
import { can } from "~/lib/permissions";
import { getSignedInMember } from "~/lib/session.server";
import { getDistrictReferral } from "~/models/directory.server";
import { listCardsForDistrict } from "~/models/toolkit.server";
import { districtIdParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.district.councilName ?? "District"} – Champions Network` },
];

/** Public: the referral route and procedure. Named contacts only for signed-in members (they are absent from the data otherwise). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSignedInMember(request);
  const signedIn = can(viewer, "read:directory", "everywhere");
  const districtId = districtIdParam.safeParse(params.districtId);
  const referral = districtId.success
    ? getDistrictReferral({ districtId: districtId.data, withContacts: signedIn })
    : undefined;
  if (!referral)
    throw notFound(
      "We could not find that district. Oxfordshire's five are listed on the district housing teams page.",
    );
  return json({
    signedIn,
    district: referral.district,
    referralRoute: referral.referralRoute,
    referralInbox: referral.referralInbox,
    officeHours: referral.officeHours,
    procedureSummary: referral.procedureSummary,
    dutyToReferContact: referral.dutyToReferContact,
    deputyContact: referral.deputyContact,
    canEdit: can(viewer, "manage:directory", "everywhere"),
    toolkitCards: listCardsForDistrict({ viewer, districtId: referral.district.id }),
  });
}

export default function DistrictPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">District housing team</span>
      <h1>{data.district.councilName}</h1>
      <h2>How to make a Duty to Refer referral</h2>
      <p>{data.referralRoute || "Use the council's online referral form, linked from its housing pages."}</p>
      <dl className="summary-list">
        <div>
          <dt>Referral inbox</dt>
          <dd>
            {data.referralInbox ? (
              <a href={`mailto:${data.referralInbox}`}>{data.referralInbox}</a>
            ) : (
              "See the council's website"
            )}
          </dd>
        </div>
        <div>
          <dt>Office hours</dt>
          <dd>{data.officeHours || "See the council's website"}</dd>
        </div>
        {data.district.websiteUrl ? (
          <div>
            <dt>Website</dt>
            <dd>
              <a href={data.district.websiteUrl}>{data.district.websiteUrl.replace(/^https?:\/\//, "")}</a>
            </dd>
          </div>
        ) : null}
      </dl>
      <h2>Named contacts</h2>
      {data.signedIn ? (
        <>
          {data.dutyToReferContact ? (
            <>
              <p className="caption">Duty to Refer contact</p>
              <ContactCard contact={data.dutyToReferContact} />
            </>
          ) : (
            <p>No named Duty to Refer contact is recorded: use the referral inbox.</p>
          )}
          {data.deputyContact ? (
            <>
              <p className="caption">Deputy</p>
              <ContactCard contact={data.deputyContact} />
            </>
          ) : null}
        </>
      ) : (
        <p>
          <Link to={`/login?redirectTo=/districts/${data.district.id}`}>Sign in</Link> to see the named Duty to Refer
          contact and deputy.
        </p>
      )}
      <h2>The countywide procedure</h2>
      <p>{data.procedureSummary}</p>
      <ToolkitLinks cards={data.toolkitCards} heading="Toolkit cards for this district" id="toolkit-cards" />
      {data.canEdit ? (
        <p>
          <Link to={`/manage/districts/${data.district.id}`}>Edit this district's referral details</Link>
        </p>
      ) : null}
      <p>
        <Link to="/districts">All district housing teams</Link>
      </p>
    </>
  );
}
