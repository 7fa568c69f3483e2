import { notFound } from "./guards.server";
import { getContactCard } from "~/models/contact.server";
import { idParam } from "~/validation/params";

/** An active contact named in the URL, or a 404 that helps. */
export function requireContactCard(rawId: string | undefined) {
  const id = idParam.safeParse(rawId);
  const card = id.success ? getContactCard({ contactId: id.data }) : undefined;
  if (!card) throw notFound("We could not find that contact. They may have left the network.");
  return card;
}
