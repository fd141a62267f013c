import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { assertProperty, propertySeeds, runParameters } from "../../core/src/_test/long.js";
import { run } from "./cli.js";
import { escapeTerminal, StreamedJsonArray } from "./terminal.js";
import { kubeNode, kubePod, tempFiles } from "./_test/files.js";
import { memoryIO } from "./_test/io.js";

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe("escapeTerminal", () => {
  it.each([
    ["an OSC title and a screen clear", "\u001b]0;pwned\u0007\u001b[2J", "^[]0;pwned^G^[[2J"],
    ["NUL, BEL, backspace and DEL", "a\u0000b\u0007c\u0008d\u007f", "a^@b^Gc^Hd^?"],
    ["carriage return, as kubectl shows it", "ok\rfake", "ok\\rfake"],
    ["C1 controls (CSI, NEL, OSC)", "a\u009b2Jb\u0085c\u009d", "a\\u009b2Jb\\u0085c\\u009d"],
    ["U+FFFD from invalid UTF-8, printable", "bad\uFFFDname", "bad\uFFFDname"],
    ["plain text, unchanged", "node-a1 → 4000m", "node-a1 → 4000m"],
  ])("%s", (_name, input, shown) => {
    expect(escapeTerminal(input)).toBe(shown);
    expect(escapeTerminal(input)).not.toMatch(RAW_CONTROL);
  });

  it("keeps newline and tab in text, escapes them in a table cell", () => {
    expect(escapeTerminal("a\nb\tc")).toBe("a\nb\tc");
    expect(escapeTerminal("a\nb\tc", { cell: true })).toBe("a\\nb\\tc");
  });

  it("keeps the palette's colours only when asked, and never other sequences", () => {
    const green = "\u001b[32mok\u001b[39m";
    expect(escapeTerminal(green, { keepColors: true })).toBe(green);
    expect(escapeTerminal(green)).toBe("^[[32mok^[[39m");
    expect(escapeTerminal("\u001b[8mhidden\u001b[2J", { keepColors: true })).toBe("^[[8mhidden^[[2J");
  });
});

// Trojan Source (CVE-2021-42574): characters a terminal draws as nothing but that reorder or disguise a name.
// eslint-disable-next-line no-control-regex
const RAW_INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}]/u;

describe("escapeTerminal: bidirectional controls and invisible characters", () => {
  it.each([
    ["right-to-left override (shows pod-a‮1-dom as pod-amod-1)", "pod-a\u202e1-dom", "pod-a\\u202e1-dom"],
    ["every embedding and override, LRE through RLO, and PDF", "\u202a\u202b\u202c\u202d\u202e", "\\u202a\\u202b\\u202c\\u202d\\u202e"],
    ["the isolates LRI, RLI, FSI and PDI", "a\u2066b\u2067c\u2068d\u2069", "a\\u2066b\\u2067c\\u2068d\\u2069"],
    ["the marks LRM, RLM and the Arabic letter mark", "x\u200ey\u200fz\u061c", "x\\u200ey\\u200fz\\u061c"],
    ["zero-width space, non-joiner, joiner and word joiner", "a\u200bb\u200cc\u200dd\u2060e", "a\\u200bb\\u200cc\\u200dd\\u2060e"],
    ["a byte order mark and a soft hyphen inside a name", "no\ufeffde\u00ad1", "no\\ufeffde\\u00ad1"],
    ["line and paragraph separators", "a\u2028b\u2029c", "a\\u2028b\\u2029c"],
    ["variation selectors, a Hangul filler and the combining grapheme joiner", "a\ufe0fb\u3164c\u034f", "a\\ufe0fb\\u3164c\\u034f"],
    ["tag characters above U+FFFF, as \\u{…}", "pod\u{e0070}\u{e006f}", "pod\\u{e0070}\\u{e006f}"],
    ["a lone surrogate (it would reach the terminal as U+FFFD)", "pod\ud800x\udc00", "pod\\ud800x\\udc00"],
    ["right-to-left and CJK letters, accents and emoji, unchanged", "שלום-مرحبا-节点-ü-😀", "שלום-مرحبا-节点-ü-😀"],
  ])("%s", (_name, input, shown) => {
    expect(escapeTerminal(input)).toBe(shown);
    expect(escapeTerminal(input, { cell: true })).toBe(shown);
    expect(escapeTerminal(input)).not.toMatch(RAW_INVISIBLE);
  });

  // Fixed seed and a fresh one (printed), over all of Unicode: lone surrogates, astral planes, controls.
  it.each(propertySeeds(20261204))("leaves nothing raw but newline and tab, and text without such characters unchanged, on %s (%i)", (_name, seed) => {
    assertProperty(
      "escapeTerminal: nothing invisible or controlling passes",
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("\u202e", "\u2066", "\u200b", "\u001b", "\n"), fc.string({ unit: "grapheme", maxLength: 1 }), fc.string({ unit: "binary", maxLength: 1 })) }), (text) => {
        const shown = escapeTerminal(text);
        expect(shown.replace(/[\n\t]/g, "")).not.toMatch(RAW_INVISIBLE);
        expect(escapeTerminal(text, { cell: true })).not.toMatch(RAW_INVISIBLE);
        if (!RAW_INVISIBLE.test(text.replace(/[\n\t]/g, ""))) expect(shown).toBe(text);
      }),
      runParameters(1000, seed),
    );
  });
});

