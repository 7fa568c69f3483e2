import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/guards.server";
import { getSignedInMember } from "~/lib/session.server";
import { requireVisibleCard } from "~/lib/toolkit/card-access.server";
import { attachmentDisposition } from "~/lib/toolkit/files.server";
import { getAttachment } from "~/models/toolkit.server";
import { idParam } from "~/validation/params";

/** A card's file, to whoever may read the card; always downloaded, never shown in the browser. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSignedInMember(request);
  const card = requireVisibleCard(viewer, params.slug);
  const attachmentId = idParam.safeParse(params.attachmentId);
  const file = attachmentId.success ? getAttachment({ cardId: card.id, attachmentId: attachmentId.data }) : undefined;
  if (!file) throw notFound("We could not find that file: it may have been removed from the card.");
  return new Response(new Uint8Array(file.data), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.data.length),
      "Content-Disposition": attachmentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": card.visibility === "public" ? "no-cache" : "private, no-store",
    },
  });
}
