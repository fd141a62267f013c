// Suite "ceiling": the WebAssembly resource kernel against a native C loop of the same formulas
// (ceiling.c: NodeResourcesFit's check, LeastAllocated over cpu and memory, BalancedAllocation's change in
// balance; every node examined, no assume) compiled at bench time with the system C compiler for 128-bit SIMD
// (`-O3 -msse4.2 -mno-avx`: 2 f64 lanes, what WebAssembly SIMD128 has). Both run side by side in each of
// ROUNDS tinybench runs on the same seeded cluster and pods, no two with the same requests (so the kernel keeps
// no block's totals between pods and computes every node for every pod, as the C loop does); before timing, the
// C loop's chosen node for every pod must equal the kernel's (tieBreak "first"). Prints WASM pods/s ÷ C pods/s
// from the median over rounds of each task's median. Without a C compiler the suite says so and returns no rows.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { createCluster, parseQuantity, Scheduler, syntheticCluster, syntheticPods, type KubePod, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface CeilingSuiteOptions {
  /** Node counts (default 10,000). */
  readonly sizes: readonly number[];
  /** tinybench time per task, ms. */
  readonly time: number;
  /** The C compiler (default `cc`, or $CC). */
  readonly cc?: string;
}

const PROFILE = {
  plugins: { multiPoint: { enabled: [{ name: "NodeResourcesFit" }, { name: "NodeResourcesBalancedAllocation" }], disabled: [{ name: "*" }] } },
};
/**
 * 128-bit SIMD and IEEE arithmetic, the C twin of WebAssembly SIMD128's f64x2 (no -ffast-math: every result
 * is the kernel's; -fno-trapping-math lets gcc compute both sides of a select, which the kernel's lanes do).
 */
const CEILING_CFLAGS = ["-O3", "-msse4.2", "-mno-avx", "-fno-trapping-math"];

/** tinybench runs per size (the ratio is the median of theirs). */
const ROUNDS = 5;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const SOURCE = fileURLToPath(new URL("../src/ceiling.c", import.meta.url));

