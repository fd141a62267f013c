// A typed facade over the CPU-truth module's raw exports, and the per-call layout of its linear memory: every
// call lays its arrays out from the heap base again (nothing survives a call), so memory only grows to the
// largest call seen. Typed-array views are rebuilt whenever memory.grow detached the old buffer. Traps and
// out-of-memory become SchedkitErrors naming the operation; the instance stays usable.
import { SchedkitError } from "@schedkit/core";
import { CPU_ABI_VERSION } from "./layout.js";

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

const PAGE = 65536;
const ALIGN = 16;
const MAX_BYTES = 2 ** 32;

function wrapError(op: string, e: unknown): never {
  if (e instanceof WebAssembly.RuntimeError) throw new SchedkitError("", op, `WebAssembly trap in ${op}: ${e.message}`);
  if (e instanceof RangeError) throw new SchedkitError("", op, `WebAssembly out of memory in ${op}: ${e.message}`);
  throw e;
}

/** One instance of the module and the layout of the call in progress. */
export class CpuKernel {
  readonly exports: CpuKernelExports;
  private readonly memory: WebAssembly.Memory;
  private readonly base: number;
  private top: number;
  private buffer: ArrayBuffer;
  private f64v: Float64Array;
  private i32v: Int32Array;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as CpuKernelExports;
    const abi = this.exports.cpuAbiVersion();
    if (abi !== CPU_ABI_VERSION) throw new SchedkitError("", abi, `is not the CPU module ABI version this package expects (${CPU_ABI_VERSION})`);
    this.memory = this.exports.memory;
    this.base = Math.ceil(this.exports.heapBase() / ALIGN) * ALIGN;
    this.top = this.base;
    this.buffer = this.memory.buffer;
    this.f64v = new Float64Array(this.buffer);
    this.i32v = new Int32Array(this.buffer);
  }

  /** Bytes of linear memory. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** float64 view of the whole memory (index = byte offset / 8); valid until the next reserve. */
  get f64(): Float64Array {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.f64v;
  }

  /** int32 view of the whole memory (index = byte offset / 4); valid until the next reserve. */
  get i32(): Int32Array {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.i32v;
  }

  private refresh(): void {
    this.buffer = this.memory.buffer;
    this.f64v = new Float64Array(this.buffer);
    this.i32v = new Int32Array(this.buffer);
  }

  /** Starts a call: its regions reuse the memory of the previous call. */
  begin(): void {
    this.top = this.base;
  }

  /** Reserves `bytes` (16-byte aligned, not cleared) for the call in progress, growing memory when needed. */
  reserve(bytes: number, op: string): number {
    const ptr = this.top;
    const end = ptr + Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    if (end > this.memory.buffer.byteLength) {
      try {
        if (!(end <= MAX_BYTES)) throw new RangeError(`${bytes} bytes do not fit the 4 GiB of 32-bit linear memory`);
        this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / PAGE));
      } catch (e) {
        wrapError(op, e);
      }
      this.refresh();
    }
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
