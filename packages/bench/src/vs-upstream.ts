// Suite "vs-upstream": one scheduling cycle (PreFilter, Filter on every node, PreScore, Score with
// NormalizeScore and weights, selection) of the bench pod (500m / 1Gi, a soft zone spread, a preferred node
// affinity) on the seeded benchmark clusters: upstream kube-scheduler v1.37.1 linked as a library with its own
// parallelizer (the Go benchmark conformance/bench_test.go, parallelism 1 and 2) and schedkit's TypeScript and
// WebAssembly engines (one thread) on the very same clusters (syntheticCluster ≡ the oracle's -generate), in
// the same run. Nothing is assumed, so every iteration sees the same cluster. Needs Go (>= 1.26) to build the
// oracle in conformance/; without it the suite is skipped with a message.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createCluster, Scheduler, syntheticBenchPod, syntheticCluster, type ScheduleResult, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface VsUpstreamOptions {
  readonly sizes: readonly number[];
  /** Go: `-count` runs of `-benchtime Kx` (K = iterationsAt(nodes)); schedkit: as many samples of K cycles. */
  readonly count: number;
}

const CONFORMANCE = fileURLToPath(new URL("../../../conformance/", import.meta.url));
/**
 * Cycles per sample: 20, down to 5 at 50,000 nodes, where one upstream cycle takes 0.4 s or more and 20 of them
 * per sample made the size impractical to run.
 */
