// The WASM NodeEvaluator: the cycle's filter and score phases over the kernel's columns, one crossing per
// phase (never per node). TypeScript prepares per pod shape what needs strings and objects (static filter
// verdicts, static raw scores) and per pod what depends on the cluster's pods (NodePorts, PodTopologySpread,
// InterPodAffinity); the kernel does NodeResourcesFit, the resource scorers, normalization, weights, totals
// and selection. Whatever it cannot express exactly goes to the reference evaluator (same results by
// definition): e.g. a score phase without the PreScore state, or a Fit pod with more than 27 scalar checks.
import {
  CycleError,
  filterErrorMessage,
  FIT_PREFILTER_STATE,
  FIT_PRESCORE_STATE,
  BALANCED_PRESCORE_STATE,
  invalidScoreMessage,
  isRejection,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  scoreAndNormalize,
  SUCCESS,
  withPlugin,
  type CycleState,
  type ExaminedNode,
  type FilterJob,
  type FilterOutcome,
  type FitRequest,
  type NodeEvaluator,
  type NodeInfo,
  type Plugin,
  type PodInfo,
  type ScoreJob,
  type ScoreOutcome,
  type ScorePluginEntry,
  type Snapshot,
  type SpreadPreScore,
  scoresDraResource,
} from "@schedkit/core/engine";
import type { PluginScore } from "@schedkit/core";
import type { NodeColumns } from "./columns.js";
import { TopologyDomains } from "./domains.js";
import type { SpreadKernel, SpreadRun } from "./spread.js";
import type { Kernel } from "./kernel.js";
import {
  BAL_CHANGE,
  BAL_RES_SLOTS,
  BAL_TAIL_SLOTS,
  BAL_USE_BW,
  EXTRA_COLUMN,
  EXTRA_SLOTS,
  FIT_RES_SLOTS,
  JOB_NRES,
  JOB_OP,
  JOB_RES,
  JOB_WEIGHT,
  MAX_FIT_SCALARS,
  OP_BALANCED,
  OP_EXTRA,
  OP_LEAST,
  OP_MOST,
  OP_RTCR,
  OP_STATIC,
  P_CAND,
  P_CPU,
  P_EPH,
  P_FIT_EMPTY,
  P_FIT_POS,
  P_MEM,
  P_NCAND,
  P_NSCAL,
  P_NUM_TO_FIND,
  P_PROG,
  P_SCAL,
  P_START,
  P_TSCOL,
  PROG_JOBS,
  PROG_NJOBS,
  R_ERR_AT,
  R_ERR_CODE,
  R_NF,
  R_NFAILED,
  RES_ALLOC,
  RES_POD,
  RES_USED,
  RES_WEIGHT,
  RTCR_POINT_SLOTS,
  STATIC_ALL_ZERO,
  STATIC_COLUMN,
  STATIC_MAX,
  STATIC_MODE,
  STATIC_SLOTS,
  TS_ERROR,
  TS_PASS,
} from "../assembly/abi.js";
import {
  BALANCED,
  FIT,
  KERNEL_PLUGINS,
  POD_FILTERS,
  POD_SCORES,
  resourceColumns,
  shapeKey,
  SPREAD,
  STATIC_FILTERS,
  STATIC_SCORES,
  type PodKernelPlugin,
  type ResourceConfig,
} from "./plan.js";

/** Per pod shape: static filter columns (by active filter list) and static raw score columns (by plugin). */
interface ShapeEntry {
  readonly filterCols: Map<string, number>;
  /** Plugin → raw score column, or null when the plugin cannot be scored from a column for this shape. */
  readonly scoreCols: Map<string, StaticColumn | null>;
  /** Per-pod kernel plugin → what its host side keeps per shape. */
  readonly podCols: Map<string, Map<string, unknown>>;
}

/** Bytes of shape columns kept at most (u8 filter + up to three f64 score columns per node and shape). */
const SHAPE_BUDGET = 64 * 1024 * 1024;

/** A static raw score column and whether every node scores 0 there. */
export interface StaticColumn {
  readonly ptr: number;
  readonly allZero: boolean;
  /** Maximum over every node. */
  readonly max: number;
}

/** A score job whose column the host fills: a per-pod kernel pass (`pod`) or the plugin in TypeScript. */
interface TsJob {
  readonly entry: ScorePluginEntry;
  readonly column: number;
  readonly index: number;
  readonly pod: boolean;
}

