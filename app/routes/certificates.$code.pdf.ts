import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderCertificatePdf } from "~/lib/certificate-pdf.server";
import { describeCertificate, requireCertificate } from "~/lib/certificates.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const completion = await requireCertificate(request, params.code);
  const certificate = describeCertificate(completion);
  const bytes = await renderCertificatePdf({
    learnerName: certificate.learnerName,
    organisationName: certificate.organisationName,
    moduleTitle: certificate.moduleTitle,
    tierLabel: certificate.tierLabel,
    completed: certificate.completed,
    expires: certificate.expires,
    code: certificate.displayCode,
    verifyUrl: certificate.verifyUrl,
  });
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="certificate-${certificate.moduleId}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
