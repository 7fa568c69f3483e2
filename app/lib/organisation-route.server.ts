import { redirect } from "@remix-run/node";
import { findOrganisationBySlugOrFormer } from "~/models/organisation.server";
import { slugParam } from "~/validation/params";
import { notFound } from "./guards.server";

/**
 * The organisation an `/organisations/$slug/...` address names. A former
 * address (before a rename or a merge) is answered with a permanent redirect to
 * the same page at the current one (308 for a form post, so it is not turned
 * into a GET); an address that never existed is a 404.
 */
export function organisationFromParams(request: Request, rawSlug: string | undefined) {
  const slug = slugParam.safeParse(rawSlug);
  const found = slug.success ? findOrganisationBySlugOrFormer({ slug: slug.data }) : undefined;
  if (!found)
    throw notFound(
      "We could not find that organisation. It may have been renamed or merged: try the list of organisations.",
    );
  if (found.redirectedFrom !== undefined) {
    const url = new URL(request.url);
    const prefix = `/organisations/${found.redirectedFrom}`;
    const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : "";
    const status = request.method === "GET" || request.method === "HEAD" ? 301 : 308;
    throw redirect(`/organisations/${found.organisation.slug}${rest}${url.search}`, status);
  }
  return found.organisation;
}
