import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { MoveRefusedError, recordMove } from "~/models/member-move.server";
import { getMember } from "~/models/member.server";
import { memberMoveSchema } from "~/validation/member-move";

export const meta: MetaFunction = () => [{ title: "I have moved to another organisation – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const member = getMember({ id: viewer.id });
  if (!member) throw new Response("Not Found", { status: 404 });
  const choices = organisationChoicesFor(request);
  return json({
    ...choices,
    organisations: choices.organisations.filter((o) => o.id !== member.organisationId),
    current: member.organisationName ?? member.otherOrganisationName ?? null,
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "update:profile", "self");
  const parsed = parseForm(memberMoveSchema, await request.formData());
  if (!parsed.success) {
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  }
  try {
    const { to } = recordMove({
      memberId: viewer.id,
      toOrganisationId: parsed.data.organisationId,
      recordedBy: viewer.id,
    });
    return redirectWithFlash(
      "/account",
      `You are now recorded at ${to.name}. Your learning record and certificates came with you.`,
    );
  } catch (error) {
    if (!(error instanceof MoveRefusedError)) throw error;
    return json<ActionData>({ fieldErrors: { organisationId: error.message }, values: parsed.values }, { status: 400 });
  }
}

export default function RecordMyMove() {
  const { organisations, narrowed, district, districts, current } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p>
        <Link to="/account">My account</Link>
      </p>
      <h1>I have moved to another organisation</h1>
      <p>{current ? `You are recorded at ${current}.` : "You are not recorded at an organisation in the list."}</p>
      <p>
        Your learning record, certificates, workshop attendance and Tier 1 currency come with you. Your directory entry
        at your old organisation is taken out of the directory, and both organisations' leads are told. You can add
        yourself to the directory again from My directory entry.
      </p>
      {narrowed ? (
        <DistrictPicker
          districts={districts}
          district={district}
          label="Where your new organisation is based"
          hint="Choose the district first: the organisation list below then shows its organisations."
        />
      ) : null}
      <Form method="post" noValidate>
        <SelectField
          name="organisationId"
          label="The organisation you work for now"
          defaultValue={actionData?.values.organisationId ?? ""}
          error={actionData?.fieldErrors.organisationId}
          options={[
            { value: "", label: "Choose an organisation" },
            ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <button type="submit" className="button">
          Record my move
        </button>
      </Form>
    </>
  );
}
