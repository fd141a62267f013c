// The scheduler's nodes as struct-of-arrays columns in the kernel's memory, plus the per-scheduler scratch
// regions the kernel writes into. Columns mirror the TypeScript snapshot: loaded once, then refreshed per
// node after each assume, and before each run for the nodes whose NodeInfo.generation moved since they were
// written (pods removed or added by whoever shares the snapshot), as the scheduler cache's UpdateSnapshot
// copies only the NodeInfos whose Generation is newer than the snapshot's (backend/cache/cache.go).
import { currentGeneration, forNodesChangedSince, type NodeInfo, type Snapshot } from "@schedkit/core/engine";
import type { Kernel } from "./kernel.js";
import {
  A_CPU, A_EPH, A_MEM, A_PODS, C_BAL, C_COLS, C_EXBITS, C_EXCODE, C_EXIDX, C_FEAS, C_MASK, C_N, C_NORM, C_RAW, C_RES,
  C_FUSED_CACHE, C_FUSED_EPOCH, C_FUSED_SLOTS, C_FUSED_STAMPS, C_RUNOUT, FUSED_EPOCH_LIMIT, FUSED_STAMP_NODES, FUSED_STAMPS_HEADER, C_SCORE, C_SLOTS, C_TREE, FUSED_CACHE_SLOTS, TREE_LEAF_BYTES, R_ZERO, C_STRIDE, C_TOP, C_TOT, NZ_CPU, NZ_MEM, PODS, R_CPU, R_EPH, R_MEM, RES_SLOTS, SCALAR0,
} from "../assembly/abi.js";

/** A BalancedAllocation resource for the without-pod cache: allocatable and requested columns (−1: skipped). */
export interface ColumnPair {
  readonly a: number;
  readonly u: number;
}

/**
 * Most bytes of kept fused-pass totals per scheduler: 64 blocks' columns up to 65,000 nodes, fewer blocks on
 * larger clusters (41 at 100,000 nodes).
 */
const FUSED_CACHE_BYTES = 32 * 1024 * 1024;

/** Owns one scheduler's regions in the kernel heap. */
export class NodeColumns {
  readonly n: number;
  readonly stride: number;
  /** Scalar resource name → its allocatable column (requested is the next one). */
  readonly scalarColumn: ReadonlyMap<string, number>;
  readonly ctx: number;
  private readonly regions: number[] = [];
  private readonly cols: number;
  readonly feas: number;
  readonly tot: number;
  readonly exIdx: number;
  readonly exCode: number;
  readonly exBits: number;
  readonly top: number;
  readonly res: number;
  readonly tscol: number;
  readonly cand: number;
  private bal = 0;
  private rawNorm = 0;
  private jobsCap = 0;
  private runout = 0;
  private runoutCap = 0;
  private blocks = 0;
  private blocksCap = 0;
  /** The kept window totals' epochs (ensureFusedCache), and within them each node's last change: 0 until laid out. */
  private stamps = 0;
  private changed = 0;
  private readonly extras: number[] = [];
  private disposed = false;
  /** The NodeInfo.generation each node's columns were written at. */
  private readonly gens: Float64Array;
  /** The generation counter when every node was last known current (currentGeneration). */
  private clock = 0;

