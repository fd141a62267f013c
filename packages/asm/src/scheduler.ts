// A Scheduler whose cycles run their per-node phases in the kernel. It wraps the core's Scheduler (options,
// snapshot, PreFilter/PreScore, FitError, PostFilter all stay the cycle's) and gives it the WASM evaluator
// through the engine hook (@schedkit/core/engine). Runs of pods that only the static and resource plugins
// touch, without explanations, go to the kernel whole through cycle.runBatch: one call schedules (and assumes)
// up to RUN_BATCH pods, with the cycle's own PreFilter / PreScore decisions.
import {
  carryOutPreemption,
  evictedResult,
  CycleError,
  CycleState,
  FIT_PREFILTER_STATE,
  scheduledResult,
  type NodeInfo,
  type Plugin,
  type PodInfo,
  type ScorePluginEntry,
  type SchedulingCycle,
  type Snapshot,
} from "@schedkit/core/engine";
import { Scheduler, type Cluster, type PodInput, type PreparedPod, type ScheduleResult, type SchedulerOptions } from "@schedkit/core";
import { NodeColumns, type ColumnPair } from "./columns.js";
import { WasmNodeEvaluator, writeFitRequest } from "./evaluator.js";
import type { Kernel } from "./kernel.js";
import {
  MAX_ASSUME_SCALARS,
  P_ASSUME,
  P_CAND,
  P_FIT_POS,
  P_NCAND,
  P_NUM_TO_FIND,
  P_START,
  P_TIE_FIRST,
  P_TREE,
  P_TSCOL,
  R_NEXT_START,
  R_RNG,
  R_FUSED,
  R_TREE,
  R_TREE_MISS,
  TREE_SLOTS,
} from "../assembly/abi.js";
import { BALANCED, balancedCacheable, FIT, INTER_POD_AFFINITY, resourceColumns, resourceConfig, shapeKey, STATIC_FILTERS, STATIC_SCORES, type ResourceConfig } from "./plan.js";

/** Most pods one kernel call schedules. */
const RUN_BATCH = 1024;
const NO_NODES: readonly NodeInfo[] = Object.freeze([]);

/** How a pod shape runs in the kernel without the TypeScript cycle (null: it needs the cycle). */
interface FastPlan {
  readonly filters: readonly Plugin[];
  readonly fitPos: number;
  readonly tscol: number;
  readonly scorers: readonly ScorePluginEntry[];
}

/** Counters that show which path did the work (tests and benchmarks read them). */
export interface WasmSchedulerStats {
  /** Pods scheduled inside kernel runs. */
  readonly runPods: number;
  /** Kernel run calls. */
  readonly runCalls: number;
  /** Pods of runs placed through a node tree (pods whose block recurs in the run, O(log N) each). */
  readonly treePods: number;
  /** Pods of such runs scanned instead, their window's normalization maximum differing from the tree's. */
  readonly treeMisses: number;
  /** Pods of runs filtered and scored in one pass (resource plugins only, every node examined). */
  readonly fusedPods: number;
  /** Pods that went through the TypeScript cycle (with the kernel evaluating nodes). */
  readonly cyclePods: number;
  /** Filter / score phases the kernel did, and those handed to the reference evaluator. */
  readonly kernelFilter: number;
  readonly tsFilter: number;
  readonly kernelScore: number;
  readonly tsScore: number;
  /** Per-pod kernel passes of plugins outside the resource kernel (PodTopologySpread's Filter / Score). */
  readonly podKernelFilter: number;
  readonly podKernelScore: number;
  /** The same by plugin and phase ("PodTopologySpread.score": passes). */
  readonly podKernel: Readonly<Record<string, number>>;
}

