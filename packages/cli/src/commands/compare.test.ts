import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCluster, simulate, tsEngine } from "@schedkit/core";
import { describe, expect, it } from "vitest";
import { run } from "../cli.js";
import { tempFiles } from "../_test/files.js";
import { memoryIO } from "../_test/io.js";
import { metricStats } from "../render/compare.js";

const data = fileURLToPath(new URL("../../../../examples/data/compare/", import.meta.url));
const files = tempFiles();
const least = join(data, "least-allocated.yaml");
const most = join(data, "most-allocated.yaml");
const clusterFile = join(data, "cluster.json");
// A short workload so each test runs in well under a second per run.
const workload = files.write(
  "w.json",
  JSON.stringify({
    pods: [
      { name: "a", at: 0, count: 20, every: 1, cpu: "1", memory: "1Gi", duration: 30 },
      { name: "b", at: 5, count: 10, every: 2, cpu: "4", memory: "8Gi", duration: 40 },
    ],
    end: 60,
  }),
);

async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const base = ["compare", "--cluster", clusterFile, "--workload", workload, "--profile", least, "--profile", most, "--workers", "1"];

describe("schedkit compare", () => {
  it("--json gives each run's totals exactly as simulate() returns them", async () => {
    const r = await cli([...base, "--seeds", "2", "--engine", "ts", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.profiles.map((p: { name: string }) => p.name)).toEqual(["least-allocated", "most-allocated"]);
    const cluster = createCluster(JSON.parse(readFileSync(clusterFile, "utf8")));
    const profile = { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }] } } }], schedulerName: "default-scheduler" };
    const { nodes: _n, ...want } = simulate(cluster, JSON.parse(readFileSync(join(files.dir, workload), "utf8")), { engine: tsEngine, profile, seed: 1 });
    expect(j.profiles[1].runs[1]).toEqual({ seed: 1, summary: JSON.parse(JSON.stringify(want)) });
    expect(j.profiles[0].stats.placed).toEqual(metricStats(j.profiles[0].runs.map((x: { summary: { placed: number } }) => x.summary.placed)));
  });

  it("prints the side-by-side table and writes a self-contained HTML report", async () => {
    const r = await cli([...base, "--html", "report.html"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("metric                   least-allocated  most-allocated");
    expect(r.out).toMatch(/^nodes in use \(peak\)\s+\d/m);
    expect(r.out).toContain("one seed (no confidence interval; use --seeds)");
    const html = readFileSync(join(files.dir, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it("the WebAssembly engine gives the same totals as the TypeScript engine", async () => {
    const totals = async (engine: string) => {
      const j = JSON.parse((await cli([...base, "--engine", engine, "--json"])).out);
      return j.profiles.map((p: { runs: { summary: { engine: string } }[] }) => p.runs.map((r) => ({ ...r.summary, engine: undefined })));
    };
    const ts = await totals("ts");
    expect(ts[0][0].placed).toBeGreaterThan(0);
    expect(await totals("wasm")).toEqual(ts);
  });

  it("--hypervisors adds the most contended host's effective contention to the table, the JSON and the HTML report", async () => {
    // Two hosts of 32 pCPUs carry the 12 nodes as VMs of their allocatable CPUs.
    const alloc = [6, 10, 12, 11, 15, 30, 11, 11, 30, 14, 19, 28];
    const vms = alloc.map((vcpus, i) => ({ vcpus, node: `node-${String(i).padStart(5, "0")}` }));
    const hyp = files.write("hyp.json", JSON.stringify([{ name: "h1", pcpus: 32, vms: vms.slice(0, 6) }, { name: "h2", pcpus: 32, vms: vms.slice(6) }]));
    const plain = await cli([...base, "--engine", "ts"]);
    expect(plain.out).not.toContain("host contention");
    const r = await cli([...base, "--engine", "ts", "--hypervisors", hyp, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const run = j.profiles[1].runs[0];
    const cluster = createCluster(JSON.parse(readFileSync(clusterFile, "utf8")));
    const profile = { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }] } } }], schedulerName: "default-scheduler" };
    const hypervisors = JSON.parse(readFileSync(join(files.dir, hyp), "utf8"));
    const want = simulate(cluster, JSON.parse(readFileSync(join(files.dir, workload), "utf8")), { engine: tsEngine, profile, seed: 0, hypervisors });
    expect(run.summary.contention).toEqual(want.contention);
    expect(want.contention!.peak).toBeGreaterThan(0);
    expect(j.profiles[1].stats.contentionPeak.mean).toBe(want.contention!.peak);
    const t = await cli([...base, "--engine", "ts", "--hypervisors", hyp, "--demand", "requests", "--html", "hyp.html"]);
    expect(t.out).toMatch(/^host contention, most contended \(peak\)\s+\d+\.\d\d×/m);
    const html = readFileSync(join(files.dir, "hyp.html"), "utf8");
    expect(html).toContain("Effective contention of the most contended host");
    expect(html.match(/<svg /g)).toHaveLength(5);
    expect((await cli([...base, "--hypervisors", files.write("bad-hyp.json", JSON.stringify([{ name: "h", pcpus: 4, vms: [{ vcpus: 2, node: "nope" }] }]))])).err).toBe(
      'schedkit: bad-hyp.json: hypervisors[0].vms[0].node: "nope" is not a node of the cluster\n',
    );
  });

  it("--plugin registers a module's plugins in every run; a profile enables them like in-tree ones", async () => {
    const plugin = join(data, "avoid-large-nodes.mjs");
    const avoid = join(data, "avoid-large-nodes.yaml");
    const r = await cli(["compare", "--cluster", clusterFile, "--workload", workload, "--profile", least, "--profile", avoid, "--plugin", plugin, "--workers", "1", "--engine", "ts", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const { avoidLargeNodes } = (await import(plugin)) as { avoidLargeNodes: { name: string } };
    const cluster = createCluster(JSON.parse(readFileSync(clusterFile, "utf8")));
    const profile = { plugins: { multiPoint: { enabled: [{ name: "AvoidLargeNodes" }] } }, pluginConfig: [{ name: "AvoidLargeNodes", args: { maxCpus: 16 } }], schedulerName: "default-scheduler" };
    const { nodes, ...want } = simulate(cluster, JSON.parse(readFileSync(join(files.dir, workload), "utf8")), { engine: tsEngine, profile, seed: 0, plugins: [avoidLargeNodes as never] });
    expect(j.profiles[1].runs[0].summary).toEqual(JSON.parse(JSON.stringify(want)));
    // The plugin did something: no pod on a node above 16 CPUs at the end, unlike without it.
    expect(nodes.filter((n) => n.allocatableMilliCPU > 16_000).every((n) => n.pods === 0)).toBe(true);
    expect(j.profiles[1].runs[0].summary).not.toEqual(j.profiles[0].runs[0].summary);
  });

  it("--plugin: a module without plugins, or a profile naming an unregistered one, is an error naming the file", async () => {
    const none = files.write("none.mjs", "export const answer = 42;\n");
    const avoid = join(data, "avoid-large-nodes.yaml");
    expect((await cli([...base, "--plugin", none])).err).toBe("schedkit: none.mjs: exports no scheduler plugin (a default export, or named exports { name, create(args, ctx, path) })\n");
    const notOne = files.write("bad-default.mjs", "export default [{ name: 'X' }];\n");
    expect((await cli([...base, "--plugin", notOne])).err).toBe("schedkit: bad-default.mjs: export default[0] is not a scheduler plugin ({ name, create(args, ctx, path) })\n");
    const r = await cli(["compare", "--cluster", clusterFile, "--workload", workload, "--profile", avoid, "--workers", "1"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^schedkit: .*avoid-large-nodes\.yaml: .*AvoidLargeNodes/);
  });

  it("bad input names the flag or file", async () => {
    expect((await cli([...base, "--seeds", "0"])).err).toBe('schedkit: --seeds: "0" is not an integer 1..1000\n');
    const bad = files.write("bad.yaml", "pods:\n  - { at: 0, cpu: 12x }\n");
    const r = await cli(["compare", "--cluster", clusterFile, "--workload", bad, "--profile", least]);
    expect(r).toMatchObject({ code: 1, err: 'schedkit: bad.yaml.pods[0].cpu: "12x" is not a Kubernetes quantity\n' });
  });
});
