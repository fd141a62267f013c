// Suite "layered": the layered OpenStack × Kubernetes CPU report over a seeded fleet of 2,000 hosts × 8 VMs ×
// 30 pods (480,000 pods), end to end (inventory in, report objects with findings and verdict out), core's
// TypeScript layeredReport against the WebAssembly CPU-truth engine, side by side in one run. Both reports
// are checked deep-equal (Object.is per number) before anything is timed. Rows count VMs as `nodes` (each is
// a Kubernetes node) and pods as `pods`: podsPerSec = pods evaluated per second, nodeEvalsPerSec = VMs per second.
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { Bench } from "tinybench";
import {
  layeredReport,
  type LayeredInventory,
  type LayeredPod,
} from "@schedkit/core/overcommit";
import { createWasmCpuEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface LayeredSuiteOptions {
  /** Fewer samples. */
  readonly quick: boolean;
  readonly hosts?: number;
  readonly vmsPerHost?: number;
  readonly podsPerVm?: number;
  /**
   * Other built checkouts of schedkit (`--layered-against DIR[,DIR…]`): their core and WASM reports are timed
   * in the same run, each before this build's, as `ts@before` and `wasm@before` (one DIR) or `ts@<DIR's
   * base name>` (several), after checking they report alike. A build from before the v1.Pod input gets the
   * same fleet with numeric pods.
   */
  readonly against?: readonly string[];
}

type LayeredReportFn = (inventory: LayeredInventory) => unknown;

// The other checkout's two layeredReport functions, from its built packages.
async function buildAt(dir: string): Promise<{ ts: LayeredReportFn; wasm: LayeredReportFn }> {
  const at = (p: string) => pathToFileURL(resolve(dir, p)).href;
  const core = (await import(at("packages/core/dist/overcommit.js"))) as { layeredReport: LayeredReportFn };
  const asm = (await import(at("packages/asm/dist/index.js"))) as { createWasmCpuEngineSync: () => { layeredReport: LayeredReportFn } };
  const engine = asm.createWasmCpuEngineSync();
  return { ts: (inv) => core.layeredReport(inv), wasm: (inv) => engine.layeredReport(inv) };
}

// mulberry32: a small seeded PRNG, so every run evaluates the same fleet.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MiB = 2 ** 20;

/**
 * A fleet under Nova's 4:1 VCPU ratio: hosts of 24–64 pCPUs carrying VMs of 4–16 vCPUs (ρ_vm about 1–3), each
 * a node admitting pods up to about 85 % of allocatable by requests (20 % Guaranteed, 60 % Burstable with
 * limits up to 4 × requests or none, 20 % BestEffort; one to three containers). Most hosts idle along at a
 * fraction of their requests; one in five sees a demand spike to the pods' limits.
 */
function layeredFleet(hosts: number, vmsPerHost: number, podsPerVm: number, seed = 1): { inventory: LayeredInventory; numeric: unknown } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: LayeredInventory["hosts"][number][] = [];
  const numericHosts: unknown[] = [];
  for (let h = 0; h < hosts; h++) {
    const spike = r() < 0.2;
    const vms = [];
    const numericVms: unknown[] = [];
    for (let v = 0; v < vmsPerHost; v++) {
      const vcpus = pick([4, 8, 8, 16]);
      const allocatable = vcpus * 1000 - 200;
      const perPod = (allocatable * 0.85) / podsPerVm;
      const pods: LayeredPod[] = [];
      const numericPods: unknown[] = [];
      for (let p = 0; p < podsPerVm; p++) {
        const kind = r();
        const n = r() < 0.7 ? 1 : r() < 0.83 ? 2 : 3;
        // v1.Pods as the layered report takes them: quantities as strings, demand by container name.
        const containers: { name: string; resources: { requests?: Record<string, string>; limits?: Record<string, string> } }[] = [];
        const demandMilli: Record<string, number> = {};
        // The same containers as numbers, as builds before the v1.Pod input (23be6e5) took them.
        const numeric: Record<string, unknown>[] = [];
        for (let c = 0; c < n; c++) {
          const name = `c${c}`;
          const cpu = Math.max(10, Math.round((perPod / n) * (0.5 + r())));
          const mem = (128 + 128 * Math.floor(r() * 16)) * MiB;
          if (kind < 0.2) {
            containers.push({ name, resources: { requests: { cpu: `${cpu}m`, memory: String(mem) }, limits: { cpu: `${cpu}m`, memory: String(mem) } } });
            demandMilli[name] = cpu * (spike ? 0.9 + 0.3 * r() : 0.8 * r());
            numeric.push({ requests: { cpu, memory: mem }, limits: { cpu, memory: mem }, demandMilli: demandMilli[name] });
          } else if (kind < 0.8) {
            const limit = r() < 0.25 ? undefined : Math.round(cpu * pick([1, 2, 2.5, 4]));
            containers.push({ name, resources: { requests: { cpu: `${cpu}m`, memory: String(mem) }, ...(limit === undefined ? {} : { limits: { cpu: `${limit}m`, memory: String(2 * mem) } }) } });
            demandMilli[name] = spike ? (limit ?? 3 * cpu) * (0.8 + 0.4 * r()) : cpu * 0.8 * r();
            numeric.push({ requests: { cpu, memory: mem }, ...(limit === undefined ? {} : { limits: { cpu: limit, memory: 2 * mem } }), demandMilli: demandMilli[name] });
          } else {
            containers.push({ name, resources: {} });
            demandMilli[name] = perPod * (spike ? 2 : 0.3) * r();
            numeric.push({ demandMilli: demandMilli[name] });
          }
        }
        const namespace = pick(["default", "prod", "batch"]);
        pods.push({ metadata: { name: `p${p}`, namespace }, spec: { containers }, demandMilli });
        numericPods.push({ name: `p${p}`, namespace, containers: numeric });
      }
      const systemDemandMilli = 100 + r() * 300;
      vms.push({ name: `h${h}-vm${v}`, vcpus, node: { allocatableMilli: allocatable, systemDemandMilli, pods } });
      numericVms.push({ name: `h${h}-vm${v}`, vcpus, node: { allocatableMilli: allocatable, systemDemandMilli, pods: numericPods } });
    }
    const pcpus = pick([24, 32, 48, 64]);
    out.push({ name: `h${h}`, pcpus, cpuAllocationRatio: 4.0, vms });
    numericHosts.push({ name: `h${h}`, pcpus, cpuAllocationRatio: 4.0, vms: numericVms });
  }
  return { inventory: { hosts: out }, numeric: { hosts: numericHosts } };
}

