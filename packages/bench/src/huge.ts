// Suite "huge": 100,000 nodes × 1,000,000 pods, adaptive percentageOfNodesToScore, WebAssembly engine (SIMD),
// in a child process of its own so that its peak resident memory is the run's alone (the parent's heap,
// tinybench and other suites excluded). Not in the default suites: it runs for minutes and needs several GiB
// (`--suites huge`). The child (dist/huge-child.js) prints one JSON line.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./report.js";

export interface HugeSuiteOptions {
  readonly nodes: number;
  readonly pods: number;
}

/** What the child measured. */
interface HugeMeasurement {
  readonly nodes: number;
  readonly pods: number;
  readonly scheduled: number;
  /** The child's whole life: generating the input, createCluster, the run. */
  readonly wallMs: number;
  /** scheduleAll alone. */
  readonly runMs: number;
  readonly cpuMs: number;
  /** process.resourceUsage().maxRSS, in bytes. */
  readonly peakRssBytes: number;
  /** Each phase's wall time and the resident memory at its end: generate, cluster, engine, run. */
  readonly phases: readonly { readonly phase: string; readonly ms: number; readonly rssBytes: number }[];
  /** The kernel's paths (WasmSchedulerStats): pods of kernel runs, of them through the one pass over a window, node pairs of those windows kept. */
  readonly paths: { readonly runPods: number; readonly fusedWindowPods: number; readonly fusedWindowKeptPairs: number; readonly evaluatedNodes: number };
}

export function hugeSuite(opts: HugeSuiteOptions): BenchRow[] {
  const child = fileURLToPath(new URL("./huge-child.js", import.meta.url));
  console.log(`huge: ${opts.nodes.toLocaleString("en-US")} nodes × ${opts.pods.toLocaleString("en-US")} pods in a child process (minutes)`);
  const r = spawnSync(process.execPath, ["--max-old-space-size=16384", child, String(opts.nodes), String(opts.pods)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`huge: the child process failed (${r.error?.message ?? `exit ${r.status}, signal ${r.signal}`})`);
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as HugeMeasurement;
  const podsPerSec = (m.pods / m.wallMs) * 1000;
  for (const p of m.phases) console.log(`huge:   ${p.phase.padEnd(9)} ${(p.ms / 1000).toFixed(1).padStart(6)} s, resident ${(p.rssBytes / 2 ** 30).toFixed(2)} GiB after`);
  const keptShare = m.paths.evaluatedNodes > 0 ? (200 * m.paths.fusedWindowKeptPairs) / m.paths.evaluatedNodes : 0;
  console.log(
    `huge:   paths: ${m.paths.runPods.toLocaleString("en-US")} pods in kernel runs, ${m.paths.fusedWindowPods.toLocaleString("en-US")} through the one pass over their window; ${m.paths.evaluatedNodes.toLocaleString("en-US")} nodes examined, ${keptShare.toFixed(1)} % of them from kept totals`,
  );
  console.log(
    `huge: ${m.pods.toLocaleString("en-US")} pods (${m.scheduled.toLocaleString("en-US")} placed) in ${(m.wallMs / 1000).toFixed(1)} s wall (scheduleAll ${(m.runMs / 1000).toFixed(1)} s), peak RSS ${(m.peakRssBytes / 2 ** 30).toFixed(2)} GiB`,
  );
  return [{ suite: "100k nodes × 1M pods (adaptive %)", engine: "wasm-simd", nodes: m.nodes, pods: m.pods, podsPerSec, nodeEvalsPerSec: 0, medianMs: m.wallMs, samples: 1, wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssBytes: m.peakRssBytes }];
}