/** A score job the explanation needs: a kernel job (raw/norm columns) or a TypeScript one (arrays). */
type JobOut = { readonly kernelJob: number } | { readonly raw: Float64Array; readonly norm: Float64Array };

export class WasmNodeEvaluator implements NodeEvaluator {
  private readonly shapes = new Map<string, ShapeEntry>();
  private shapeRegions: number[] = [];
  /** The static score columns of the shapes held, by a hash of their values (internColumn). */
  private readonly columnsByHash = new Map<number, StaticColumn[]>();
  /** The feasible list last written to C_FEAS by filter(), and where that filter phase started and examined. */
  private lastFeasible: readonly NodeInfo[] | null = null;
  private lastStart = 0;
  private lastCand = 0;
  private lastExamined = 0;
  /** Counts phases done by the kernel vs handed to the reference (tests check the kernel did the work). */
  readonly stats = { kernelFilter: 0, tsFilter: 0, kernelScore: 0, tsScore: 0, podKernelFilter: 0, podKernelScore: 0 };
  /** Per-pod kernel passes by "<plugin>.filter" / "<plugin>.score". */
  readonly podKernel: Record<string, number> = {};

  private countPass(name: string, phase: "filter" | "score"): void {
    if (phase === "filter") this.stats.podKernelFilter++;
    else this.stats.podKernelScore++;
    const k = `${name}.${phase}`;
    this.podKernel[k] = (this.podKernel[k] ?? 0) + 1;
  }
  /** Host sides of the per-pod kernel plugins (KERNEL_PLUGINS "pod" modes), created on first use. */
  private readonly podPlugins = new Map<string, PodKernelPlugin>();
  private domains: TopologyDomains | null = null;

  constructor(
    readonly kernel: Kernel,
    readonly columns: NodeColumns,
    readonly snap: Snapshot,
    readonly cfg: ResourceConfig,
    readonly tieFirst: boolean,
    /** The cycle's reference evaluator, for the phases the kernel cannot run exactly. */
    readonly ts: NodeEvaluator,
  ) {}

  // --- shapes

  /** Bumped whenever the shape cache is emptied (columns handed out before are gone). */
  generation = 0;

  /** Empties the shape cache once it holds too many shapes; call only where no column is held. */
  trimShapes(): void {
    if (this.shapes.size >= this.maxShapes) this.clearShapes();
  }

  /** Shapes the cache holds before it is emptied. */
  get maxShapes(): number {
    return Math.min(256, Math.max(8, Math.floor(SHAPE_BUDGET / (this.columns.stride * 25))));
  }

  get shapeCount(): number {
    return this.shapes.size;
  }

  private shape(pod: PodInfo): ShapeEntry {
    const key = shapeKey(pod);
    let e = this.shapes.get(key);
    if (e === undefined) {
      e = { filterCols: new Map(), scoreCols: new Map(), podCols: new Map() };
      this.shapes.set(key, e);
    }
    return e;
  }

  private clearShapes(): void {
    for (const p of this.shapeRegions) this.columns.free(p);
    this.shapeRegions = [];
    this.columnsByHash.clear();
    this.shapes.clear();
    this.generation++;
  }

  /** The u8 column of the first rejecting static filter per node (TS_PASS when none), for this shape. */
  staticFilterColumn(state: CycleState, pod: PodInfo, filters: readonly Plugin[]): number {
    const e = this.shape(pod);
    const sig = filters.map((p) => p.name).join(",");
    let ptr = e.filterCols.get(sig);
    if (ptr !== undefined) return ptr;
    ptr = this.columns.allocate(this.columns.stride);
    this.shapeRegions.push(ptr);
    const u8 = this.kernel.u8;
    u8.fill(TS_PASS, ptr, ptr + this.columns.stride);
    const stat: number[] = [];
    filters.forEach((p, i) => {
      if (STATIC_FILTERS.has(p.name)) stat.push(i);
    });
    for (const ni of this.snap.nodes) {
      for (const i of stat) {
        const s = filters[i]!.filter!(state, pod, ni);
        if (s.code === "Success") continue;
        u8[ptr + ni.index] = i | (isRejection(s) ? 0 : TS_ERROR);
        break;
      }
    }
    e.filterCols.set(sig, ptr);
    return ptr;
  }

