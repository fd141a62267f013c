// Capacity planning as kubernetes-sigs/cluster-capacity answers it (pkg/framework/simulator.go: copies of a
// pod spec are scheduled one after another by the real scheduler, each bound before the next, until the
// first one that does not fit; that failure's FailedScheduling message is the answer's "why"), on any Engine.
import { SchedkitError } from "../errors.js";
import type { ScheduleResult } from "../framework/result.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import { podFromKube } from "../model/kube.js";
import type { Node, Pod } from "../model/types.js";
import { Cluster, Scheduler, type Eviction, type PodInput, type PreemptionMode, type PreparedPod, type SchedulerOptions } from "../schedule.js";
import { tsEngine, type Engine, type EngineScheduler } from "../engine/engine.js";

/** Options of capacity(). Scheduler options (profile, version, gates, seed, ...) apply to every simulated pod. */
export interface CapacityOptions extends Omit<SchedulerOptions, "explain" | "preemption"> {
  /**
   * Whether replicas may preempt. "dry-run" (default): a replica counts only where it fits beside the pods
   * already running; one that could get in by evicting lower-priority pods stops the shape, its message
   * saying what preemption would do (as cluster-capacity stops at the first replica the scheduler marks
   * Unschedulable, which handleSchedulingFailure does even when it nominates). "carry-out": such a replica
   * evicts its victims (ShapeCapacity.evictions) and is retried on the room they leave, as scheduleAll does.
   */
  readonly preemption?: PreemptionMode;
  /** The engine that schedules (tsEngine by default; @schedkit/asm's WASM engine answers large questions faster). */
  readonly engine?: Engine;
  /** Stop each shape after this many replicas (cluster-capacity's --max-limit). Default: no limit. */
  readonly max?: number;
  /** Take the shapes round-robin, one replica of each in turn, instead of each shape to its end in order. */
  readonly interleave?: boolean;
  /** Node names left out of the simulation (with the pods bound to them). */
  readonly excludeNodes?: readonly string[];
}

/**
 * Why a shape's simulation stopped: a replica did not fit, `max` was reached, a scheduling error, or
 * "unbounded": a replica was placed on a node without a free pod slot (a profile without NodeResourcesFit),
 * so nothing in the cluster bounds the answer.
 */
export type CapacityStop = "unschedulable" | "max" | "error" | "unbounded";

/** The answer for one shape. */
export interface ShapeCapacity {
  /** "namespace/name" of the shape pod. */
  readonly shape: string;
  /** How many more replicas fit. */
  readonly replicas: number;
  readonly stop: CapacityStop;
  /** The first replica that did not fit ("namespace/name-N"), or null when the simulation reached `max`. */
  readonly failedPod: string | null;
  /** Its FailedScheduling message (or error text), "" when stopped by `max`. */
  readonly message: string;
  /** Its reasons with node counts, most frequent first: what binds. */
  readonly reasons: readonly { readonly reason: string; readonly nodes: number }[];
  /** The reasons as one line: "100 Insufficient cpu, 3 node(s) had untolerated taint(s)". */
  readonly stoppedBy: string;
  /** Where the replicas went: nodes in cluster order, only those that got at least one. */
  readonly placement: readonly { readonly node: string; readonly replicas: number }[];
  /** Pods the shape's replicas evicted (preemption "carry-out"), in eviction order; empty otherwise. */
  readonly evictions: readonly Eviction[];
}

/** What capacity() found. */
export interface CapacityResult {
  /** Nodes simulated (the cluster's, minus excludeNodes). */
  readonly nodes: number;
  readonly interleave: boolean;
  readonly shapes: readonly ShapeCapacity[];
  /** Sum of replicas over the shapes. */
  readonly total: number;
}

/** Most replicas one engine call schedules while the answer is still open. */
const MAX_CHUNK = 4096;
/** First chunk while the per-node bound is far from reached. */
const FIRST_CHUNK = 64;

