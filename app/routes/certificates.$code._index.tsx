import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/print-button";
import { describeCertificate, requireCertificate } from "~/lib/certificates.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Certificate: ${data?.certificate.moduleTitle ?? "module"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const completion = await requireCertificate(request, params.code);
  return json({ certificate: describeCertificate(completion) });
}

export default function CertificatePage() {
  const { certificate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="visually-hidden">Certificate for {certificate.moduleTitle}</h1>
      <div className="no-print">
        <p>
          <Link to="/learning">My learning</Link>
        </p>
        {certificate.state === "expired" ? (
          <div className="notification" role="region" aria-label="Certificate expired">
            <p className="notification__title">This certificate expired on {certificate.expires}.</p>
            <p>
              <Link to={`/learn/${certificate.moduleId}`}>Take the module again</Link> to get a new one.
            </p>
          </div>
        ) : null}
        <p>
          <PrintButton />
          <a href={`/certificates/${certificate.code}/pdf`} className="button button--secondary" download>
            Download PDF
          </a>
        </p>
      </div>
      <article className="certificate" aria-label="Certificate">
        <p className="certificate__kicker">Oxfordshire Homelessness Champions Network</p>
        <p className="lead">Certificate of completion</p>
        <p>This certifies that</p>
        <p className="certificate__name">{certificate.learnerName}</p>
        {certificate.organisationName ? <p>{certificate.organisationName}</p> : null}
        <p>has completed the e-learning module and passed its knowledge check</p>
        <p className="certificate__module">{certificate.moduleTitle}</p>
        <p>{certificate.tierLabel}</p>
        <dl>
          <dt>Completed</dt>
          <dd>{certificate.completed}</dd>
          <dt>Valid until</dt>
          <dd>{certificate.expires ?? "Does not expire"}</dd>
          <dt>Verification code</dt>
          <dd className="certificate__code">{certificate.displayCode}</dd>
        </dl>
        <p>
          Anyone can check this certificate at <span className="certificate__code">{certificate.verifyUrl}</span>
        </p>
      </article>
    </>
  );
}
