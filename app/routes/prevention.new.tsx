import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PREVENTION_ACTIONS, PREVENTION_EARLINESS } from "~drizzle/schema/constants";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextArea, TextField } from "~/components/ui/field";
import { Radios } from "~/components/ui/radios";
import { toLondonInputs } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requireChampion } from "~/lib/prevention-guard.server";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { ACTION_LABELS, EARLINESS_LABELS } from "~/lib/prevention";
import { listCircumstances } from "~/models/directory.server";
import { listDistricts } from "~/models/district.server";
import { checkPreventionChoices, recordPreventionAction } from "~/models/prevention.server";
import { preventionSchema } from "~/validation/prevention";

export const meta: MetaFunction<typeof action> = ({ data }) => [
  { title: `${data?.fieldErrors ? "Error: " : ""}Log a prevention action – Champions Network` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireChampion(request);
  const choices = organisationChoicesFor(request, { includeIds: [member.organisationId] });
  return json({
    today: toLondonInputs(new Date()).date,
    ownOrganisationId: member.organisationId ? String(member.organisationId) : "",
    districtOptions: listDistricts().map((d) => ({ value: d.id, label: d.name })),
    circumstances: listCircumstances().map((c) => ({ value: c.id, label: c.label })),
    ...choices,
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const member = await requireChampion(request);
  const now = new Date();
  const schema = preventionSchema({ today: toLondonInputs(now).date, now });
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const missing = checkPreventionChoices(parsed.data);
  if (Object.keys(missing).length > 0)
    return json<ActionData>({ fieldErrors: missing, values: parsed.values }, { status: 400 });
  recordPreventionAction({ memberId: member.id, input: parsed.data, now });
  return redirectWithFlash("/prevention", "Logged. We will email you in 8 weeks to ask what happened.");
}

export default function LogPreventionAction() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Log a prevention action</h1>
      <div className="feedback" role="note">
        <p>
          <strong>No personal data.</strong> Do not enter a name, date of birth, address, phone number, email address or
          case number anywhere in this form. The log counts what the network prevents, not who was helped.
        </p>
      </div>
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
          name="actionOn"
          label="Date of the action"
          type="date"
          width="medium"
          max={data.today}
          defaultValue={values.actionOn ?? data.today}
          error={errors?.actionOn}
        />
        <SelectField
          name="districtId"
          label="District"
          hint="The district housing team for where the person lives or is seeking help."
          defaultValue={values.districtId ?? ""}
          error={errors?.districtId}
          options={[{ value: "", label: "Select a district" }, ...data.districtOptions]}
        />
        <SelectField
          name="organisationId"
          label="Organisation it came through"
          defaultValue={values.organisationId ?? data.ownOrganisationId}
          error={errors?.organisationId}
          options={[
            { value: "", label: "Select an organisation" },
            ...data.organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <SelectField
          name="circumstanceId"
          label="Circumstance"
          hint="From the same list as “Who do I call?”."
          defaultValue={values.circumstanceId ?? ""}
          error={errors?.circumstanceId}
          options={[{ value: "", label: "Select a circumstance" }, ...data.circumstances]}
        />
        <Radios
          name="earliness"
          legend="How early did help start?"
          defaultValue={values.earliness}
          error={errors?.earliness}
          options={PREVENTION_EARLINESS.map((v) => ({ value: v, label: EARLINESS_LABELS[v] }))}
        />
        <Radios
          name="action"
          legend="What did you do?"
          defaultValue={values.action}
          error={errors?.action}
          options={PREVENTION_ACTIONS.map((v) => ({ value: v, label: ACTION_LABELS[v] }))}
        />
        <TextArea
          name="note"
          label="Note (optional)"
          hint="For your own reference: what helped, what got in the way. No names, dates of birth, addresses, phone numbers or case numbers."
          rows={3}
          maxLength={500}
          defaultValue={values.note}
          error={errors?.note}
        />
        <button type="submit" className="button">
          Log the action
        </button>
      </Form>
      <p>
        <Link to="/prevention">Back to my prevention log</Link>
      </p>
    </>
  );
}