/** One shape under simulation. */
interface ShapeRun {
  readonly base: Pod;
  readonly key: string;
  readonly path: string;
  replicas: number;
  /** The next replica's index in its name (replicas evicted by a later preemption leave their names used). */
  made: number;
  stop: CapacityStop | null;
  failure: ScheduleResult | null;
  readonly perNode: Map<string, number>;
  readonly evictions: Eviction[];
}

/**
 * How many more replicas of each shape fit on the cluster. Each shape is a v1.Pod (a Deployment's pod
 * template as a Pod); its replicas are named `<name>-capacity-<n>`. The simulation starts from the
 * cluster's bound pods; its pending pods are not placed. A replica that does not fit leaves no nomination
 * behind (the next shape sees only placed pods): the count is what fits without evicting anything, while
 * the failure's message still tells what preemption would do.
 */
export function capacity(cluster: Cluster, shapes: readonly PodInput[], options: CapacityOptions = {}): CapacityResult {
  if (!(cluster instanceof Cluster)) throw new SchedkitError("cluster", cluster, "is not a Cluster (use createCluster)");
  if (!Array.isArray(shapes) || shapes.length === 0) throw new SchedkitError("shapes", shapes, "is not a non-empty array of pods");
  const { engine, max, interleave, excludeNodes, schedulerOptions } = capacityOptions(options);
  const carryOut = schedulerOptions.preemption === "carry-out";
  const simCluster = withoutNodes(cluster, excludeNodes, "excludeNodes");
  const runs = shapes.map((s, i) => shapeRun(s, `shapes[${i}]`, cluster));
  const keys = new Set<string>();
  for (const r of runs) {
    if (keys.has(r.key)) throw new SchedkitError(`${r.path}.metadata.name`, r.base.name, "is a duplicate shape (same namespace and name)");
    keys.add(r.key);
  }
  simulate(simCluster, runs, engine, schedulerOptions, max, interleave, carryOut);
  return {
    nodes: simCluster.nodes.length,
    interleave,
    shapes: runs.map((r) => shapeResult(r, simCluster.nodes)),
    total: runs.reduce((a, r) => a + r.replicas, 0),
  };
}

/** @internal options of capacity() validated. */
function capacityOptions(options: CapacityOptions): {
  engine: Engine;
  max: number;
  interleave: boolean;
  excludeNodes: readonly string[];
  schedulerOptions: SchedulerOptions;
} {
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const { engine = tsEngine, max, interleave = false, excludeNodes = [], preemption = "dry-run", ...rest } = options;
  if (typeof engine !== "object" || engine === null || typeof engine.scheduler !== "function") {
    throw new SchedkitError("engine", engine, "is not an Engine with scheduler() (tsEngine, or @schedkit/asm's createWasmEngineSync())");
  }
  if (max !== undefined && (!Number.isSafeInteger(max) || max < 0)) throw new SchedkitError("max", max, "is not an integer >= 0");
  if (typeof interleave !== "boolean") throw new SchedkitError("interleave", interleave, "is not a boolean");
  if (!Array.isArray(excludeNodes)) throw new SchedkitError("excludeNodes", excludeNodes, "is not an array of node names");
  if (preemption !== "carry-out" && preemption !== "dry-run") throw new SchedkitError("preemption", preemption, 'is not "carry-out" or "dry-run"');
  // Explanations cost time and the answer reads only messages and reasons; a seeded tie-break stays the caller's.
  return { engine, max: max ?? Infinity, interleave, excludeNodes, schedulerOptions: { ...rest, preemption, explain: false } };
}

