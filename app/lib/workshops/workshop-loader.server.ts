import { notFound } from "~/lib/guards.server";
import { getWorkshop } from "~/models/workshop.server";
import { idParam } from "~/validation/params";

/** The workshop named in the URL, or a 404 that helps. */
export function requireWorkshop(rawId: string | undefined) {
  const id = idParam.safeParse(rawId);
  const workshop = id.success ? getWorkshop({ id: id.data }) : undefined;
  if (!workshop) throw notFound("We could not find that workshop. It may have been removed from the programme.");
  return workshop;
}
