import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const testsFolder = path.join(root, "tests") + path.sep;

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module a file names: `from "x"`, `import "x"`, `import("x")`, `require("x")`. */
function specifiers(source: string) {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)) {
    found.push(match[1]);
  }
  return found;
}

describe("production code", () => {
  it("imports nothing under tests/ (the server runs app/ and drizzle/, the seed included)", () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "drizzle"))]) {
      for (const specifier of specifiers(fs.readFileSync(file, "utf8"))) {
        if (!specifier.startsWith(".")) continue;
        if (path.resolve(path.dirname(file), specifier).startsWith(testsFolder)) {
          offenders.push(`${path.relative(root, file)} imports ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("finds an import of tests/ when there is one", () => {
    expect(specifiers(`import { x } from "../tests/factories";\nconst y = await import('../../tests/z');`)).toEqual([
      "../tests/factories",
      "../../tests/z",
    ]);
  });
});

/** Value imports only: `import type` is erased and crosses no layer at run time. */
function valueSpecifiers(source: string) {
  return specifiers(source.replace(/^\s*import\s+type\b[^;]*;/gm, ""));
}

function layer(file: string) {
  const relative = path.relative(path.join(root, "app"), file);
  return relative.split(path.sep)[0];
}

function resolvesTo(file: string, specifier: string) {
  if (specifier.startsWith("~/")) return path.join(root, "app", specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(file), specifier);
  return null;
}

describe("the layers in docs/architecture.md", () => {
  it("keep to what each may import", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(root, "app"))) {
      const from = layer(file);
      for (const specifier of valueSpecifiers(fs.readFileSync(file, "utf8"))) {
        const target = resolvesTo(file, specifier);
        if (!target || !target.startsWith(path.join(root, "app") + path.sep)) continue;
        const to = layer(target);
        const refused =
          (to === "routes" && from !== "routes") ||
          ((from === "components" || from === "validation") && to === "models") ||
          (from === "components" && /\.server$/.test(target.replace(/\.tsx?$/, ""))) ||
          (from === "models" && (to === "components" || to === "routes")) ||
          (from === "lib" && !file.includes(".server.") && /\.server$/.test(target.replace(/\.tsx?$/, "")));
        if (refused) offenders.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("sees a value import across a layer, and lets a type import through", () => {
    expect(
      valueSpecifiers(`import type { A } from "~/models/a.server";\nimport { b } from "~/models/b.server";`),
    ).toEqual(["~/models/b.server"]);
  });
});