/** Runs the suite: TS and WASM rows, median latency of one whole-fleet evaluation each. */
export async function layeredSuite(opts: LayeredSuiteOptions): Promise<BenchRow[]> {
  const hosts = opts.hosts ?? 2000;
  const vmsPerHost = opts.vmsPerHost ?? 8;
  const podsPerVm = opts.podsPerVm ?? 30;
  const { inventory, numeric } = layeredFleet(hosts, vmsPerHost, podsPerVm);
  const vms = hosts * vmsPerHost;
  const pods = vms * podsPerVm;
  const suite = `layered fleet ${hosts}h×${vmsPerHost}vm×${podsPerVm}pod (nodes=VMs)`;
  const engine = createWasmCpuEngineSync();

  const ts = layeredReport(inventory);
  const wasm = engine.layeredReport(inventory);
  if (!isDeepStrictEqual(ts, wasm)) throw new Error(`${suite}: the WebAssembly report differs from core's`);
  console.log(`${suite}: reports deep-equal; ${ts.findings.length} findings; ${ts.verdict.slice(0, 120)}…`);

  const rows: BenchRow[] = [];
  const runners: [string, () => unknown][] = [
    ["ts", () => layeredReport(inventory)],
    ["wasm", () => engine.layeredReport(inventory)],
  ];
  const against = opts.against ?? [];
  for (const dir of against) {
    const label = against.length === 1 ? "before" : basename(resolve(dir));
    const before = await buildAt(dir);
    // A build from before the v1.Pod input (23be6e5) rejects the v1.Pods: it gets the same fleet with numeric
    // pods, and must still report the same numbers.
    let input: unknown = inventory;
    try {
      before.ts(inventory);
    } catch {
      input = numeric;
      console.log(`${suite}: the build at ${dir} takes numeric pods: timed on the same fleet in that shape`);
    }
    const at = input as LayeredInventory;
    if (!isDeepStrictEqual(before.ts(at), ts) || !isDeepStrictEqual(before.wasm(at), ts)) throw new Error(`${suite}: the build at ${dir} reports differently`);
    // Each engine's builds one after the other, so all see about the same load.
    runners.splice(runners.findIndex(([name]) => name === "ts"), 0, [`ts@${label}`, () => before.ts(at)]);
    runners.splice(runners.findIndex(([name]) => name === "wasm"), 0, [`wasm@${label}`, () => before.wasm(at)]);
  }
  // Each task is one whole-fleet evaluation (hundreds of ms): a few samples give a stable median. Under
  // --expose-gc every sample starts from a collected heap, so none pays for the garbage of the one before.
  const gc = (globalThis as { gc?: () => void }).gc;
  const bench = new Bench({ time: 0, iterations: opts.quick ? 3 : 9, warmupTime: 0, warmupIterations: 1 });
  for (const [name, fn] of runners) bench.add(name, fn, gc === undefined ? {} : { beforeEach: () => gc() });
  await bench.run();
  for (const task of bench.tasks) {
    const res = task.result as unknown as { latency: { p50: number; samplesCount: number } };
    const medianMs = res.latency.p50;
    rows.push({
      suite,
      engine: task.name,
      nodes: vms,
      pods,
      podsPerSec: (pods / medianMs) * 1000,
      nodeEvalsPerSec: (vms / medianMs) * 1000,
      medianMs,
      samples: res.latency.samplesCount,
    });
  }
  const median = (engine: string) => rows.find((r) => r.engine === engine)!.medianMs;
  const [t, w] = [median("ts"), median("wasm")];
  console.log(`${suite}: WASM/TS ${(t / w).toFixed(2)}× (median ${w.toFixed(0)} ms vs ${t.toFixed(0)} ms per fleet)`);
  for (const dir of against) {
    const label = against.length === 1 ? "before" : basename(resolve(dir));
    for (const e of ["ts", "wasm"]) console.log(`${suite}: ${e} this build / ${dir}: ${(median(`${e}@${label}`) / median(e)).toFixed(2)}× faster (median ${median(e).toFixed(0)} ms vs ${median(`${e}@${label}`).toFixed(0)} ms)`);
  }
  return rows;
}
