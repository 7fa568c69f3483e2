import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ContactCard } from "~/components/contact-card";
import { ToolkitLinks } from "~/components/toolkit-card-fields";
import { DistrictReferral } from "~/components/district-referral";
import { SelectField } from "~/components/ui/field";
import { cachedDirectoryRead } from "~/lib/directory-cache.server";
import { requireDirectoryReader } from "~/lib/directory-guard.server";
import { askByCircumstance, listCircumstances } from "~/models/directory.server";
import { listDistricts } from "~/models/district.server";
import { listCardsForSituation } from "~/models/toolkit.server";
import { askQuerySchema } from "~/validation/directory-search";

export const meta: MetaFunction = () => [{ title: "Who do I call? – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireDirectoryReader(request);
  const url = new URL(request.url);
  const params = askQuerySchema.parse(Object.fromEntries(url.searchParams));
  const asked = url.searchParams.has("circumstance");
  const question =
    params.circumstance && params.district
      ? { circumstanceId: params.circumstance, districtId: params.district }
      : undefined;
  const answer = question
    ? cachedDirectoryRead({ key: ["ask", question], read: () => askByCircumstance(question) })
    : undefined;
  return json({
    asked,
    errors:
      asked && !answer
        ? {
            circumstance: params.circumstance ? undefined : "Choose the person's situation",
            district: params.district ? undefined : "Choose the district",
          }
        : null,
    choice: { circumstance: params.circumstance ?? "", district: params.district ?? "" },
    circumstances: listCircumstances().map((c) => ({ id: c.id, label: c.label })),
    districts: cachedDirectoryRead({
      key: ["district-choices"],
      read: () => listDistricts().map((d) => ({ id: d.id, name: d.name })),
    }),
    answer: answer
      ? {
          circumstance: answer.circumstance.label,
          description: answer.circumstance.description,
          district: answer.district,
          people: answer.people,
          // Toolkit cards for the same situation and district (or county-wide), as this viewer may read them.
          cards: listCardsForSituation({ viewer, ...question! }),
        }
      : null,
  });
}

export default function AskByCircumstance() {
  const { errors, choice, circumstances, districts, answer } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Who do I call?</h1>
      <p className="lead">
        Start from the person's situation and where they are going, for example “someone leaving prison, going to West
        Oxfordshire”.
      </p>
      <Form method="get" className="filters" aria-label="Who do I call">
        <SelectField
          name="circumstance"
          label="The person's situation"
          defaultValue={choice.circumstance}
          error={errors?.circumstance}
          options={[
            { value: "", label: "Choose a situation" },
            ...circumstances.map((c) => ({ value: c.id, label: c.label })),
          ]}
        />
        <SelectField
          name="district"
          label="District they live in or are going to"
          defaultValue={choice.district}
          error={errors?.district}
          options={[
            { value: "", label: "Choose a district" },
            ...districts.map((d) => ({ value: d.id, label: d.name })),
          ]}
        />
        <button type="submit" className="button">
          Show who to call
        </button>
      </Form>
      {answer ? (
        <>
          <div role="status">
            <h2>
              {answer.circumstance}, {answer.district.district.name}
            </h2>
          </div>
          <p>{answer.description}</p>
          <DistrictReferral data={answer.district} />
          <ToolkitLinks cards={answer.cards} heading="From the toolkit" id="toolkit-cards" />
          <section aria-labelledby="champions">
            <h2 id="champions">Champions who can help</h2>
            {answer.people.length === 0 ? (
              <p>
                No specialist is recorded for this situation and district yet. The district housing team above is the
                place to start.
              </p>
            ) : null}
            {answer.people.map((person) => (
              <ContactCard key={person.id} contact={person} />
            ))}
          </section>
        </>
      ) : null}
    </>
  );
}
