import { PageLink } from "~/components/page-link";

/**
 * Links to the previous and next page of a long list, as a navigation
 * landmark named for what it pages through. Nothing at all when there is only
 * one page.
 */
export function Pager({
  label,
  page,
  hasNext,
  href,
  previous = "Previous page",
  next = "Next page",
}: {
  label: string;
  page: number;
  hasNext: boolean;
  href: (page: number) => string;
  previous?: string;
  next?: string;
}) {
  if (page <= 1 && !hasNext) return null;
  return (
    <nav aria-label={label} className="pager">
      {page > 1 ? <PageLink to={href(page - 1)}>{previous}</PageLink> : null}
      {hasNext ? <PageLink to={href(page + 1)}>{next}</PageLink> : null}
    </nav>
  );
}