/** @internal the cluster without some nodes and their pods; pending pods dropped (capacity starts from bound pods). */
function withoutNodes(cluster: Cluster, names: readonly string[], field: string): Cluster {
  const drop = new Set<string>();
  names.forEach((n, i) => {
    if (typeof n !== "string" || !cluster.nodes.some((x) => x.name === n)) throw new SchedkitError(`${field}[${i}]`, n, "is not a node of this cluster");
    drop.add(n);
  });
  // Nothing left out: the same nodes and bound pods, so the cluster's snapshot serves again.
  if (drop.size === 0) return cluster.derive(cluster.nodes, cluster.boundPods);
  return cluster.derive(
    cluster.nodes.filter((n) => !drop.has(n.name)),
    cluster.boundPods.filter((p) => !drop.has(p.nodeName)),
  );
}

/** @internal the cluster plus extra nodes (nodesToAdd's template copies). */
export function withNodes(cluster: Cluster, extra: readonly Node[]): Cluster {
  return cluster.derive([...cluster.nodes, ...extra], cluster.boundPods);
}

function shapeRun(shape: PodInput, path: string, cluster: Cluster): ShapeRun {
  // Admitted as the API server would (priorityClassName → priority), as the scheduler reads any pod.
  const base = podFromKube(shape, path, undefined, cluster.admission);
  if (base.nodeName !== "") throw new SchedkitError(`${path}.spec.nodeName`, base.nodeName, "is set: a shape is a pod to place, not one already bound");
  // A shape's replicas start un-nominated (status.nominatedNodeName belongs to one live pod, not its copies).
  return { base: { ...base, nominatedNodeName: "" }, key: `${base.namespace}/${base.name}`, path, replicas: 0, made: 0, stop: null, failure: null, perNode: new Map(), evictions: [] };
}

function replica(r: ShapeRun, n: number): Pod {
  const name = `${r.base.name}-capacity-${n}`;
  return { ...r.base, name, uid: `${r.base.namespace}/${name}` };
}

/** One simulation: the engine's scheduler, the mirror that bounds engine calls, and where replicas run. */
interface Sim {
  readonly sched: EngineScheduler;
  /**
   * A TypeScript mirror of the placements (and evictions) bounds how many replicas could still fit, so engine
   * calls are sized to end near the first failure instead of scheduling many replicas past it.
   */
  readonly mirror: Scheduler;
  readonly carryOut: boolean;
  /** Placed replicas by "namespace/name": their shape and node (a later preemption may evict them). */
  readonly placed: Map<string, { readonly run: ShapeRun; readonly node: string }>;
}

/** Runs the shapes to their first failure (or max) on one engine scheduler. */
function simulate(cluster: Cluster, runs: ShapeRun[], engine: Engine, options: SchedulerOptions, max: number, interleave: boolean, carryOut: boolean): void {
  const sim: Sim = { sched: engine.scheduler!(cluster, options), mirror: new Scheduler(cluster, options), carryOut, placed: new Map() };
  try {
    if (interleave) interleaved(sim, runs, max);
    else for (const r of runs) inOrder(sim, r, max);
  } finally {
    sim.sched.dispose?.();
  }
}

/**
 * A replica whose preemption was carried out: its victims leave the mirror (and the counts of the shapes whose
 * replicas they were), and it is retried on its nominated node as scheduleAll's next pass would, until it is
 * placed or fails without evicting. Returns the last result.
 */
function retryPreemptor(sim: Sim, r: ShapeRun, res: ScheduleResult, n: number): { res: ScheduleResult; prepared: PreparedPod } {
  let prepared: PreparedPod;
  for (;;) {
    const nom = res.nomination!;
    const ni = sim.mirror.snapshot.getNode(nom.node)!;
    const victims = ni.pods.filter((p) => nom.victims.includes(`${p.pod.namespace}/${p.pod.name}`));
    sim.mirror.snapshot.evict(nom.node, victims);
    for (const v of nom.victims) {
      r.evictions.push({ pod: v, node: nom.node, preemptor: res.pod });
      const was = sim.placed.get(v);
      if (was === undefined) continue;
      sim.placed.delete(v);
      was.run.replicas--;
      was.run.perNode.set(was.node, was.run.perNode.get(was.node)! - 1);
    }
    prepared = sim.sched.prepare({ ...replica(r, n), nominatedNodeName: nom.node }, r.path);
    res = sim.sched.scheduleOne(prepared);
    if (res.nomination?.evicted !== true) return { res, prepared };
  }
}

