import { PageLink } from "~/components/page-link";

/**
 * Links to the previous and next page of a list read a page at a time from a
 * place in it (keyset pagination), as a navigation landmark named for what it
 * pages through. Plain links, so they work without JavaScript; each keeps the
 * list's filters. Nothing at all when there is only one page.
 */
export function CursorPager({
  label,
  previousHref,
  nextHref,
  previous = "Previous page",
  next = "Next page",
}: {
  label: string;
  previousHref: string | null;
  nextHref: string | null;
  previous?: string;
  next?: string;
}) {
  if (!previousHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="pager">
      {previousHref ? <PageLink to={previousHref}>{previous}</PageLink> : null}
      {nextHref ? <PageLink to={nextHref}>{next}</PageLink> : null}
    </nav>
  );
}
