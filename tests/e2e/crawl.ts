/**
 * The crawler: every page a person can reach by following links from the home
 * page, as the signed-in (or signed-out) browser context sees them, one URL for
 * each route module. A link is matched against the app's own route manifest (the
 * one the browser loads), so /members/12 and /members/40 are one page to visit,
 * while /members/invite is another. Links to downloads (CSV, vCard, iCalendar,
 * PDF, JSON) are followed but not kept: only HTML pages are.
 */
import { createRequire } from "node:module";
import type { APIRequestContext } from "@playwright/test";
import type { AgnosticRouteObject, matchRoutes as MatchRoutes } from "@remix-run/router";

const { matchRoutes } = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: typeof MatchRoutes };

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean };
type RouteNode = AgnosticRouteObject & { id: string };

export type CrawledPage = {
  /** The path and query to open, as a link in the app gave it. */
  url: string;
  /** The route module the page belongs to. */
  route: string;
};

/** The route tree from the browser's route manifest (/build/manifest-*.js). */
async function routeTree(request: APIRequestContext): Promise<RouteNode[]> {
  const home = await (await request.get("/")).text();
  const manifestUrl = home.match(/\/build\/manifest-[\w-]+\.js/)?.[0];
  if (!manifestUrl) throw new Error("The home page names no route manifest: has the app been built?");
  const source = await (await request.get(manifestUrl)).text();
  const manifest = JSON.parse(source.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as {
    routes: Record<string, ManifestRoute>;
  };
  const nodes = new Map<string, RouteNode & { children: RouteNode[] }>();
  for (const route of Object.values(manifest.routes)) {
    nodes.set(route.id, { id: route.id, path: route.path, index: route.index as false | undefined, children: [] });
  }
  const roots: RouteNode[] = [];
  for (const route of Object.values(manifest.routes)) {
    const node = nodes.get(route.id)!;
    if (route.parentId) nodes.get(route.parentId)!.children.push(node);
    else roots.push(node);
  }
  for (const node of nodes.values())
    if (node.children.length === 0 || node.index) delete (node as { children?: unknown }).children;
  return roots;
}

const SKIPPED_PATHS = new Set(["/logout"]);

function linksIn(html: string, base: URL) {
  const links: URL[] = [];
  for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
    const url = new URL(href.replaceAll("&amp;", "&"), base);
    if (url.origin !== base.origin || SKIPPED_PATHS.has(url.pathname)) continue;
    url.hash = "";
    links.push(url);
  }
  return links;
}

/**
 * Follows every same-site link, breadth first from `start`, with the request
 * context's cookies (so as the person signed in there). Returns one page per
 * route module, in the order they were found.
 */
export async function crawl(request: APIRequestContext, baseURL: string, start = "/"): Promise<CrawledPage[]> {
  const tree = await routeTree(request);
  const routeOf = (url: URL) => matchRoutes(tree, url.pathname)?.at(-1)?.route.id ?? `unmatched ${url.pathname}`;
  const base = new URL(baseURL);
  const seen = new Set<string>();
  const pages: CrawledPage[] = [];
  const queue = [new URL(start, base)];
  while (queue.length > 0) {
    const url = queue.shift()!;
    const route = routeOf(url);
    if (seen.has(route)) continue;
    seen.add(route);
    const response = await request.get(url.pathname + url.search);
    if (!(response.headers()["content-type"] ?? "").startsWith("text/html")) continue;
    const landed = new URL(response.url());
    const landedRoute = routeOf(landed);
    if (landedRoute !== route && seen.has(landedRoute)) continue;
    seen.add(landedRoute);
    pages.push({ url: landed.pathname + landed.search, route: landedRoute });
    queue.push(...linksIn(await response.text(), landed));
  }
  return pages;
}