function record(sim: Sim, r: ShapeRun, res: ScheduleResult, prepared: PreparedPod): boolean {
  const { sched, mirror } = sim;
  if (res.nodeName !== null) {
    r.replicas++;
    r.perNode.set(res.nodeName, (r.perNode.get(res.nodeName) ?? 0) + 1);
    mirror.assume(prepared, res.nodeName);
    if (sim.carryOut) sim.placed.set(res.pod, { run: r, node: res.nodeName });
    return true;
  }
  r.stop = res.status === "Error" ? "error" : "unschedulable";
  r.failure = res;
  // The failed replica's nomination (PostFilter) is not carried into the rest of the simulation.
  sched.nominate(prepared, null);
  return false;
}

function inOrder(sim: Sim, r: ShapeRun, max: number): void {
  const { sched, mirror } = sim;
  let chunk = FIRST_CHUNK;
  // The resource bound holds unless the profile's NodeResourcesFit ignores some requested resource
  // (ignoredResources / ignoredResourceGroups); once a chunk sized by it places every replica, size by pod slots.
  let byResources = true;
  while (r.stop === null) {
    if (r.replicas >= max) {
      r.stop = "max";
      return;
    }
    const info = mirror.prepare(replica(r, r.made), r.path).info;
    const bound = fitBound(mirror, info, byResources);
    const n = Math.max(1, Math.min(chunk, bound + 1, max - r.replicas));
    const first = r.made;
    const pods = Array.from({ length: n }, (_, i) => sched.prepare(replica(r, first + i), r.path));
    // The engine stops at the first replica that does not fit: nothing after it runs (a failed replica's
    // preemption nomination would otherwise weigh on the next ones).
    const results = sched.scheduleMany(pods, { stopAtFailure: true });
    r.made += results.length;
    for (let i = 0; i < results.length; i++) {
      if (sim.carryOut && results[i]!.nomination?.evicted === true) {
        const last = retryPreemptor(sim, r, results[i]!, first + i);
        if (!record(sim, r, last.res, last.prepared)) return;
        break; // the evictions freed room the bound did not count: size the next call again
      }
      if (!record(sim, r, results[i]!, pods[i]!)) return;
      if (i === bound) {
        if (byResources) byResources = false;
        else {
          r.stop = "unbounded";
          return;
        }
      }
    }
    chunk = Math.min(MAX_CHUNK, chunk * 2);
  }
}

// Round-robin over the shapes, one replica of each active shape in turn, handed to the engine in chunks
// (pods alternated: the WASM engine keeps a node tree per recurring shape) that stop at the first failure.
function interleaved(sim: Sim, runs: ShapeRun[], max: number): void {
  const { sched, mirror } = sim;
  // Free pod slots over every node, kept as replicas are placed: a replica placed while none was left
  // means the profile does not count pods (no NodeResourcesFit): "unbounded".
  let slots = freeSlots(mirror);
  let chunk = FIRST_CHUNK;
  // Whose turn it is: a chunk that ends (a failure) in the middle of a round resumes the round after it.
  let turn = 0;
  for (;;) {
    for (const r of runs) if (r.stop === null && r.replicas >= max) r.stop = "max";
    // The next replicas in turn order. Only the last of at most slots + 1 replicas can find no free slot,
    // so no replica after an "unbounded" one is ever scheduled.
    const order: number[] = [];
    const planned = new Array<number>(runs.length).fill(0);
    const limit = Math.min(chunk, slots + 1);
    for (let j = turn, idle = 0; idle < runs.length && order.length < limit; j = (j + 1) % runs.length) {
      const r = runs[j]!;
      if (r.stop !== null || r.replicas + planned[j]! >= max) {
        idle++;
        continue;
      }
      idle = 0;
      order.push(j);
      planned[j]!++;
    }
    if (order.length === 0) return;
    const next = new Array<number>(runs.length).fill(0);
    const pods = order.map((j) => {
      const r = runs[j]!;
      return sched.prepare(replica(r, r.made + next[j]!++), r.path);
    });
    const results = sched.scheduleMany(pods, { stopAtFailure: true });
    for (let i = 0; i < results.length; i++) {
      const r = runs[order[i]!]!;
      const n = r.made++;
      turn = (order[i]! + 1) % runs.length;
      const noSlot = slots === 0;
      if (sim.carryOut && results[i]!.nomination?.evicted === true) {
        const last = retryPreemptor(sim, r, results[i]!, n);
        record(sim, r, last.res, last.prepared);
        slots = freeSlots(mirror); // the evictions freed slots
        break;
      }
      if (!record(sim, r, results[i]!, pods[i]!)) break;
      const ni = mirror.snapshot.getNode(results[i]!.nodeName!)!;
      if (ni.allocatable.allowedPodNumber - ni.pods.length >= 0) slots--;
      if (noSlot) r.stop = "unbounded";
    }
    chunk = Math.min(MAX_CHUNK, chunk * 2);
  }
}

