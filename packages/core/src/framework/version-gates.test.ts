// Every release-gated behaviour (an `atLeast(` call) is listed in CONTRIBUTING.md's table of version-gated
// behaviours, and every row there still has its call: the table is how a reader finds what changes per release.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "node_modules" || name === "generated" ? [] : sources(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

/** "file | atLeast(...)" for every call site in packages/<pkg>/src and asm's AssemblyScript, the definition excluded. */
function sites(): string[] {
  const out: string[] = [];
  const dirs = readdirSync(join(root, "packages")).flatMap((pkg) => ["src", "assembly", "assembly-cpu"].map((d) => join(root, "packages", pkg, d)));
  for (const dir of dirs) {
    let files: string[];
    try {
      files = sources(dir);
    } catch {
      continue;
    }
    for (const f of files) {
      for (const m of readFileSync(f, "utf8").matchAll(/(?<!function )atLeast\(([^()]*)\)/g)) out.push(`${relative(root, f)} | atLeast(${m[1]})`);
    }
  }
  return out.sort();
}

/** The rows of the table under "### Version-gated behaviours": "file | call". */
function rows(): string[] {
  const text = readFileSync(join(root, "CONTRIBUTING.md"), "utf8");
  const section = text.split("### Version-gated behaviours")[1]!.split("\n## ")[0]!;
  return section
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((l) => {
      const cells = l.split("|").map((c) => c.trim().replace(/^`|`$/g, ""));
      return `${cells[1]} | ${cells[2]}`;
    })
    .sort();
}

describe("the table of version-gated behaviours (CONTRIBUTING.md)", () => {
  it("has one row per atLeast( call site, and no row without one", () => {
    const found = sites();
    expect(found.length).toBeGreaterThan(10);
    expect(rows()).toEqual(found);
  });
});
