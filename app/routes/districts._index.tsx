import { json, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listDistrictsWithReferral } from "~/models/directory.server";

export const meta: MetaFunction = () => [{ title: "District housing teams – Champions Network" }];

export function loader() {
  return json({
    districts: listDistrictsWithReferral().map(({ district, referral }) => ({
      id: district.id,
      name: district.name,
      councilName: district.councilName,
      referralInbox: referral?.referralInbox ?? null,
      officeHours: referral?.officeHours ?? "",
    })),
  });
}

export default function Districts() {
  const { districts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>District housing teams</h1>
      <p className="lead">
        Oxfordshire has five local housing authorities. Public bodies under the Duty to Refer send referrals to the one
        the person chooses, usually where they live or have a local connection.
      </p>
      <ul className="card-list">
        {districts.map((d) => (
          <li key={d.id}>
            <h2 className="notification__title">
              <Link to={`/districts/${d.id}`}>{d.councilName}</Link>
            </h2>
            {d.referralInbox ? (
              <p>
                Duty to Refer inbox: <a href={`mailto:${d.referralInbox}`}>{d.referralInbox}</a>
              </p>
            ) : null}
            {d.officeHours ? <p className="muted">{d.officeHours}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
