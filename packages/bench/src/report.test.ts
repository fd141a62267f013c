import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judge } from "./goals.js";
import { performanceSection, writeReadme } from "./readme.js";
import { readBench, updateBaseline, type BenchRow } from "./report.js";

const row = (suite: string, engine: string, nodes: number, podsPerSec: number, extra: Partial<BenchRow> = {}): BenchRow => ({
  suite,
  engine,
  nodes,
  pods: 1,
  podsPerSec,
  nodeEvalsPerSec: podsPerSec * nodes,
  medianMs: 1000 / podsPerSec,
  samples: 3,
  ...extra,
});

const rows: BenchRow[] = [
  row("scheduleAll varied (adaptive %)", "wasm-simd", 5000, 50_000),
  row("deployment replicas (100% nodes)", "wasm-simd", 5000, 600_000),
  row("one cycle vs kube-scheduler v1.37.1", "upstream p=1", 5000, 1000 / 20),
  row("one cycle vs kube-scheduler v1.37.1", "upstream p=2", 5000, 1000 / 16),
  row("one cycle vs kube-scheduler v1.37.1", "wasm-simd", 5000, 1000 / 0.5),
  row("capacityEach, 6 shapes", "wasm-simd ×1 thread", 2000, 10, { workers: 1, wallMs: 9000, cpuMs: 8900 }),
  row("capacityEach, 6 shapes", "wasm-simd ×2 threads", 2000, 20, { workers: 2, wallMs: 5000, cpuMs: 9500 }),
  row("100k nodes × 1M pods (adaptive %)", "wasm-simd", 100_000, 40_000, { wallMs: 25_000, peakRssBytes: 3e9 }),
];

describe("judge: each issue-11 goal as measured ÷ goal", () => {
  const j = judge(rows);
  const get = (prefix: string) => j.find((x) => x.run.startsWith(prefix))!;

  it("divides pods/s by the goal", () => {
    expect(get("`scheduleAll`").ratio).toBeCloseTo(0.5);
    expect(get("1-replica Deployment on 5,000 nodes, every node").ratio).toBeCloseTo(2);
    expect(get("1-replica Deployment on 5,000 nodes, every node").start).toBe("22,000 pods/s (no spreading)");
  });

  it("reads the upstream comparison as upstream time ÷ schedkit time against 20×", () => {
    expect(get("one cycle vs kube-scheduler").measured).toBe("40.0× faster");
    expect(get("one cycle vs kube-scheduler").ratio).toBeCloseTo(2);
  });

  it("turns below-goals (wall time, memory) so that ≥ 1 still meets them", () => {
    expect(get("100,000 nodes").ratio).toBeCloseTo(1.2);
    expect(get("same: peak RSS").ratio).toBeCloseTo(0.5);
  });

  it("compares threads with one thread of the same question, against 1.7× on 2", () => {
    expect(get("capacityEach").measured).toBe("1.80× (CPU/wall 1.90 vs 0.99)");
    expect(get("capacityEach").ratio).toBeCloseTo(1.8 / 1.7);
  });

  it("gives the spread of the speed-up pair by pair when the rows carry their samples", () => {
    const one = row("nodesToAdd", "wasm-simd ×1 thread", 2000, 10, { workers: 1, wallMs: 600, cpuMs: 900, runsMs: [600, 660, 540] });
    const two = row("nodesToAdd", "wasm-simd ×2 threads", 2000, 20, { workers: 2, wallMs: 300, cpuMs: 570, runsMs: [300, 400, 270] });
    const [x] = judge([one, two]);
    expect(x!.measured).toBe("2.00× (medians of 3, pair by pair 1.65–2.00×; CPU/wall 1.90 vs 1.50)");
    expect(x!.ratio).toBeCloseTo(2 / 1.7);
  });

  it("judges two threads also against one thread confined to one core, when the suite measured it", () => {
    const one = row("nodesToAdd", "wasm-simd ×1 thread", 2000, 10, { workers: 1, wallMs: 450, cpuMs: 600, runsMs: [450, 470, 440] });
    const confined = row("nodesToAdd", "wasm-simd ×1 thread on 1 core", 2000, 10, { workers: 1, cores: 1, wallMs: 540, cpuMs: 540, runsMs: [540, 560, 530] });
    const two = row("nodesToAdd", "wasm-simd ×2 threads", 2000, 20, { workers: 2, wallMs: 300, cpuMs: 570, runsMs: [300, 320, 290] });
    const got = judge([one, confined, two]).map((x) => [x.run, x.ratio]);
    expect(got).toEqual([
      ["nodesToAdd on 2 threads vs 1 (2,000 nodes)", expect.closeTo(1.5 / 1.7, 5)],
      ["nodesToAdd on 2 threads vs 1 on 1 core (2,000 nodes)", expect.closeTo(1.8 / 1.7, 5)],
    ]);
    const table = performanceSection({ meta: { date: "2026-12-05T00:00:00Z" }, results: [one, two, confined] });
    expect(table).toContain("| nodesToAdd | 2,000 | 2 | 3 | 0.30 s | 0.57 s | 1.90 | 1.50× | 1.47–1.52× | 1.80× | 1.75–1.83× |");
    expect(table).toContain("| nodesToAdd | 2,000 | 1, on 1 core | 3 | 0.54 s | 0.54 s | 1.00 |  |  |  |  |");
  });

  it("leaves out goals whose suite did not run", () => {
    expect(judge(rows.slice(0, 1)).map((x) => x.run)).toEqual(["`scheduleAll`, 5,000 nodes × 1 varied pods, adaptive %"]);
  });
});

