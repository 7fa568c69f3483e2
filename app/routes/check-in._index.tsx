import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { requireCheckInMember } from "~/lib/check-in-guard.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { findWorkshopByCheckInCode } from "~/models/check-in.server";
import { checkInCodeSchema } from "~/validation/check-in";

export const meta: MetaFunction = () => [{ title: "Check in at a workshop – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "check-in:workshop", "self");
  return json({});
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

/** Finds the workshop the code names, then shows it at /check-in/<code> to confirm: nothing is written here. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireCheckInMember(request, context);
  const parsed = parseForm(checkInCodeSchema, await request.formData());
  if (!parsed.success) return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, 400);
  if (!findWorkshopByCheckInCode({ code: parsed.data.code })) {
    return json<ActionData>(
      {
        fieldErrors: { code: "We do not recognise that code. Check it against the one shown at the workshop" },
        values: parsed.values,
      },
      400,
    );
  }
  return redirect(`/check-in/${parsed.data.code}`);
}

export default function CheckInStart() {
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <h1>Check in at a workshop</h1>
      <p className="lead">
        Enter the code shown at the workshop. You can check in from 30 minutes before it starts until it ends.
      </p>
      <Form method="post" noValidate>
        <TextField
          name="code"
          label="Check-in code"
          hint="6 letters and numbers, for example K7M2XP. Capitals or not, as you like."
          defaultValue={actionData?.values.code ?? ""}
          error={actionData?.fieldErrors.code}
          autoComplete="off"
          spellCheck={false}
          width="short"
        />
        <button type="submit" className="button">
          Continue
        </button>
      </Form>
    </>
  );
}
