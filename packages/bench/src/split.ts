// Suite "split": a seed sweep split across processes, as README's "more than one machine" tells users to split
// sweeps (each process, or machine, takes its share of the seeds, parses the cluster itself and writes its
// results; a last step merges them). Each share replays a day of load (`simulate`) once per seed in a child
// process of its own (dist/split-child.js); the suite times, from spawn to exit, one process with every seed
// against two processes with half each (and, where taskset can confine a process, one process on one core),
// the three alternating per sample, and checks that the merged results are the same whatever the split.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { median, versus } from "./parallel.js";
import type { BenchRow } from "./report.js";

export interface SplitSuiteOptions {
  readonly nodes: number;
  readonly arrivals: number;
  readonly seeds: number;
  readonly samples: number;
  /** The machine's CPU list (taskset's), for the one-core run; undefined: no one-core run. */
  readonly cpus?: string;
}

interface Share {
  readonly results: readonly { readonly seed: number; readonly placed: number; readonly digest: string }[];
  readonly cpuMs: number;
}

const CHILD = fileURLToPath(new URL("./split-child.js", import.meta.url));

function share(opts: SplitSuiteOptions, seeds: readonly number[], oneCore: boolean): Promise<Share> {
  const args = [CHILD, String(opts.nodes), String(opts.arrivals), seeds.join(",")];
  const cmd = oneCore ? "taskset" : process.execPath;
  const child = spawn(cmd, oneCore ? ["-c", opts.cpus!.split(/[,-]/)[0]!, process.execPath, ...args] : args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as Share) : reject(new Error(`split: a share's process exited with code ${code}`))));
  });
}

interface Way {
  readonly label: string;
  readonly processes: number;
  readonly oneCore: boolean;
}

export async function splitSuite(opts: SplitSuiteOptions): Promise<BenchRow[]> {
  const seeds = Array.from({ length: opts.seeds }, (_, i) => i + 1);
  const ways: Way[] = [{ label: "1 process", processes: 1, oneCore: false }, { label: "2 processes", processes: 2, oneCore: false }];
  if (opts.cpus !== undefined && /[,-]/.test(opts.cpus)) ways.push({ label: "1 process on 1 core", processes: 1, oneCore: true });
  const suite = `seed sweep split across processes (simulate a day, ${opts.arrivals.toLocaleString("en-US")} arrivals, ${opts.seeds} seeds)`;
  const walls = new Map<Way, number[]>(ways.map((w) => [w, []]));
  const cpus = new Map<Way, number[]>(ways.map((w) => [w, []]));
  let reference: string | undefined;
  for (let i = 0; i < opts.samples; i++) {
    for (const w of i % 2 === 0 ? ways : [...ways].reverse()) {
      // Every `processes`-th seed to each process, as a sweep split by seed takes them.
      const parts = Array.from({ length: w.processes }, (_, k) => seeds.filter((_, j) => j % w.processes === k));
      const t0 = performance.now();
      const got = await Promise.all(parts.map((p) => share(opts, p, w.oneCore)));
      walls.get(w)!.push(performance.now() - t0);
      cpus.get(w)!.push(got.reduce((a, s) => a + s.cpuMs, 0));
      const merged = JSON.stringify(got.flatMap((s) => s.results).sort((a, b) => a.seed - b.seed));
      reference ??= merged;
      if (merged !== reference) throw new Error(`split: ${suite} with ${w.label} differs from one process's results`);
    }
  }
  const one = walls.get(ways[0]!)!;
  const confined = ways[2] === undefined ? undefined : walls.get(ways[2])!;
  return ways.map((w) => {
    const ws = walls.get(w)!;
    const wallMs = median(ws);
    const cpuMs = median(cpus.get(w)!);
    const vs = w.processes === 1 ? "" : `; vs 1 process: ${versus(one, ws)}${confined === undefined ? "" : `; vs 1 process on 1 core: ${versus(confined, ws)}`}`;
    console.log(`${suite} ${w.label.padStart(20)}: ${(wallMs / 1000).toFixed(2)} s wall (spawn to exit), ${(cpuMs / 1000).toFixed(2)} s CPU (${(cpuMs / wallMs).toFixed(2)} cores busy), median of ${ws.length}${vs}`);
    return {
      suite,
      engine: `wasm-simd ×${w.processes} process${w.processes === 1 ? "" : "es"}${w.oneCore ? " on 1 core" : ""}`,
      nodes: opts.nodes,
      pods: opts.arrivals * opts.seeds,
      podsPerSec: ((opts.arrivals * opts.seeds) / wallMs) * 1000,
      nodeEvalsPerSec: 0,
      medianMs: wallMs,
      samples: ws.length,
      wallMs,
      cpuMs,
      workers: w.processes,
      processes: true as const,
      ...(w.oneCore ? { cores: 1 as const } : {}),
      runsMs: ws,
    };
  });
}
