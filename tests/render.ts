import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import type { RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { BASE } from "./request";

/**
 * Renders a route's component on the server with the data its loader returned,
 * the way the page shows it, as one line of HTML (React's text separators and
 * runs of white space collapsed).
 */
export async function render(Component: ComponentType, data: object, url: string) {
  const routes: RouteObject[] = [{ id: "page", path: "*", Component, loader: () => data }];
  const context = await createStaticHandler(routes).query(new Request(BASE + url));
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`);
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context }))
    .replace(/<!-- -->/g, "")
    .replace(/\s+/g, " ");
}