/** Schedules pods on its own copy of a cluster with the WebAssembly kernel; same results as the core's Scheduler. */
export class WasmScheduler {
  readonly cluster: Cluster;
  private readonly core: Scheduler;
  private readonly cycle: SchedulingCycle;
  private readonly snap: Snapshot;
  private readonly columns: NodeColumns;
  private readonly evaluator: WasmNodeEvaluator;
  private readonly cfg: ResourceConfig;
  private readonly plans = new Map<string, FastPlan | null>();
  private plansGeneration = 0;
  private readonly hasInterPodAffinity: boolean;
  private readonly plugin: ReadonlyMap<string, Plugin>;
  private runPodCount = 0;
  private runCallCount = 0;
  private cyclePodCount = 0;
  private disposed = false;

  /** @internal use engine.scheduler(). */
  constructor(
    private readonly kernel: Kernel,
    cluster: Cluster,
    options?: SchedulerOptions,
  ) {
    // The kernel evaluator is installed through the Scheduler's engine hook, once its cycle and snapshot exist.
    const hooked: { cycle?: SchedulingCycle; snap?: Snapshot; evaluator?: WasmNodeEvaluator; columns?: NodeColumns } = {};
    // A constructor that runs out of kernel memory half-way gives back what it took (the caller never gets an
    // object to dispose).
    try {
      this.core = new Scheduler(cluster, options, {
        evaluator: (cycle, snap) => {
          const cfg = resourceConfig(options?.profile, cycle.config.ctx);
          const columns = new NodeColumns(kernel, snap);
          hooked.columns = columns;
          const evaluator = new WasmNodeEvaluator(kernel, columns, snap, cfg, cycle.config.tieBreak === "first", cycle.referenceEvaluator);
          Object.assign(hooked, { cycle, snap, evaluator });
          return evaluator;
        },
      });
      this.cluster = cluster;
      this.cycle = hooked.cycle!;
      this.snap = hooked.snap!;
      this.evaluator = hooked.evaluator!;
      this.columns = this.evaluator.columns;
      this.cfg = this.evaluator.cfg;
      if (balancedCacheable(this.cfg)) {
        const pairs: ColumnPair[] = this.cfg.balanced.resources.map((r) => {
          const [a, u] = resourceColumns(r.name, 1, true, this.columns.scalarColumn);
          return { a, u };
        });
        this.columns.setBalancedCache(pairs);
        this.evaluator.balancedCache = true;
      }
    } catch (e) {
      hooked.columns?.dispose();
      throw e;
    }
    const p = this.cycle.config.profile;
    const plugins = new Map<string, Plugin>();
    for (const pl of [...p.preFilter, ...p.filter, ...p.preScore, ...p.score.map((e) => e.plugin)]) plugins.set(pl.name, pl);
    this.plugin = plugins;
    this.hasInterPodAffinity = plugins.has(INTER_POD_AFFINITY);
  }

  /** The profile's schedulerName: the pods this scheduler answers to. */
  get schedulerName(): string {
    return this.core.schedulerName;
  }

  /** The pods scheduleOne's preemptions evicted so far (Scheduler.evictions). */
  get evictions(): Scheduler["evictions"] {
    return this.core.evictions;
  }

  /** @internal the preemptions carried out so far (Scheduler.preemptionLog). */
  get preemptionLog(): Scheduler["preemptionLog"] {
    return this.core.preemptionLog;
  }

  /** Where the next cycle starts examining nodes. */
  get nextStartNodeIndex(): number {
    return this.cycle.nextStartNodeIndex;
  }

  /** Which path did the work so far. */
  get stats(): WasmSchedulerStats {
    const treePods = this.kernel.f64[(this.columns.res >> 3) + R_TREE]!;
    const treeMisses = this.kernel.f64[(this.columns.res >> 3) + R_TREE_MISS]!;
    const fusedPods = this.kernel.f64[(this.columns.res >> 3) + R_FUSED]!;
    return {
      runPods: this.runPodCount,
      runCalls: this.runCallCount,
      treePods,
      treeMisses,
      fusedPods,
      cyclePods: this.cyclePodCount,
      ...this.evaluator.stats,
      podKernel: { ...this.evaluator.podKernel },
    };
  }

  /** @internal the live snapshot. */
  get snapshot(): Snapshot {
    return this.snap;
  }

