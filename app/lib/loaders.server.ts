import type { z } from "zod";
import { getModule } from "~/lib/content/catalogue.server";
import { notFound } from "~/lib/guards.server";
import { getContactCard } from "~/models/contact.server";
import { getWorkshop } from "~/models/workshop.server";
import { contentIdParam } from "~/validation/learning";
import { idParam } from "~/validation/params";

/**
 * The record a URL parameter names, or a 404 that helps (thrown). The raw
 * parameter is parsed with `schema` and looked up with `find`; one that does
 * not parse and one that names nothing answer alike, with `message`.
 */
export function orNotFound<Id, Found>({
  param,
  schema,
  find,
  message,
}: {
  param: string | undefined;
  schema: z.ZodType<Id>;
  find: (id: Id) => Found | null | undefined;
  message: string;
}): Found {
  const id = schema.safeParse(param);
  const found = id.success ? find(id.data) : undefined;
  if (found === undefined || found === null) throw notFound(message);
  return found;
}

/** The workshop named in the URL, or a 404 that helps. */
export function requireWorkshop(rawId: string | undefined) {
  return orNotFound({
    param: rawId,
    schema: idParam,
    find: (id) => getWorkshop({ id }),
    message: "We could not find that workshop. It may have been removed from the programme.",
  });
}

/** The module named in the URL, or a 404 that helps. */
export function requireModule(rawId: string | undefined) {
  return orNotFound({
    param: rawId,
    schema: contentIdParam,
    find: (id) => getModule(id),
    message: "We could not find that module. It may have been renamed or withdrawn.",
  });
}

/** An active contact named in the URL, or a 404 that helps. */
export function requireContactCard(rawId: string | undefined) {
  return orNotFound({
    param: rawId,
    schema: idParam,
    find: (contactId) => getContactCard({ contactId }),
    message: "We could not find that contact. They may have left the network.",
  });
}
