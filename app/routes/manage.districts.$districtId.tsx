import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextArea, TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { notFound, requirePermission } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import { listDistrictTeamContacts, listDistrictsWithReferral, updateDistrictReferral } from "~/models/directory.server";
import { districtReferralSchema } from "~/validation/district";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.district.councilName ?? "district"} – Champions Network` },
];

async function load(request: Request, districtId: string | undefined) {
  const actor = await requirePermission(request, "manage:directory", "everywhere");
  const row = listDistrictsWithReferral().find((d) => d.district.id === districtId);
  if (!row) throw notFound("We could not find that district.");
  return { ...row, actor };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { district, referral } = await load(request, params.districtId);
  return json({
    district,
    values: {
      referralRoute: referral?.referralRoute ?? "",
      referralInbox: referral?.referralInbox ?? "",
      officeHours: referral?.officeHours ?? "",
      procedureSummary: referral?.procedureSummary ?? "",
      dutyToReferContactId: referral?.dutyToReferContactId ? String(referral.dutyToReferContactId) : "",
      deputyContactId: referral?.deputyContactId ? String(referral.deputyContactId) : "",
    },
    candidates: listDistrictTeamContacts({ districtId: district.id }),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { district, referral, actor } = await load(request, params.districtId);
  const parsed = parseForm(districtReferralSchema, await request.formData());
  if (!parsed.success)
    return json<{ fieldErrors: FieldErrors; values: FormValues }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  const allowed = new Set(listDistrictTeamContacts({ districtId: district.id }).map((c) => c.id));
  for (const field of ["dutyToReferContactId", "deputyContactId"] as const) {
    const id = parsed.data[field];
    if (id !== null && !allowed.has(id)) {
      return json(
        { fieldErrors: { [field]: "Choose someone in the district's housing team" }, values: parsed.values },
        { status: 400 },
      );
    }
  }
  withAudit(
    (tx) => updateDistrictReferral({ districtId: district.id, input: parsed.data }, tx),
    () => ({
      actorId: actor.id,
      action: "district.updated",
      entityType: "district",
      entityId: district.id,
      summary: `Changed ${district.councilName}'s referral details`,
      before: referral,
      after: parsed.data,
    }),
  );
  return redirectWithFlash(`/districts/${district.id}`, "The district's referral details have been saved.");
}

export default function EditDistrict() {
  const { district, values: saved, candidates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? saved;
  const errors = actionData?.fieldErrors;
  const options = [
    { value: "", label: "Nobody named" },
    ...candidates.map((c) => ({ value: String(c.id), label: c.name })),
  ];
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to={`/districts/${district.id}`}>Back to {district.councilName}</Link>
      </p>
      <span className="caption">Coordinator</span>
      <h1>Edit {district.councilName}'s referral details</h1>
      <Form method="post" noValidate>
        <SelectField
          name="dutyToReferContactId"
          label="Named Duty to Refer contact"
          hint="People in the council's housing team who are in the directory."
          defaultValue={values.dutyToReferContactId}
          error={errors?.dutyToReferContactId}
          options={options}
        />
        <SelectField
          name="deputyContactId"
          label="Deputy"
          defaultValue={values.deputyContactId}
          error={errors?.deputyContactId}
          options={options}
        />
        <TextArea
          name="referralRoute"
          label="How to refer"
          rows={3}
          defaultValue={values.referralRoute}
          error={errors?.referralRoute}
          maxLength={1000}
        />
        <TextField
          name="referralInbox"
          label="Referral inbox"
          type="email"
          spellCheck={false}
          defaultValue={values.referralInbox}
          error={errors?.referralInbox}
        />
        <TextField
          name="officeHours"
          label="Office hours"
          defaultValue={values.officeHours}
          error={errors?.officeHours}
          maxLength={200}
        />
        <TextArea
          name="procedureSummary"
          label="Procedure summary"
          rows={6}
          defaultValue={values.procedureSummary}
          error={errors?.procedureSummary}
          maxLength={3000}
        />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </>
  );
}
