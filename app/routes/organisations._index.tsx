import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SECTOR_LABELS } from "~drizzle/schema/constants";
import { DistrictPicker } from "~/components/district-picker";
import { listDistricts } from "~/models/district.server";
import { countOrganisations, listOrganisations, ORGANISATION_CHOICE_LIMIT } from "~/models/organisation.server";
import { districtQuerySchema } from "~/validation/params";
import { TableRegion } from "~/components/table-region";
import { can } from "~/lib/permissions";
import { getSignedInMember } from "~/lib/session.server";

export const meta: MetaFunction = () => [{ title: "Organisations in the network – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getSignedInMember(request);
  const total = countOrganisations();
  // A national network lists its thousands of organisations one district at a time.
  const narrowed = total > ORGANISATION_CHOICE_LIMIT;
  const districts = narrowed ? listDistricts().map((d) => ({ id: d.id, name: d.name })) : [];
  const { district } = districtQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const chosen = districts.find((d) => d.id === district);
  return json({
    canAdd: can(viewer, "manage:organisation", "everywhere"),
    total,
    narrowed,
    districts,
    chosen: chosen ?? null,
    organisations: !narrowed ? listOrganisations() : chosen ? listOrganisations({ districtId: chosen.id }) : [],
  });
}

export default function Organisations() {
  const { total, narrowed, districts, chosen, organisations, canAdd } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Organisations in the network</h1>
      <p className="lead">
        {total.toLocaleString("en-GB")} organisations across Oxfordshire take part in the Homelessness Champions
        Network.
      </p>
      {canAdd ? (
        <p>
          <Link to="/organisations/new">Add an organisation</Link>
        </p>
      ) : null}
      {narrowed ? (
        <DistrictPicker
          districts={districts}
          district={chosen?.id ?? ""}
          label="Organisations based in"
          hint="Choose a district or borough to list the organisations based there."
        />
      ) : null}
      {narrowed && !chosen ? null : (
        <TableRegion
          label={
            chosen
              ? `Organisations based in ${chosen.name}`
              : "Organisations, their sector, area and Duty to Refer status"
          }
        >
          <table>
            <caption className={chosen ? undefined : "visually-hidden"}>
              {chosen
                ? `Organisations based in ${chosen.name}`
                : "Organisations, their sector, area and Duty to Refer status"}
            </caption>
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
        </TableRegion>
      )}
    </>
  );
}