// Regression: names with ANSI/OSC escapes were printed raw in the text tables.
describe("every text output of the CLI is terminal-safe; --json is the data as it is", () => {
  const files = tempFiles();
  const evil = "\u001b]0;pwned\u0007\u001b[2J";
  // Object names only exclude '/' and '%' (path segment names); labels would refuse these characters.
  const node = { ...(kubeNode("n", "2", "4Gi") as { metadata: object }), metadata: { name: `node${evil}` } };
  const cluster = [node, kubePod(`pod${evil}\u0000\u009b`, "100m")];
  const file = files.write("evil.yaml", cluster.map((o) => stringify(o)).join("---\n"));
  const cli = async (args: string[], env: Record<string, string> = {}, tty = false) => {
    const io = memoryIO({ cwd: files.dir, env, tty });
    const code = await run(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  it.each<[string, string[], boolean]>([
    ["schedule", ["schedule", file], false],
    ["schedule --explain", ["schedule", file, "--explain"], false],
    ["schedule --explain on a colour terminal", ["schedule", file, "--explain"], true],
  ])("%s shows the names escaped", async (_name, args, tty) => {
    const r = await cli(args, {}, tty);
    expect(r.err).toBe("");
    expect(r.out).toContain("node^[]0;pwned^G^[[2J");
    expect(r.out).toContain("pod^[]0;pwned^G^[[2J^@\\u009b");
    // Nothing raw but the palette's colours (on the terminal) and line breaks.
    expect(r.out.replace(/\u001b\[(?:1|2|22|31|32|33|39)m/g, "")).not.toMatch(RAW_CONTROL);
  });

  it("a name with a right-to-left override shows the override, not the reordered text", async () => {
    const trojan = "web-a\u202e1-dom\u2066";
    const f = files.write("trojan.yaml", [kubeNode("n", "2", "4Gi"), kubePod(trojan, "100m")].map((o) => stringify(o)).join("---\n"));
    const r = await cli(["schedule", f]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("web-a\\u202e1-dom\\u2066");
    expect(r.out).not.toMatch(RAW_INVISIBLE);
    const json = await cli(["schedule", f, "--json"]);
    expect((JSON.parse(json.out) as { results: { pod: string }[] }).results[0]!.pod).toBe(`default/${trojan}`);
  });

  it("--json carries the names exactly", async () => {
    const r = await cli(["schedule", file, "--json"]);
    const parsed = JSON.parse(r.out) as { results: { pod: string; nodeName: string }[] };
    expect(parsed.results[0]!.pod).toBe(`default/pod${evil}\u0000\u009b`);
    expect(parsed.results[0]!.nodeName).toBe(`node${evil}`);
  });

  it("an error message quoting the input is escaped too", async () => {
    const bad = files.write("bad.yaml", stringify(kubePod("p", `1\u009b2J`)));
    const r = await cli(["schedule", file, "--pod", bad]);
    expect(r.code).toBe(1);
    // SchedkitError quotes values as JSON (C0 as \u001b); C1 characters were left raw.
    expect(r.err).toContain("1\\u009b2J");
    expect(r.err).not.toMatch(RAW_CONTROL);
  });
});

describe("StreamedJsonArray writes what writeJson writes for the whole object, items in any order", () => {
  const streamed = (items: readonly unknown[], order: readonly number[], rest: Record<string, unknown>) => {
    const writes: string[] = [];
    const out = new StreamedJsonArray({ write: (s: string) => writes.push(s) }, "results");
    for (const i of order) out.put(i, items[i]);
    out.end(rest);
    return writes;
  };

  it.each(propertySeeds(20261205))("equals JSON.stringify(value, null, 2) for any items, arrival order and other fields, on %s (%i)", (_name, seed) => {
    assertProperty(
      "StreamedJsonArray = JSON.stringify",
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 12 }).chain((items) => fc.tuple(fc.constant(items), fc.shuffledSubarray([...items.keys()], { minLength: items.length }))),
        // Names of fields, as the CLI's are: an integer-like key would come first in any object.
        fc.dictionary(fc.string().map((k) => `f${k}`), fc.jsonValue(), { maxKeys: 3 }),
        ([items, order], rest) => {
          expect(streamed(items, order, rest).join("")).toBe(`${JSON.stringify({ results: items, ...rest }, null, 2)}\n`);
        },
      ),
      runParameters(1000, seed),
    );
  });

  it("writes in chunks while items arrive in order, holding none back", () => {
    const writes: string[] = [];
    const out = new StreamedJsonArray({ write: (s: string) => writes.push(s) }, "results");
    const item = { pod: "default/p", status: "Scheduled", nodeName: "node-00001", message: "", reasons: [], evaluatedNodes: 5000, feasibleNodes: 5000, explanation: null };
    for (let i = 0; i < 2000; i++) {
      out.put(i, item);
      expect(out.held).toBe(0);
    }
    // ~260 KB of items: written as they came, before end() closes the document.
    expect(writes.length).toBeGreaterThanOrEqual(3);
    out.end({ summary: { pods: 2000 } });
    expect(JSON.parse(writes.join(""))).toEqual({ results: Array.from({ length: 2000 }, () => item), summary: { pods: 2000 } });
  });

  it("holds an item back until every item before it arrived", () => {
    const writes: string[] = [];
    const out = new StreamedJsonArray({ write: (s: string) => writes.push(s) }, "results");
    out.put(1, "b");
    out.put(2, "c");
    expect(out.held).toBe(2);
    out.put(0, "a");
    expect(out.held).toBe(0);
    out.end({});
    expect(writes.join("")).toBe(`${JSON.stringify({ results: ["a", "b", "c"] }, null, 2)}\n`);
  });

  it("refuses to end with an item missing", () => {
    const out = new StreamedJsonArray({ write: () => undefined }, "results");
    out.put(1, "b");
    expect(() => out.end({})).toThrow(/missing item 0/);
  });
});
