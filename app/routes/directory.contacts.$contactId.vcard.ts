import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireContactCard } from "~/lib/loaders.server";
import { requireDirectoryReader } from "~/lib/directory-guard.server";
import { buildVCard } from "~/lib/vcard";
import { logDirectoryAccess } from "~/models/directory.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireDirectoryReader(request);
  const contact = requireContactCard(params.contactId);
  logDirectoryAccess({ viewerId: viewer.id, action: "vcard", contactId: contact.id });
  const filename =
    contact.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "contact";
  return new Response(buildVCard({ ...contact, note: contact.howToContact || undefined }), {
    headers: {
      "Content-Type": "text/vcard; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}.vcf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