  /** The raw score column of a static scorer for this shape, or null (score phase goes to the reference). */
  staticScoreColumn(state: CycleState, pod: PodInfo, pl: Plugin): StaticColumn | null {
    const e = this.shape(pod);
    const cached = e.scoreCols.get(pl.name);
    if (cached !== undefined) return cached;
    const ptr = this.columns.allocate(this.columns.stride * 8);
    this.shapeRegions.push(ptr);
    let ok = true;
    let allZero = true;
    let max = 0;
    try {
      const f64 = this.kernel.f64;
      const base = ptr >> 3;
      for (const ni of this.snap.nodes) {
        const v = pl.score!(state, pod, ni);
        // Negative raw scores could normalize outside [0, 100]: the reference reports that error.
        if (!(v >= 0)) ok = false;
        if (v !== 0) allZero = false;
        if (v > max) max = v;
        f64[base + ni.index] = v;
      }
    } catch {
      ok = false;
    }
    const column = ok ? this.internColumn({ ptr, allZero, max }) : null;
    e.scoreCols.set(pl.name, column);
    return column;
  }

  /**
   * The column already written with the same values, if any (then `c`'s region is given back): shapes that
   * differ where a scorer does not look (labels, for TaintToleration) get one column, so their pod blocks
   * are equal and the kernel keeps one set of node totals for them (WasmScheduler fusedSlots).
   */
  private internColumn(c: StaticColumn): StaticColumn {
    const words = this.kernel.i32;
    const base = c.ptr >> 2;
    const n = this.snap.nodes.length;
    let h = 0x811c9dc5;
    for (let i = 0; i < 2 * n; i++) h = Math.imul(h ^ words[base + i]!, 0x01000193);
    const same = this.columnsByHash.get(h);
    if (same !== undefined) {
      for (const o of same) {
        const ob = o.ptr >> 2;
        let eq = o.max === c.max && o.allZero === c.allZero;
        for (let i = 0; eq && i < 2 * n; i++) eq = words[base + i] === words[ob + i];
        if (eq) {
          this.shapeRegions.splice(this.shapeRegions.lastIndexOf(c.ptr), 1);
          this.columns.free(c.ptr);
          return o;
        }
      }
      same.push(c);
    } else this.columnsByHash.set(h, [c]);
    return c;
  }

  private podPlugin(name: string): PodKernelPlugin {
    let h = this.podPlugins.get(name);
    if (h === undefined) {
      this.domains ??= new TopologyDomains(this.kernel, this.columns, this.snap);
      h = KERNEL_PLUGINS[name]!.host!(this.kernel, this.columns, this.snap, this.domains);
      this.podPlugins.set(name, h);
    }
    return h;
  }

  /**
   * PodTopologySpread's block for a kernel run of pods of `pod`'s shape (src/spread.ts runBlock), its match
   * columns brought up to date; null when the kernel cannot hold the constraints.
   */
  spreadRun(pod: PodInfo, ps: SpreadPreScore, weight: number): SpreadRun | null {
    return (this.podPlugin(SPREAD) as SpreadKernel).runBlock(ps, weight, this.podShape(pod, SPREAD), this.shapeRegion);
  }

  /** A pod of the current spreading run was assumed on `ni`, whose generation was `before` (SpreadKernel.assumed). */
  spreadAssumed(ni: NodeInfo, before: number): void {
    (this.podPlugins.get(SPREAD) as SpreadKernel | undefined)?.assumed(ni, before);
  }

  /** Counts `pods` placed by kernel runs that did `name`'s per-pod pass in the run ("<plugin>.run"). */
  countRun(name: string, pods: number): void {
    const k = `${name}.run`;
    this.podKernel[k] = (this.podKernel[k] ?? 0) + pods;
  }

  /** What a per-pod kernel plugin keeps for this pod's shape (regions freed with the shape cache). */
  private podShape(pod: PodInfo, name: string): Map<string, unknown> {
    const e = this.shape(pod);
    let m = e.podCols.get(name);
    if (m === undefined) {
      m = new Map();
      e.podCols.set(name, m);
    }
    return m;
  }

  private shapeRegion = (bytes: number): number => {
    const p = this.columns.allocate(bytes);
    this.shapeRegions.push(p);
    return p;
  };

