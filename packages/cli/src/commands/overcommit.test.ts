import { formatLayeredReport, layeredReport, type LayeredInventory } from "@schedkit/core/overcommit";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run } from "../cli.js";
import { tempFiles } from "../_test/files.js";
import { memoryIO } from "../_test/io.js";

const files = tempFiles();

/** One 4-pCPU host with two 4-vCPU node VMs; `demand` is each pod's CPU demand in millicores. */
function inventory(demand: number, cpu = "1500m", memory = "1Gi"): LayeredInventory {
  const vm = (name: string) => ({
    name,
    vcpus: 4,
    node: {
      name,
      allocatableMilli: 3800,
      pods: [0, 1].map((i) => ({
        metadata: { name: `${name}-p${i}` },
        spec: { containers: [{ name: "c", resources: { requests: { cpu, memory }, limits: { cpu: "3", memory: "2Gi" } } }] },
        demandMilli: { c: demand },
      })),
    },
  });
  return { hosts: [{ name: "compute-1", pcpus: 4, vms: [vm("vm-a"), vm("vm-b")] }] } as unknown as LayeredInventory;
}

async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("overcommit prints the library's layered report", () => {
  it.each<[string, number]>([
    ["idle pods", 100],
    ["pods bursting to their limits", 3000],
  ])("%s: formatLayeredReport text, --json the report, exit 2 when there are findings", async (_name, demand) => {
    const inv = inventory(demand);
    const report = layeredReport(inv);
    const file = files.write(`inv-${demand}.yaml`, stringify(inv));
    const text = await cli(["overcommit", file]);
    expect(text.out).toBe(`${formatLayeredReport(report).replace(/\n$/, "")}\n`);
    expect(text.code).toBe(report.findings.length > 0 ? 2 : 0);
    const json = await cli(["overcommit", file, "--json"]);
    expect(JSON.parse(json.out)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it("the two inventories cover both exit codes", () => {
    expect(layeredReport(inventory(100)).findings).toHaveLength(0);
    expect(layeredReport(inventory(3000)).findings.length).toBeGreaterThan(0);
  });

  it("reads quantities as Kubernetes does: 1.5 CPUs is 1500m, 1Gi is 1024Mi", async () => {
    const a = await cli(["overcommit", files.write("a.json", JSON.stringify(inventory(3000))), "--json"]);
    const b = await cli(["overcommit", files.write("b.yaml", stringify(inventory(3000, "1.5", "1024Mi"))), "--json"]);
    expect(b.out).toBe(a.out);
  });

  it("--engine ts and --engine wasm (the default) print the same report", async () => {
    const file = files.write("e.yaml", stringify(inventory(3000)));
    const wasm = await cli(["overcommit", file, "--json"]);
    const ts = await cli(["overcommit", file, "--json", "--engine", "ts"]);
    expect(ts.code).toBe(wasm.code);
    expect(ts.out).toBe(wasm.out);
    expect((await cli(["overcommit", file, "--engine", "gpu"])).err).toMatch(/--engine <engine>' argument 'gpu' is invalid/);
  });

  it("runs the sample inventory shipped with the package (v1.Pods with demands)", async () => {
    const sample = new URL("../../examples/inventory.yaml", import.meta.url).pathname;
    const r = await cli(["overcommit", sample, "--json"]);
    expect(r.err).toBe("");
    const report = JSON.parse(r.out) as { hosts: { vms: { node: { pods: { name: string; requestMilli: number }[] } | null }[] }[] };
    expect(report.hosts[0]!.vms[0]!.node!.pods.map((p) => [p.name, p.requestMilli])).toEqual([
      ["api", 1500],
      ["db", 2000],
    ]);
  });

  it.each<[string, () => string, string]>([
    ["a malformed quantity", () => files.write("bad-q.yaml", stringify(inventory(100, "1.5 cores"))), 'bad-q.yaml: hosts[0].vms[0].node.pods[0].spec.containers[0].resources.requests.cpu: "1.5 cores" is not a Kubernetes quantity'],
    ["a pod without a demand for a container", () => files.write("no-d.yaml", stringify({ hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [{ metadata: { name: "p" }, spec: { containers: [{ name: "web" }] } }] } }] }] })), "no-d.yaml: hosts[0].vms[0].node.pods[0].demandMilli is required (expected an object (container name → value))"],
    ["a bad pCPU count", () => files.write("bad-p.json", JSON.stringify({ hosts: [{ name: "h", pcpus: 0, vms: [] }] })), "bad-p.json: hosts[0].pcpus: 0 is not an integer >= 1"],
    ["two documents", () => files.write("two.yaml", "hosts: []\n---\nhosts: []\n"), "two.yaml: expected one inventory document, found 2"],
  ])("rejects %s with exit code 1", async (_name, file, message) => {
    const r = await cli(["overcommit", file()]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`schedkit: ${message}\n`);
  });
});
