import { describe, expect, it } from "vitest";
import { CliError } from "./errors.js";
import { decodeText, parseDocuments } from "./input.js";

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

const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f", "g", "h", "i"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n");

describe("input limits (README: Limits)", () => {
  it.each([
    ["a YAML alias to its own ancestor", "a: &x\n  b: *x\n", /^f: a YAML alias refers to a node that contains it/],
    ["a YAML billion laughs", laughs, /^f: YAML aliases expand more than 100 times \(the limit/],
    ["a billion laughs in the second document names it", `kind: Node\n---\n${laughs}`, /^f \(document 2\): YAML aliases expand more than 100 times/],
    ["JSON nested 1,001 deep", "[".repeat(1001) + "]".repeat(1001), /^f: the document is nested more than 1000 levels deep \(the limit\)/],
    ["JSON nested 100,000 deep", '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000), /^f: the document is nested more than 1000 levels deep/],
    ["YAML flow nested 20,000 deep", "[".repeat(20_000) + "]".repeat(20_000), /^f: the document is nested more than 1000 levels deep/],
    ["YAML block nested 1,001 deep", Array.from({ length: 1001 }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + " 1\n", /^f: the document is nested more than 1000 levels deep/],
  ])("%s is an error naming the file and the limit", (_name, text, message) => {
    expect(() => parseDocuments(text, "f")).toThrow(CliError);
    expect(() => parseDocuments(text, "f")).toThrow(message);
  });

  it("aliases within the limit, and nesting up to 1,000 levels, are read", () => {
    expect(parseDocuments("a: &a {x: 1}\nb: [*a, *a]\n", "f")[0]!.value).toEqual({ a: { x: 1 }, b: [{ x: 1 }, { x: 1 }] });
    expect(() => parseDocuments("[".repeat(1000) + "]".repeat(1000), "f")).not.toThrow();
  });
});

describe("decodeText: files are UTF-8", () => {
  const utf16le = (s: string, bom: boolean) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(s, "utf16le")]);
  const utf16be = (s: string) => Buffer.from(utf16le(s, true).swap16());
  it.each([
    ["UTF-16 LE with a byte order mark", utf16le('{"kind":"Node"}', true), /^f: the file is UTF-16 \(little-endian byte order mark\); schedkit reads UTF-8/],
    ["UTF-16 BE with a byte order mark", utf16be('{"kind":"Node"}'), /^f: the file is UTF-16 \(big-endian byte order mark\)/],
    ["UTF-16 LE without one", utf16le("kind: Node\n", false), /^f: the file is UTF-16 little-endian \(no byte order mark/],
    ["UTF-32 LE", Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), /^f: the file is UTF-32 \(little-endian byte order mark\)/],
    ["UTF-32 BE", Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x7b]), /^f: the file is UTF-32 \(big-endian byte order mark\)/],
  ])("%s is an encoding error", (_name, bytes, message) => {
    expect(() => decodeText(bytes, "f")).toThrow(message);
  });

  it("drops a UTF-8 byte order mark and turns invalid UTF-8 into U+FFFD", () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), "f")).toBe("{}");
    expect(decodeText(Buffer.from([0x61, 0xff, 0x62]), "f")).toBe("a\uFFFDb");
  });
});
