// A typed facade over the CPU-truth module's raw exports, and the per-call layout of its linear memory: every
// call lays its arrays out from the heap base again (nothing survives a call), so memory only grows to the
// largest call seen. Views, growth and error handling are the shared ModuleFacade's (../memory.ts).
import { CPU_ABI_VERSION } from "../../assembly-cpu/abi.js";
import { ALIGN, ModuleFacade, type ModuleExports } from "../memory.js";

/** The module's exports (assembly-cpu/index.ts). Pointers are byte offsets (i32). */
export interface CpuKernelExports extends ModuleExports {
  cpuAbiVersion(): number;
  scratchBytes(n: number): number;
  waterFillGroups(ctx: number): number;
  cpuCgroups(ctx: number): number;
  sharesToWeights(ctx: number): number;
  quadraticRaws(ctx: number): void;
  layered(ctx: number): number;
}

/** One instance of the module and the layout of the call in progress. */
export class CpuKernel extends ModuleFacade<CpuKernelExports> {
  private top: number;

  constructor(instance: WebAssembly.Instance) {
    super(instance, "CPU module", (e) => e.cpuAbiVersion(), CPU_ABI_VERSION);
    this.top = this.heapStart;
  }

  /** Starts a call: its regions reuse the memory of the previous call. */
  begin(): void {
    this.top = this.heapStart;
  }

  /** Reserves `bytes` (16-byte aligned, not cleared) for the call in progress, growing memory when needed. */
  reserve(bytes: number, op: string): number {
    const ptr = this.top;
    const end = ptr + Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    this.views.ensure(end, bytes, op);
    this.top = end;
    return ptr;
  }

  /** Runs one export, turning a trap into a SchedkitError naming `op`. */
  call(op: string, fn: (ctx: number) => number, ctx: number): number {
    return this.guard(op, () => fn(ctx));
  }
}
