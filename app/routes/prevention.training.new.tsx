import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, TIERS } from "~drizzle/schema/constants";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/ui/field";
import { Radios } from "~/components/ui/radios";
import { toLondonInputs } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { requireChampion } from "~/lib/prevention-guard.server";
import { recordCascadeSession } from "~/models/cascade.server";
import { organisationExists } from "~/models/organisation.server";
import { cascadeSchema } from "~/validation/prevention";

export const meta: MetaFunction<typeof action> = ({ data }) => [
  { title: `${data?.fieldErrors ? "Error: " : ""}Record a training session you ran – Champions Network` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireChampion(request);
  return json({
    today: toLondonInputs(new Date()).date,
    ownOrganisationId: member.organisationId ? String(member.organisationId) : "",
    ...organisationChoicesFor(request, { includeIds: [member.organisationId] }),
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const member = await requireChampion(request);
  const now = new Date();
  const parsed = parseForm(cascadeSchema({ today: toLondonInputs(now).date }), await request.formData());
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  if (!organisationExists({ id: parsed.data.organisationId }))
    return json<ActionData>(
      { fieldErrors: { organisationId: "Select the organisation" }, values: parsed.values },
      { status: 400 },
    );
  recordCascadeSession({ memberId: member.id, input: parsed.data, now });
  return redirectWithFlash("/prevention", "Recorded: thank you for passing the training on.");
}

export default function RecordTrainingSession() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Record a training session you ran</h1>
      <p>A session you ran inside your own organisation, using the network's material.</p>
      {data.narrowed ? (
        <DistrictPicker
          districts={data.districts}
          district={data.district}
          label="District of the organisation"
          hint="There are many organisations: choose a district to list its organisations."
        />
      ) : null}
      <Form method="post" noValidate>
        <TextField
          name="heldOn"
          label="Date of the session"
          type="date"
          width="medium"
          max={data.today}
          defaultValue={values.heldOn ?? data.today}
          error={errors?.heldOn}
        />
        <SelectField
          name="organisationId"
          label="Organisation"
          defaultValue={values.organisationId ?? data.ownOrganisationId}
          error={errors?.organisationId}
          options={[
            { value: "", label: "Select an organisation" },
            ...data.organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <TextField
          name="audienceSize"
          label="How many people came"
          inputMode="numeric"
          width="short"
          defaultValue={values.audienceSize}
          error={errors?.audienceSize}
        />
        <TextField
          name="audienceRoles"
          label="Their roles (optional)"
          hint="For example: reception staff and support workers. No names."
          maxLength={200}
          defaultValue={values.audienceRoles}
          error={errors?.audienceRoles}
        />
        <Radios
          name="tier"
          legend="Which tier's material did you use?"
          defaultValue={values.tier}
          error={errors?.tier}
          options={TIERS.map((t) => ({ value: String(t), label: TIER_LABELS[t] }))}
        />
        <TextField
          name="lengthMinutes"
          label="Length, in minutes"
          inputMode="numeric"
          width="short"
          defaultValue={values.lengthMinutes}
          error={errors?.lengthMinutes}
        />
        <button type="submit" className="button">
          Record the session
        </button>
      </Form>
      <p>
        <Link to="/prevention">Back to my prevention log</Link>
      </p>
    </>
  );
}
