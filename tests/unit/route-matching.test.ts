import fs from "node:fs";
import { createRequire } from "node:module";
import type { matchRoutes as MatchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

/**
 * patches/@remix-run+router+1.23.4.patch (applied by npm install's
 * postinstall) makes route matching reuse ranked branches, compiled paths,
 * data routes and each path's matches, and
 * patches/@remix-run+react+2.17.5.patch makes RemixServer reuse its server
 * routes; see docs/decisions/002-performance-at-national-scale.md.
 */
// The server loads the CommonJS builds, which are the ones patched.
const require = createRequire(import.meta.url);
const { matchRoutes, UNSAFE_convertRoutesToDataRoutes: convertRoutesToDataRoutes } = require("@remix-run/router") as {
  matchRoutes: typeof MatchRoutes;
  UNSAFE_convertRoutesToDataRoutes: (
    routes: unknown[],
    mapRouteProperties: (route: unknown) => object,
    parentPath?: string[],
    manifest?: Record<string, unknown>,
  ) => Array<{ id: string; children?: unknown[] }>;
};
const { createServerRoutes } = require("@remix-run/react/dist/routes.js") as {
  createServerRoutes: (
    manifest: Record<string, object>,
    routeModules: Record<string, object>,
    future: object,
    isSpaMode: boolean,
  ) => Array<{ id: string; children?: Array<{ id: string }> }>;
};

const workshopRoutes = () => [
  {
    id: "root",
    path: "/",
    children: [
      { id: "workshop", path: "workshops/:workshopId" },
      { id: "new", path: "workshops/new" },
      { id: "index", index: true },
    ],
  },
];

describe("route matching", () => {
  it("runs the patched router and Remix that npm install applied", () => {
    const file = require.resolve("@remix-run/router");
    expect(fs.readFileSync(file, "utf8")).toContain("rankedBranchesFor");
    expect(fs.readFileSync(file, "utf8")).toContain("keptMatchesCache");
    expect(fs.readFileSync(file, "utf8")).toContain("if (key.length <= 1000)");
    expect(fs.readFileSync(require.resolve("@remix-run/react/dist/routes.js"), "utf8")).toContain("serverRoutesCache");
  });

  it("gives each caller its own copy of a path's kept matches, one params object shared as before", () => {
    const routes = workshopRoutes();
    const first = matchRoutes(routes, "/workshops/caf%C3%A9")!;
    expect(first.map((m) => [m.route.id, m.params.workshopId])).toEqual([
      ["root", "café"],
      ["workshop", "café"],
    ]);
    expect(first[0].params).toBe(first[1].params);
    (first[1].params as Record<string, string>).workshopId = "changed";
    first[1].pathname = "/changed";
    const second = matchRoutes(routes, "/workshops/caf%C3%A9")!;
    expect(second).not.toBe(first);
    expect(second.map((m) => [m.route.id, m.params.workshopId, m.pathname])).toEqual([
      ["root", "café", "/"],
      ["workshop", "café", "/workshops/café"],
    ]);
    expect(second[1].route).toBe(first[1].route);
    expect(second[0].params).toBe(second[1].params);
  });

  it("matches hostile paths as the unpatched router does, the first time and from what it keeps", () => {
    const routes = workshopRoutes();
    const long = "x".repeat(5_000);
    const hostile = ["__proto__", "constructor", "hasOwnProperty", "a%0Db", "%E2%80%AE", long, "%00"];
    for (let i = 0; i < 2; i += 1) {
      for (const value of hostile) {
        const matches = matchRoutes(routes, `/workshops/${value}`)!;
        expect(matches.map((m) => m.route.id)).toEqual(["root", "workshop"]);
        expect(Object.keys(matches[1].params)).toEqual(["workshopId"]);
        expect(matches[1].params.workshopId).toBe(decodeURIComponent(value));
        expect(Object.getPrototypeOf(matches[1].params)).toBe(Object.prototype);
      }
      expect(matchRoutes(routes, "/__proto__")).toBeNull();
      expect(matchRoutes(routes, "/constructor")).toBeNull();
    }
  });

  it("still matches every path once more than it keeps have been asked for", () => {
    const routes = workshopRoutes();
    for (let i = 0; i < 1_050; i += 1) {
      expect(matchRoutes(routes, `/workshops/${i}`)?.[1].params.workshopId).toBe(String(i));
    }
    expect(matchRoutes(routes, "/workshops/new")?.map((m) => m.route.id)).toEqual(["root", "new"]);
    expect(matchRoutes(routes, "/workshops/7")?.[1].params.workshopId).toBe("7");
  });

  it("makes a routes array's data routes once, and fills each caller's manifest", () => {
    const routes = workshopRoutes();
    const mapRouteProperties = () => ({ hasErrorBoundary: false });
    const manifest: Record<string, unknown> = {};
    const data = convertRoutesToDataRoutes(routes, mapRouteProperties, undefined, manifest);
    expect(Object.keys(manifest).sort()).toEqual(["index", "new", "root", "workshop"]);
    const again: Record<string, unknown> = {};
    expect(convertRoutesToDataRoutes(routes, mapRouteProperties, undefined, again)).toBe(data);
    expect(again).toEqual(manifest);
    expect(again.workshop).toBe(data[0].children![0]);
    // Other routes, or other properties, are converted afresh.
    expect(convertRoutesToDataRoutes(workshopRoutes(), mapRouteProperties)).not.toBe(data);
    expect(convertRoutesToDataRoutes(routes, () => ({}))).not.toBe(data);
    // A manifest that already holds an id is still refused.
    expect(() => convertRoutesToDataRoutes(routes, mapRouteProperties, undefined, { root: {} })).toThrow(/collision/);
  });

  it("makes Remix's server routes once for the same manifest and route modules", () => {
    const manifest = {
      root: { id: "root", path: "", hasLoader: true },
      "routes/a": { id: "routes/a", parentId: "root", path: "a", hasLoader: false },
    };
    const modules = () => ({ root: { default: () => null }, "routes/a": { default: () => null } });
    const routeModules = modules();
    const future = {};
    const routes = createServerRoutes(manifest, routeModules, future, false);
    expect(routes.map((r) => [r.id, r.children?.map((c) => c.id)])).toEqual([["root", ["routes/a"]]]);
    // The server passes the same modules in a new object on every request.
    expect(createServerRoutes(manifest, { ...routeModules }, future, false)).toBe(routes);
    // A changed module, other future flags or SPA mode make them afresh.
    expect(createServerRoutes(manifest, modules(), future, false)).not.toBe(routes);
    const remade = createServerRoutes(manifest, routeModules, {}, false);
    expect(remade).not.toBe(routes);
    expect(createServerRoutes(manifest, routeModules, future, true)).not.toBe(remade);
  });

  it("still ranks static segments above dynamic ones, however often it is asked", () => {
    const routes = workshopRoutes();
    for (let i = 0; i < 3; i += 1) {
      expect(matchRoutes(routes, "/workshops/new")?.map((m) => m.route.id)).toEqual(["root", "new"]);
      expect(matchRoutes(routes, "/workshops/42")?.map((m) => [m.route.id, m.params.workshopId])).toEqual([
        ["root", "42"],
        ["workshop", "42"],
      ]);
      expect(matchRoutes(routes, "/")?.map((m) => m.route.id)).toEqual(["root", "index"]);
      expect(matchRoutes(routes, "/nowhere")).toBeNull();
    }
  });
});
