import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { BARRIER_FREQUENCIES, BARRIER_FREQUENCY_LABELS } from "~drizzle/schema/barriers";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { TextArea, TextField } from "~/components/ui/field";
import { Radios } from "~/components/ui/radios";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { listDistricts } from "~/models/district.server";
import { getOrganisation } from "~/models/organisation.server";
import { raiseBarrier } from "~/models/barrier.server";
import { barrierSchema } from "~/validation/barrier";
import { Checkboxes } from "~/components/ui/checkboxes";

export const meta: MetaFunction = () => [{ title: "Raise a system barrier – Champions Network" }];

type ActionData = { fieldErrors: FieldErrors; values: FormValues; organisationIds: string[]; districtIds: string[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "raise:barrier", "self");
  // A national network lists one district's organisations at a time, starting with the member's own district.
  const own = member.organisationId === null ? undefined : getOrganisation({ id: member.organisationId });
  const choices = organisationChoicesFor(request, { defaultDistrictId: own?.districtId });
  const districts = listDistricts().filter((d) => !choices.narrowed || d.id === choices.district);
  return json({
    organisations: choices.organisations.map((o) => ({ id: String(o.id), label: o.name })),
    districts: districts.map((d) => ({ id: d.id, label: d.name })),
    narrowed: choices.narrowed,
    district: choices.district,
    districtChoices: choices.districts,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requirePermission(request, "raise:barrier", "self");
  const form = await request.formData();
  const parsed = parseForm(barrierSchema, form);
  const chosen = {
    organisationIds: form.getAll("organisationIds").map(String),
    districtIds: form.getAll("districtIds").map(String),
  };
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values, ...chosen }, { status: 400 });
  const result = raiseBarrier({ memberId: member.id, input: parsed.data });
  if (result.outcome === "invalid")
    return json<ActionData>(
      { fieldErrors: { [result.field]: result.message }, values: parsed.values, ...chosen },
      { status: 400 },
    );
  return redirectWithFlash(
    `/barriers/${result.id}`,
    "Thank you: the barrier is raised and the coordinator can see it.",
  );
}

export default function NewBarrier() {
  const { organisations, districts, narrowed, district, districtChoices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values;
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/barriers">Back to system barriers</Link>
      </p>
      <h1>Raise a system barrier</h1>
      <p className="lead">
        A system barrier is a rule, a process or a gap between services that stops people getting the help they need to
        keep or find a home. Describe the system, not the person.
      </p>
      <div className="notification" role="note" aria-labelledby="no-personal-data">
        <h2 id="no-personal-data" className="notification__title">
          Do not include personal data
        </h2>
        <p>
          Other members and the board will read this. Do not write anyone’s name, date of birth, address, postcode,
          phone number, email address, NHS or National Insurance number, or case or reference number, and nothing that
          would let someone work out who the person is. Write “a patient in their 60s”, not who they are.
        </p>
      </div>
      {narrowed ? (
        <DistrictPicker
          districts={districtChoices}
          district={district}
          label="District"
          hint="The network is large: choose the district to list its organisations."
        />
      ) : null}
      <Form method="post" noValidate>
        <TextField
          name="title"
          label="Summary"
          hint="One line, for example: Prison leavers released on a Friday cannot reach the council the same day."
          defaultValue={values?.title}
          error={errors?.title}
          maxLength={150}
        />
        <TextArea
          name="whatHappened"
          label="What happened"
          hint="What did the system do, or fail to do, and what did it mean for the person? No personal data."
          rows={6}
          defaultValue={values?.whatHappened}
          error={errors?.whatHappened}
          maxLength={3000}
        />
        <TextField
          name="whereItHappens"
          label="Where it happens"
          hint="The setting or stage, for example: hospital discharge, a prison release, a benefits claim."
          defaultValue={values?.whereItHappens}
          error={errors?.whereItHappens}
          maxLength={200}
        />
        <Checkboxes
          name="organisationIds"
          legend="Which organisations are involved?"
          hint="Select every organisation whose systems are part of the barrier."
          options={organisations}
          checked={actionData?.organisationIds ?? []}
          error={errors?.organisationIds}
        />
        <Checkboxes
          name="districtIds"
          legend="Which districts? (optional)"
          hint="Leave them all unticked if it happens across the county."
          options={districts}
          checked={actionData?.districtIds ?? []}
          error={errors?.districtIds}
        />
        <Radios
          name="frequency"
          legend="How often does it happen to the people you work with?"
          options={BARRIER_FREQUENCIES.map((f) => ({ value: f, label: BARRIER_FREQUENCY_LABELS[f] }))}
          defaultValue={values?.frequency}
          error={errors?.frequency}
        />
        <button type="submit" className="button">
          Raise the barrier
        </button>
      </Form>
    </>
  );
}