describe("the README's tables: regenerated between the markers only", () => {
  const dir = mkdtempSync(join(tmpdir(), "schedkit-bench-"));
  const run = { meta: { date: "2026-12-05T00:00:00Z", cpu: "AMD EPYC", cores: 2, node: "v20.20.2", loadStart: [1, 2, 3], loadEnd: [1, 1, 1] }, results: rows };

  it("replaces what is between the markers and keeps the prose around them", () => {
    const readme = join(dir, "README.md");
    writeFileSync(readme, "# x\n\nbefore\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\nafter\n");
    writeReadme(readme, run);
    const text = readFileSync(readme, "utf8");
    expect(text.startsWith("# x\n\nbefore\n<!-- bench:begin -->\nGenerated from one `pnpm bench` run")).toBe(true);
    expect(text.endsWith("\n<!-- bench:end -->\nafter\n")).toBe(true);
    expect(text).not.toContain("old table");
    expect(text).toContain("| 5,000 | 20.0 ms | 16.0 ms |  | 0.500 ms | 40.0× | 32.0× |  |");
  });

  it("shows the run's command without the machine's file paths", () => {
    expect(performanceSection({ ...run, meta: { ...run.meta, command: "pnpm bench -- --quick --json /home/me/run.json" } })).toContain("(`pnpm bench -- --quick --json FILE`)");
  });

  it("is the same text for the same run", () => {
    expect(performanceSection(run)).toBe(performanceSection(structuredClone(run)));
  });

  it("refuses a README without the markers", () => {
    const readme = join(dir, "bare.md");
    writeFileSync(readme, "# x\n");
    expect(() => writeReadme(readme, run)).toThrow(/no <!-- bench:begin --> … <!-- bench:end --> section/);
  });
});

describe("--update-baseline", () => {
  it("replaces the rows this run measured and keeps the other suites' rows", () => {
    const file = join(mkdtempSync(join(tmpdir(), "schedkit-bench-")), "baseline.json");
    updateBaseline(file, [row("a", "ts", 1, 10), row("b", "ts", 1, 10)], { date: "then" });
    updateBaseline(file, [row("b", "ts", 1, 30), row("c", "ts", 1, 5)], { date: "now" });
    const got = readBench(file)!;
    expect(got.meta).toEqual({ date: "now" });
    expect(got.results.map((r) => [r.suite, r.podsPerSec])).toEqual([["a", 10], ["b", 30], ["c", 5]]);
  });
});
