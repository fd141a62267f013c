// The WebAssembly engine: the core's Engine contract over a kernel instance. One instance (one linear memory)
// per engine; each schedule / scheduleAll call lays its columns out in that memory and gives them back.
import { SchedkitError, type Cluster, type Engine, type PodInput, type PodList, type RunOptions, type RunResult, type ScheduleResult, type SchedulerOptions } from "@schedkit/core";
import { Kernel } from "./kernel.js";
import { instantiateModule, instantiateModuleSync, simdSupported, type KernelFlavor } from "./load.js";
import { WasmScheduler } from "./scheduler.js";

/** Options of createWasmEngine / createWasmEngineSync. */
export interface WasmEngineOptions {
  /** The kernel build: "simd" (default where the host validates it) or "scalar". */
  readonly flavor?: KernelFlavor;
}

/** The WebAssembly engine: the Engine contract plus long-lived schedulers. */
export interface WasmEngine extends Engine {
  readonly name: "wasm";
  /** Which kernel build runs. */
  readonly flavor: KernelFlavor;
  /** A scheduler on its own copy of `cluster` (Scheduler's API); dispose() it to give its memory back early. */
  scheduler(cluster: Cluster, options?: SchedulerOptions): WasmScheduler;
  /** Bytes of the kernel's linear memory (it grows with the largest cluster seen, never per call). */
  readonly memoryBytes: number;
}

const finalizer = new FinalizationRegistry<() => void>((release) => release());

class Wasm implements WasmEngine {
  readonly name = "wasm" as const;
  /** Work done by the schedulers of schedule / scheduleAll calls, summed (tests check where it went). */
  readonly totals = { runPods: 0, runCalls: 0, treePods: 0, treeMisses: 0, tieWalks: 0, windowWalks: 0, cyclePods: 0, kernelFilter: 0, tsFilter: 0, kernelScore: 0, tsScore: 0, podKernelFilter: 0, podKernelScore: 0 };

  /** Per-pod kernel passes by plugin and phase, summed likewise. */
  readonly podKernel: Record<string, number> = {};

  private record(s: WasmScheduler): void {
    const st = s.stats;
    for (const k of Object.keys(this.totals) as (keyof typeof this.totals)[]) this.totals[k] += st[k];
    for (const [k, v] of Object.entries(st.podKernel)) this.podKernel[k] = (this.podKernel[k] ?? 0) + v;
  }

  constructor(
    readonly kernel: Kernel,
    readonly flavor: KernelFlavor,
  ) {}

  get memoryBytes(): number {
    return this.kernel.memoryBytes;
  }

  scheduler(cluster: Cluster, options?: SchedulerOptions): WasmScheduler {
    const s = new WasmScheduler(this.kernel, cluster, options);
    finalizer.register(s, s.releaser(), s);
    return s;
  }

  schedule(pod: PodInput, cluster: Cluster, options?: SchedulerOptions): ScheduleResult {
    const s = new WasmScheduler(this.kernel, cluster, options);
    try {
      return s.schedule(pod);
    } finally {
      this.record(s);
      s.dispose();
    }
  }

  scheduleAll(pods: PodList | undefined, cluster: Cluster, options?: RunOptions): RunResult {
    const s = new WasmScheduler(this.kernel, cluster, options);
    try {
      return s.runAll(pods, options);
    } finally {
      this.record(s);
      s.dispose();
    }
  }
}

function flavorOf(options: WasmEngineOptions | undefined): KernelFlavor {
  const f = options?.flavor ?? (simdSupported() ? "simd" : "scalar");
  if (f !== "simd" && f !== "scalar") throw new SchedkitError("flavor", f, 'is not "simd" or "scalar"');
  return f;
}

/** Creates the WebAssembly engine, compiling asynchronously (safe on a browser main thread). */
export async function createWasmEngine(options?: WasmEngineOptions): Promise<WasmEngine> {
  const flavor = flavorOf(options);
  return new Wasm(new Kernel(await instantiateModule(flavor)), flavor);
}

/** Creates the WebAssembly engine synchronously (Node, workers). */
export function createWasmEngineSync(options?: WasmEngineOptions): WasmEngine {
  const flavor = flavorOf(options);
  return new Wasm(new Kernel(instantiateModuleSync(flavor)), flavor);
}

/** @internal the work an engine's schedule / scheduleAll calls did, by path. */
export function statsOf(engine: WasmEngine): Readonly<Wasm["totals"]> & { readonly podKernel: Readonly<Record<string, number>> } {
  if (!(engine instanceof Wasm)) throw new SchedkitError("engine", engine, "is not a WebAssembly engine of this package");
  return { ...engine.totals, podKernel: { ...engine.podKernel } };
}

/** @internal the kernel behind an engine (tests: traps, memory). */
export function kernelOf(engine: WasmEngine): Kernel {
  if (!(engine instanceof Wasm)) throw new SchedkitError("engine", engine, "is not a WebAssembly engine of this package");
  return engine.kernel;
}
