// The published surface of @schedkit/core, entry point by entry point, as a user gets it from the build:
// every name an entry exports (values by importing dist/X.js, types from dist/X.d.ts through the type
// checker) must be the committed list in api-surface.json. Growing or shrinking the surface is then a
// decision recorded in a diff: update api-surface.json with `SCHEDKIT_UPDATE_SURFACE=1 npx vitest run
// packages/core/src/surface.test.ts` after `pnpm build`, and review what changed.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const pkgDir = new URL("../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8")) as {
  exports: Record<string, string | { types: string; default?: string; import?: string; node?: string }>;
};
const surfaceFile = new URL("api-surface.json", pkgDir);
const committed = JSON.parse(readFileSync(surfaceFile, "utf8")) as Record<string, string[]>;
const entries = Object.entries(pkg.exports).filter(
  (e): e is [string, { types: string; default?: string; import?: string; node?: string }] => typeof e[1] === "object",
);

const update = process.env.SCHEDKIT_UPDATE_SURFACE === "1";
const dtsFiles = entries.map(([, target]) => fileURLToPath(new URL(target.types, pkgDir)));
let program: ts.Program | undefined;

/** Names exported by a declaration file, each prefixed "type " when it names no run-time value. */
function declaredExports(dts: string): string[] {
  program ??= ts.createProgram(dtsFiles.filter(existsSync), { noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(dts);
  const moduleSymbol = file && checker.getSymbolAtLocation(file);
  if (moduleSymbol === undefined) throw new Error(`${dts}: not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    return target.flags & ts.SymbolFlags.Value ? s.name : `type ${s.name}`;
  });
}

describe("@schedkit/core's entry points export exactly the committed names", () => {
  const actual: Record<string, string[]> = {};

  if (!update) {
    it("every conditional export is listed in api-surface.json, and nothing else is", () => {
      expect(Object.keys(committed).sort()).toEqual(entries.map(([name]) => name).sort());
    });
  }

  for (const [name, target] of entries) {
    it(`${name}: values and types as committed`, async () => {
      const js = fileURLToPath(new URL(target.default ?? target.import ?? target.node ?? "", pkgDir));
      const dts = fileURLToPath(new URL(target.types, pkgDir));
      if (!existsSync(js) || !existsSync(dts)) throw new Error(`${name}: ${js} is not built (run pnpm build first)`);
      const values = Object.keys((await import(/* @vite-ignore */ js)) as object).sort();
      const declared = declaredExports(dts).sort();
      // What runs and what is declared describe the same surface.
      expect(declared.filter((n) => !n.startsWith("type "))).toEqual(values);
      actual[name] = declared;
      if (update) return;
      expect(declared).toEqual(committed[name]);
    });
  }

  if (update) {
    it("writes api-surface.json", () => {
      const ordered = Object.fromEntries(entries.map(([name]) => [name, actual[name] ?? []]));
      writeFileSync(surfaceFile, `${JSON.stringify(ordered, null, 2)}\n`);
      expect(Object.keys(ordered)).toHaveLength(entries.length);
    });
  }
});

describe("docs/architecture.md states each entry point's number of names", () => {
  const doc = readFileSync(new URL("../../../docs/architecture.md", import.meta.url), "utf8");
  // Rows of "Exported names per entry point": | `@schedkit/core/X` (note) | before | after (first) | today |
  const rows = [...doc.matchAll(/^\| `@schedkit\/core(\/\w+)?`[^|]*\|[^|]*\|[^|]*\| (\d+) \|$/gm)].map(([, sub, today]) => ({ entry: `.${sub ?? ""}`, today: Number(today) }));

  it("has a row for every entry point", () => {
    expect(rows.map((r) => r.entry).sort()).toEqual(Object.keys(committed).sort());
  });

  it.each(rows)("$entry: $today names today, as api-surface.json lists", ({ entry, today }) => {
    expect(committed[entry]).toHaveLength(today);
  });
});