  constructor(
    readonly kernel: Kernel,
    readonly snap: Snapshot,
  ) {
    const nodes = snap.nodes;
    this.n = nodes.length;
    // A multiple of 16 with 16 entries of slack: the kernel reads sixteen nodes at a time past a range's end.
    this.stride = Math.ceil(this.n / 16) * 16 + 16;
    const scalars = new Map<string, number>();
    for (const ni of nodes) for (const name of ni.allocatable.scalar.keys()) if (!scalars.has(name)) scalars.set(name, SCALAR0 + 2 * scalars.size);
    this.scalarColumn = scalars;
    this.gens = new Float64Array(this.n);
    const s = this.stride;
    // A layout that runs out of memory half-way gives back what it took (the constructor's caller never gets
    // an object to dispose).
    try {
      this.ctx = this.region(C_SLOTS * 4);
      this.cols = this.region((SCALAR0 + 2 * scalars.size) * s * 8);
      this.feas = this.region(s * 4);
      this.tot = this.region(s * 8);
      this.exIdx = this.region(s * 4);
      this.exCode = this.region(s * 4);
      this.exBits = this.region(s * 4);
      this.top = this.region(s * 4);
      this.res = this.region(RES_SLOTS * 8);
      this.tscol = this.region(s);
      this.cand = this.region(s * 4);
      const mask = this.region(s * 4);
      const score = this.region(s * 8);
      const tree = this.region(this.treeBytes());
      const t = kernel.i32;
      const c = this.ctx >> 2;
      t[c + C_COLS] = this.cols;
      t[c + C_STRIDE] = s;
      t[c + C_N] = this.n;
      t[c + C_FEAS] = this.feas;
      t[c + C_TOT] = this.tot;
      t[c + C_EXIDX] = this.exIdx;
      t[c + C_EXCODE] = this.exCode;
      t[c + C_EXBITS] = this.exBits;
      t[c + C_TOP] = this.top;
      t[c + C_RES] = this.res;
      t[c + C_MASK] = mask;
      t[c + C_SCORE] = score;
      t[c + C_TREE] = tree;
      this.load();
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  private region(bytes: number, zeroed = true): number {
    const p = this.kernel.alloc(bytes, "column layout", zeroed);
    this.regions.push(p);
    return p;
  }

  private setSlot(slot: number, ptr: number): void {
    this.kernel.i32[(this.ctx >> 2) + slot] = ptr;
  }

  /** Byte address of column `c`. */
  column(c: number): number {
    return this.cols + c * this.stride * 8;
  }

  /** Writes every node's columns from the snapshot. */
  load(): void {
    this.clock = currentGeneration();
    for (const ni of this.snap.nodes) this.writeNode(ni);
    // Allocatable never changes: whether a cpu / memory / ephemeral-storage column has a zero, once.
    const f = this.kernel.f64;
    const rb = this.res >> 3;
    for (const [c, read] of [
      [A_CPU, (ni: NodeInfo) => ni.allocatable.milliCPU],
      [A_MEM, (ni: NodeInfo) => ni.allocatable.memory],
      [A_EPH, (ni: NodeInfo) => ni.allocatable.ephemeralStorage],
    ] as const) {
      f[rb + R_ZERO + c] = this.snap.nodes.some((ni) => read(ni) === 0) ? 1 : 0;
    }
    if (this.bal !== 0) this.kernel.initBalanced(this.ctx);
  }

  private writeNode(ni: NodeInfo): void {
    const f = this.kernel.f64;
    const base = this.cols >> 3;
    const s = this.stride;
    const i = ni.index;
    const a = ni.allocatable;
    const r = ni.requested;
    f[base + A_CPU * s + i] = a.milliCPU;
    f[base + A_MEM * s + i] = a.memory;
    f[base + A_EPH * s + i] = a.ephemeralStorage;
    f[base + A_PODS * s + i] = a.allowedPodNumber;
    f[base + R_CPU * s + i] = r.milliCPU;
    f[base + R_MEM * s + i] = r.memory;
    f[base + R_EPH * s + i] = r.ephemeralStorage;
    f[base + NZ_CPU * s + i] = ni.nonZeroMilliCPU;
    f[base + NZ_MEM * s + i] = ni.nonZeroMemory;
    f[base + PODS * s + i] = ni.pods.length;
    for (const [name, col] of this.scalarColumn) {
      f[base + col * s + i] = a.scalar.get(name) ?? 0;
      f[base + (col + 1) * s + i] = r.scalar.get(name) ?? 0;
    }
    this.gens[i] = ni.generation;
    // The node's kept window totals are no longer current.
    if (this.changed !== 0) this.kernel.i32[(this.changed >> 2) + Math.floor(i / FUSED_STAMP_NODES)] = this.nextEpoch();
  }

  /** After a change to `ni` done by the TypeScript snapshot (assume, evict): reload its columns. */
  refreshNode(ni: NodeInfo): void {
    this.writeNode(ni);
    if (this.bal !== 0) this.kernel.refreshBalanced(this.ctx, ni.index);
    this.advance(ni);
  }

  /**
   * After the TypeScript snapshot assumed on `ni` what the kernel already accounted in its columns (a kernel
   * run assumes in both): the columns are current for its new generation.
   */
  seen(ni: NodeInfo): void {
    this.gens[ni.index] = ni.generation;
    this.advance(ni);
  }

  // When `ni`'s change is the only one since every node was current, they all still are.
  private advance(ni: NodeInfo): void {
    if (ni.generation === this.clock + 1) this.clock = ni.generation;
  }

  /**
   * Rewrites the columns of every node changed since they were written (NodeInfo.generation); returns how many.
   * When no NodeInfo anywhere changed since the last sync, one comparison.
   */
  sync(): number {
    const now = currentGeneration();
    if (now === this.clock) return 0;
    let changed = 0;
    const gens = this.gens;
    forNodesChangedSince(this.snap.nodes, this.clock, (ni) => {
      if (gens[ni.index] === ni.generation) return;
      this.refreshNode(ni);
      changed++;
    });
    this.clock = now;
    return changed;
  }

  /** Installs the BalancedAllocation without-pod cache (BW column) for these resources, or none. */
  setBalancedCache(pairs: readonly ColumnPair[] | null): void {
    if (pairs === null || pairs.length === 0) return;
    this.bal = this.region(8 * (1 + 2 * pairs.length));
    const f = this.kernel.f64;
    const b = this.bal >> 3;
    f[b] = pairs.length;
    pairs.forEach((p, i) => {
      f[b + 1 + 2 * i] = p.a;
      f[b + 2 + 2 * i] = p.u;
    });
    this.setSlot(C_BAL, this.bal);
    // Set up with the scheduler, before any kept total exists (ensureFusedCache comes with the first run).
    this.kernel.initBalanced(this.ctx);
  }

  /** Raw/normalized score outputs for `jobs` jobs (explain). */
  ensureJobs(jobs: number): void {
    if (jobs <= this.jobsCap) return;
    if (this.rawNorm !== 0) this.free(this.rawNorm);
    const cap = Math.max(jobs, 8);
    this.rawNorm = this.region(2 * cap * this.stride * 8);
    this.jobsCap = cap;
    this.setSlot(C_RAW, this.rawNorm);
    this.setSlot(C_NORM, this.rawNorm + cap * this.stride * 8);
  }

  get rawPtr(): number {
    return this.rawNorm;
  }
  get normPtr(): number {
    return this.rawNorm + this.jobsCap * this.stride * 8;
  }

  /** Per-pod outputs of a run of `pods` pods. */
  ensureRunOut(pods: number): number {
    if (pods > this.runoutCap) {
      if (this.runout !== 0) this.free(this.runout);
      this.runoutCap = Math.max(pods, 64);
      this.runout = this.region(this.runoutCap * 12);
      this.setSlot(C_RUNOUT, this.runout);
    }
    return this.runout;
  }

  private treeBytes(): number {
    let leaves = 1;
    while (leaves < this.n) leaves *= 2;
    return leaves * TREE_LEAF_BYTES;
  }

  /**
   * The kept-totals columns of the fused pass (assembly/vector.ts "recurring blocks"), laid out on first use:
   * how many blocks of a run call can keep theirs, at most FUSED_CACHE_SLOTS and FUSED_CACHE_BYTES in all, with
   * the epochs that say which of a window's totals are current.
   */
  ensureFusedCache(): number {
    const c = this.ctx >> 2;
    if (this.kernel.i32[c + C_FUSED_CACHE] === 0) {
      const slots = Math.min(FUSED_CACHE_SLOTS, Math.floor(FUSED_CACHE_BYTES / (this.stride * 8)));
      if (slots <= 0) return 0;
      this.setSlot(C_FUSED_CACHE, this.region(slots * this.stride * 8));
      this.setSlot(C_FUSED_SLOTS, slots);
      // A window's epochs (assembly/vector.ts "the window"): zero-filled (Kernel.alloc), under every slot's
      // epoch of 1, so no total is current yet.
      const blocks = this.stride / FUSED_STAMP_NODES;
      this.stamps = this.region(FUSED_STAMPS_HEADER + (slots + 1) * blocks * 4);
      this.changed = this.stamps + FUSED_STAMPS_HEADER + slots * blocks * 4;
      this.kernel.i32.fill(1, this.stamps >> 2, (this.stamps >> 2) + slots);
      this.kernel.i32[c + C_FUSED_EPOCH] = 1;
      this.setSlot(C_FUSED_STAMPS, this.stamps);
    }
    return this.kernel.i32[c + C_FUSED_SLOTS]!;
  }

  /** Kept slot `slot` now holds another block's totals: none of them is current (assembly/vector.ts "the window"). */
  renewFusedSlot(slot: number): void {
    if (this.stamps !== 0) this.kernel.i32[(this.stamps >> 2) + slot] = this.nextEpoch();
  }

  private nextEpoch(): number {
    this.restartEpochsIfDue();
    return ++this.kernel.i32[(this.ctx >> 2) + C_FUSED_EPOCH]!;
  }

  /**
   * Past FUSED_EPOCH_LIMIT, every stamp and change back to 0 and every slot's epoch to 1: no kept total is
   * current, and the epochs start again. Checked at every epoch the host hands out and before every run call
   * (the kernel hands out at most one an assume, so a call ends far below the i32 range's end).
   */
  restartEpochsIfDue(): void {
    const i32 = this.kernel.i32;
    const e = (this.ctx >> 2) + C_FUSED_EPOCH;
    if (this.stamps === 0 || i32[e]! < FUSED_EPOCH_LIMIT) return;
    const slots = i32[(this.ctx >> 2) + C_FUSED_SLOTS]!;
    i32.fill(0, (this.stamps + FUSED_STAMPS_HEADER) >> 2, (this.changed >> 2) + this.stride / FUSED_STAMP_NODES);
    i32.fill(1, this.stamps >> 2, (this.stamps >> 2) + slots);
    i32[e] = 1;
  }

  /** Node tree `slot` of runs (assembly/tree.ts): the first is laid out with the columns, the others on first use. */
  ensureTree(slot: number): void {
    if (this.kernel.i32[(this.ctx >> 2) + C_TREE + slot] === 0) this.setSlot(C_TREE + slot, this.region(this.treeBytes()));
  }

  /** The pod-block area (bytes); its contents do not survive a call. */
  blockArea(bytes: number): number {
    if (bytes > this.blocksCap) {
      if (this.blocks !== 0) this.free(this.blocks);
      this.blocksCap = Math.max(bytes, 4096, this.blocksCap * 2);
      this.blocks = this.region(this.blocksCap);
    }
    return this.blocks;
  }

  /** The k-th f64-per-node scratch column (TS-evaluated score plugins). */
  extra(k: number): number {
    while (this.extras.length <= k) this.extras.push(this.region(this.stride * 8));
    return this.extras[k]!;
  }

  /** A region owned by these columns until dispose (or `free`). */
  allocate(bytes: number, zeroed = true): number {
    return this.region(bytes, zeroed);
  }

  free(ptr: number): void {
    const i = this.regions.indexOf(ptr);
    if (i >= 0) this.regions.splice(i, 1);
    this.kernel.release(ptr);
  }

  /**
   * What returns every region to the kernel heap, holding only the kernel and the region list: a
   * FinalizationRegistry keeps it alive until the registry's callback runs, which may be long after the
   * scheduler (its snapshot, its evaluator) became garbage.
   */
  releaser(): () => void {
    const { kernel, regions } = this;
    return () => {
      for (const p of regions) kernel.release(p);
      regions.length = 0;
    };
  }

  /** Returns every region to the kernel heap. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.regions) this.kernel.release(p);
    this.regions.length = 0;
  }
}
