// pnpm bench:vs-upstream [-- --sizes 500,5000,50000] [--count 3] [--json FILE]
// Times one scheduling cycle (PreFilter, Filter on every node, PreScore, Score with NormalizeScore and
// weights, selection) of the bench pod on the seeded benchmark clusters: upstream kube-scheduler v1.37.1 with
// its own parallelizer (Go benchmark conformance/bench_test.go, parallelism 1 and 2) against schedkit's
// TypeScript and WebAssembly engines (one thread) on the very same clusters (syntheticCluster ≡ oracle
// -generate). Nothing is assumed, so every iteration sees the same cluster. Prints one table of medians.
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createCluster, Scheduler, syntheticBenchPod, syntheticCluster, type ScheduleResult, type SchedulerOptions } from "@schedkit/core";
import * as asm from "@schedkit/asm";

const CONFORMANCE = fileURLToPath(new URL("../", import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SIZES = (arg("--sizes") ?? "500,5000,50000").split(",").map(Number);
/** Go: `-count` runs of `-benchtime 20x`; schedkit: as many samples of 20 cycles. */
const COUNT = Number(arg("--count") ?? 3);
const ITERATIONS = 20;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// --- upstream: go test -bench, ns/op per (nodes, parallelism), every -count run kept.
function goBench(): Map<string, number[]> {
  const sizes = SIZES.join("|");
  console.error(`[bench] go test -bench 'FilterScore/nodes=(${sizes})/' -benchtime ${ITERATIONS}x -count ${COUNT} (in conformance/)`);
  const r = spawnSync("go", ["test", "-run", "^$", "-bench", `FilterScore/nodes=(${sizes})/`, "-benchtime", `${ITERATIONS}x`, "-count", String(COUNT), "."], {
    cwd: CONFORMANCE,
    encoding: "utf8",
    env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" },
    maxBuffer: 1 << 26,
  });
  if (r.error !== undefined || r.status !== 0) throw new Error(`go test -bench failed (${r.error?.message ?? r.status}):\n${r.stdout}\n${r.stderr}`);
  const out = new Map<string, number[]>();
  for (const line of r.stdout.split("\n")) {
    const m = /^BenchmarkFilterScore\/nodes=(\d+)\/parallelism=(\d+)\S*\s+\d+\s+([\d.]+) ns\/op/.exec(line);
    if (m === null) continue;
    const key = `${m[1]}/${m[2]}`;
    out.set(key, [...(out.get(key) ?? []), Number(m[3])]);
  }
  return out;
}

/** What the oracle says for the bench pod on the same cluster: the feasible nodes and the top-scoring ones. */
function upstreamDecision(n: number): { feasible: number; topNodes: readonly string[] } {
  const oracle = fileURLToPath(new URL("../bin/oracle", import.meta.url));
  const r = spawnSync("sh", ["-c", `"${oracle}" -generate ${n} -seed 42 | "${oracle}"`], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { results: { status: string; filter: Record<string, { code: string }>; topNodes: string[] }[] };
  const res = out.results[0]!;
  return { feasible: Object.values(res.filter).filter((s) => s.code === "Success").length, topNodes: res.topNodes };
}

interface Engine {
  readonly name: string;
  run(nodes: number): { perCycleNs: number[]; result: ScheduleResult };
}

const OPTIONS: SchedulerOptions = { kubernetesVersion: "1.37.1", percentageOfNodesToScore: 100, tieBreak: "first", explain: false };

function measure(schedule: () => ScheduleResult): { perCycleNs: number[]; result: ScheduleResult } {
  // Warm-up: the JIT (and the kernel's columns) see the same work first.
  let result = schedule();
  const warmUntil = performance.now() + 500;
  for (let i = 0; i < 3 || performance.now() < warmUntil; i++) result = schedule();
  const perCycleNs: number[] = [];
  for (let c = 0; c < COUNT; c++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) result = schedule();
    perCycleNs.push(Number(process.hrtime.bigint() - t0) / ITERATIONS);
  }
  return { perCycleNs, result };
}

function cluster(n: number) {
  return createCluster(syntheticCluster({ nodes: n, seed: 42 }));
}

const engines: Engine[] = [
  {
    name: "ts",
    run(n) {
      const s = new Scheduler(cluster(n), OPTIONS);
      const pod = s.prepare(syntheticBenchPod());
      return measure(() => s.schedule(pod));
    },
  },
];
const createWasm = (asm as Record<string, unknown>)["createWasmEngineSync"];
if (typeof createWasm === "function") {
  const wasm = (createWasm as () => asm.WasmEngine)();
  engines.push({
    name: `wasm-${wasm.flavor}`,
    run(n) {
      const s = wasm.scheduler(cluster(n), OPTIONS);
      const pod = s.prepare(syntheticBenchPod());
      try {
        return measure(() => s.schedule(pod));
      } finally {
        s.dispose();
      }
    },
  });
}

const go = goBench();
const rows: { nodes: number; engine: string; ns: number; runs: number[]; feasible: number | null; chosen: string | null }[] = [];
for (const n of SIZES) {
  const want = upstreamDecision(n);
  for (const p of [1, 2]) {
    const runs = go.get(`${n}/${p}`) ?? [];
    if (runs.length === 0) throw new Error(`no Go benchmark result for nodes=${n} parallelism=${p}`);
    rows.push({ nodes: n, engine: `upstream p=${p}`, ns: median(runs), runs, feasible: null, chosen: null });
  }
  for (const e of engines) {
    console.error(`[bench] schedkit ${e.name}, ${n} nodes`);
    const { perCycleNs, result } = e.run(n);
    // The cycle being timed must be the one upstream runs: same feasible nodes, a top-scoring node.
    if (result.status !== "Scheduled" || result.feasibleNodes !== want.feasible || !want.topNodes.includes(result.nodeName!)) {
      throw new Error(`${e.name} on ${n} nodes: ${result.status} ${result.nodeName} with ${result.feasibleNodes} feasible; upstream: ${want.feasible} feasible, top ${want.topNodes.join(",")}`);
    }
    rows.push({ nodes: n, engine: `schedkit ${e.name}`, ns: median(perCycleNs), runs: perCycleNs, feasible: result.feasibleNodes, chosen: result.nodeName });
  }
}

const ms = (ns: number) => (ns / 1e6).toFixed(ns < 1e7 ? 3 : 1);
const head = ["nodes", "engine", "median ms/pod", "node-evals/s", "vs upstream p=1", "vs upstream p=2", "runs (ms)"];
const body = rows.map((r) => {
  const up1 = rows.find((x) => x.nodes === r.nodes && x.engine === "upstream p=1")!.ns;
  const up2 = rows.find((x) => x.nodes === r.nodes && x.engine === "upstream p=2")!.ns;
  const evals = (r.nodes * 1e9) / r.ns;
  return [
    r.nodes.toLocaleString("en-US"),
    r.engine,
    ms(r.ns),
    Math.round(evals).toLocaleString("en-US"),
    r.engine.startsWith("upstream") ? "" : `${(r.ns / up1).toFixed(2)}×`,
    r.engine.startsWith("upstream") ? "" : `${(r.ns / up2).toFixed(2)}×`,
    r.runs.map((x) => ms(x)).join(" "),
  ];
});
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(`\nOne scheduling cycle of the bench pod, every node filtered and every feasible node scored (percentageOfNodesToScore 100).`);
console.log(`Both schedulers make the same decision on every cluster (feasible nodes and a top-scoring node, checked against the oracle).`);
console.log(`Ratios are schedkit time / upstream time (median of ${COUNT} runs of ${ITERATIONS} cycles; < 1 means schedkit is faster).`);
console.log(`Machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length} vCPU, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.\n`);
console.log(line(head));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const b of body) console.log(line(b));
const json = arg("--json");
if (json !== undefined) {
  writeFileSync(json, JSON.stringify({ machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, rows }, null, 2) + "\n");
  console.log(`\nwrote ${json}`);
}
