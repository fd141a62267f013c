// A typed facade over the kernel's raw exports, the host-managed heap inside its linear memory, and the
// typed-array views (rebuilt whenever memory.grow detached the old buffer). Traps and out-of-memory become
// SchedkitErrors naming the operation; the instance stays usable.
import { SchedkitError } from "@schedkit/core";
import { ABI_VERSION } from "./layout.js";
import { MemoryViews, wrapError } from "./memory.js";

/** The module's exports (assembly/index.ts). Pointers are byte offsets (i32). */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  abiVersion(): number;
  heapBase(): number;
  trap(): void;
  filterPod(ctx: number, pb: number, record: number): number;
  fitBits(ctx: number, pb: number, node: number): number;
  scorePod(ctx: number, pb: number, nf: number, explain: number): number;
  choose(ctx: number, nf: number, pick: number): number;
  topPositions(ctx: number, nf: number): number;
  goRound(x: number): number;
  setRng(state: number): void;
  getRng(): number;
  below(n: number): number;
  runPods(ctx: number, list: number, count: number, assume: number): number;
  initBalanced(ctx: number): void;
  refreshBalanced(ctx: number, node: number): void;
}

const ALIGN = 16;

/** One instance of the kernel and the allocator over its memory. */
export class Kernel {
  readonly exports: KernelExports;
  private readonly views: MemoryViews;
  /** Free blocks, address order: [ptr, size] (sizes multiples of ALIGN). */
  private free: [number, number][] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;
  /** Memory above this offset was never handed out: still the zeros memory.grow gave it. */
  private clean: number;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as KernelExports;
    if (this.exports.abiVersion() !== ABI_VERSION) {
      throw new SchedkitError("", this.exports.abiVersion(), `is not the kernel ABI version this package expects (${ABI_VERSION})`);
    }
    this.views = new MemoryViews(this.exports.memory);
    this.top = Math.ceil(this.exports.heapBase() / ALIGN) * ALIGN;
    this.clean = this.top;
  }

  /** Views over the whole memory (valid until the next alloc). */
  get f64(): Float64Array {
    return this.views.f64;
  }
  get i32(): Int32Array {
    return this.views.i32;
  }
  get u8(): Uint8Array {
    return this.views.u8;
  }

  /** Bytes of linear memory. */
  get memoryBytes(): number {
    return this.views.bytes;
  }

  /** Allocates `bytes` (16-byte aligned, zero-filled); grows memory when needed. */
  alloc(bytes: number, op: string): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const [ptr, s] = this.free[i]!;
      if (s < size) continue;
      if (s === size) this.free.splice(i, 1);
      else this.free[i] = [ptr + size, s - size];
      this.sizes.set(ptr, size);
      this.u8.fill(0, ptr, ptr + size);
      return ptr;
    }
    const ptr = this.top;
    const end = ptr + size;
    this.views.ensure(end, bytes, op);
    this.top = end;
    this.sizes.set(ptr, size);
    // Fresh memory is zero already: clearing it anyway would commit every page of a large block at once.
    if (ptr < this.clean) this.u8.fill(0, ptr, Math.min(end, this.clean));
    this.clean = Math.max(this.clean, end);
    return ptr;
  }

  /** Returns a block to the heap (coalescing neighbours). */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) return;
    this.sizes.delete(ptr);
    let i = 0;
    while (i < this.free.length && this.free[i]![0] < ptr) i++;
    this.free.splice(i, 0, [ptr, size]);
    // Merge with the next, then the previous block.
    const cur = this.free[i]!;
    const nxt = this.free[i + 1];
    if (nxt !== undefined && cur[0] + cur[1] === nxt[0]) {
      cur[1] += nxt[1];
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev !== undefined && prev[0] + prev[1] === cur[0]) {
      prev[1] += cur[1];
      this.free.splice(i, 1);
      i--;
    }
    // A free block at the top goes back to the bump pointer.
    const last = this.free[this.free.length - 1];
    if (last !== undefined && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.free.pop();
    }
  }

  /** Bytes currently allocated (for leak tests). */
  get allocatedBytes(): number {
    let s = 0;
    for (const v of this.sizes.values()) s += v;
    return s;
  }

  // --- guarded calls: one try per crossing, never per node

  filterPod(ctx: number, pb: number, record: boolean): number {
    try {
      return this.exports.filterPod(ctx, pb, record ? 1 : 0);
    } catch (e) {
      return wrapError("filter", e);
    }
  }

  scorePod(ctx: number, pb: number, nf: number, explain: boolean): number {
    try {
      return this.exports.scorePod(ctx, pb, nf, explain ? 1 : 0);
    } catch (e) {
      return wrapError("score", e);
    }
  }

  choose(ctx: number, nf: number, pick: number): number {
    try {
      return this.exports.choose(ctx, nf, pick);
    } catch (e) {
      return wrapError("selectHost", e);
    }
  }

  topPositions(ctx: number, nf: number): number {
    try {
      return this.exports.topPositions(ctx, nf);
    } catch (e) {
      return wrapError("selectHost", e);
    }
  }

  runPods(ctx: number, list: number, count: number, assume: boolean): number {
    try {
      return this.exports.runPods(ctx, list, count, assume ? 1 : 0);
    } catch (e) {
      return wrapError("scheduleAll run", e);
    }
  }

  initBalanced(ctx: number): void {
    try {
      this.exports.initBalanced(ctx);
    } catch (e) {
      wrapError("column load", e);
    }
  }

  refreshBalanced(ctx: number, node: number): void {
    try {
      this.exports.refreshBalanced(ctx, node);
    } catch (e) {
      wrapError("assume", e);
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
