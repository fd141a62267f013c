// The host side of PodTopologySpread in the kernel (assembly/spread.ts): label values are domain ids (domains.ts),
// which nodes count and how many of their pods match are columns kept per pod shape (the
// match counts re-counted only on nodes whose pods changed, by NodeInfo.generation), Go's math.Log is a table.
// The plugin's own PreFilter / PreScore state says what to count, so the kernel sees the same constraints.
import {
  countMatchingPods,
  goLog,
  currentGeneration,
  forNodesChangedSince,
  LABEL_HOSTNAME,
  nodeCounted,
  RequiredNodeAffinity,
  SPREAD_PREFILTER_STATE,
  SPREAD_PRESCORE_STATE,
  type CycleState,
  type SpreadPreScore,
  type NodeInfo,
  type Snapshot,
  type SpreadConstraint,
  type SpreadCountOptions,
  type PodInfo,
} from "@schedkit/core/engine";
import type { NodeColumns } from "./columns.js";
import type { Kernel } from "./kernel.js";
import type { PodKernelPlugin } from "./plan.js";
import type { TopologyDomains } from "./domains.js";
import {
  SP_ALL_KEYS, SP_CONS, SP_IGNORED, SP_INDEX, SP_LOG, SP_NCONS, SP_NORM, SP_OUT, SP_RAW, SP_REQUIRE_ALL, SP_RUN, SP_TSCOL, SP_WEIGHT, SPC_COUNTED, SPC_INC, SP_COUNTS_KEPT,
  SP_TREE, SP_TREE_GROUPS, SPT_HEADER_BYTES, SPT_MAX_GROUPS, TREE_GROUP_BYTES, TREE_LEAF_BYTES, SPC_COUNTS, SPC_DOM, SPC_HOSTNAME, SPC_MATCH, SPC_MAX_SKEW, SPC_MIN, SPC_NDOM, SPC_PRESENT, SPC_SELF, SPC_SLOTS, SPC_TABLE,
} from "../assembly/abi.js";

/** Per pod shape and constraint: which nodes count and their matching pods, with the generations counted at. */
interface ShapeColumns {
  counted: number | null;
  match: number;
  readonly gens: Float64Array;
  /** currentGeneration() when the matches were last brought up to date. */
  checkedAt: number;
  /**
   * A kernel run's counts per domain for this (domain) constraint of the shape, kept between runs: f64 per
   * domain id (0: none yet), and the domain column and requireAll they are counted with (spreadTotals).
   */
  counts: number;
  /** The counts hold every domain's sum of `match` over the nodes that count: a run need not recount them. */
  countsKept: boolean;
  dom: number;
  requireAll: boolean;
}

/** A pod shape's spread columns by constraint (held by the evaluator's shape cache; their regions are the shape's). */
type SpreadShapeCache = Map<string, unknown>;

/** Most constraints a kernel run's spread block holds (more: the pods go through the cycle). */
export const MAX_RUN_CONSTRAINTS = 8;

/**
 * Most bytes of group trees (assembly/spreadtree.ts) a scheduler keeps for its spreading runs: 382 groups at
 * 5,000 nodes, 22 at 100,000; with fewer than 4 the runs scan every pod. A 50,000-replica Deployment on 5,000
 * nodes, every node examined, keeps some 320 keys (hostname count × zone) live at its end: with the 158 groups
 * of 40 MiB two thirds of its replicas were scanned.
 */
const SPREAD_TREE_BUDGET = 96 * 1024 * 1024;

/** A kernel run's spread block and the OP_EXTRA column its score goes to; both live as long as the scheduler. */
export interface SpreadRun {
  readonly block: number;
  readonly column: number;
  /** The group trees' region (0: none) and how many groups it holds. */
  readonly tree: number;
  readonly groups: number;
}

/** What the kernel's spread score wrote for the explanation. */
export interface SpreadScoreOut {
  readonly raw: Float64Array | null;
  readonly norm: Float64Array | null;
}

