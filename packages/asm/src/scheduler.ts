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
  numberedResult,
  scheduledResult,
  type NodeInfo,
  type Plugin,
  type PodInfo,
  type ScorePluginEntry,
  type SchedulingCycle,
  type Snapshot,
  type SpreadPreScore,
  SPREAD_PRESCORE_STATE,
} from "@schedkit/core/engine";
import { Scheduler, type Cluster, type GatedPod, type PodInput, type PodList, type PreparedPod, type RunOutput, type RunResult, type ScheduleResult, type SchedulerOptions, type SchedulerRunOptions } from "@schedkit/core";
import { prepareRunQueue, runPasses, summarizeRun } from "@schedkit/core/engine";
import { NodeColumns, type ColumnPair } from "./columns.js";
import { WasmNodeEvaluator, writeFitRequest } from "./evaluator.js";
import type { Kernel } from "./kernel.js";
import {
  MAX_ASSUME_SCALARS,
  P_ASSUME,
  P_CAND,
  P_FIT_POS,
  FUSED_CACHE_SLOTS,
  P_FUSED_SLOT,
  P_NCAND,
  P_NUM_TO_FIND,
  P_SPREAD,
  P_START,
  P_TIE_FIRST,
  P_TREE,
  P_TSCOL,
  R_NEXT_START,
  R_RNG,
  R_FUSED,
  R_FUSED_KEPT,
  R_FUSED_WINDOW,
  R_FUSED_WINDOW_KEPT,
  R_FUSED_MISS,
  R_TIE_WALK,
  R_WINDOW_WALK,
  R_TREE,
  R_TREE_MISS,
  TREE_SLOTS,
  TS_PASS,
} from "../assembly/abi.js";
import { BALANCED, balancedCacheable, FIT, INTER_POD_AFFINITY, resourceColumns, resourceConfig, ShapeChain, shapeKey, SPREAD, STATIC_FILTERS, STATIC_SCORES, type ResourceConfig } from "./plan.js";
import { MAX_RUN_CONSTRAINTS, type SpreadRun } from "./spread.js";

/** Most pod blocks one kernel call holds (pods that differ from the pod before them in plan or requests). */
const RUN_BATCH = 1024;

/**
 * Most pods one kernel call schedules. A pod with the plan and requests of the pod before it shares that
 * pod's block (the kernel writes nothing in a block but P_START, set before each pod reads it), so a run of
 * replicas takes one block and one call, and the call's trees are built once for all of them instead of once
 * per RUN_BATCH pods (at 5,000 nodes the spread group trees' builds were most of a Deployment's run).
 */
const RUN_PODS = 65536;
const NO_NODES: readonly NodeInfo[] = Object.freeze([]);

/** How a pod shape runs in the kernel without the TypeScript cycle (null: it needs the cycle). */
interface FastPlan {
  readonly filters: readonly Plugin[];
  readonly fitPos: number;
  readonly tscol: number;
  readonly scorers: readonly ScorePluginEntry[];
  /**
   * PodTopologySpread's PreScore state for the shape and its weight, when it scores (soft constraints only:
   * hard ones make it a filter, which leaves the pods to the cycle). Its constraints, inclusion options and
   * key requirement are the shape's; the counts are the kernel run's (src/spread.ts runBlock).
   */
  readonly spread: { readonly ps: SpreadPreScore; readonly weight: number } | null;
  /**
   * The pod blocks written for this shape, by the pod's requests (requestHash, sameRequests): the per-pod
   * decisions (Fit's PreFilter state, the resource scorers' PreScore state and BalancedAllocation's Skip) read
   * nothing of a pod beyond its shape and its requests, so pods of one shape with the same requests get the
   * same block.
   */
  readonly blocks: Map<number, CachedBlock[]>;
  blockCount: number;
}

/** A block written for a pod, kept for the next pods of its shape with the same requests. */
interface CachedBlock {
  readonly info: PodInfo;
  readonly block: Float64Array;
  /** The block's slots as text, once asked for (fusedSlots): equal blocks keep one set of fused totals. */
  content?: string;
}

/**
 * Pods handed to one kernel run, with their plans: `count` pods of the pass from `from`. What is kept is per
 * block, not per pod, but for one byte (`shared`): a replica of the pod before it adds no object and no array
 * element to the batch (50,000 replicas were three arrays of 50,000 grown and copied per run).
 */
