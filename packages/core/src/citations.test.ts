// Comments cite what a reader can open: every "§N" in the repository's code names a document of docs/ (on the
// same line or the line before, as "docs/scheduler.md §7"; later cites on the line share it, as "§4.3, §5.8")
// and a section that document has. Upstream code is cited by file and function, without "§".
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const SCANNED = ["packages", "conformance", "scripts", "examples"];
const SKIPPED = new Set(["node_modules", "dist", "build", "generated", "test-data", "testdata", "data"]);
const CODE = /\.(ts|mjs|js|go)$/;

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (SKIPPED.has(e.name) ? [] : files(join(dir, e.name))) : CODE.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The section numbers a docs/ file has: "## 9b. The …" → "9b", "### 2.1 `PodRequests` …" → "2.1". */
function sections(doc: string): Set<string> {
  const text = readFileSync(join(root, "docs", doc), "utf8");
  return new Set([...text.matchAll(/^#{2,4} (\d+[a-z]?(?:\.\d+)*)[. ]/gm)].map((m) => m[1]!));
}

const DOC = /(?:docs\/)?([a-z][a-z0-9-]*\.md)/g;
const CITE = /§(\d+[a-z]?(?:\.\d+)*)/g;

interface Cite {
  readonly at: string;
  readonly doc: string | null;
  readonly section: string;
}

function cites(): Cite[] {
  const out: Cite[] = [];
  for (const file of SCANNED.flatMap(files)) {
    const lines = readFileSync(join(root, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      if (!line.includes("§")) return;
      for (const m of line.matchAll(CITE)) {
        const before = line.slice(0, m.index);
        const docs = [...before.matchAll(DOC)];
        const previous = i > 0 ? [...lines[i - 1]!.matchAll(DOC)] : [];
        const doc = docs.at(-1)?.[1] ?? previous.at(-1)?.[1] ?? null;
        out.push({ at: `${file}:${i + 1}`, doc, section: m[1]! });
      }
    });
  }
  return out;
}

/** Every "docs/<name>.md" the code mentions, with where. */
function docMentions(): { at: string; doc: string }[] {
  return SCANNED.flatMap(files).flatMap((file) =>
    readFileSync(join(root, file), "utf8")
      .split("\n")
      .flatMap((line, i) => [...line.matchAll(/\bdocs\/([A-Za-z0-9-]+\.md)/g)].map((m) => ({ at: `${file}:${i + 1}`, doc: m[1]! }))),
  );
}

describe("section citations in code", () => {
  const all = cites();
  const docs = new Map<string, Set<string>>();

  it("finds the citations (the scan reaches the code)", () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it("name a document of docs/ for every §", () => {
    const bare = all.filter((c) => c.doc === null).map((c) => `${c.at}: §${c.section}`);
    expect(bare, "cite the document: docs/<name>.md §N").toEqual([]);
  });

  it("cite sections the named document has", () => {
    const available = new Set(readdirSync(join(root, "docs")));
    const missing = all
      .filter((c) => c.doc !== null)
      .filter((c) => {
        if (!available.has(c.doc!)) return true;
        if (!docs.has(c.doc!)) docs.set(c.doc!, sections(c.doc!));
        return !docs.get(c.doc!)!.has(c.section);
      })
      .map((c) => `${c.at}: ${c.doc} §${c.section}`);
    expect(missing, "no such document or section in docs/").toEqual([]);
  });

  it("name only documents docs/ has", () => {
    const available = new Set(readdirSync(join(root, "docs")));
    const mentions = docMentions();
    expect(mentions.length).toBeGreaterThan(50);
    expect(mentions.filter((m) => !available.has(m.doc)).map((m) => `${m.at}: docs/${m.doc}`)).toEqual([]);
  });
});
