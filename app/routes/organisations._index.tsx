import { json, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SECTOR_LABELS } from "../../drizzle/schema/constants";
import { listOrganisations } from "~/models/organisation.server";

export const meta: MetaFunction = () => [{ title: "Organisations in the network – Champions Network" }];

export function loader() {
  return json({ organisations: listOrganisations() });
}

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Organisations in the network</h1>
      <p className="lead">
        {organisations.length} organisations across Oxfordshire take part in the Homelessness Champions Network.
      </p>
      <div className="table-wrapper">
        <table>
          <caption className="visually-hidden">Organisations, their sector, area and Duty to Refer status</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Sector</th>
              <th scope="col">Area</th>
              <th scope="col">Duty to Refer</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr key={organisation.id}>
                <td>
                  <Link to={`/organisations/${organisation.slug}`}>{organisation.name}</Link>
                </td>
                <td>{SECTOR_LABELS[organisation.sector]}</td>
                <td>{organisation.districtName ?? "Countywide"}</td>
                <td>{organisation.subjectToDutyToRefer ? "Must refer" : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