interface Batch {
  readonly pods: readonly PodInfo[];
  readonly from: number;
  count: number;
  /** Per block (the pods that share none, in order): its pod's plan. A pod that shares has the pod before's. */
  readonly plans: FastPlan[];
  /** Per block: the cached block it was copied from or into (null: written for that pod alone). */
  readonly entries: (CachedBlock | null)[];
  /** Per pod of the batch: 1 when it shares the block of the pod before it (sharesBlock), or its plan and block. */
  readonly shared: Uint8Array;
}

/**
 * How many times N the node evaluations a tree must save before a block gets one (treeSlots). A tree costs a
 * total for every node to build and a total plus log N pulls per assume after, for the rest of the batch; with
 * varied pods on 5,000 nodes, every node examined, trees for blocks of 9 pods in a batch cost more than their
 * scans would have (payback 8), and 32 ran as fast as no tree at all, while a Deployment's replicas (a batch of
 * one block) keep theirs.
 */
const TREE_PAYBACK = 32;

/**
 * The same for a spreading run's group trees (assembly/spreadtree.ts), whose scans also compute every examined
 * node's spread score: built for a single cycle they made one cycle of a spreading pod on 500 nodes 2.5× slower
 * (`pnpm bench -- --suites vs-upstream`).
 */
const SPREAD_TREE_PAYBACK = 4;

/** How many pods of one block a run needs before a tree for them pays: their scans after the first would examine `payback` × N nodes. */
function treePayback(numToFind: number, n: number, payback: number): number {
  return 1 + Math.ceil((payback * n) / Math.max(1, Math.min(numToFind, n)));
}

/**
 * Whether the batch's next pod, `info` of `plan`, has the plan and requests of the pod before it: then it takes
 * that pod's block (writeBlock reads nothing else of a pod).
 */
function sharesBlock(batch: Batch, info: PodInfo, plan: FastPlan): boolean {
  return batch.count > 0 && batch.plans[batch.plans.length - 1] === plan && sameRequests(info, batch.pods[batch.from + batch.count - 1]!);
}

/** How many of the first `count` pods of the batch take each of their blocks (the block's pod and those sharing it). */
function podsPerBlock(batch: Batch, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (batch.shared[i] === 1) out[out.length - 1]!++;
    else out.push(1);
  }
  return out;
}

/** Most distinct request sets a shape keeps blocks for (then blocks are written per pod, as without a cache). */
const MAX_BLOCKS_PER_SHAPE = 4096;

// What the per-pod part of a block reads of a pod besides its shape: PodRequests (Fit's PreFilter, the assume),
// the scorers' requests (resource_allocation.go calculatePodResourceRequestList: requests or fitScoreRequests)
// and the non-zero defaults (the assume). Scalars in the pod's order, which the block keeps.
function requestHash(info: PodInfo): number {
  const r = info.requests;
  const s = info.fitScoreRequests;
  let h = mixNumber(mixNumber(mixNumber(0x811c9dc5, r.milliCPU), r.memory), r.ephemeralStorage);
  h = mixNumber(mixNumber(h, info.nonZeroMilliCPU), info.nonZeroMemory);
  h = mixNumber(mixNumber(mixNumber(h, s.milliCPU), s.memory), s.ephemeralStorage);
  return mixNumber(mixNumber(h, r.scalar.size), s.scalar.size);
}

function mixNumber(h: number, v: number): number {
  return Math.imul(h ^ (v | 0) ^ ((v / 4294967296) | 0), 0x01000193) >>> 0;
}

function sameRequests(a: PodInfo, b: PodInfo): boolean {
  const r = a.requests;
  const q = b.requests;
  const s = a.fitScoreRequests;
  const t = b.fitScoreRequests;
  return (
    r.milliCPU === q.milliCPU &&
    r.memory === q.memory &&
    r.ephemeralStorage === q.ephemeralStorage &&
    a.nonZeroMilliCPU === b.nonZeroMilliCPU &&
    a.nonZeroMemory === b.nonZeroMemory &&
    s.milliCPU === t.milliCPU &&
    s.memory === t.memory &&
    s.ephemeralStorage === t.ephemeralStorage &&
    sameScalars(r.scalar, q.scalar) &&
    sameScalars(s.scalar, t.scalar)
  );
}

