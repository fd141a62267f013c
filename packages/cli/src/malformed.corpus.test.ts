// The malformed-input corpus through the command: files in every encoding, size and shape class the library
// corpus cannot reach (bytes, YAML, several files). Every case exits 1 with `schedkit: <file>...` on stderr
// (never "internal error"), or is a documented acceptance (exit 0 / 2); no raw control character reaches the
// terminal; nothing leaks into Object.prototype or the globals.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { corpusCounter, expectNothingLeaked } from "../../core/src/_test/malformed.js";
import { run } from "./cli.js";
import { kubeNode, kubePod, tempFiles } from "./_test/files.js";
import { memoryIO } from "./_test/io.js";

const files = tempFiles();
const count = corpusCounter("CLI files (schedkit schedule / overcommit)");
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const bytes = (name: string, b: Uint8Array | string) => {
  writeFileSync(join(files.dir, name), b);
  return name;
};
const node = kubeNode("n1", "4", "8Gi");
const okCluster = files.write("ok.yaml", stringify(node));
const text = JSON.stringify({ kind: "List", items: [node] });
const utf16 = (s: string, le: boolean, bom: boolean) => {
  const b = Buffer.from(s, "utf16le");
  if (!le) b.swap16();
  return Buffer.concat([Buffer.from(bom ? (le ? [0xff, 0xfe] : [0xfe, 0xff]) : []), b]);
};
const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f", "g", "h", "i"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n");

