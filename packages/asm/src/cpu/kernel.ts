// A typed facade over the CPU-truth module's raw exports, and the per-call layout of its linear memory: every
// call lays its arrays out from the heap base again (nothing survives a call), so memory only grows to the
// largest call seen. Typed-array views are rebuilt whenever memory.grow detached the old buffer. Traps and
// out-of-memory become SchedkitErrors naming the operation; the instance stays usable.
import { SchedkitError } from "@schedkit/core";
import { CPU_ABI_VERSION } from "../../assembly-cpu/abi.js";
import { MemoryViews, wrapError } from "../memory.js";

/** The module's exports (assembly-cpu/index.ts). Pointers are byte offsets (i32). */
export interface CpuKernelExports {
  readonly memory: WebAssembly.Memory;
  cpuAbiVersion(): number;
  heapBase(): number;
  trap(): void;
  scratchBytes(n: number): number;
  waterFillGroups(ctx: number): number;
  cpuCgroups(ctx: number): number;
  sharesToWeights(ctx: number): number;
  quadraticRaws(ctx: number): void;
  layered(ctx: number): number;
}

const ALIGN = 16;

/** One instance of the module and the layout of the call in progress. */
export class CpuKernel {
  readonly exports: CpuKernelExports;
  private readonly views: MemoryViews;
  private readonly base: number;
  private top: number;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as CpuKernelExports;
    const abi = this.exports.cpuAbiVersion();
    if (abi !== CPU_ABI_VERSION) throw new SchedkitError("", abi, `is not the CPU module ABI version this package expects (${CPU_ABI_VERSION})`);
    this.views = new MemoryViews(this.exports.memory);
    this.base = Math.ceil(this.exports.heapBase() / ALIGN) * ALIGN;
    this.top = this.base;
  }

  /** Bytes of linear memory. */
  get memoryBytes(): number {
    return this.views.bytes;
  }

  /** float64 view of the whole memory (index = byte offset / 8); valid until the next reserve. */
  get f64(): Float64Array {
    return this.views.f64;
  }

  /** int32 view of the whole memory (index = byte offset / 4); valid until the next reserve. */
  get i32(): Int32Array {
    return this.views.i32;
  }

  /** Starts a call: its regions reuse the memory of the previous call. */
  begin(): void {
    this.top = this.base;
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
    try {
      return fn(ctx);
    } catch (e) {
      return wrapError(op, e);
    }
  }

  /** Traps on purpose (tests). */
  trap(): void {
    try {
      this.exports.trap();
    } catch (e) {
      wrapError("trap", e);
    }
  }
}