function iterationsAt(nodes: number): number {
  return Math.max(5, Math.min(20, Math.round((20 * 5000) / nodes)));
}
const OPTIONS: SchedulerOptions = { kubernetesVersion: "1.37.1", percentageOfNodesToScore: 100, tieBreak: "first", explain: false };

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Why the suite cannot run here, or null: Go on PATH and the oracle built (conformance/build.sh). */
function missingGo(): string | null {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error !== undefined || go.status !== 0) return "Go (>= 1.26) is not on PATH: the upstream side is kube-scheduler v1.37.1 built from conformance/ with Go";
  const build = spawnSync("bash", [`${CONFORMANCE}build.sh`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (build.status !== 0) return `conformance/build.sh failed: ${build.stderr.trim()}`;
  return null;
}

interface GoRun {
  readonly nsPerOp: number;
  readonly feasible: number;
}

/**
 * go test -bench: ns/op and the feasible count per (nodes, parallelism), every -count run kept; one `go test`
 * per cycles-per-sample count (bench_test.go builds each size's scheduler once per process).
 */
function goBench(opts: VsUpstreamOptions): Map<string, GoRun[]> {
  const out = new Map<string, GoRun[]>();
  const byIterations = new Map<number, number[]>();
  for (const n of opts.sizes) byIterations.set(iterationsAt(n), [...(byIterations.get(iterationsAt(n)) ?? []), n]);
  for (const [iterations, sizes] of byIterations) {
    const pattern = `FilterScore/nodes=(${sizes.join("|")})/`;
    console.log(`vs-upstream: go test -bench '${pattern}' -benchtime ${iterations}x -count ${opts.count} (in conformance/)`);
    const r = spawnSync("go", ["test", "-run", "^$", "-bench", pattern, "-benchtime", `${iterations}x`, "-count", String(opts.count), "."], {
      cwd: CONFORMANCE,
      encoding: "utf8",
      env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" },
      maxBuffer: 1 << 26,
    });
    if (r.error !== undefined || r.status !== 0) throw new Error(`go test -bench failed (${r.error?.message ?? r.status}):\n${r.stdout}\n${r.stderr}`);
    for (const line of r.stdout.split("\n")) {
      // The pattern's sizes are regular expressions (5000 matches 50000 too): keep only the sizes asked for here.
      const m = /^BenchmarkFilterScore\/nodes=(\d+)\/parallelism=(\d+)\S*\s+\d+\s+([\d.]+) ns\/op.*?\s([\d.]+) feasible/.exec(line);
      if (m === null || !sizes.includes(Number(m[1]))) continue;
      const key = `${m[1]}/${m[2]}`;
      out.set(key, [...(out.get(key) ?? []), { nsPerOp: Number(m[3]), feasible: Number(m[4]) }]);
    }
  }
  return out;
}

/** What the oracle says for the bench pod on the same cluster: the feasible nodes and the top-scoring ones. */
function upstreamDecision(n: number): { feasible: number; topNodes: readonly string[] } {
  const oracle = `${CONFORMANCE}bin/oracle`;
  const r = spawnSync("sh", ["-c", `"${oracle}" -generate ${n} -seed 42 | "${oracle}"`], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { results: { status: string; filter: Record<string, { code: string }>; topNodes: string[] }[] };
  const res = out.results[0]!;
  return { feasible: Object.values(res.filter).filter((s) => s.code === "Success").length, topNodes: res.topNodes };
}

function measure(count: number, iterations: number, schedule: () => ScheduleResult): { perCycleNs: number[]; result: ScheduleResult } {
  // Warm-up: the JIT (and the kernel's columns) see the same work first.
  let result = schedule();
  const warmUntil = performance.now() + 500;
  for (let i = 0; i < 3 || performance.now() < warmUntil; i++) result = schedule();
  const perCycleNs: number[] = [];
  for (let c = 0; c < count; c++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) result = schedule();
    perCycleNs.push(Number(process.hrtime.bigint() - t0) / iterations);
  }
  return { perCycleNs, result };
}

function row(nodes: number, engine: string, runs: readonly number[]): BenchRow {
  const ns = median(runs);
  const podsPerSec = 1e9 / ns;
  return { suite: "one cycle vs kube-scheduler v1.37.1", engine, nodes, pods: 1, podsPerSec, nodeEvalsPerSec: podsPerSec * nodes, medianMs: ns / 1e6, samples: runs.length, runsMs: runs.map((x) => x / 1e6) };
}

export function vsUpstreamSuite(opts: VsUpstreamOptions): BenchRow[] {
  const why = missingGo();
  if (why !== null) {
    console.log(`vs-upstream: skipped: ${why}`);
    return [];
  }
  const wasm = createWasmEngineSync({ flavor: "simd" });
  const engines: { name: string; run(n: number): { perCycleNs: number[]; result: ScheduleResult } }[] = [
    {
      name: "ts",
      run(n) {
        const s = new Scheduler(createCluster(syntheticCluster({ nodes: n, seed: 42 })), OPTIONS);
        const pod = s.prepare(syntheticBenchPod());
        return measure(opts.count, iterationsAt(n), () => s.schedule(pod));
      },
    },
    {
      name: `wasm-${wasm.flavor}`,
      run(n) {
        const s = wasm.scheduler(createCluster(syntheticCluster({ nodes: n, seed: 42 })), OPTIONS);
        const pod = s.prepare(syntheticBenchPod());
        try {
          return measure(opts.count, iterationsAt(n), () => s.schedule(pod));
        } finally {
          s.dispose();
        }
      },
    },
  ];
  const go = goBench(opts);
  const rows: BenchRow[] = [];
  for (const n of opts.sizes) {
    const want = upstreamDecision(n);
    for (const p of [1, 2]) {
      const runs = go.get(`${n}/${p}`) ?? [];
      if (runs.length === 0) throw new Error(`no Go benchmark result for nodes=${n} parallelism=${p}`);
      // The benchmark's scheduler is fed through its cache, not the oracle's fake API server: same cluster.
      const off = runs.find((r) => r.feasible !== want.feasible);
      if (off !== undefined) throw new Error(`upstream benchmark on ${n} nodes: ${off.feasible} feasible nodes, the oracle ${want.feasible}`);
      rows.push(row(n, `upstream p=${p}`, runs.map((r) => r.nsPerOp)));
    }
    for (const e of engines) {
      const { perCycleNs, result } = e.run(n);
      // The cycle being timed must be the one upstream runs: same feasible nodes, a top-scoring node.
      if (result.status !== "Scheduled" || result.feasibleNodes !== want.feasible || !want.topNodes.includes(result.nodeName!)) {
        throw new Error(`${e.name} on ${n} nodes: ${result.status} ${result.nodeName} with ${result.feasibleNodes} feasible; upstream: ${want.feasible} feasible, top ${want.topNodes.join(",")}`);
      }
      rows.push(row(n, e.name, perCycleNs));
    }
  }
  printVsUpstream(rows);
  return rows;
}

/** The table of the suite: per size, each engine's median and upstream time / its time (above 1: schedkit is faster). */
function printVsUpstream(rows: readonly BenchRow[]): void {
  const up = (n: number, p: number) => rows.find((r) => r.nodes === n && r.engine === `upstream p=${p}`)!.medianMs;
  console.log("\nOne cycle of the bench pod, every node filtered, every feasible node scored; both make the same decision (checked against the oracle).");
  console.log("  nodes  engine           median ms  upstream p=1 / this  upstream p=2 / this");
  for (const r of rows) {
    const mine = !r.engine.startsWith("upstream");
    console.log(
      `  ${String(r.nodes).padStart(5)}  ${r.engine.padEnd(15)}  ${r.medianMs.toFixed(3).padStart(9)}  ${mine ? `${(up(r.nodes, 1) / r.medianMs).toFixed(1)}×`.padStart(19) : "".padStart(19)}  ${mine ? `${(up(r.nodes, 2) / r.medianMs).toFixed(1)}×`.padStart(19) : ""}`,
    );
  }
}