async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("malformed files are an error naming the file, never a crash", () => {
  it.each<[string, () => string[], RegExp]>([
    ["UTF-16 LE with a BOM", () => ["schedule", bytes("u16le.json", utf16(text, true, true))], /^schedkit: u16le\.json: the file is UTF-16 \(little-endian byte order mark\)/],
    ["UTF-16 BE with a BOM", () => ["schedule", bytes("u16be.json", utf16(text, false, true))], /^schedkit: u16be\.json: the file is UTF-16 \(big-endian/],
    ["UTF-16 LE without a BOM", () => ["schedule", bytes("u16nobom.yaml", utf16("kind: Node\n", true, false))], /^schedkit: u16nobom\.yaml: the file is UTF-16 little-endian/],
    ["UTF-32 LE", () => ["schedule", bytes("u32.json", Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))], /^schedkit: u32\.json: the file is UTF-32/],
    ["UTF-16 as the --pod file", () => ["schedule", okCluster, "--pod", bytes("pod16.yaml", utf16("kind: Pod\n", true, true))], /^schedkit: pod16\.yaml: the file is UTF-16/],
    ["UTF-16 inventory", () => ["overcommit", bytes("inv16.yaml", utf16("hosts: []\n", true, true))], /^schedkit: inv16\.yaml: the file is UTF-16/],
    ["a YAML self-alias", () => ["schedule", files.write("self.yaml", "a: &x\n  b: *x\n")], /^schedkit: self\.yaml: a YAML alias refers to a node that contains it/],
    ["a YAML billion laughs", () => ["schedule", files.write("laughs.yaml", laughs)], /^schedkit: laughs\.yaml: YAML aliases expand more than 100 times/],
    ["a billion laughs as the inventory", () => ["overcommit", files.write("laughs-inv.yaml", laughs)], /^schedkit: laughs-inv\.yaml: YAML aliases expand more than 100 times/],
    ["JSON nested 100,000 deep", () => ["schedule", files.write("deep.json", "[".repeat(100_000) + "]".repeat(100_000))], /^schedkit: deep\.json: the document is nested more than 1000 levels deep/],
    ["YAML nested 20,000 deep", () => ["schedule", files.write("deep.yaml", "[".repeat(20_000) + "]".repeat(20_000))], /^schedkit: deep\.yaml: the document is nested more than 1000 levels deep/],
    ["a List nested 5,000 deep", () => ["schedule", files.write("lists.json", '{"kind":"List","items":['.repeat(5000) + JSON.stringify(node) + "]}".repeat(5000))], /^schedkit: lists\.json: the document is nested more than 1000 levels deep/],
    ["binary garbage", () => ["schedule", bytes("garbage.bin", Buffer.from([0x00, 0x01, 0xff, 0x80, 0x1b, 0x5b, 0x32, 0x4a]))], /^schedkit: garbage\.bin: /],
    ["a NUL-only file", () => ["schedule", bytes("nul.json", Buffer.alloc(64))], /^schedkit: nul\.json: /],
    ["a scalar document", () => ["schedule", files.write("scalar.yaml", "42\n")], /^schedkit: scalar\.yaml/],
    ["a YAML syntax error in document 2", () => ["schedule", files.write("syntax.yaml", "kind: Node\n---\nkind: [\n")], /^schedkit: syntax\.yaml \(document 2\): /],
    ["a Deployment of 2,000,000,000 replicas", () => ["schedule", okCluster, "--pod", files.write("huge.yaml", stringify({ kind: "Deployment", metadata: { name: "w" }, spec: { replicas: 2_000_000_000, template: { spec: { containers: [{ name: "c" }] } } } }))], /^schedkit: huge\.yaml: spec\.replicas: 2000000000 is more than 1000000 pods per workload/],
    ["a pod with spec.nodeName as --pod", () => ["schedule", okCluster, "--pod", files.write("bound.yaml", stringify(kubePod("p", "1", "n1")))], /^schedkit: bound\.yaml: spec\.nodeName: "n1" is set: a pod to schedule is not bound to a node yet/],
    ["a pod without containers as --pod", () => ["schedule", okCluster, "--pod", files.write("nocont.yaml", stringify({ kind: "Pod", metadata: { name: "p" }, spec: { containers: [] } }))], /spec\.containers: an array must list at least one container \(Required value\)/],
    ["a missing file", () => ["schedule", "nope.json"], /^schedkit: nope\.json: no such file/],
    ["a directory", () => ["schedule", "."], /^schedkit: \.: is a directory/],
    ["an inventory host null", () => ["overcommit", files.write("inv-null.yaml", "hosts: [null]\n")], /hosts\[0\]: null is not an object/],
    ["an inventory with pods: {}", () => ["overcommit", files.write("inv-pods.yaml", stringify({ hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 1, node: { pods: {} } }] }] }))], /hosts\[0\]\.vms\[0\]\.node\.pods: an object is not an array/],
    ["an inventory with a duplicate VM", () => ["overcommit", files.write("inv-dup.yaml", stringify({ hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 1, demandCpus: 1 }, { name: "v", vcpus: 1, demandCpus: 1 }] }] }))], /Instance v already exists\./],
    ["an inventory allocation ratio of -1", () => ["overcommit", files.write("inv-ratio.yaml", stringify({ hosts: [{ name: "h", pcpus: 2, cpuAllocationRatio: -1, vms: [] }] }))], /hosts\[0\]\.cpuAllocationRatio: -1 is not a finite number >= 0/],
  ])("%s", async (_name, args, message) => {
    const r = await cli(args());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.err + r.out).not.toMatch(RAW_CONTROL);
    expectNothingLeaked();
    count.ran();
  });

  it.each<[string, () => string[]]>([
    ["a UTF-8 byte order mark", () => ["schedule", bytes("bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))]],
    ["invalid UTF-8 in a name (shown as U+FFFD)", () => ["schedule", bytes("badutf8.json", Buffer.concat([Buffer.from('{"kind":"Node","metadata":{"name":"n'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]))]],
    ["control characters in names", () => ["schedule", files.write("ctl.json", JSON.stringify([{ kind: "Node", metadata: { name: "n\u0007\u001b]0;x\u0007" } }, kubePod("p\u009b\u0000", "1")]))]],
    ["aliases within the limit", () => ["schedule", files.write("alias.yaml", "kind: Node\nmetadata: &m {name: n1}\nstatus: {allocatable: {cpu: '1'}}\n")]],
    ["lists nested 100 deep", () => ["schedule", files.write("lists100.json", '{"kind":"List","items":['.repeat(100) + JSON.stringify(node) + "]}".repeat(100))]],
  ])("accepted: %s", async (_name, args) => {
    const r = await cli(args());
    // Notes ("no pending pods") may go to stderr; errors may not.
    expect(r.err).not.toMatch(/internal error|schedkit: (?!note:)/);
    expect([0, 2]).toContain(r.code);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expectNothingLeaked();
    count.ran();
  });
});