// Same names, values and order (the block lists the pod's scalars in its order).
function sameScalars(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  if (a.size === 0) return true;
  const bi = b.entries();
  for (const [k, v] of a) {
    const [l, w] = bi.next().value as [string, number];
    if (k !== l || v !== w) return false;
  }
  return true;
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
  /**
   * Spreading pods placed through the group trees whose tie-break walked the window in examination order
   * instead of descending the trees (more groups tied than a descent reads cheaply; assembly/spreadtree.ts).
   */
  readonly tieWalks: number;
  /**
   * Spreading pods placed through the group trees whose window (not every node) was counted per group by
   * walking its nodes rather than by range queries on each group's tree (assembly/spreadtree.ts).
   */
  readonly windowWalks: number;
  /** Pods of runs filtered and scored in one pass (resource and static score plugins only; every node or a window examined). */
  readonly fusedPods: number;
  /** Of those, pods whose one pass covered a window of the nodes (percentageOfNodesToScore below 100 %). */
  readonly fusedWindowPods: number;
  /** Node pairs of those windows whose totals were kept from an earlier pod of the block in the kernel call. */
  readonly fusedWindowKeptPairs: number;
  /** Pods whose one pass found no feasible node at the normalized static column's maximum (then filtered and scored in two). */
  readonly fusedMisses: number;
  /** Fused pods whose block's node totals were kept from its previous pod in the kernel call (only assumed nodes recomputed). */
  readonly fusedKept: number;
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
  /** Which block content holds which kept-totals slot (fusedSlots), the slots' contents and the call each was last used in. */
  private readonly fused = { slotOf: new Map<string, number>(), keyOf: new Array<string | undefined>(FUSED_CACHE_SLOTS), lastCall: new Array<number>(FUSED_CACHE_SLOTS).fill(0), calls: 0, generation: -1 };
  private plansGeneration = 0;
  /** The snapshot's lists of nodes holding pods with affinity terms when the plans were made (InterPodAffinity). */
  private plansAffinity: readonly NodeInfo[] | null = null;
  private plansAntiAffinity: readonly NodeInfo[] | null = null;
  private readonly hasInterPodAffinity: boolean;
  private readonly plugin: ReadonlyMap<string, Plugin>;
  private runPodCount = 0;
  private runCallCount = 0;
  private cyclePodCount = 0;
  private disposed = false;
  /** The runs' byte per pod (Batch.shared) between passes; null while a pass holds it. */
  private sharedBytes: Uint8Array | null = null;

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
    const fusedMisses = this.kernel.f64[(this.columns.res >> 3) + R_FUSED_MISS]!;
    const fusedKept = this.kernel.f64[(this.columns.res >> 3) + R_FUSED_KEPT]!;
    const tieWalks = this.kernel.f64[(this.columns.res >> 3) + R_TIE_WALK]!;
    const windowWalks = this.kernel.f64[(this.columns.res >> 3) + R_WINDOW_WALK]!;
    const fusedWindowPods = this.kernel.f64[(this.columns.res >> 3) + R_FUSED_WINDOW]!;
    const fusedWindowKeptPairs = this.kernel.f64[(this.columns.res >> 3) + R_FUSED_WINDOW_KEPT]!;
    return {
      runPods: this.runPodCount,
      runCalls: this.runCallCount,
      treePods,
      treeMisses,
      tieWalks,
      windowWalks,
      fusedPods,
      fusedMisses,
      fusedKept,
      fusedWindowPods,
      fusedWindowKeptPairs,
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

  /** Whether the scheduling queue would hold the pod back (Scheduler.preEnqueue: SchedulingGates). */
  preEnqueue(pod: PodInput, path = "pod"): GatedPod | null {
    return this.core.preEnqueue(pod, path);
  }

  /** Accounts `pod` on `nodeName`, so later cycles see it. */
  assume(pod: PodInput, nodeName: string, path = "pod"): void {
    this.live();
    this.core.assume(pod, nodeName, path);
    this.columns.refreshNode(this.snap.getNode(nodeName)!);
  }

  /** Deletes a pod from its node (Scheduler.removePod); the node's columns follow. */
  removePod(pod: string, nodeName: string): void {
    this.live();
    this.core.removePod(pod, nodeName);
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
    const infos = this.core.prepareAll(pods);
    this.core.checkExplanations(infos.length);
    return this.run(infos, options?.assume ?? true, undefined, options?.stopAtFailure ?? false);
  }

  /**
   * scheduleAll on this scheduler's cluster as it is now (Scheduler.scheduleAll): the node columns stay from
   * call to call, and only the nodes whose pods changed since (NodeInfo.generation) are written again.
   */
  scheduleAll(pods?: PodList, options?: SchedulerRunOptions): RunResult {
    this.live();
    this.core.beginRun(pods, options);
    return this.runAll(pods, options);
  }

  /** @internal core schedule.ts Scheduler.runAll, with the pods handed to the kernel as runs. */
  runAll(pods: PodList | undefined, output: (RunOutput & { readonly nodeUsage?: boolean; readonly ownQueue?: boolean }) | undefined): RunResult {
    const { infos, failure, skipped } = prepareRunQueue(pods, this.cluster, this.schedulerName, (pod, path) => this.core.queuedInfo(pod, path));
    const { queued, gated } = this.core.gate(infos);
    this.core.checkExplanations(queued.length, output);
    const { tally, results, evictions, preemptions, cycles, table } = runPasses(queued, (pass, onResult) => this.each(pass, true, onResult, false, true), this.preemptionLog, this.snap, output, output?.ownQueue === true ? null : this.core.queueingHints);
    if (failure !== null) throw failure;
    const summary = summarizeRun(tally, output?.nodeUsage === false ? null : this.snap.nodes, skipped, evictions, preemptions, { gated: gated.length, cycles });
    return { results, summary, skipped, gated, evictions, ...(table === undefined ? {} : { table }) };
  }

  /**
   * @internal schedule prepared pods in order; `onResult` sees each result as it is produced. With
   * `stopAtFailure`, the first pod that is not placed is the last one scheduled.
   */
  run(infos: readonly PodInfo[], assume: boolean, onResult?: (r: ScheduleResult) => void, stopAtFailure = false): ScheduleResult[] {
    const out: ScheduleResult[] = [];
    this.each(
      infos,
      assume,
      (r) => {
        out.push(r);
        onResult?.(r);
      },
      stopAtFailure,
    );
    return out;
  }

  /**
   * run without collecting the results: scheduleAll's passes hand each to the queue (runPasses), which keeps
   * what its output asks for. Held to the end of a pass, 10⁶ results were ~250 MB of a run that keeps none.
   * `numbered`: the results go to runPasses, which numbers every one (`cycle`): kernel runs make theirs with
   * that field (numberedResult), not added after to each.
   */
  private each(infos: readonly PodInfo[], assume: boolean, push: (r: ScheduleResult) => void, stopAtFailure = false, numbered = false): void {
    this.live();
    // Whoever shares the snapshot (simulate's live cluster) may have removed or added pods since the last run.
    this.columns.sync();
    const shapes = new ShapeChain();
    // One byte per pod of a run (a run holds at most RUN_PODS), kept from pass to pass: a queue's retries are
    // passes of one pod each. Taken while in use, so that a pass started inside this one (an onResult that
    // schedules) makes its own.
    const need = Math.min(RUN_PODS, infos.length);
    let shared = this.sharedBytes;
    this.sharedBytes = null;
    if (shared === null || shared.length < need) shared = new Uint8Array(need);
    let i = 0;
    while (i < infos.length) {
      const batch: Batch = { pods: infos, from: i, count: 0, plans: [], entries: [], shared };
      if (this.fastEnabled()) {
        // Plans hold shape columns: renew both together, never while a batch holds them.
        this.evaluator.trimShapes();
        if (this.plansGeneration !== this.evaluator.generation) {
          this.plans.clear();
          this.plansGeneration = this.evaluator.generation;
        }
        // A shape's plan holds InterPodAffinity's PreFilter and PreScore decisions for it, which read the
        // cluster's pods with affinity terms (their terms against the shape's labels: Skip when none applies).
        // The snapshot renews its lists of the nodes holding such pods when one comes or goes: so do the plans.
        // A run's own pods have no terms (plan), so they never change the lists.
        if (this.hasInterPodAffinity) {
          const withAffinity = this.snap.havePodsWithAffinity();
          const withAnti = this.snap.havePodsWithRequiredAntiAffinity();
          if (withAffinity !== this.plansAffinity || withAnti !== this.plansAntiAffinity) {
            this.plans.clear();
            this.plansAffinity = withAffinity;
            this.plansAntiAffinity = withAnti;
          }
        }
        while (i + batch.count < infos.length && batch.count < RUN_PODS && this.evaluator.shapeCount < this.evaluator.maxShapes) {
          const info = infos[i + batch.count]!;
          const prev = batch.count > 0 ? infos[i + batch.count - 1]! : null;
          // A replica of the pod before it (its shape and requests): everything plan() and the checks below
          // decide is that pod's (the per-pod rules read only shape fields and requests), so it joins the run
          // with that pod's plan and block.
          if (prev !== null && sameRequests(info, prev) && shapes.same(prev, info)) {
            shared[batch.count++] = 1;
            continue;
          }
          const prevPlan = batch.plans[batch.plans.length - 1];
          const plan = prev === null ? this.plan(info) : this.plan(info, prev, prevPlan!, shapes);
          if (plan === null) break;
          // A run that spreads is of one shape: every assume then adds the same matching pods to the counts
          // the kernel keeps, and no other pod of the run changes them.
          if (batch.plans.length > 0 && (plan.spread !== null || batch.plans[0]!.spread !== null) && plan !== batch.plans[0]!) break;
          if (sharesBlock(batch, info, plan)) {
            shared[batch.count++] = 1;
            continue;
          }
          if (batch.plans.length === RUN_BATCH) break;
          batch.plans.push(plan);
          shared[batch.count++] = 0;
        }
      }
      if (batch.count > 0) {
        const done = this.runBatch(batch, assume, push, numbered);
        i += done;
        if (done === batch.count) continue;
      }
      // The pod the kernel could not do alone (or that needs the cycle): the TypeScript cycle, kernel evaluator.
      const r = this.cyclePod(infos[i]!, assume);
      push(r);
      i++;
      // Kernel runs place every pod they return; a pod that does not fit comes through the cycle.
      if (stopAtFailure && r.nodeName === null) break;
    }
    this.sharedBytes = shared;
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
    return true;
  }

  // The plan of a pod shape, found by running the real PreFilter and PreScore plugins once for it.
  // `prev`: the pod before it in the batch, with its plan; a replica of it takes that plan without a shape key.
  private plan(info: PodInfo, prev?: PodInfo, prevPlan?: FastPlan, shapes?: ShapeChain): FastPlan | null {
    let plan: FastPlan | null | undefined;
    if (prev !== undefined && shapes!.same(prev, info)) plan = prevPlan!;
    else {
      const key = shapeKey(info);
      plan = this.plans.get(key);
      if (plan === undefined) {
        plan = this.probe(info);
        this.plans.set(key, plan);
      }
    }
    if (plan === null) return null;
    // A pod with status.nominatedNodeName tries that node first (evaluateNominatedNode): the cycle does it.
    if (info.pod.nominatedNodeName !== "") return null;
    // InterPodAffinity weighs a pod's own affinity terms against every pod of the cluster, which the pods
    // placed earlier in the run change (and a placed pod with terms changes the next pods' scores): such
    // pods go to the cycle. A pod without terms meets only the terms of the cluster's pods, which no pod of
    // the run changes: the shape's probe decided whether any applies (PreFilter / PreScore Skip, else the cycle).
    if (this.hasInterPodAffinity && (info.pod.affinity.podAffinity !== null || info.pod.affinity.podAntiAffinity !== null)) return null;
    // Per pod: what the kernel's fixed-size block can hold.
    const r = info.requests;
    if (r.scalar.size > MAX_ASSUME_SCALARS) return null;
    for (const [name, v] of r.scalar) if (v !== 0 && !this.columns.scalarColumn.has(name)) return null;
    // A resource a DeviceClass backs (DRAExtendedResource) is decided per node by Fit and DynamicResources: the cycle.
    const classes = this.snap.deviceClasses;
    if (classes !== undefined && !classes.empty) for (const name of r.scalar.keys()) if (classes.classFor(name) !== undefined) return null;
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
    let spread: FastPlan["spread"] = null;
    for (const e of scorers) {
      const name = e.plugin.name;
      if (name === SPREAD) {
        const ps = state.read(SPREAD_PRESCORE_STATE);
        if (ps === undefined || ps.constraints.length > MAX_RUN_CONSTRAINTS) return null;
        spread = { ps, weight: e.weight };
      } else if (name === FIT || name === BALANCED) {
        if (!profile.preScore.some((p) => p.name === name)) return null;
      } else if (!STATIC_SCORES.has(name)) return null;
      else if (this.evaluator.staticScoreColumn(state, info, e.plugin) === null) return null;
    }
    let tscol = hasStatic ? this.evaluator.staticFilterColumn(state, info, filters) : 0;
    // No node rejected by a static filter (a cluster without cordons or NoSchedule taints the shape does not
    // tolerate): the column says nothing the kernel's filter must read for every node it examines.
    if (tscol !== 0 && this.kernel.u8.subarray(tscol, tscol + snap.nodes.length).every((v) => v === TS_PASS)) tscol = 0;
    return { filters, fitPos, tscol, scorers, spread, blocks: new Map(), blockCount: 0 };
  }

  private runBatch(batch: Batch, assume: boolean, push: (r: ScheduleResult) => void, numbered: boolean): number {
    const cols = this.columns;
    const kernel = this.kernel;
    const n = this.snap.nodes.length;
    const numToFind = this.cycle.numToFind(n);
    const maxJobs = this.cycle.config.profile.score.length;
    const blockSlots = this.evaluator.blockSlots(maxJobs);
    const blockBytes = blockSlots * 8;
    const { pods, from, count, shared } = batch;
    const listBytes = Math.ceil((count * 4) / 16) * 16;
    // The run's spread block first (it may allocate the shape's match columns), then the blocks.
    const headPlan = batch.plans[0]!;
    let spread: SpreadRun | null = null;
    if (headPlan.spread !== null) {
      spread = this.evaluator.spreadRun(pods[from]!, headPlan.spread.ps, headPlan.spread.weight);
      if (spread === null) return 0;
    }
    const area = cols.blockArea(listBytes + batch.plans.length * blockBytes);
    // A spreading run's replicas with the first one's block share its group trees (assembly/spreadtree.ts),
    // when enough of them come to pay for building the trees (as treeSlots decides for node trees).
    let first: CachedBlock | null = null;
    let firstUses = 0;
    // Views of the kernel memory, taken again only after writeBlock (which may grow it).
    let i32 = kernel.i32;
    let f64 = kernel.f64;
    let k = -1;
    for (let i = 0; i < count; i++) {
      if (shared[i] === 1) {
        // The block of the pod before (written, or copied from its cache entry): shared, not copied again.
        i32[(area >> 2) + i] = i32[(area >> 2) + i - 1]!;
        if (spread !== null && batch.entries[k] !== null && batch.entries[k] === first) firstUses++;
        continue;
      }
      k++;
      const info = pods[from + i]!;
      const plan = batch.plans[k]!;
      const pb = area + listBytes + k * blockBytes;
      i32[(area >> 2) + i] = pb;
      const h = requestHash(info);
      const cached = plan.blocks.get(h);
      let entry: CachedBlock | null = null;
      if (cached !== undefined) {
        for (let c = 0; c < cached.length; c++) {
          if (sameRequests(info, cached[c]!.info)) {
            entry = cached[c]!;
            break;
          }
        }
      }
      if (entry === null) {
        if (!this.writeBlock(info, plan, pb, blockSlots, numToFind, n, spread)) return this.runPrefix(batch, i, assume, push, numbered);
        i32 = kernel.i32;
        f64 = kernel.f64;
        if (plan.blockCount < MAX_BLOCKS_PER_SHAPE) {
          entry = { info, block: f64.slice(pb >> 3, (pb >> 3) + blockSlots) };
          if (cached === undefined) plan.blocks.set(h, [entry]);
          else cached.push(entry);
          plan.blockCount++;
        }
      } else f64.set(entry.block, pb >> 3);
      batch.entries[k] = entry;
      if (spread !== null && entry !== null) {
        first ??= entry;
        if (entry === first) firstUses++;
      }
    }
    if (first !== null && firstUses >= treePayback(numToFind, n, SPREAD_TREE_PAYBACK)) {
      // Per block: the pods that share a block share its P_TREE.
      const g = kernel.f64;
      for (let b = 0; b < batch.plans.length; b++) if (batch.entries[b] === first) g[((area + listBytes + b * blockBytes) >> 3) + P_TREE] = 1;
    }
    return this.runPrefix(batch, count, assume, push, numbered);
  }

  // Pods of the first `count` whose blocks recur (same shape, same requests: replicas, or shapes alternated)
  // share a node tree slot, for the TREE_SLOTS blocks used most: the kernel then places all but the first in
  // O(log N) (assembly/tree.ts). A scan costs about numToFind node evaluations, so a block gets a tree only when
  // its pods after the first would scan TREE_PAYBACK × N nodes (with varied pods, the trees built for the first
  // four blocks that recurred at all were 15 % of a run and placed 1 % of its pods).
  private treeSlots(batch: Batch, count: number, numToFind: number, n: number): void {
    const kernel = this.kernel;
    const list = this.columns.blockArea(0) >> 2;
    const uses = new Map<CachedBlock, number>();
    const pods = podsPerBlock(batch, count);
    for (let b = 0; b < pods.length; b++) {
      const e = batch.entries[b];
      if (e !== null && e !== undefined) uses.set(e, (uses.get(e) ?? 0) + pods[b]!);
    }
    const least = treePayback(numToFind, n, TREE_PAYBACK);
    const chosen = [...uses].filter(([, u]) => u >= least);
    if (chosen.length === 0) return;
    // Most used first; Map order (first use in the batch) breaks ties, so the choice is deterministic.
    chosen.sort((x, y) => y[1] - x[1]);
    const slot = new Map<CachedBlock, number>();
    for (let s = 0; s < chosen.length && s < TREE_SLOTS; s++) {
      slot.set(chosen[s]![0], s);
      this.columns.ensureTree(s);
    }
    // Laying a tree out may have grown the memory: fresh views. Per block (its pods read its P_TREE).
    const g = kernel.f64;
    for (let i = 0, b = -1; i < count; i++) {
      if (batch.shared[i] === 1) continue;
      const e = batch.entries[++b];
      const s = e === null || e === undefined ? undefined : slot.get(e);
      if (s !== undefined) g[(kernel.i32[list + i]! >> 3) + P_TREE] = s + 1;
    }
  }

  // The blocks that recur among the first `count` pods keep their node totals from one pod to the next within
  // the kernel call (assembly/vector.ts "recurring blocks", and node by node in a window: "the window"), in
  // order of first use, as many as the kept columns allow. The kernel takes them only for pods its fused pass
  // places.
  private fusedSlots(batch: Batch, count: number, windowed: boolean): void {
    const kernel = this.kernel;
    // By content: blocks of shapes that differ only where no plugin of the block looks are equal (their
    // static columns are shared, WasmNodeEvaluator internColumn), and so are their totals.
    const uses = new Map<string, number>();
    const pods = podsPerBlock(batch, count);
    for (let b = 0; b < pods.length; b++) {
      const e = batch.entries[b];
      if (e === null || e === undefined) continue;
      e.content ??= e.block.join(",");
      uses.set(e.content, (uses.get(e.content) ?? 0) + pods[b]!);
    }
    // Every node examined, a block's totals last one call: only blocks that recur in it take a slot. A window's
    // totals last across calls, so every block may.
    const least = windowed ? 1 : 2;
    let wanted = 0;
    for (const u of uses.values()) if (u >= least) wanted++;
    if (wanted === 0) return;
    const slots = this.columns.ensureFusedCache();
    if (slots === 0) return;
    // A block's content names its static columns by address: once the evaluator has given them back, the
    // same text may mean other columns.
    if (this.fused.generation !== this.evaluator.generation) {
      this.fused.slotOf.clear();
      this.fused.keyOf.fill(undefined);
      this.fused.generation = this.evaluator.generation;
    }
    const call = ++this.fused.calls;
    const { slotOf, keyOf, lastCall } = this.fused;
    const slot = new Map<string, number>();
    for (const [key, u] of uses) {
      const s = u >= least ? slotOf.get(key) : undefined;
      if (s === undefined) continue;
      slot.set(key, s);
      lastCall[s] = call;
    }
    // The others in order of first use, each to a free slot or the one least recently used (never one of this
    // call's: its totals are in use).
    for (const [key, u] of uses) {
      if (u < least || slot.has(key)) continue;
      let s = -1;
      for (let t = 0; t < slots; t++) {
        if (keyOf[t] === undefined) {
          s = t;
          break;
        }
        if (lastCall[t]! !== call && (s < 0 || lastCall[t]! < lastCall[s]!)) s = t;
      }
      if (s < 0) break;
      const old = keyOf[s];
      if (old !== undefined) slotOf.delete(old);
      keyOf[s] = key;
      slotOf.set(key, s);
      lastCall[s] = call;
      this.columns.renewFusedSlot(s);
      slot.set(key, s);
    }
    // Laying the columns out may have grown the memory: fresh views.
    const list = this.columns.blockArea(0) >> 2;
    const g = kernel.f64;
    for (let i = 0, b = -1; i < count; i++) {
      if (batch.shared[i] === 1) continue;
      const e = batch.entries[++b];
      const s = e === null || e === undefined ? undefined : slot.get(e.content!);
      if (s !== undefined) g[(kernel.i32[list + i]! >> 3) + P_FUSED_SLOT] = s + 1;
    }
  }

  // Writes a pod's block at `pb` from the cycle's own per-pod decisions; false when the pod needs the cycle.
  private writeBlock(info: PodInfo, plan: FastPlan, pb: number, blockSlots: number, numToFind: number, n: number, spread: SpreadRun | null): boolean {
    const kernel = this.kernel;
    const cols = this.columns;
    const snap = this.snap;
    const cycle = this.cycle;
    const fit = this.plugin.get(FIT);
    const balanced = this.plugin.get(BALANCED);
    kernel.f64.fill(0, pb >> 3, (pb >> 3) + blockSlots);
    // The per-pod part of the cycle's decisions: Fit's PreFilter state, and the resource scorers' PreScore
    // (their state, and BalancedAllocation's Skip for a pod requesting none of its resources).
    const state = new CycleState(snap);
    let scorers = plan.scorers;
    try {
      if (plan.fitPos >= 0 && cycle.preFilter(state, info, snap, false, [fit!]).rejection !== null) return false;
      const perPod = scorers.filter((e) => e.plugin === fit || e.plugin === balanced).map((e) => e.plugin);
      const skipped = cycle.preScore(state, info, NO_NODES, snap, false, perPod).skipped;
      if (skipped.size > 0) scorers = scorers.filter((e) => !skipped.has(e.plugin.name));
    } catch (e) {
      if (e instanceof CycleError) return false;
      throw e;
    }
    const req = plan.fitPos >= 0 ? state.read(FIT_PREFILTER_STATE) : undefined;
    if (plan.fitPos >= 0 && (req === undefined || req.scalarNames.length > 27)) return false;
    if (this.evaluator.program(state, info, scorers, pb, false, spread?.column ?? 0) === null) return false;
    // program() may have grown the memory: a fresh view.
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
    // The run's spread block and its column stay where they are for the scheduler's life: cached blocks hold them.
    f[b + P_SPREAD] = spread?.block ?? 0;
    // Which node tree the pod uses is the run's (treeSlots), not the block's.
    f[b + P_TREE] = 0;
    f[b + P_START] = 0;
    return true;
  }

  // Runs the first `count` pods of the batch (whose blocks are written) in one kernel call, continuing the
  // cycle's rotation and tie-break generator and handing them back.
  private runPrefix(batch: Batch, count: number, assume: boolean, push: (r: ScheduleResult) => void, numbered: boolean): number {
    if (count === 0) return 0;
    const cols = this.columns;
    const kernel = this.kernel;
    // Spreading pods are never placed through a node tree (their scores depend on the window): no slots.
    if (batch.plans[0]!.spread === null) {
      const n = this.snap.nodes.length;
      const numToFind = this.cycle.numToFind(n);
      this.treeSlots(batch, count, numToFind, n);
      this.fusedSlots(batch, count, numToFind < n);
    }
    const rb = cols.res >> 3;
    const done = this.cycle.runBatch((from) => {
      kernel.f64[rb + R_RNG] = from.rngState;
      kernel.f64[rb + R_NEXT_START] = from.nextStartNodeIndex;
      cols.ensureRunOut(count);
      cols.restartEpochsIfDue();
      const result = kernel.runPods(cols.ctx, cols.blockArea(0), count, assume);
      return { result, end: { nextStartNodeIndex: kernel.f64[rb + R_NEXT_START]!, rngState: kernel.f64[rb + R_RNG]! } };
    });
    this.runCallCount++;
    this.runPodCount += done;
    if (batch.plans[0]!.spread !== null) this.evaluator.countRun(SPREAD, done);
    const o = cols.ensureRunOut(count) >> 2;
    // A copy: onResult may call into this scheduler before the loop ends.
    const ran = kernel.i32.slice(o, o + 3 * done);
    const nodes = this.snap.nodes;
    const spreading = batch.plans[0]!.spread !== null;
    const { pods, from } = batch;
    for (let i = 0; i < done; i++) {
      const info = pods[from + i]!;
      const ni = nodes[ran[3 * i]!]!;
      const name = ni.node.name;
      // The kernel already updated the columns; the TypeScript snapshot follows.
      if (assume) {
        const before = ni.generation;
        this.snap.assumeOn(ni, info);
        this.columns.seen(ni);
        if (spreading) this.evaluator.spreadAssumed(ni, before);
      }
      push(numbered ? numberedResult(info, name, ran[3 * i + 1]!, ran[3 * i + 2]!) : scheduledResult(info, name, ran[3 * i + 1]!, ran[3 * i + 2]!));
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
