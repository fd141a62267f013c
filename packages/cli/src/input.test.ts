import { describe, expect, it } from "vitest";
import { parseDocuments } from "./input.js";

describe("parseDocuments", () => {
  it.each<[string, string, { value: unknown; label: string }[]]>([
    ["a JSON object", '{"kind":"Node"}', [{ value: { kind: "Node" }, label: "f" }]],
    ["a JSON array", '[{"kind":"Pod"}]', [{ value: [{ kind: "Pod" }], label: "f" }]],
    ["one YAML document keeps the bare label", "kind: Node\n", [{ value: { kind: "Node" }, label: "f" }]],
    [
      "YAML documents are numbered from 1, empty ones skipped",
      "---\nkind: Node\n---\n---\nkind: Pod\n...\n",
      [
        { value: { kind: "Node" }, label: "f (document 1)" },
        { value: { kind: "Pod" }, label: "f (document 3)" },
      ],
    ],
    ["JSON with YAML comments falls back to YAML", '# dump\n{"kind": "Node"}', [{ value: { kind: "Node" }, label: "f" }]],
    ["merge keys, as kubectl's YAML reader accepts", "a: &x {cpu: 1}\nb:\n  <<: *x\n  memory: 2\n", [{ value: { a: { cpu: 1 }, b: { cpu: 1, memory: 2 } }, label: "f" }]],
    ["an empty stream", "", []],
  ])("%s", (_name, text, expected) => {
    expect(parseDocuments(text, "f")).toEqual(expected);
  });

  it("keeps integers beyond 2^53 exact as strings and safe integers as numbers", () => {
    const [doc] = parseDocuments("memory: 123456789012345678901\ncpu: 2\nweight: 0.5\n", "f");
    expect(doc!.value).toEqual({ memory: "123456789012345678901", cpu: 2, weight: 0.5 });
  });

  it.each([
    ["a YAML syntax error names the document and position", "kind: Node\n---\nkind: Pod\n  spec: [\n", /^f \(document 2\): .*line \d+, column \d+/],
    ["a duplicate key", "kind: Node\nkind: Pod\n", /^f: Map keys must be unique/],
  ])("%s", (_name, text, message) => {
    expect(() => parseDocuments(text, "f")).toThrow(message);
  });
});

describe("parse errors keep what locates them", () => {
  it("a YAML error keeps its code frame under the first line", () => {
    let message = "";
    try {
      parseDocuments("kind: Pod\nmetadata:\n  name: x\n  labels: [a\n", "pod.yaml");
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split("\n");
    expect(lines[0]).toMatch(/^pod\.yaml: .* at line \d+, column \d+:$/);
    expect(message).toContain("labels: [a");
    expect(message).toMatch(/\^/);
  });

  it("a .json file gets JSON's parse error, not YAML's reading of it", () => {
    expect(() => parseDocuments('{"kind": "Pod", "metadata": {"name": "x",}}', "pod.json", true)).toThrow(/^pod\.json: .*JSON at position \d+/);
    // YAML would have read the same text as a valid flow mapping.
    expect(parseDocuments('{"kind": "Pod", "metadata": {"name": "x",}}', "pod.yaml")).toEqual([{ value: { kind: "Pod", metadata: { name: "x" } }, label: "pod.yaml" }]);
  });
});
