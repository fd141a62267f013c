// docs/fixtures.md's table of golden files states how many cases each holds and their total; the runners check
// what they ran against the files (fixtureCounter), this checks the document against the same files.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadFixture } from "./fixtures.js";

const doc = readFileSync(new URL("../../../../docs/fixtures.md", import.meta.url), "utf8");
// Rows of the "Files" table: | `name.json` | N (notes) | sources |
const rows = [...doc.matchAll(/^\| `([\w-]+\.json)` \| (\d+)\b/gm)].map(([, file, cases]) => ({ file: file!, cases: Number(cases) }));

describe("docs/fixtures.md", () => {
  it("lists golden files", () => {
    expect(rows.length).toBeGreaterThan(10);
  });

  it.each(rows)("$file holds the $cases cases the table states", ({ file, cases }) => {
    expect(loadFixture<{ cases: unknown[] }>(file).cases).toHaveLength(cases);
  });

  it("states the total of the table", () => {
    expect(doc).toContain(`Total: ${rows.reduce((a, r) => a + r.cases, 0)} cases.`);
  });
});
