import { getModule } from "~/lib/content/catalogue.server";
import { notFound } from "~/lib/guards.server";
import { contentIdParam } from "~/validation/learning";

/** The module named in the URL, or a 404 that helps. */
export function requireModule(rawId: string | undefined) {
  const id = contentIdParam.safeParse(rawId);
  const module = id.success ? getModule(id.data) : undefined;
  if (!module) throw notFound("We could not find that module. It may have been renamed or withdrawn.");
  return module;
}
