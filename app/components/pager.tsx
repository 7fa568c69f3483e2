import { Link } from "@remix-run/react";

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
      {page > 1 ? <Link to={href(page - 1)}>{previous}</Link> : null}
      {hasNext ? <Link to={href(page + 1)}>{next}</Link> : null}
    </nav>
  );
}
