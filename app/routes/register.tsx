import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DistrictPicker } from "~/components/district-picker";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { hashPassword } from "~/lib/password.server";
import { getSignedInMember, startSession } from "~/lib/session.server";
import { createMember, DuplicateEmailError, memberEmailExists } from "~/models/member.server";
import { organisationChoicesFor } from "~/lib/organisation-choices.server";
import { organisationExists } from "~/models/organisation.server";
import { refuseCommonPassword } from "~/validation/common-password.server";
import { OTHER_ORGANISATION, registrationSchema } from "~/validation/registration";

export const meta: MetaFunction = () => [{ title: "Create an account – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSignedInMember(request)) throw redirect("/");
  // A national network has thousands of organisations: people choose their district first.
  return json(organisationChoicesFor(request));
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

const DUPLICATE_MESSAGE = "An account with this email address already exists. Sign in instead.";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(registrationSchema.superRefine(refuseCommonPassword), form);
  if (!parsed.success) {
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  }
  const data = parsed.data;
  const organisationId = data.organisation === OTHER_ORGANISATION ? null : Number(data.organisation);
  if (organisationId !== null && !organisationExists({ id: organisationId })) {
    return json<ActionData>(
      { fieldErrors: { organisation: "Select your organisation from the list" }, values: parsed.values },
      { status: 400 },
    );
  }
  if (memberEmailExists({ email: data.email })) {
    return json<ActionData>({ fieldErrors: { email: DUPLICATE_MESSAGE }, values: parsed.values }, { status: 400 });
  }
  const passwordHash = await hashPassword(data.password);
  let memberId: number;
  try {
    memberId = createMember({
      email: data.email,
      name: data.name,
      jobTitle: data.jobTitle,
      passwordHash,
      organisationId,
      otherOrganisationName: organisationId === null ? data.otherOrganisation : null,
      role: "learner",
      tier: 3,
    }).id;
  } catch (error) {
    if (!(error instanceof DuplicateEmailError)) throw error;
    return json<ActionData>({ fieldErrors: { email: DUPLICATE_MESSAGE }, values: parsed.values }, { status: 400 });
  }
  const cookie = await startSession(request, memberId);
  return redirectWithFlash("/", "Your account has been created. You are signed in.", {
    headers: { "Set-Cookie": cookie },
  });
}

export default function Register() {
  const { organisations, narrowed, district, districts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.fieldErrors;
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // A password is never kept after a failed submission, with or without JavaScript.
    const password = formRef.current?.elements.namedItem("password");
    if (actionData && password instanceof HTMLInputElement) password.value = "";
  }, [actionData]);
  const values = actionData?.values ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Create an account</h1>
      <p className="lead">
        Anyone who may meet someone at risk of homelessness can take the Tier 3 awareness training. Create an account to
        start it and keep your certificate.
      </p>
      {narrowed ? (
        <DistrictPicker
          districts={districts}
          district={district}
          label="Where your organisation is based"
          hint="Choose the district or borough, then your organisation from its list below."
        />
      ) : null}
      <Form method="post" noValidate ref={formRef}>
        <TextField name="name" label="Full name" autoComplete="name" defaultValue={values.name} error={errors?.name} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          hint="Use your work email address if you have one."
          defaultValue={values.email}
          error={errors?.email}
        />
        <TextField
          name="jobTitle"
          label="Job title (optional)"
          autoComplete="organization-title"
          defaultValue={values.jobTitle}
          error={errors?.jobTitle}
        />
        <SelectField
          name="organisation"
          label="Organisation"
          hint={
            narrowed && !district
              ? "Choose where your organisation is based above to list it, or choose Other and type its name below."
              : "If your organisation is not listed, choose Other and type its name below."
          }
          defaultValue={values.organisation ?? ""}
          error={errors?.organisation}
          options={[
            { value: "", label: "Select your organisation" },
            ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
            { value: OTHER_ORGANISATION, label: "Other: type its name" },
          ]}
        />
        <TextField
          name="otherOrganisation"
          label="Organisation name, if you chose Other"
          autoComplete="organization"
          defaultValue={values.otherOrganisation}
          error={errors?.otherOrganisation}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="Use 8 characters or more. A few unrelated words make a strong password that is easy to remember."
          error={errors?.password}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Create account
        </button>
      </Form>
      <p>
        Already have an account? <Link to="/login">Sign in</Link>.
      </p>
    </>
  );
}
