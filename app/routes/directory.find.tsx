import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SECTOR_LABELS, SECTORS } from "~drizzle/schema/constants";
import { ContactCard } from "~/components/contact-card";
import { PageLink } from "~/components/page-link";
import { DistrictReferral } from "~/components/district-referral";
import { SelectField } from "~/components/ui/field";
import { DistrictField } from "~/components/district-field";
import { chooseDistrict } from "~/lib/district-choice";
import { keptDistrictNames } from "~/lib/district-names.server";
import { cachedDirectoryRead, directoryVersionOf } from "~/lib/directory-cache.server";
import { keptGoToContacts } from "~/lib/go-to-contacts.server";
import { keptOrganisationChoices } from "~/lib/organisation-choices.server";
import { requireDirectoryReader } from "~/lib/directory-guard.server";
import { cardForPage } from "~/models/contact.server";
import { findGoToContacts, getDistrictReferral } from "~/models/directory.server";
import { findQuerySchema } from "~/validation/directory-search";

export const meta: MetaFunction = () => [{ title: "Find my housing contact – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireDirectoryReader(request);
  const url = new URL(request.url);
  // Read once: each kept answer below is for this version of the directory.
  const version = directoryVersionOf();
  const districts = keptDistrictNames({ version });
  const asked = url.searchParams.has("district");
  const params = findQuerySchema.parse(Object.fromEntries(url.searchParams));
  // Until they ask, assume their own organisation and its district.
  const organisationId = asked ? params.organisation : (viewer.organisationId ?? undefined);
  const district = chooseDistrict(
    asked ? url.searchParams.get("district") : (viewer.organisationDistrictId ?? undefined),
    districts,
  );
  const validDistrict = district.id;
  // Everyone asking the same question gets the same answer: cached until the directory changes. The go-to contacts
  // and the district's Duty to Refer details are kept apart: an organisation's contacts are the same in every
  // district, and a district's details for every organisation (3,000 organisations by 300 districts rarely repeat).
  const sector = organisationId ? undefined : params.sector;
  const goTo =
    asked && validDistrict
      ? organisationId
        ? keptGoToContacts({ organisationId, version })
        : cachedDirectoryRead({
            key: ["find-go-to", sector ?? null, validDistrict],
            version,
            read: () => findGoToContacts({ sector, districtId: validDistrict }),
          })
      : null;
  const result =
    goTo && validDistrict
      ? {
          // The first cards only: the directory, with the same filters, lists them all (go-to contacts first).
          goTo: { cards: goTo.cards.map(cardForPage), total: goTo.total },
          allInDirectory:
            goTo.total > goTo.cards.length
              ? `/directory?${new URLSearchParams(organisationId ? { organisation: String(organisationId) } : { sector: sector ?? "", district: validDistrict })}`
              : null,
          district: cachedDirectoryRead({
            key: ["district-referral", validDistrict],
            version,
            read: () => getDistrictReferral({ districtId: validDistrict, withContacts: true }),
          }),
        }
      : null;
  const { organisations, narrowed } = keptOrganisationChoices({
    districtId: validDistrict,
    includeIds: [organisationId, viewer.organisationId],
    version,
  });
  return json({
    asked,
    missingDistrict: asked && !validDistrict && !district.error,
    choice: {
      organisation: organisationId ? String(organisationId) : "",
      sector: params.sector ?? "",
    },
    district,
    organisationName: organisations.find((o) => o.id === organisationId)?.name ?? null,
    organisations,
    narrowed,
    result,
  });
}

export default function FindMyContact() {
  const { asked, missingDistrict, choice, district, organisationName, organisations, narrowed, result } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1>Find my housing contact</h1>
      <p className="lead">
        Choose your organisation (or your sector) and the district the person lives in, or wants to live in.
      </p>
      <Form method="get" className="filters" aria-label="Find my housing contact">
        <SelectField
          name="organisation"
          label="Your organisation"
          hint={narrowed ? "Organisations in the chosen district are listed: choose the district first." : undefined}
          defaultValue={choice.organisation}
          options={[
            { value: "", label: "Not listed: use my sector" },
            ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <SelectField
          name="sector"
          label="Or your sector"
          defaultValue={choice.sector}
          options={[
            { value: "", label: "Choose a sector" },
            ...SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] })),
          ]}
        />
        <DistrictField
          name="district"
          label="District"
          choice={district}
          anyLabel="Choose a district"
          error={missingDistrict ? "Choose the district" : undefined}
        />
        <button type="submit" className="button">
          Show contacts
        </button>
      </Form>
      {!asked ? (
        <p>Not sure which district? Use the area where the person lives now, or where they have a local connection.</p>
      ) : null}
      {result ? (
        <>
          <section aria-labelledby="your-contacts">
            <h2 id="your-contacts">
              {organisationName
                ? `Your go-to housing contact at ${organisationName}`
                : "Go-to housing contacts in your sector"}
            </h2>
            {result.goTo.cards.length === 0 ? (
              <p>
                No go-to contact is recorded{organisationName ? ` for ${organisationName}` : ""}. Use the district
                housing team below, or <PageLink to="/directory/ask">find someone by the person's situation</PageLink>.
              </p>
            ) : (
              result.goTo.cards.map((c) => <ContactCard key={c.id} contact={c} />)
            )}
            {result.allInDirectory ? (
              <p>
                These are the first {result.goTo.cards.length} of {result.goTo.total}
                {choice.organisation
                  ? `${result.goTo.cards[0].isGoTo ? " go-to contacts" : " people listed"} at ${organisationName ?? "this organisation"}`
                  : ` go-to contacts in your sector who cover ${district.text}`}
                . <PageLink to={result.allInDirectory}>See them all in the directory</PageLink>, where go-to contacts
                are listed first.
              </p>
            ) : null}
          </section>
          {result.district ? <DistrictReferral data={result.district} /> : null}
          <section aria-labelledby="how-to-refer">
            <h2 id="how-to-refer">How to make a referral</h2>
            <ol>
              <li>Ask the person if they agree to be referred, and to which council.</li>
              <li>Send their name, contact details, why they may be homeless within 56 days, and that they consent.</li>
              <li>Tell them the council will contact them, and keep your go-to contact informed.</li>
            </ol>
          </section>
        </>
      ) : null}
    </>
  );
}
