import { notFound, requireMember, requirePermission } from "~/lib/guards.server";
import { can, type Actor } from "~/lib/permissions";
import { findVisibleCard } from "~/models/toolkit.server";
import { slugParam } from "~/validation/params";

export const CARD_NOT_FOUND =
  "We could not find that toolkit card. It may have been archived, or be open only to members or staff: sign in and try again.";

/** The card, if this viewer may read it (staff also see archived cards); a 404 otherwise. */
export function requireVisibleCard(viewer: Actor | null, rawSlug: string | undefined) {
  const slug = slugParam.safeParse(rawSlug);
  if (!slug.success) throw notFound(CARD_NOT_FOUND);
  const card = findVisibleCard({ slug: slug.data, viewer, withArchived: can(viewer, "manage:toolkit", "everywhere") });
  if (!card) throw notFound(CARD_NOT_FOUND);
  return card;
}

/** The card and the signed-in member, when they may edit it: its owner or the coordinator. */
export async function requireCardEditor(request: Request, rawSlug: string | undefined) {
  const member = await requireMember(request);
  const card = requireVisibleCard(member, rawSlug);
  await requirePermission(
    request,
    "update:toolkit-card",
    { organisationId: null, memberId: card.ownerId },
    "Only the card's owner and the network coordinator can change this card.",
  );
  return { member, card };
}