  /** Validates and pre-computes a pod once (Scheduler.prepare). */
  prepare(pod: PodInput, path = "pod"): PreparedPod {
    return this.core.prepare(pod, path);
  }

  /** One scheduling cycle; nothing is assumed. */
  schedule(pod: PodInput, path = "pod"): ScheduleResult {
    return this.run([this.core.prepare(pod, path).info], false)[0]!;
  }

  /** Accounts `pod` on `nodeName`, so later cycles see it. */
  assume(pod: PodInput, nodeName: string, path = "pod"): void {
    this.live();
    this.core.assume(pod, nodeName, path);
    this.columns.refreshNode(this.snap.getNode(nodeName)!);
  }

  /** Records or clears a pod's nomination (Scheduler.nominate). */
  nominate(pod: PodInput, nodeName: string | null, path = "pod"): void {
    this.live();
    this.core.nominate(pod, nodeName, path);
  }

  /** Schedules and, when a node was chosen, assumes the pod there. */
  scheduleOne(pod: PodInput, path = "pod"): ScheduleResult {
    return this.run([this.core.prepare(pod, path).info], true)[0]!;
  }

  /**
   * Schedules pods one after another in the given order (each assumed before the next unless
   * `assume: false`, where every pod sees the cluster as it is, as `schedule` does).
   */
  scheduleMany(pods: readonly PodInput[], options?: { readonly assume?: boolean; readonly stopAtFailure?: boolean }): ScheduleResult[] {
    const infos = pods.map((p, i) => this.core.prepare(p, `pods[${i}]`).info);
    return this.run(infos, options?.assume ?? true, undefined, options?.stopAtFailure ?? false);
  }

  /**
   * @internal schedule prepared pods in order; `onResult` sees each result as it is produced. With
   * `stopAtFailure`, the first pod that is not placed is the last one scheduled.
   */
  run(infos: readonly PodInfo[], assume: boolean, onResult?: (r: ScheduleResult) => void, stopAtFailure = false): ScheduleResult[] {
    this.live();
    const out: ScheduleResult[] = [];
    const push = (r: ScheduleResult) => {
      out.push(r);
      onResult?.(r);
    };
    let i = 0;
    while (i < infos.length) {
      const batch: { info: PodInfo; plan: FastPlan }[] = [];
      if (this.fastEnabled()) {
        // Plans hold shape columns: renew both together, never while a batch holds them.
        this.evaluator.trimShapes();
        if (this.plansGeneration !== this.evaluator.generation) {
          this.plans.clear();
          this.plansGeneration = this.evaluator.generation;
        }
        while (i + batch.length < infos.length && batch.length < RUN_BATCH && this.evaluator.shapeCount < this.evaluator.maxShapes) {
          const info = infos[i + batch.length]!;
          const plan = this.plan(info);
          if (plan === null) break;
          batch.push({ info, plan });
        }
      }
      if (batch.length > 0) {
        const done = this.runBatch(batch, assume, push);
        i += done;
        if (done === batch.length) continue;
      }
      // The pod the kernel could not do alone (or that needs the cycle): the TypeScript cycle, kernel evaluator.
      const r = this.cyclePod(infos[i]!, assume);
      push(r);
      i++;
      // Kernel runs place every pod they return; a pod that does not fit comes through the cycle.
      if (stopAtFailure && r.nodeName === null) break;
    }
    return out;
  }

  private cyclePod(info: PodInfo, assume: boolean): ScheduleResult {
    this.cyclePodCount++;
    const r = this.cycle.schedule(info, this.snap);
    if (assume && r.nodeName !== null) {
      this.snap.assume(info, r.nodeName);
      this.columns.refreshNode(this.snap.getNode(r.nodeName)!);
    } else if (assume) {
      // As Scheduler.scheduleOne: the queue's nominator keeps the nomination PostFilter gave the pod, and in
      // "carry-out" mode the victims leave the snapshot; the kernel's columns of their node follow.
      this.snap.nominator.nominate(info, this.cycle.nominatingInfo ?? info.pod.nominatedNodeName);
      if (this.core.preemptionMode === "carry-out") {
        const done = carryOutPreemption(this.cycle, this.snap, info);
        if (done !== null) {
          this.core.preemptionLog.push(done);
          this.columns.refreshNode(this.snap.getNode(done.node)!);
          return evictedResult(r, done);
        }
      }
    }
    return r;
  }