  /**
   * Filters `which` (indices into `filters`, ascending) in TypeScript into the u8 column at `t`: per candidate,
   * the first rejecting one before the column's current entry.
   */
  private tsFilterInto(job: FilterJob, t: number, which: readonly number[]): void {
    const { state, pod, candidates, filters } = job;
    const u8 = this.kernel.u8;
    for (let i = 0; i < candidates.length; i++) {
      const ni = candidates[i]!;
      const cur = u8[t + ni.index]!;
      const limit = cur === TS_PASS ? 1000 : cur & 127;
      for (const d of which) {
        if (d >= limit) break;
        const s = filters[d]!.filter!(state, pod, ni);
        if (s.code === "Success") continue;
        u8[t + ni.index] = d | (isRejection(s) ? 0 : TS_ERROR);
        break;
      }
    }
  }

  // --- filter phase

  filter(job: FilterJob): FilterOutcome {
    const { state, pod, snap, candidates, filters, start, numToFind, explain } = job;
    if (snap !== this.snap || filters.length > 127) return this.tsFilter(job);
    this.trimShapes();
    let fitPos = -1;
    let hasStatic = false;
    const dynamic: number[] = [];
    const podKernel: number[] = [];
    filters.forEach((p, i) => {
      if (p.name === FIT) fitPos = i;
      else if (STATIC_FILTERS.has(p.name)) hasStatic = true;
      else if (POD_FILTERS.has(p.name)) podKernel.push(i);
      else dynamic.push(i);
    });
    let req: FitRequest | undefined;
    if (fitPos >= 0) {
      req = state.read(FIT_PREFILTER_STATE);
      // A scalar a DeviceClass backs is skipped on nodes without it (shouldDelegateResourceToDRA): TypeScript.
      if (req === undefined || req.scalarNames.length > MAX_FIT_SCALARS || req.draBacked !== null) return this.tsFilter(job);
    }
    const cols = this.columns;
    const n = candidates.length;
    let tscol = hasStatic ? this.staticFilterColumn(state, pod, filters) : 0;
    if (dynamic.length > 0 || podKernel.length > 0) {
      const u8 = this.kernel.u8;
      const t = cols.tscol;
      if (tscol !== 0) u8.copyWithin(t, tscol, tscol + cols.stride);
      else u8.fill(TS_PASS, t, t + cols.stride);
      tscol = t;
      this.tsFilterInto(job, t, dynamic);
      // Each entry of the column is the first rejecting filter: the kernel passes merge by index, in any order.
      for (const d of podKernel) {
        if (this.podPlugin(filters[d]!.name).filter?.(state, t, d) === true) this.countPass(filters[d]!.name, "filter");
        else this.tsFilterInto(job, t, [d]);
      }
    }
    let cand = 0;
    if (candidates !== snap.nodes) {
      const i32 = this.kernel.i32;
      const c = cols.cand >> 2;
      for (let i = 0; i < n; i++) i32[c + i] = candidates[i]!.index;
      cand = cols.cand;
    }
    const pb = cols.blockArea(P_PROG * 8);
    const f = this.kernel.f64;
    const b = pb >> 3;
    f[b + P_NUM_TO_FIND] = numToFind;
    f[b + P_START] = start;
    f[b + P_NCAND] = n;
    f[b + P_CAND] = cand;
    f[b + P_TSCOL] = tscol;
    f[b + P_FIT_POS] = fitPos;
    writeFitRequest(f, b, req, cols.scalarColumn);
    const nf = this.kernel.filterPod(cols.ctx, pb, true);
    this.stats.kernelFilter++;
    const res = this.kernel.f64;
    const rb = cols.res >> 3;
    if (nf < 0) {
      const processed = res[rb + R_ERR_AT]!;
      const code = res[rb + R_ERR_CODE]!;
      const ni = candidates[(start + processed) % n]!;
      const pl = filters[code]!;
      const s = pl.filter!(state, pod, ni);
      return { feasible: [], failedCount: 0, failed: () => [], examined: () => [], error: { message: filterErrorMessage(pl.name, s), processed } };
    }
    const failedCount = res[rb + R_NFAILED]!;
    const nodes = snap.nodes;
    const i32 = this.kernel.i32;
    const fb = cols.feas >> 2;
    const feasible: NodeInfo[] = new Array<NodeInfo>(nf);
    for (let k = 0; k < nf; k++) feasible[k] = nodes[i32[fb + k]!]!;
    this.lastFeasible = feasible;
    this.lastStart = start;
    this.lastCand = cand;
    this.lastExamined = nf + failedCount;
    let examined: ExaminedNode[] | null = null;
    if (explain || nf === 0) {
      // Statuses come from the rejecting plugin itself, so they are the reference's objects (Fit's reasons
      // and InsufficientResource list included); the kernel decided which plugin rejected which node.
      examined = [];
      const ex = cols.exIdx >> 2;
      const ec = cols.exCode >> 2;
      const total = nf + failedCount;
      for (let e = 0; e < total; e++) {
        const ni = nodes[i32[ex + e]!]!;
        const code = i32[ec + e]!;
        if (code < 0) examined.push({ node: ni, status: SUCCESS });
        else {
          const pl = filters[code]!;
          examined.push({ node: ni, status: withPlugin(pl.filter!(state, pod, ni), pl.name) });
        }
      }
    }
    return {
      feasible,
      failedCount,
      failed: () => (examined ?? unavailable()).filter((e) => e.status !== SUCCESS),
      examined: () => examined ?? unavailable(),
      error: null,
    };
  }