/** Compiles ceiling.c; null (with the reason printed) when no C compiler works here. */
function compile(cc: string, dir: string): string | null {
  const out = join(dir, "ceiling");
  if (!existsSync(SOURCE)) throw new Error(`ceiling: ${SOURCE} is missing`);
  const r = spawnSync(cc, [...CEILING_CFLAGS, "-o", out, SOURCE, "-lm"], { encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0) {
    console.log(`ceiling: skipped, no working C compiler (${cc} ${CEILING_CFLAGS.join(" ")}: ${r.error?.message ?? r.stderr.trim().split("\n")[0]})`);
    return null;
  }
  return out;
}

/** A running ceiling.c process and a promise-based line protocol over its pipes. */
class Native {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = "";
  private waiting: ((line: string) => void)[] = [];
  private readonly lines: string[] = [];

  constructor(binary: string, input: string) {
    this.child = spawn(binary, [input]);
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => {
      this.buffered += chunk;
      let i: number;
      while ((i = this.buffered.indexOf("\n")) >= 0) {
        const line = this.buffered.slice(0, i);
        this.buffered = this.buffered.slice(i + 1);
        const w = this.waiting.shift();
        if (w !== undefined) w(line);
        else this.lines.push(line);
      }
    });
  }

  private line(): Promise<string> {
    const l = this.lines.shift();
    return l !== undefined ? Promise.resolve(l) : new Promise((resolve) => this.waiting.push(resolve));
  }

  async run(pods: number): Promise<void> {
    this.child.stdin.write(`run ${pods}\n`);
    await this.line();
  }

  async check(pods: number): Promise<number[]> {
    this.child.stdin.write("check\n");
    const out: number[] = [];
    for (let i = 0; i < pods; i++) out.push(Number(await this.line()));
    return out;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** The cluster's columns and the pods' requests as ceiling.c reads them. */
function inputFile(file: string, s: Scheduler, pods: readonly object[]): void {
  const nodes = s.snapshot.nodes;
  const n = nodes.length;
  const cols = [
    (i: number) => nodes[i]!.allocatable.milliCPU,
    (i: number) => nodes[i]!.allocatable.memory,
    (i: number) => nodes[i]!.allocatable.allowedPodNumber,
    (i: number) => nodes[i]!.requested.milliCPU,
    (i: number) => nodes[i]!.requested.memory,
    (i: number) => nodes[i]!.nonZeroMilliCPU,
    (i: number) => nodes[i]!.nonZeroMemory,
    (i: number) => nodes[i]!.pods.length,
  ];
  const data = new Float64Array(cols.length * n + 4 * pods.length);
  cols.forEach((c, k) => {
    for (let i = 0; i < n; i++) data[k * n + i] = c(i);
  });
  pods.forEach((p, j) => {
    const info = s.prepare(p, `pods[${j}]`).info;
    data.set([info.requests.milliCPU, info.requests.memory, info.fitScoreRequests.milliCPU, info.fitScoreRequests.memory], cols.length * n + 4 * j);
  });
  writeFileSync(file, Buffer.concat([Buffer.from(new Int32Array([n, pods.length, 0]).buffer), Buffer.from(data.buffer)]));
}

/**
 * The pods with pod j's memory request raised by j KiB: no two pods of a call have the same requests, so the
 * kernel keeps no block's node totals from one pod to the next (assembly/vector.ts "recurring blocks") and, like
 * the C loop, computes every node for every pod. syntheticPods draws from 20 request sets.
 */
function distinctRequests(pods: readonly KubePod[]): KubePod[] {
  return pods.map((p, j) => {
    const c = p.spec!.containers![0];
    const requests = c!.resources!.requests!;
    const mem = parseQuantity(String(requests["memory"]), "memory").value();
    const spec = { ...p.spec!, containers: [{ ...c!, resources: { requests: { ...requests, memory: String(mem + 1024n * BigInt(j)) } } }] };
    return { ...p, spec };
  });
}

export async function ceilingSuite(opts: CeilingSuiteOptions): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "schedkit-ceiling-"));
  const rows: BenchRow[] = [];
  try {
    const binary = compile(opts.cc ?? process.env["CC"] ?? "cc", dir);
    if (binary === null) return rows;
    const wasm = createWasmEngineSync({ flavor: "simd" });
    for (const n of opts.sizes.length > 0 ? opts.sizes : [10_000]) {
      const cluster = createCluster(syntheticCluster({ nodes: n, seed: 1, maxPodsPerNode: 1 }));
      const batch = Math.max(8, Math.min(1024, Math.ceil(2_000_000 / n)));
      const pods = distinctRequests(syntheticPods({ count: batch * 4, seed: 2 }));
      const options: SchedulerOptions = { explain: false, percentageOfNodesToScore: 100, tieBreak: "first", profile: PROFILE };
      const input = join(dir, `cluster-${n}.bin`);
      inputFile(input, new Scheduler(cluster, options), pods);
      const native = new Native(binary, input);
      const s = wasm.scheduler(cluster, options);
      try {
        const prepared = pods.map((p, i) => s.prepare(p, `pods[${i}]`));
        // Same formulas, same answers: the chosen node of every pod.
        const want = s.scheduleMany(prepared, { assume: false }).map((r) => (r.nodeName === null ? -1 : s.snapshot.getNode(r.nodeName)!.index));
        const got = await native.check(pods.length);
        const differ = want.findIndex((w, i) => w !== got[i]);
        if (differ >= 0) throw new Error(`ceiling: the C loop chose node ${got[differ]} for pod ${differ}, the kernel ${want[differ]}: not the same formulas`);
        // What is timed is the fused filter + score pass (vector.ts fusedPod), the loop ceiling.c mirrors.
        if (s.stats.fusedPods === 0) throw new Error("ceiling: the kernel did not take its fused pass: not the loop ceiling.c mirrors");
        // Every pod's pass over every node, as the C loop does: no block's totals kept from an earlier pod.
        const keptOff = () => {
          if (s.stats.fusedKept !== 0) throw new Error(`ceiling: ${s.stats.fusedKept} pods started from kept totals: not the work ceiling.c does`);
        };
        keptOff();
        let next = 0;
        // Rounds of one tinybench run each (both tasks, side by side): on a shared machine the load drifts
        // within a run, and the median over rounds of each task's median keeps one slow stretch from deciding
        // the ratio.
        const rounds = ROUNDS;
        const per: { p50: number; samplesCount: number }[][] = [[], []];
        for (let r = 0; r < rounds; r++) {
          const bench = new Bench({ time: opts.time / rounds, warmupTime: Math.min(300, opts.time / 4 / rounds) });
          bench.add(`ceiling wasm-simd ${n}`, () => {
            if (next + batch > prepared.length) next = 0;
            s.scheduleMany(prepared.slice(next, next + batch), { assume: false });
            next += batch;
          });
          bench.add(`ceiling c-sse ${n}`, () => native.run(batch));
          await bench.run();
          bench.tasks.forEach((t, k) => per[k]!.push((t.result as unknown as { latency: { p50: number; samplesCount: number } }).latency));
        }
        const combine = (xs: readonly { p50: number; samplesCount: number }[]) => ({ p50: median(xs.map((x) => x.p50)), samplesCount: xs.reduce((a, x) => a + x.samplesCount, 0) });
        keptOff();
        const [w, c] = [combine(per[0]!), combine(per[1]!)];
        const ratio = c.p50 / w.p50;
        const row = (engine: string, m: { p50: number; samplesCount: number }): BenchRow => {
          const podsPerSec = (batch / m.p50) * 1000;
          return { suite: "resource kernel vs C (128-bit SIMD)", engine, nodes: n, pods: batch, podsPerSec, nodeEvalsPerSec: podsPerSec * n, medianMs: m.p50, samples: m.samplesCount };
        };
        rows.push(row("wasm-simd", w), row("c-sse4.2", c));
        console.log(`ceiling ${String(n).padStart(6)} nodes: WASM SIMD / C (${CEILING_CFLAGS.join(" ")}) = ${ratio.toFixed(2)}× (medians over ${rounds} rounds of each task's median: ${w.p50.toFixed(3)} ms vs ${c.p50.toFixed(3)} ms per ${batch} pods)`);
      } finally {
        native.close();
        s.dispose();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