  // Kernel runs need: no explanations, a resumable tie-break generator, nodes, and (InterPodAffinity being
  // enabled) no pod with affinity terms in the cluster, so InterPodAffinity's PreFilter and PreScore Skip.
  private fastEnabled(): boolean {
    const c = this.cycle;
    if (c.config.explain || this.snap.nodes.length === 0) return false;
    // Kernel filters do not yield to nominated pods (RunFilterPluginsWithNominatedPods): the cycle does.
    if (this.snap.nominator.size > 0) return false;
    if (this.hasInterPodAffinity && (this.snap.havePodsWithAffinity().length > 0 || this.snap.havePodsWithRequiredAntiAffinity().length > 0)) return false;
    return true;
  }

  // The plan of a pod shape, found by running the real PreFilter and PreScore plugins once for it.
  private plan(info: PodInfo): FastPlan | null {
    const key = shapeKey(info);
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = this.probe(info);
      this.plans.set(key, plan);
    }
    if (plan === null) return null;
    // A pod with status.nominatedNodeName tries that node first (evaluateNominatedNode): the cycle does it.
    if (info.pod.nominatedNodeName !== "") return null;
    // InterPodAffinity weighs a pod's own affinity terms against every pod of the cluster, which the pods
    // placed earlier in the run change (and a placed pod with terms changes the next pods' scores): such
    // pods go to the cycle. Without terms, and with no such pod in the cluster (fastEnabled), it skips.
    if (this.hasInterPodAffinity && (info.pod.affinity.podAffinity !== null || info.pod.affinity.podAntiAffinity !== null)) return null;
    // Per pod: what the kernel's fixed-size block can hold.
    const r = info.requests;
    if (r.scalar.size > MAX_ASSUME_SCALARS) return null;
    for (const [name, v] of r.scalar) if (v !== 0 && !this.columns.scalarColumn.has(name)) return null;
    return plan;
  }

  // The cycle's own PreFilter decisions for the shape: any rejection, restriction or error leaves the pod to it.
  private probe(info: PodInfo): FastPlan | null {
    const cycle = this.cycle;
    const profile = cycle.config.profile;
    const snap = this.snap;
    const state = new CycleState(snap);
    let filters: readonly Plugin[];
    let scorers: readonly ScorePluginEntry[];
    try {
      const pf = cycle.preFilter(state, info, snap, false);
      if (pf.rejection !== null || pf.restriction !== null) return null;
      filters = pf.filters;
      // BalancedAllocation's Skip depends on the pod's requests, which the shape leaves out: decided per pod.
      scorers = cycle.preScore(state, info, snap.nodes, snap, false, profile.preScore.filter((p) => p.name !== BALANCED)).scorers;
    } catch (e) {
      if (e instanceof CycleError) return null;
      throw e;
    }
    let fitPos = -1;
    let hasStatic = false;
    for (let i = 0; i < filters.length; i++) {
      const name = filters[i]!.name;
      if (name === FIT) fitPos = i;
      else if (STATIC_FILTERS.has(name)) hasStatic = true;
      else return null;
    }
    if (fitPos >= 0 && !profile.preFilter.some((p) => p.name === FIT)) return null;
    for (const e of scorers) {
      const name = e.plugin.name;
      if (name === FIT || name === BALANCED) {
        if (!profile.preScore.some((p) => p.name === name)) return null;
      } else if (!STATIC_SCORES.has(name)) return null;
      else if (this.evaluator.staticScoreColumn(state, info, e.plugin) === null) return null;
    }
    const tscol = hasStatic ? this.evaluator.staticFilterColumn(state, info, filters) : 0;
    return { filters, fitPos, tscol, scorers };
  }

  private runBatch(batch: readonly { info: PodInfo; plan: FastPlan }[], assume: boolean, push: (r: ScheduleResult) => void): number {
    const cols = this.columns;
    const kernel = this.kernel;
    const snap = this.snap;
    const n = snap.nodes.length;
    const cycle = this.cycle;
    const numToFind = cycle.numToFind(n);
    const maxJobs = cycle.config.profile.score.length;
    const blockSlots = this.evaluator.blockSlots(maxJobs);
    const blockBytes = blockSlots * 8;
    const listBytes = Math.ceil((batch.length * 4) / 16) * 16;
    const area = cols.blockArea(listBytes + batch.length * blockBytes);
    const fit = this.plugin.get(FIT);
    const balanced = this.plugin.get(BALANCED);
    const count = batch.length;
    for (let i = 0; i < count; i++) {
      const { info, plan } = batch[i]!;
      const pb = area + listBytes + i * blockBytes;
      kernel.i32[(area >> 2) + i] = pb;
      kernel.f64.fill(0, pb >> 3, (pb >> 3) + blockSlots);
      // The per-pod part of the cycle's decisions: Fit's PreFilter state, and the resource scorers' PreScore
      // (their state, and BalancedAllocation's Skip for a pod requesting none of its resources).
      const state = new CycleState(snap);
      let scorers = plan.scorers;
      try {
        if (plan.fitPos >= 0 && cycle.preFilter(state, info, snap, false, [fit!]).rejection !== null) return this.runPrefix(batch, i, assume, push, blockSlots);
        const perPod = scorers.filter((e) => e.plugin === fit || e.plugin === balanced).map((e) => e.plugin);
        const skipped = cycle.preScore(state, info, NO_NODES, snap, false, perPod).skipped;
        if (skipped.size > 0) scorers = scorers.filter((e) => !skipped.has(e.plugin.name));
      } catch (e) {
        if (e instanceof CycleError) return this.runPrefix(batch, i, assume, push, blockSlots);
        throw e;
      }
      const req = plan.fitPos >= 0 ? state.read(FIT_PREFILTER_STATE) : undefined;
      if (plan.fitPos >= 0 && (req === undefined || req.scalarNames.length > 27)) return this.runPrefix(batch, i, assume, push, blockSlots);
      if (this.evaluator.program(state, info, scorers, pb, false) === null) return this.runPrefix(batch, i, assume, push, blockSlots);
      const f = kernel.f64;
      const b = pb >> 3;
      f[b + P_NUM_TO_FIND] = numToFind;
      f[b + P_NCAND] = n;
      f[b + P_CAND] = 0;
      f[b + P_TSCOL] = plan.tscol;
      f[b + P_FIT_POS] = plan.fitPos;
      writeFitRequest(f, b, req, cols.scalarColumn);
      const r = info.requests;
      f[b + P_ASSUME] = r.milliCPU;
      f[b + P_ASSUME + 1] = r.memory;
      f[b + P_ASSUME + 2] = r.ephemeralStorage;
      f[b + P_ASSUME + 3] = info.nonZeroMilliCPU;
      f[b + P_ASSUME + 4] = info.nonZeroMemory;
      let ns = 0;
      for (const [name, v] of r.scalar) {
        const c = cols.scalarColumn.get(name);
        if (c === undefined) continue;
        f[b + P_ASSUME + 6 + 2 * ns] = c;
        f[b + P_ASSUME + 7 + 2 * ns] = v;
        ns++;
      }
      f[b + P_ASSUME + 5] = ns;
      f[b + P_TIE_FIRST] = this.evaluator.tieFirst ? 1 : 0;
      f[b + P_TREE] = 0;
      f[b + P_START] = 0;
    }
    return this.runPrefix(batch, count, assume, push, blockSlots);
  }

  // Pods of the first `count` whose blocks recur (same shape, same requests: replicas, or shapes alternated)
  // share a node tree slot, for up to TREE_SLOTS distinct blocks: the kernel then places all but the first
  // in O(log N) (assembly/tree.ts).
  private treeSlots(batch: readonly { plan: FastPlan }[], count: number, blockSlots: number): void {
    const kernel = this.kernel;
    const list = this.columns.blockArea(0) >> 2;
    const f = kernel.f64;
    const reps: number[] = [];
    const slots = new Int8Array(count).fill(-1);
    const uses = new Array<number>(TREE_SLOTS).fill(0);
    for (let i = 0; i < count; i++) {
      const b = kernel.i32[list + i]! >> 3;
      for (let s = 0; s < reps.length && slots[i] === -1; s++) {
        const r = reps[s]!;
        if (batch[r]!.plan !== batch[i]!.plan) continue;
        const rb = kernel.i32[list + r]! >> 3;
        let same = true;
        for (let k = 0; k < blockSlots && same; k++) if (k !== P_TREE && k !== P_START && f[b + k] !== f[rb + k]) same = false;
        if (same) slots[i] = s;
      }
      if (slots[i] === -1 && reps.length < TREE_SLOTS) {
        slots[i] = reps.length;
        reps.push(i);
      }
      if (slots[i]! >= 0) uses[slots[i]!]!++;
    }
    for (let s = 0; s < reps.length; s++) if (uses[s]! > 1) this.columns.ensureTree(s);
    // Laying a tree out may have grown the memory: fresh views.
    const g = kernel.f64;
    for (let i = 0; i < count; i++) {
      const s = slots[i]!;
      if (s >= 0 && uses[s]! > 1) g[(kernel.i32[list + i]! >> 3) + P_TREE] = s + 1;
    }
  }

  // Runs the first `count` pods of the batch (whose blocks are written) in one kernel call, continuing the
  // cycle's rotation and tie-break generator and handing them back.
  private runPrefix(batch: readonly { info: PodInfo; plan: FastPlan }[], count: number, assume: boolean, push: (r: ScheduleResult) => void, blockSlots: number): number {
    if (count === 0) return 0;
    const cols = this.columns;
    const kernel = this.kernel;
    this.treeSlots(batch, count, blockSlots);
    const rb = cols.res >> 3;
    const done = this.cycle.runBatch((from) => {
      kernel.f64[rb + R_RNG] = from.rngState;
      kernel.f64[rb + R_NEXT_START] = from.nextStartNodeIndex;
      cols.ensureRunOut(count);
      const result = kernel.runPods(cols.ctx, cols.blockArea(0), count, assume);
      return { result, end: { nextStartNodeIndex: kernel.f64[rb + R_NEXT_START]!, rngState: kernel.f64[rb + R_RNG]! } };
    });
    this.runCallCount++;
    this.runPodCount += done;
    const out = cols.ensureRunOut(count);
    const nodes = this.snap.nodes;
    for (let i = 0; i < done; i++) {
      const info = batch[i]!.info;
      const i32 = kernel.i32;
      const o = out >> 2;
      const ni = nodes[i32[o + 3 * i]!]!;
      const name = ni.node.name;
      // The kernel already updated the columns; the TypeScript snapshot follows.
      if (assume) this.snap.assume(info, name);
      push(scheduledResult(info, name, i32[o + 3 * i + 1]!, i32[o + 3 * i + 2]!));
    }
    return done;
  }

  private live(): void {
    if (this.disposed) throw new Error("schedkit/asm: this WasmScheduler was disposed");
  }

  /** @internal what frees the kernel memory, without a reference to the scheduler (for a FinalizationRegistry). */
  releaser(): () => void {
    // The evaluator's shape columns are regions of the columns: releasing those frees everything.
    return this.columns.releaser();
  }

  /** Returns the scheduler's kernel memory to the engine (also done when it is garbage-collected). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.evaluator.dispose();
    this.columns.dispose();
  }
}
