// A typed facade over the kernel's raw exports and the host-managed heap inside its linear memory. Views,
// growth and error handling are the shared ModuleFacade's (memory.ts).
import { ABI_VERSION } from "../assembly/abi.js";
import { ALIGN, ModuleFacade, type ModuleExports } from "./memory.js";

/** The module's exports (assembly/index.ts). Pointers are byte offsets (i32). */
export interface KernelExports extends ModuleExports {
  abiVersion(): number;
  filterPod(ctx: number, pb: number, record: number): number;
  scorePod(ctx: number, pb: number, nf: number, explain: number): number;
  choose(ctx: number, nf: number, pick: number): number;
  topPositions(ctx: number, nf: number): number;
  runPods(ctx: number, list: number, count: number, assume: number): number;
  initBalanced(ctx: number): void;
  refreshBalanced(ctx: number, node: number): void;
  spreadFilter(ctx: number, sb: number): void;
  spreadScore(ctx: number, sb: number, nf: number): number;
  affinityFilter(ctx: number, ab: number): void;
  affinityScore(ctx: number, ab: number, nf: number): number;
}

/** One instance of the kernel and the allocator over its memory. */
export class Kernel extends ModuleFacade<KernelExports> {
  /** Free blocks, address order: [ptr, size] (sizes multiples of ALIGN). */
  private free: [number, number][] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;
  /** Memory above this offset was never handed out: still the zeros memory.grow gave it. */
  private clean: number;

  constructor(instance: WebAssembly.Instance) {
    super(instance, "kernel", (e) => e.abiVersion(), ABI_VERSION);
    this.top = this.heapStart;
    this.clean = this.top;
  }

  /**
   * Allocates `bytes` (16-byte aligned, zero-filled unless `zeroed` is false: for a block whose user writes
   * what it reads first); grows memory when needed.
   */
  alloc(bytes: number, op: string, zeroed = true): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const [ptr, s] = this.free[i]!;
      if (s < size) continue;
      if (s === size) this.free.splice(i, 1);
      else this.free[i] = [ptr + size, s - size];
      this.sizes.set(ptr, size);
      if (zeroed) this.u8.fill(0, ptr, ptr + size);
      return ptr;
    }
    const ptr = this.top;
    const end = ptr + size;
    this.views.ensure(end, bytes, op);
    this.top = end;
    this.sizes.set(ptr, size);
    // Fresh memory is zero already: clearing it anyway would commit every page of a large block at once.
    if (zeroed && ptr < this.clean) this.u8.fill(0, ptr, Math.min(end, this.clean));
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

  // --- guarded calls

  filterPod(ctx: number, pb: number, record: boolean): number {
    return this.guard("filter", () => this.exports.filterPod(ctx, pb, record ? 1 : 0));
  }

  scorePod(ctx: number, pb: number, nf: number, explain: boolean): number {
    return this.guard("score", () => this.exports.scorePod(ctx, pb, nf, explain ? 1 : 0));
  }

  choose(ctx: number, nf: number, pick: number): number {
    return this.guard("selectHost", () => this.exports.choose(ctx, nf, pick));
  }

  topPositions(ctx: number, nf: number): number {
    return this.guard("selectHost", () => this.exports.topPositions(ctx, nf));
  }

  runPods(ctx: number, list: number, count: number, assume: boolean): number {
    return this.guard("scheduleAll run", () => this.exports.runPods(ctx, list, count, assume ? 1 : 0));
  }

  initBalanced(ctx: number): void {
    this.guard("column load", () => this.exports.initBalanced(ctx));
  }

  refreshBalanced(ctx: number, node: number): void {
    this.guard("assume", () => this.exports.refreshBalanced(ctx, node));
  }

  spreadFilter(ctx: number, sb: number): void {
    this.guard("filter", () => this.exports.spreadFilter(ctx, sb));
  }

  spreadScore(ctx: number, sb: number, nf: number): number {
    return this.guard("score", () => this.exports.spreadScore(ctx, sb, nf));
  }

  affinityFilter(ctx: number, ab: number): void {
    this.guard("filter", () => this.exports.affinityFilter(ctx, ab));
  }

  affinityScore(ctx: number, ab: number, nf: number): number {
    return this.guard("score", () => this.exports.affinityScore(ctx, ab, nf));
  }
}
