import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { normaliseCertificateCode } from "~/models/completion.server";

export const meta: MetaFunction = () => [{ title: "Check a certificate – Champions Network" }];

/** Public: a GET form that goes to /verify/<code>. */
export function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code");
  if (code === null) return json({ error: null, code: "" });
  const normalised = normaliseCertificateCode(code).slice(0, 64);
  if (normalised === "") return json({ error: "Enter the verification code from the certificate", code });
  throw redirect(`/verify/${encodeURIComponent(normalised)}`);
}

export default function VerifyStart() {
  const { error, code } = useLoaderData<typeof loader>();
  return (
    <>
      <ErrorSummary errors={error ? { code: error } : null} />
      <h1>Check a certificate</h1>
      <p className="lead">
        Enter the verification code printed on a Champions Network certificate to confirm who completed what, and
        whether it is still current.
      </p>
      <Form method="get" noValidate>
        <TextField
          name="code"
          label="Verification code"
          hint="For example ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ. Hyphens and spaces are optional."
          defaultValue={code}
          error={error ?? undefined}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="button">
          Check certificate
        </button>
      </Form>
    </>
  );
}
