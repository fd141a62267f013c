// The CPU-truth engine: core's layered report, batch water-filling and batch cgroup math over one instance of
// the CPU module (one linear memory, reused by every call).
import type { WeightFormula } from "@schedkit/core/cgroup";
import type { LayeredInventory, LayeredReport } from "@schedkit/core/overcommit";
import { SchedkitError } from "@schedkit/core";
import { cpuCgroups, sharesToWeights, type CpuCgroupBatch, type CpuCgroupBatchOptions } from "./cgroup.js";
import { CpuKernel } from "./kernel.js";
import { wasmLayeredReport, type LayeredStats } from "./layered.js";
import { instantiateModule, instantiateModuleSync } from "../load.js";
import { waterFillGroups, type WaterFillGroups } from "./water-fill.js";

/** The CPU-truth engine: each method returns exactly what core's TypeScript returns for the same input. */
export interface WasmCpuEngine {
  readonly name: "wasm-cpu";
  /** core's layeredReport(inventory), deep-equal, with the fleet's cgroup math and water-filling in WebAssembly. */
  layeredReport(inventory: LayeredInventory): LayeredReport;
  /** core's waterFill on every sibling set of a batch, in one call; `out` receives the allocations when given. */
  waterFillGroups(groups: WaterFillGroups, out?: Float64Array): Float64Array;
  /** Per pod: milliCPUToShares(request), milliCPUToQuota(limit) and sharesToWeight(shares) over whole arrays. */
  cpuCgroups(requestsMilli: ArrayLike<number>, limitsMilli: ArrayLike<number>, options?: CpuCgroupBatchOptions): CpuCgroupBatch;
  /** sharesToWeight(shares[i], formula) for every i. */
  sharesToWeights(shares: ArrayLike<number>, formula: WeightFormula): Float64Array;
  /** Bytes of the module's linear memory (it grows to the largest call seen, never per call). */
  readonly memoryBytes: number;
}

class WasmCpu implements WasmCpuEngine {
  readonly name = "wasm-cpu" as const;
  /** How layeredReport calls were served. */
  readonly layeredStats: LayeredStats = { fast: 0, reference: 0 };

  constructor(readonly kernel: CpuKernel) {}

  get memoryBytes(): number {
    return this.kernel.memoryBytes;
  }

  layeredReport(inventory: LayeredInventory): LayeredReport {
    return wasmLayeredReport(this.kernel, inventory, this.layeredStats);
  }

  waterFillGroups(groups: WaterFillGroups, out?: Float64Array): Float64Array {
    return waterFillGroups(this.kernel, groups, out);
  }

  cpuCgroups(requestsMilli: ArrayLike<number>, limitsMilli: ArrayLike<number>, options?: CpuCgroupBatchOptions): CpuCgroupBatch {
    return cpuCgroups(this.kernel, requestsMilli, limitsMilli, options);
  }

  sharesToWeights(shares: ArrayLike<number>, formula: WeightFormula): Float64Array {
    return sharesToWeights(this.kernel, shares, formula);
  }
}

/** Creates the CPU-truth engine, compiling asynchronously (safe on a browser main thread). */
export async function createWasmCpuEngine(): Promise<WasmCpuEngine> {
  return new WasmCpu(new CpuKernel(await instantiateModule("cpu")));
}

/** Creates the CPU-truth engine synchronously (Node, workers). */
export function createWasmCpuEngineSync(): WasmCpuEngine {
  return new WasmCpu(new CpuKernel(instantiateModuleSync("cpu")));
}

/** @internal The kernel of an engine (tests). */
export function cpuKernelOf(engine: WasmCpuEngine): CpuKernel {
  if (!(engine instanceof WasmCpu)) throw new SchedkitError("engine", engine, "is not a CPU-truth engine of this package");
  return engine.kernel;
}

/** @internal How an engine's layeredReport calls were served (tests). */
export function layeredStatsOf(engine: WasmCpuEngine): Readonly<LayeredStats> {
  if (!(engine instanceof WasmCpu)) throw new SchedkitError("engine", engine, "is not a CPU-truth engine of this package");
  return engine.layeredStats;
}
