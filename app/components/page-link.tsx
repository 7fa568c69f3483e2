import { useLocation, useNavigate } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";

/**
 * A link to another page of the app, for links repeated down a list (contact
 * cards, table rows, pagers) and the links in the text of the busiest pages
 * (directory search, find my contact, a district's Duty to Refer section).
 * It is a plain anchor, so it works before and without JavaScript; once
 * scripts run, usePageLinks (in the root) navigates to it in the browser, as
 * Remix's <Link> does. <Link> runs a dozen hooks for each link on the server:
 * when a directory page showed 20 cards (40 links), as <Link>s they cost about
 * 0.6 ms of its 3.4 ms, and the four in its text 0.04-0.07 ms of 1.9 ms later
 * (issue 21, decision note 002).
 *
 * Only for pages: a file (CSV, vCard, iCalendar, PDF) needs the browser to
 * fetch it, so it stays a plain <a>.
 */
export function PageLink({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  // "?page=2" is this page's path with other parameters, written out as <Link> writes it.
  const { pathname } = useLocation();
  return (
    <a data-page-link="" className={className} href={to.startsWith("?") || to.startsWith("#") ? pathname + to : to}>
      {children}
    </a>
  );
}

export type LinkClick = {
  button: number;
  metaKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  defaultPrevented: boolean;
};

/**
 * Where a click on a page link goes in the browser, or null when the browser
 * should follow the link itself: a click with a modifier key (a new tab or
 * window), another button, a link to another site or scheme, a link that opens
 * elsewhere or downloads, or a click something else has already handled.
 */
export function pageLinkDestination(
  click: LinkClick,
  link: { href: string; target: string; download: boolean },
  origin: string,
): string | null {
  if (click.defaultPrevented || click.button !== 0) return null;
  if (click.metaKey || click.altKey || click.ctrlKey || click.shiftKey) return null;
  if ((link.target && link.target !== "_self") || link.download) return null;
  let url: URL;
  try {
    url = new URL(link.href, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  return url.pathname + url.search + url.hash;
}

/** One listener for every PageLink on the page, navigating in the browser as <Link> would. */
export function usePageLinks() {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const anchor = event.target instanceof Element ? event.target.closest("a[data-page-link]") : null;
      if (!(anchor instanceof HTMLAnchorElement)) return;
      const destination = pageLinkDestination(
        event,
        { href: anchor.href, target: anchor.target, download: anchor.hasAttribute("download") },
        window.location.origin,
      );
      if (destination === null) return;
      event.preventDefault();
      const here = window.location.pathname + window.location.search + window.location.hash;
      // As <Link>: following a link to the page already shown replaces it in the history rather than adding it again.
      navigate(destination, { replace: destination === here });
    };
    window.addEventListener("click", onClick);
    return () => window.removeEventListener("click", onClick);
  }, [navigate]);
}
