import { directoryVersionCache } from "~/lib/directory-cache.server";
import { isStale } from "~/models/contact.server";
import { findGoToContacts, type GoToAnswer } from "~/models/directory.server";

/**
 * Each organisation's go-to contacts (the same in every district), kept until
 * the directory changes: one entry for each of up to 4,000 organisations, a few
 * cards each, since 3,000 organisations asked in turn would push each other out
 * of the shared cache. Whether a card is stale moves with the clock, so it is
 * worked out on every read.
 */
const organisationGoTo = directoryVersionCache(4_000);

export function keptGoToContacts({
  organisationId,
  now = new Date(),
  version,
}: {
  organisationId: number;
  now?: Date;
  /** As for cachedDirectoryRead. */
  version?: string;
}): GoToAnswer {
  const { cards, total } = organisationGoTo(
    String(organisationId),
    () => findGoToContacts({ organisationId }),
    undefined,
    version,
  );
  return {
    cards: cards.map((card) => ({ ...card, stale: isStale({ lastConfirmedAt: card.lastConfirmedAt, now }) })),
    total,
  };
}