  private tsFilter(job: FilterJob): FilterOutcome {
    this.stats.tsFilter++;
    this.lastFeasible = null;
    return this.ts.filter(job);
  }

  // --- score phase

  score(job: ScoreJob): ScoreOutcome {
    const { state, pod, feasible, scorers, explain } = job;
    if (job.feasible.length > 0 && feasible[0] !== this.snap.nodes[feasible[0]!.index]) return this.tsScore(job);
    const cols = this.columns;
    const nf = feasible.length;
    const pb = cols.blockArea(this.blockSlots(scorers.length) * 8);
    const prog = this.program(state, pod, scorers, pb, true);
    if (prog === null) return this.tsScore(job);
    // Where the filter phase examined nodes (the kernel scores that part of the rotation), or every node.
    const sameFilter = this.lastFeasible === feasible;
    if (!sameFilter) {
      const i32 = this.kernel.i32;
      const fb = cols.feas >> 2;
      for (let k = 0; k < nf; k++) i32[fb + k] = feasible[k]!.index;
    }
    {
      const f = this.kernel.f64;
      const b = pb >> 3;
      f[b + P_START] = sameFilter ? this.lastStart : 0;
      f[b + P_NCAND] = sameFilter && this.lastCand !== 0 ? this.lastExamined : cols.n;
      f[b + P_CAND] = sameFilter ? this.lastCand : 0;
      f[(cols.res >> 3) + R_NF] = nf;
      f[(cols.res >> 3) + R_NFAILED] = (sameFilter ? this.lastExamined : cols.n) - nf;
    }
    if (explain) cols.ensureJobs(prog.kernelJobs);
    // Per-pod kernel passes and TypeScript-scored plugins, in profile order, before the kernel: they may report
    // errors (a kernel pass that cannot score exactly hands its plugin to TypeScript, which reports them).
    for (const t of prog.tsJobs) {
      const { plugin: pl, weight } = t.entry;
      if (t.pod) {
        const done = this.podPlugin(pl.name).score?.(state, feasible, weight, t.column, explain, this.podShape(pod, pl.name), this.shapeRegion);
        if (done != null) {
          this.countPass(pl.name, "score");
          if (explain) prog.out[t.index] = { raw: done.raw!, norm: done.norm! };
          continue;
        }
      }
      const view = new Float64Array(nf);
      const raw = scoreAndNormalize(pl, state, pod, feasible, view, explain);
      const f = this.kernel.f64;
      const base = t.column >> 3;
      for (let k = 0; k < nf; k++) {
        const s = view[k]!;
        if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE) throw new CycleError(invalidScoreMessage(pl.name, s));
        f[base + k] = s * weight;
      }
      if (raw !== null) prog.out[t.index] = { raw, norm: view };
    }
    const ties = this.kernel.scorePod(cols.ctx, pb, nf, explain);
    this.stats.kernelScore++;
    const chosen = this.kernel.choose(cols.ctx, nf, job.pick(ties));
    if (!explain) return { chosen, totals: null, perNode: null, top: null };

