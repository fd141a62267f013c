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

  it("bad input names the flag or file", async () => {
    expect((await cli([...base, "--seeds", "0"])).err).toBe('schedkit: --seeds: "0" is not an integer 1..1000\n');
    const bad = files.write("bad.yaml", "pods:\n  - { at: 0, cpu: 12x }\n");
    const r = await cli(["compare", "--cluster", clusterFile, "--workload", bad, "--profile", least]);
    expect(r).toMatchObject({ code: 1, err: 'schedkit: bad.yaml.pods[0].cpu: "12x" is not a Kubernetes quantity\n' });
  });
});