/** Free pod slots over every node of the mirror. */
function freeSlots(mirror: Scheduler): number {
  let slots = 0;
  for (const ni of mirror.snapshot.nodes) slots += Math.max(0, ni.allocatable.allowedPodNumber - ni.pods.length);
  return slots;
}

/**
 * An upper bound on how many more copies of `pod` the nodes can take: per node, free pod slots (NodeResourcesFit
 * always counts pods) and, with `resources`, ⌊free / request⌋ for each requested resource (fitsRequest can
 * admit no more unless the profile ignores that resource). Sizes engine calls; the pod-slot bound also tells
 * a profile without NodeResourcesFit ("unbounded").
 */
function fitBound(mirror: Scheduler, pod: PodInfo, resources: boolean): number {
  let total = 0;
  for (const ni of mirror.snapshot.nodes) total += nodeBound(ni, pod, resources);
  return total;
}

function nodeBound(ni: NodeInfo, pod: PodInfo, resources: boolean): number {
  let n = ni.allocatable.allowedPodNumber - ni.pods.length;
  if (!resources) return Math.max(0, n);
  const q = pod.requests;
  const fit = (free: number, req: number) => {
    if (req > 0) n = Math.min(n, Math.floor(free / req));
  };
  fit(ni.allocatable.milliCPU - ni.requested.milliCPU, q.milliCPU);
  fit(ni.allocatable.memory - ni.requested.memory, q.memory);
  fit(ni.allocatable.ephemeralStorage - ni.requested.ephemeralStorage, q.ephemeralStorage);
  for (const [name, req] of q.scalar) fit((ni.allocatable.scalar.get(name) ?? 0) - (ni.requested.scalar.get(name) ?? 0), req);
  return Math.max(0, n);
}

function shapeResult(r: ShapeRun, nodes: readonly Node[]): ShapeCapacity {
  const f = r.failure;
  return {
    shape: r.key,
    replicas: r.replicas,
    stop: r.stop ?? "max",
    failedPod: f?.pod ?? null,
    message: f?.message ?? "",
    reasons: f?.reasons ?? [],
    stoppedBy: f === null ? "" : formatReasons(f.reasons),
    placement: nodes.filter((n) => (r.perNode.get(n.name) ?? 0) > 0).map((n) => ({ node: n.name, replicas: r.perNode.get(n.name)! })),
    evictions: r.evictions,
  };
}

/** "3 Insufficient cpu, 2 node(s) had untolerated taint(s)": a reason histogram on one line. */
function formatReasons(reasons: readonly { readonly reason: string; readonly nodes: number }[]): string {
  return reasons.map((x) => `${x.nodes} ${x.reason}`).join(", ");
}