    const f = this.kernel.f64;
    const totals = f.slice(cols.tot >> 3, (cols.tot >> 3) + nf);
    const rawBase = cols.rawPtr >> 3;
    const normBase = cols.normPtr >> 3;
    const stride = cols.stride;
    const perNode: PluginScore[][] = [];
    for (let k = 0; k < nf; k++) {
      const list: PluginScore[] = [];
      scorers.forEach((e, j) => {
        const o = prog.out[j]!;
        let raw: number;
        let normalized: number;
        if ("kernelJob" in o) {
          raw = f[rawBase + o.kernelJob * stride + k]!;
          normalized = f[normBase + o.kernelJob * stride + k]!;
        } else {
          raw = o.raw[k]!;
          normalized = o.norm[k]!;
        }
        list.push({ plugin: e.plugin.name, raw, normalized, weighted: normalized * e.weight });
      });
      perNode.push(list);
    }
    const nt = this.kernel.topPositions(cols.ctx, nf);
    const i32 = this.kernel.i32;
    const top: number[] = [];
    for (let i = 0; i < nt; i++) top.push(i32[(cols.top >> 2) + i]!);
    return { chosen, totals, perNode, top };
  }

  private tsScore(job: ScoreJob): ScoreOutcome {
    this.stats.tsScore++;
    return this.ts.score(job);
  }

  /**
   * Writes the score program of `scorers` into block `pb` (after the header); null when a scorer cannot run
   * in the kernel exactly (missing PreScore state, no resources configured, negative static scores).
   * TypeScript-scored plugins get an OP_EXTRA job whose column the caller fills.
   */
  program(
    state: CycleState,
    pod: PodInfo,
    scorers: readonly ScorePluginEntry[],
    pb: number,
    withTs: boolean,
    /** A kernel run's PodTopologySpread column (the run's spread block scores it per pod), when not `withTs`. */
    spreadColumn = 0,
  ): { kernelJobs: number; tsJobs: TsJob[]; out: JobOut[] } | null {
    const cols = this.columns;
    // Re-taken after every call that may allocate: memory.grow detaches the old view, and writes to a detached
    // view are silently dropped (the program would read as zeros).
    let f = this.kernel.f64;
    const prog = (pb >> 3) + P_PROG;
    let p = prog + PROG_JOBS;
    const tsJobs: TsJob[] = [];
    const out: JobOut[] = [];
    for (let j = 0; j < scorers.length; j++) {
      const entry = scorers[j]!;
      const pl = entry.plugin;
      const name = pl.name;
      const staticMode = STATIC_SCORES.get(name);
      if (name === FIT) {
        const reqs = state.read(FIT_PRESCORE_STATE);
        const strategy = this.cfg.fit.scoringStrategy;
        if (reqs === undefined || strategy.resources.length === 0 || scoresDraResource(state, strategy.resources, reqs)) return null;
        f[p + JOB_OP] = strategy.type === "LeastAllocated" ? OP_LEAST : strategy.type === "MostAllocated" ? OP_MOST : OP_RTCR;
        f[p + JOB_WEIGHT] = entry.weight;
        f[p + JOB_NRES] = strategy.resources.length;
        let q = p + JOB_RES;
        strategy.resources.forEach((r, i) => {
          const podReq = reqs[i]!;
          const [a, u] = resourceColumns(r.name, podReq, false, cols.scalarColumn);
          f[q + RES_ALLOC] = a;
          f[q + RES_USED] = u;
          f[q + RES_POD] = podReq;
          f[q + RES_WEIGHT] = r.weight;
          q += FIT_RES_SLOTS;
        });
        if (strategy.type === "RequestedToCapacityRatio") {
          const shape = strategy.requestedToCapacityRatio!.shape;
          f[q++] = shape.length;
          for (const pt of shape) {
            f[q] = pt.utilization;
            // MaxNodeScore / MaxCustomPriorityScore = 10.
            f[q + 1] = pt.score * 10;
            q += RTCR_POINT_SLOTS;
          }
        }
        p = q;
      } else if (name === BALANCED) {
        const reqs = state.read(BALANCED_PRESCORE_STATE);
        const resources = this.cfg.balanced.resources;
        if (reqs === undefined || resources.length === 0 || scoresDraResource(state, resources, reqs)) return null;
        f[p + JOB_OP] = OP_BALANCED;
        f[p + JOB_WEIGHT] = entry.weight;
        f[p + JOB_NRES] = resources.length;
        let q = p + JOB_RES;
        resources.forEach((r, i) => {
          const podReq = reqs[i]!;
          const [a, u] = resourceColumns(r.name, podReq, true, cols.scalarColumn);
          f[q + RES_ALLOC] = a;
          f[q + RES_USED] = u;
          f[q + RES_POD] = podReq;
          q += BAL_RES_SLOTS;
        });
        f[q + BAL_CHANGE] = this.cfg.balanceChange ? 1 : 0;
        f[q + BAL_USE_BW] = this.balancedCache ? 1 : 0;
        p = q + BAL_TAIL_SLOTS;
      } else if (staticMode !== undefined) {
        const column = this.staticScoreColumn(state, pod, pl);
        if (column === null) return null;
        f = this.kernel.f64;
        f[p + JOB_OP] = OP_STATIC;
        f[p + JOB_WEIGHT] = entry.weight;
        f[p + STATIC_COLUMN] = column.ptr;
        f[p + STATIC_MODE] = staticMode;
        f[p + STATIC_ALL_ZERO] = column.allZero ? 1 : 0;
        f[p + STATIC_MAX] = column.max;
        p += STATIC_SLOTS;
      } else if (!withTs && name === SPREAD && spreadColumn !== 0) {
        f[p + JOB_OP] = OP_EXTRA;
        f[p + JOB_WEIGHT] = entry.weight;
        f[p + EXTRA_COLUMN] = spreadColumn;
        p += EXTRA_SLOTS;
      } else {
        if (!withTs) return null;
        const column = cols.extra(tsJobs.length);
        f = this.kernel.f64;
        tsJobs.push({ entry, column, index: j, pod: POD_SCORES.has(name) });
        f[p + JOB_OP] = OP_EXTRA;
        f[p + JOB_WEIGHT] = entry.weight;
        f[p + EXTRA_COLUMN] = column;
        p += EXTRA_SLOTS;
        out.push({ raw: new Float64Array(0), norm: new Float64Array(0) });
        continue;
      }
      out.push({ kernelJob: j });
    }
    this.kernel.f64[prog + PROG_NJOBS] = scorers.length;
    return { kernelJobs: scorers.length, tsJobs, out };
  }

  /** Whether the columns carry the BalancedAllocation without-pod cache. */
  balancedCache = false;

  /** f64 slots of a pod block whose program has `jobs` jobs: each job sized as the largest the profile can write. */
  blockSlots(jobs: number): number {
    const fit = this.cfg.fit.scoringStrategy;
    const points = fit.requestedToCapacityRatio?.shape.length ?? 0;
    const fitJob = JOB_RES + FIT_RES_SLOTS * fit.resources.length + (fit.type === "RequestedToCapacityRatio" ? 1 + RTCR_POINT_SLOTS * points : 0);
    const balancedJob = JOB_RES + BAL_RES_SLOTS * this.cfg.balanced.resources.length + BAL_TAIL_SLOTS;
    return P_PROG + PROG_JOBS + jobs * Math.max(fitJob, balancedJob, STATIC_SLOTS, EXTRA_SLOTS);
  }

  dispose(): void {
    this.clearShapes();
  }
}

/** Writes NodeResourcesFit's request (PreFilter state) into the pod block at f64 index `b`. */
export function writeFitRequest(f: Float64Array, b: number, req: FitRequest | undefined, scalarColumn: ReadonlyMap<string, number>): void {
  if (req === undefined) {
    f[b + P_FIT_EMPTY] = 1;
    f[b + P_NSCAL] = 0;
    return;
  }
  f[b + P_FIT_EMPTY] = req.empty ? 1 : 0;
  f[b + P_CPU] = req.milliCPU;
  f[b + P_MEM] = req.memory;
  f[b + P_EPH] = req.ephemeralStorage;
  f[b + P_NSCAL] = req.scalarNames.length;
  req.scalarNames.forEach((name, j) => {
    f[b + P_SCAL + 2 * j] = scalarColumn.get(name) ?? -1;
    f[b + P_SCAL + 2 * j + 1] = req.scalarValues[j]!;
  });
}

function unavailable(): never {
  throw new Error("schedkit/asm: examined nodes were not recorded for this cycle");
}
