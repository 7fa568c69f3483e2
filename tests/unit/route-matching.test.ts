import fs from "node:fs";
import { createRequire } from "node:module";
import type { matchRoutes as MatchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

/**
 * patches/@remix-run+router+1.23.4.patch (applied by npm install's
 * postinstall) makes route matching reuse ranked branches and compiled
 * paths; see docs/decisions/002-performance-at-national-scale.md.
 */
// The server loads the CommonJS build, which is the one patched.
const require = createRequire(import.meta.url);
const { matchRoutes } = require("@remix-run/router") as { matchRoutes: typeof MatchRoutes };

describe("route matching", () => {
  it("runs the patched router that npm install applied", () => {
    const file = require.resolve("@remix-run/router");
    expect(fs.readFileSync(file, "utf8")).toContain("rankedBranchesFor");
  });

  it("still ranks static segments above dynamic ones, however often it is asked", () => {
    const routes = [
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