export class SpreadKernel implements PodKernelPlugin {
  private logs = 0;
  private block = 0;
  private blockCons = 0;
  private ignored = 0;
  private allKeys = 0;
  private rawNorm = 0;
  private run: SpreadRun | null = null;
  /** The match columns the current run's block reads (runBlock), which the kernel updates on each assume. */
  private runColumns: readonly ShapeColumns[] = [];
  /** The shape constraints whose kept counts the run block points at (runBlock), until the next runBlock. */
  private keptRun: readonly ShapeColumns[] = [];
  /**
   * Per constraint position: scratch for `cap` domain ids — counts (f64) at `ptr`, a score per domain (f64,
   * SPC_TABLE) at `ptr + 8·cap`, presence (u8, SPC_PRESENT) at `ptr + 16·cap`.
   */
  private readonly scratch: { ptr: number; cap: number }[] = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly columns: NodeColumns,
    private readonly snap: Snapshot,
    private readonly domains: TopologyDomains,
  ) {}

  /** goLog(k) for k ≤ n + 2: the weights' arguments (domains + 2, at most nodes + 2). */
  private logTable(): number {
    if (this.logs !== 0) return this.logs;
    const n = this.columns.n + 3;
    this.logs = this.columns.allocate(n * 8);
    const f = this.kernel.f64;
    for (let k = 0; k < n; k++) f[(this.logs >> 3) + k] = goLog(k);
    return this.logs;
  }

  private blockFor(nc: number): number {
    if (nc > this.blockCons) {
      if (this.block !== 0) this.columns.free(this.block);
      this.blockCons = Math.max(nc, 4);
      this.block = this.columns.allocate((SP_CONS + SPC_SLOTS * this.blockCons) * 8);
    }
    return this.block;
  }

  private scratchFor(c: number, ndom: number): { ptr: number; cap: number } {
    const s = this.scratch[c];
    if (s !== undefined && s.cap >= ndom) return s;
    if (s !== undefined) this.columns.free(s.ptr);
    const cap = Math.max(ndom, 16);
    const fresh = { ptr: this.columns.allocate(cap * 17), cap };
    this.scratch[c] = fresh;
    return fresh;
  }

  /** The score scratch of constraint slot `q` (f64 index of its SPC_ slots): presence and the table (SPC_COUNTS is the caller's). */
  private scoreScratch(f: Float64Array, q: number, s: { ptr: number; cap: number }): void {
    f[q + SPC_PRESENT] = s.ptr + 16 * s.cap;
    f[q + SPC_TABLE] = s.ptr + 8 * s.cap;
  }

  /**
   * Merges PodTopologySpread's Filter verdicts into the u8 filter column `tscol` as filter `index`, from its
   * PreFilter state. False when there is no state (the reference reports that error).
   */
  filter(state: CycleState, tscol: number, index: number): boolean {
    const s = state.read(SPREAD_PREFILTER_STATE);
    if (s === undefined) return false;
    const nc = s.constraints.length;
    if (nc === 0) return true;
    const doms = s.constraints.map((c) => this.domains.of(c.topologyKey));
    const scratch = doms.map((d, c) => this.scratchFor(c, d.ids.size));
    const sb = this.blockFor(nc);
    const f = this.kernel.f64;
    const b = sb >> 3;
    f[b + SP_NCONS] = nc;
    f[b + SP_TSCOL] = tscol;
    f[b + SP_INDEX] = index;
    for (let c = 0; c < nc; c++) {
      const q = b + SP_CONS + c * SPC_SLOTS;
      const d = doms[c]!;
      // PreFilter's counts by value, as domain ids.
      this.domains.spell(d, s.counts[c], scratch[c]!.ptr);
      f[q + SPC_DOM] = d.ptr;
      f[q + SPC_NDOM] = d.ids.size;
      f[q + SPC_COUNTS] = scratch[c]!.ptr;
      f[q + SPC_SELF] = s.selfMatch[c]!;
      f[q + SPC_MIN] = s.minMatch[c]!;
      f[q + SPC_MAX_SKEW] = s.constraints[c]!.maxSkew;
    }
    this.kernel.spreadFilter(this.columns.ctx, sb);
    return true;
  }

  /**
   * PodTopologySpread's Score and NormalizeScore for the feasible nodes already in C_FEAS, normalized × weight
   * into `column`. Null when the kernel cannot do it exactly (no PreScore state, another node list, a raw score
   * outside NormalizeScore's domain): the reference scores the plugin then, with its errors.
   */
  score(
    state: CycleState,
    feasible: readonly NodeInfo[],
    weight: number,
    column: number,
    explain: boolean,
    shapeCache: SpreadShapeCache,
    shapeRegion: (bytes: number) => number,
  ): SpreadScoreOut | null {
    const ps = state.read(SPREAD_PRESCORE_STATE);
    if (ps === undefined || ps.feasible !== feasible || ps.allNodes !== this.snap.nodes) return null;
    const nc = ps.constraints.length;
    const cols = this.columns;
    const doms = ps.constraints.map((c) => this.domains.of(c.topologyKey));
    const scratch = doms.map((d, c) => this.scratchFor(c, d.ids.size));
    const required = new RequiredNodeAffinity(ps.pod.pod);
    const perCons = ps.constraints.map((c, i) => this.shapeColumns(shapeCache, shapeRegion, `${i}`, c, ps.pod, required, ps.opts));
    const logs = this.logTable();
    if (this.ignored === 0) this.ignored = cols.allocate(cols.stride);
    if (this.allKeys === 0) this.allKeys = cols.allocate(cols.stride);
    if (explain && this.rawNorm === 0) this.rawNorm = cols.allocate(cols.stride * 16);
    const sb = this.blockFor(nc);
    const f = this.kernel.f64;
    const b = sb >> 3;
    f[b + SP_NCONS] = nc;
    f[b + SP_LOG] = logs;
    f[b + SP_OUT] = column;
    f[b + SP_RAW] = explain ? this.rawNorm : 0;
    f[b + SP_NORM] = explain ? this.rawNorm + cols.stride * 8 : 0;
    f[b + SP_WEIGHT] = weight;
    f[b + SP_REQUIRE_ALL] = ps.requireAllTopologies ? 1 : 0;
    f[b + SP_IGNORED] = this.ignored;
    f[b + SP_ALL_KEYS] = this.allKeys;
    for (let c = 0; c < nc; c++) {
      const q = b + SP_CONS + c * SPC_SLOTS;
      const d = doms[c]!;
      const sc = perCons[c]!;
      f[q + SPC_DOM] = d.ptr;
      f[q + SPC_NDOM] = d.ids.size;
      f[q + SPC_MATCH] = sc.match;
      f[q + SPC_COUNTED] = sc.counted ?? 0;
      f[q + SPC_MAX_SKEW] = ps.constraints[c]!.maxSkew;
      f[q + SPC_HOSTNAME] = ps.constraints[c]!.topologyKey === LABEL_HOSTNAME ? 1 : 0;
      f[q + SPC_COUNTS] = scratch[c]!.ptr;
      this.scoreScratch(f, q, scratch[c]!);
    }
    f[b + SP_RUN] = 0;
    if (this.kernel.spreadScore(cols.ctx, sb, feasible.length) < 0) return null;
    if (!explain) return { raw: null, norm: null };
    const nf = feasible.length;
    const o = this.kernel.f64;
    const r = this.rawNorm >> 3;
    return { raw: o.slice(r, r + nf), norm: o.slice(r + cols.stride, r + cols.stride + nf) };
  }

  /**
   * The spread block of a kernel run of pods of one shape, from the shape's PreScore state (its constraints,
   * inclusion options and whether every key is required: none of it depends on the feasible nodes or on the
   * pods placed so far). The kernel counts every domain once per run and adds each assumed pod itself
   * (assembly/spread.ts spreadTotals, spreadAssume). Null when the constraints do not fit the block.
   */
  runBlock(ps: SpreadPreScore, weight: number, shapeCache: SpreadShapeCache, shapeRegion: (bytes: number) => number): SpreadRun | null {
    const nc = ps.constraints.length;
    if (nc === 0 || nc > MAX_RUN_CONSTRAINTS) return null;
    const cols = this.columns;
    if (this.run === null) {
      let leaves = 1;
      while (leaves < cols.n) leaves *= 2;
      const treeBytes = leaves * TREE_GROUP_BYTES;
      const groups = Math.min(SPT_MAX_GROUPS, Math.floor(SPREAD_TREE_BUDGET / treeBytes) - 2);
      let tree = 0;
      if (groups >= 4) {
        // Not zero-filled (96 MiB at 5,000 nodes, each scheduler): the kernel writes what it reads — each group's
        // tree at the group's first use, the tree of feasible nodes and the per-node arrays at every build —
        // from a zero header, which says no tree is laid out yet (assembly/spreadtree.ts).
        tree = cols.allocate(SPT_HEADER_BYTES + groups * treeBytes + leaves * TREE_LEAF_BYTES + leaves * 16 + Math.ceil(leaves / 64) * 8 + cols.stride * 4, false);
        this.kernel.u8.fill(0, tree, tree + SPT_HEADER_BYTES);
      }
      this.run = { block: cols.allocate((SP_CONS + SPC_SLOTS * MAX_RUN_CONSTRAINTS) * 8), column: cols.allocate(cols.stride * 8), tree, groups };
    }
    const doms = ps.constraints.map((c) => this.domains.of(c.topologyKey));
    const scratch = doms.map((d, c) => this.scratchFor(c, d.ids.size));
    const required = new RequiredNodeAffinity(ps.pod.pod);
    const perCons = ps.constraints.map((c, i) => this.shapeColumns(shapeCache, shapeRegion, `${i}`, c, ps.pod, required, ps.opts));
    this.runColumns = perCons;
    // The domain constraints' counts per domain live with the shape, kept up to date between runs (the
    // kernel's assumes and shapeColumns' recounts add to them), so a run of this shape need not recount every
    // node (spreadTotals) — when a node's domain for one constraint does not depend on the others' keys: one
    // constraint, or keys not all required (the system defaults). Otherwise the run recounts into scratch.
    // Hostname constraints have no counts (the match column is theirs).
    const keepable = nc === 1 || !ps.requireAllTopologies;
    const kept: (ShapeColumns | null)[] = ps.constraints.map((con, c) => (keepable && con.topologyKey !== LABEL_HOSTNAME ? perCons[c]! : null));
    kept.forEach((e, c) => {
      if (e === null || e.counts !== 0) return;
      e.counts = shapeRegion(doms[c]!.ids.size * 8);
      e.dom = doms[c]!.ptr;
      e.requireAll = ps.requireAllTopologies;
    });
    this.keptRun = kept.filter((e): e is ShapeColumns => e !== null);
    const logs = this.logTable();
    if (this.ignored === 0) this.ignored = cols.allocate(cols.stride);
    if (this.allKeys === 0) this.allKeys = cols.allocate(cols.stride);
    const pod = ps.pod.pod;
    const f = this.kernel.f64;
    const b = this.run.block >> 3;
    f[b + SP_NCONS] = nc;
    f[b + SP_LOG] = logs;
    f[b + SP_OUT] = this.run.column;
    f[b + SP_RAW] = 0;
    f[b + SP_NORM] = 0;
    f[b + SP_WEIGHT] = weight;
    f[b + SP_REQUIRE_ALL] = ps.requireAllTopologies ? 1 : 0;
    f[b + SP_IGNORED] = this.ignored;
    f[b + SP_ALL_KEYS] = this.allKeys;
    f[b + SP_RUN] = 1;
    f[b + SP_COUNTS_KEPT] = this.keptRun.length > 0 && this.keptRun.every((e) => e.countsKept) ? 1 : 0;
    f[b + SP_TREE] = this.run.tree;
    f[b + SP_TREE_GROUPS] = this.run.groups;
    for (let c = 0; c < nc; c++) {
      const q = b + SP_CONS + c * SPC_SLOTS;
      const d = doms[c]!;
      const con = ps.constraints[c]!;
      f[q + SPC_DOM] = d.ptr;
      f[q + SPC_NDOM] = d.ids.size;
      f[q + SPC_MATCH] = perCons[c]!.match;
      f[q + SPC_COUNTED] = perCons[c]!.counted ?? 0;
      f[q + SPC_MAX_SKEW] = con.maxSkew;
      f[q + SPC_HOSTNAME] = con.topologyKey === LABEL_HOSTNAME ? 1 : 0;
      f[q + SPC_COUNTS] = kept[c] !== null ? kept[c]!.counts : scratch[c]!.ptr;
      this.scoreScratch(f, q, scratch[c]!);
      // countPodsMatchSelector (common.go) on the pod itself, as each replica's assume adds it to a node.
      f[q + SPC_INC] = con.countsExisting && !pod.terminating && con.selector.matches(pod.labels) ? 1 : 0;
    }
    return this.run;
  }

  /**
   * A replica of the current run was assumed on `ni` (its generation `before` until then): the kernel already
   * added it to the run's match columns, so a column that was up to date for the node still is — no recount.
   */
  assumed(ni: NodeInfo, before: number): void {
    for (const e of this.runColumns) if (e.gens[ni.index] === before) e.gens[ni.index] = ni.generation;
  }

  /**
   * The counted-node and matching-pod columns of constraint `key` of this shape: counted once (the inclusion
   * policies read only the node and the pod's spec), matches re-counted on nodes whose pods changed.
   */
  private shapeColumns(
    cache: SpreadShapeCache,
    region: (bytes: number) => number,
    key: string,
    c: SpreadConstraint,
    pod: PodInfo,
    required: RequiredNodeAffinity,
    opts: SpreadCountOptions,
  ): ShapeColumns {
    const nodes = this.snap.nodes;
    this.harvestRun();
    let e = cache.get(key) as ShapeColumns | undefined;
    if (e === undefined) {
      const match = region(this.columns.stride * 8);
      let counted: number | null = null;
      const flags = new Uint8Array(nodes.length);
      let all = true;
      for (const ni of nodes) {
        const ok = nodeCounted(c, pod.pod, ni.node, required, opts);
        flags[ni.index] = ok ? 1 : 0;
        if (!ok) all = false;
      }
      if (!all) {
        counted = region(this.columns.stride);
        this.kernel.u8.set(flags, counted);
      }
      e = { counted, match, gens: new Float64Array(nodes.length).fill(-1), checkedAt: -1, counts: 0, countsKept: false, dom: 0, requireAll: false };
      cache.set(key, e);
    }
    // No pod added or removed anywhere since the last check: the matches stand.
    const now = currentGeneration();
    const since = e.checkedAt;
    if (since === now) return e;
    e.checkedAt = now;
    const m = e.match >> 3;
    const gens = e.gens;
    const ns = pod.pod.namespace;
    forNodesChangedSince(nodes, since, (ni) => {
      if (gens[ni.index] === ni.generation) return;
      gens[ni.index] = ni.generation;
      this.recount(e, m + ni.index, ni, countMatchingPods(ni, c, ns));
    });
    return e;
  }

  /** A node's new matching-pod count into its match cell and, where the node counts, its domain's kept count. */
  private recount(e: ShapeColumns, cell: number, ni: NodeInfo, v: number): void {
    const f = this.kernel.f64;
    const old = f[cell]!;
    f[cell] = v;
    if (!e.countsKept || v === old) return;
    // assembly/spread.ts countedDomain where no other constraint's key decides (one constraint, or keys not all required).
    let d = this.kernel.i32[(e.dom >> 2) + ni.index]!;
    if (d < 0) {
      if (e.requireAll) return;
      d = 0;
    }
    if (e.counted !== null && this.kernel.u8[e.counted + ni.index] === 0) return;
    const at = (e.counts >> 3) + d;
    f[at] = f[at]! + (v - old);
  }

  /**
   * The kernel sets SP_COUNTS_KEPT in the run block once it has counted the kept constraints' domains (or found
   * them kept): from then on their counts follow every recount. Read before the block is written again.
   */
  private harvestRun(): void {
    const k = this.keptRun;
    if (k.length === 0 || this.run === null) return;
    if (this.kernel.f64[(this.run.block >> 3) + SP_COUNTS_KEPT] === 1) for (const e of k) e.countsKept = true;
  }
}
