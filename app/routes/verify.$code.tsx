import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { describeCertificate } from "~/lib/certificates.server";
import { findCompletionByCode } from "~/models/completion.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.certificate ? "Certificate found" : "Certificate not found"} – Champions Network` },
];

/** Public, no sign-in: confirms a certificate. An unknown code answers 404 and says so. */
export function loader({ params }: LoaderFunctionArgs) {
  const completion = findCompletionByCode({ code: params.code ?? "" });
  if (!completion) {
    return json(
      { certificate: null, code: (params.code ?? "").slice(0, 64) },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  const certificate = describeCertificate(completion);
  return json(
    {
      code: certificate.displayCode,
      certificate: {
        learnerName: certificate.learnerName,
        organisationName: certificate.organisationName,
        moduleTitle: certificate.moduleTitle,
        tierLabel: certificate.tierLabel,
        completed: certificate.completed,
        expires: certificate.expires,
        state: certificate.state,
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function VerifyCertificate() {
  const { certificate, code } = useLoaderData<typeof loader>();
  if (!certificate) {
    return (
      <>
        <h1>Certificate not found</h1>
        <p>
          There is no Champions Network certificate with the code <strong className="certificate__code">{code}</strong>.
        </p>
        <p>Check the code against the certificate: it has 26 letters and digits. Hyphens and spaces do not matter.</p>
        <p>
          <Link to="/verify">Check another code</Link>
        </p>
      </>
    );
  }
  const current = certificate.state !== "expired";
  return (
    <>
      <div className={`panel${current ? "" : " panel--fail"}`}>
        <h1 className="panel__title">
          {current ? "This certificate is genuine and current" : "This certificate is genuine but has expired"}
        </h1>
        <p>Verification code {code}</p>
      </div>
      <dl className="summary-list">
        <div>
          <dt>Name</dt>
          <dd>{certificate.learnerName}</dd>
        </div>
        <div>
          <dt>Organisation</dt>
          <dd>{certificate.organisationName ?? "Not recorded"}</dd>
        </div>
        <div>
          <dt>Module</dt>
          <dd>{certificate.moduleTitle}</dd>
        </div>
        <div>
          <dt>Tier</dt>
          <dd>{certificate.tierLabel}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>{certificate.completed}</dd>
        </div>
        <div>
          <dt>{current ? "Valid until" : "Expired on"}</dt>
          <dd>{certificate.expires ?? "Does not expire"}</dd>
        </div>
      </dl>
      <p>
        <Link to="/verify">Check another code</Link>
      </p>
    </>
  );
}
