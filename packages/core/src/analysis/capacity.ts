// Capacity planning as kubernetes-sigs/cluster-capacity answers it (pkg/framework/simulator.go: copies of a
// pod spec are scheduled one after another by the real scheduler, each bound before the next, until the
// first one that does not fit; that failure's FailedScheduling message is the answer's "why"), on any Engine.
import { SchedkitError } from "../errors.js";
import type { ScheduleResult } from "../framework/result.js";
import type { NodeInfo, Resource } from "../framework/types.js";
import { podFromKube } from "../model/kube.js";
import type { Node, Pod } from "../model/types.js";
import { makePodInfo } from "../framework/snapshot.js";
import type { FeatureGates } from "../framework/interfaces.js";
import { Cluster, versionAndFeatures, type Eviction, type PodInput, type PreemptionMode, type PreparedPod, type SchedulerOptions } from "../schedule.js";
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
  /** `<name>-capacity-` and `<namespace>/<name>-capacity-`: a replica's name and uid less its number. */
  readonly namePrefix: string;
  readonly uidPrefix: string;
  replicas: number;
  /** The next replica's index in its name (replicas evicted by a later preemption leave their names used). */
  made: number;
  stop: CapacityStop | null;
  failure: ScheduleResult | null;
  /** Replicas placed per node, indexed as the simulation's Room (a counter per node: no Map update per replica). */
  perNode: Int32Array;
  /** A replica's requests (the same for every replica of the shape), read once by the first sizing. */
  requests: Resource | null;
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
  const room = simulate(simCluster, runs, engine, schedulerOptions, max, interleave, carryOut);
  return {
    nodes: simCluster.nodes.length,
    interleave,
    shapes: runs.map((r) => shapeResult(r, simCluster.nodes, room.index)),
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
  const namePrefix = `${base.name}-capacity-`;
  return {
    base: { ...base, nominatedNodeName: "" },
    key: `${base.namespace}/${base.name}`,
    path,
    namePrefix,
    uidPrefix: `${base.namespace}/${namePrefix}`,
    replicas: 0,
    made: 0,
    stop: null,
    failure: null,
    perNode: new Int32Array(0),
    requests: null,
    evictions: [],
  };
}

function replica(r: ShapeRun, n: number): Pod {
  // One concatenation each onto a prefix made once per shape, sharing the number's string: the nested
  // concatenations of name and uid per replica cost ~7 % of a capacity question's wall time (one thread,
  // 2,000 nodes).
  const num = String(n);
  return { ...r.base, name: r.namePrefix + num, uid: r.uidPrefix + num };
}

/** One simulation: the engine's scheduler, the room that bounds engine calls, and where replicas run. */
interface Sim {
  readonly sched: EngineScheduler;
  /**
   * What is left on each node as replicas are placed (and victims evicted): how many replicas could still fit,
   * so engine calls are sized to end near the first failure instead of scheduling many replicas past it.
   */
  readonly room: Room;
  /** The options' feature gates, which a replica's requests depend on (as the engine's scheduler reads them). */
  readonly features: FeatureGates;
  readonly carryOut: boolean;
  /** Placed replicas by "namespace/name": their shape, node index and requests (a later preemption may evict them). */
  readonly placed: Map<string, { readonly run: ShapeRun; readonly node: number; readonly requests: Resource }>;
}

/**
 * Per node, the free pod slots and free requestable resources (allocatable minus requested), kept as the
 * simulation places and evicts: all fitBound and freeSlots read of a snapshot. It replaced a second Scheduler
 * that assumed every replica (a PodInfo pushed, its requests summed with checks, a generation bumped per
 * replica) only to be read here. NodeInfo.AddPod / RemovePod (addPodToNode, removePodFromNode) add and take a
 * pod's requests and count it in pods, so free = allocatable - requested is kept exactly by subtracting and
 * adding the same integers (quantities are whole milli-units and bytes, exact as doubles).
 */
class Room {
  /** The cluster's snapshot before any replica (cluster.snapshotFor: shared, never changed). */
  readonly nodes: readonly NodeInfo[];
  readonly index = new Map<string, number>();
  readonly pods: Float64Array;
  readonly cpu: Float64Array;
  readonly memory: Float64Array;
  readonly ephemeral: Float64Array;
  /** Free extended resources, one array per resource name, made when a request first names it. */
  private readonly scalars = new Map<string, Float64Array>();

  constructor(nodes: readonly NodeInfo[]) {
    this.nodes = nodes;
    const n = nodes.length;
    this.pods = new Float64Array(n);
    this.cpu = new Float64Array(n);
    this.memory = new Float64Array(n);
    this.ephemeral = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ni = nodes[i]!;
      this.index.set(ni.node.name, i);
      this.pods[i] = ni.allocatable.allowedPodNumber - ni.pods.length;
      this.cpu[i] = ni.allocatable.milliCPU - ni.requested.milliCPU;
      this.memory[i] = ni.allocatable.memory - ni.requested.memory;
      this.ephemeral[i] = ni.allocatable.ephemeralStorage - ni.requested.ephemeralStorage;
    }
  }

  /** Free `name` per node; until a placement or eviction names it, what the untouched snapshot says. */
  scalar(name: string): Float64Array {
    let a = this.scalars.get(name);
    if (a === undefined) {
      a = new Float64Array(this.nodes.length);
      for (let i = 0; i < a.length; i++) {
        const ni = this.nodes[i]!;
        a[i] = (ni.allocatable.scalar.get(name) ?? 0) - (ni.requested.scalar.get(name) ?? 0);
      }
      this.scalars.set(name, a);
    }
    return a;
  }

  /** A pod with requests `q` placed on node `i` (sign 1) or evicted from it (sign -1). */
  take(i: number, q: Resource, sign: 1 | -1): void {
    this.pods[i]! -= sign;
    this.cpu[i]! -= sign * q.milliCPU;
    this.memory[i]! -= sign * q.memory;
    this.ephemeral[i]! -= sign * q.ephemeralStorage;
    if (q.scalar.size > 0) for (const [k, v] of q.scalar) this.scalar(k)[i]! -= sign * v;
  }
}

/** Runs the shapes to their first failure (or max) on one engine scheduler. */
function simulate(cluster: Cluster, runs: ShapeRun[], engine: Engine, options: SchedulerOptions, max: number, interleave: boolean, carryOut: boolean): Room {
  const sched = engine.scheduler!(cluster, options);
  let room: Room;
  try {
    // The engine's scheduler has validated the options. No Scheduler of its own (a copy of every NodeInfo):
    // the room reads the cluster's snapshot for the same gates, the one a Scheduler copies.
    const { features } = versionAndFeatures(options);
    room = new Room(cluster.snapshotFor(features).nodes);
    for (const r of runs) r.perNode = new Int32Array(room.nodes.length);
    const sim: Sim = { sched, room, features, carryOut, placed: new Map() };
    if (interleave) interleaved(sim, runs, max);
    else for (const r of runs) inOrder(sim, r, max);
  } finally {
    sched.dispose?.();
  }
  return room;
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
    const at = sim.room.index.get(nom.node)!;
    for (const v of nom.victims) {
      r.evictions.push({ pod: v, node: nom.node, preemptor: res.pod });
      const was = sim.placed.get(v);
      if (was === undefined) {
        // A pod bound before the simulation: it is on the untouched snapshot's node, with its requests.
        const bound = sim.room.nodes[at]!.pods.find((p) => `${p.pod.namespace}/${p.pod.name}` === v);
        if (bound !== undefined) sim.room.take(at, bound.requests, -1);
        continue;
      }
      sim.placed.delete(v);
      sim.room.take(was.node, was.requests, -1);
      was.run.replicas--;
      was.run.perNode[was.node]!--;
    }
    prepared = sim.sched.prepare({ ...replica(r, n), nominatedNodeName: nom.node }, r.path);
    res = sim.sched.scheduleOne(prepared);
    if (res.nomination?.evicted !== true) return { res, prepared };
  }
}

/** Accounts a result: the node index the replica was placed on, or -1 for a failure (which ends the shape). */
function record(sim: Sim, r: ShapeRun, res: ScheduleResult, prepared: PreparedPod): number {
  const { sched, room } = sim;
  if (res.nodeName !== null) {
    const i = room.index.get(res.nodeName)!;
    r.replicas++;
    r.perNode[i]!++;
    room.take(i, prepared.info.requests, 1);
    if (sim.carryOut) sim.placed.set(res.pod, { run: r, node: i, requests: prepared.info.requests });
    return i;
  }
  r.stop = res.status === "Error" ? "error" : "unschedulable";
  r.failure = res;
  // The failed replica's nomination (PostFilter) is not carried into the rest of the simulation.
  sched.nominate(prepared, null);
  return -1;
}

function inOrder(sim: Sim, r: ShapeRun, max: number): void {
  const { sched, room } = sim;
  let chunk = FIRST_CHUNK;
  // The resource bound holds unless the profile's NodeResourcesFit ignores some requested resource
  // (ignoredResources / ignoredResourceGroups); once a chunk sized by it places every replica, size by pod slots.
  let byResources = true;
  while (r.stop === null) {
    if (r.replicas >= max) {
      r.stop = "max";
      return;
    }
    const bound = fitBound(room, requestsOf(sim, r), byResources);
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
        if (record(sim, r, last.res, last.prepared) < 0) return;
        break; // the evictions freed room the bound did not count: size the next call again
      }
      if (record(sim, r, results[i]!, pods[i]!) < 0) return;
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
  const { sched, room } = sim;
  // Free pod slots over every node, kept as replicas are placed: a replica placed while none was left
  // means the profile does not count pods (no NodeResourcesFit): "unbounded".
  let slots = freeSlots(room);
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
        slots = freeSlots(room); // the evictions freed slots
        break;
      }
      const at = record(sim, r, results[i]!, pods[i]!);
      if (at < 0) break;
      if (room.pods[at]! >= 0) slots--;
      if (noSlot) r.stop = "unbounded";
    }
    chunk = Math.min(MAX_CHUNK, chunk * 2);
  }
}

/** Free pod slots over every node. */
function freeSlots(room: Room): number {
  let slots = 0;
  for (let i = 0; i < room.pods.length; i++) slots += Math.max(0, room.pods[i]!);
  return slots;
}

/** A replica's requests: every replica of a shape has the shape's (names do not enter makePodInfo's requests). */
function requestsOf(sim: Sim, r: ShapeRun): Resource {
  // makePodInfo as Scheduler.prepare calls it on a parsed pod (the sequence number orders a queue, not requests).
  return (r.requests ??= makePodInfo(replica(r, r.made), sim.features, r.path, 0).requests);
}

/**
 * An upper bound on how many more copies of `pod` the nodes can take: per node, free pod slots (NodeResourcesFit
 * always counts pods) and, with `resources`, ⌊free / request⌋ for each requested resource (fitsRequest can
 * admit no more unless the profile ignores that resource). Sizes engine calls; the pod-slot bound also tells
 * a profile without NodeResourcesFit ("unbounded").
 */
function fitBound(room: Room, q: Resource, resources: boolean): number {
  if (!resources) return freeSlots(room);
  const scalars = [...q.scalar].map(([name, req]) => ({ free: room.scalar(name), req }));
  let total = 0;
  for (let i = 0; i < room.pods.length; i++) {
    let n = room.pods[i]!;
    if (q.milliCPU > 0) n = Math.min(n, Math.floor(room.cpu[i]! / q.milliCPU));
    if (q.memory > 0) n = Math.min(n, Math.floor(room.memory[i]! / q.memory));
    if (q.ephemeralStorage > 0) n = Math.min(n, Math.floor(room.ephemeral[i]! / q.ephemeralStorage));
    for (const s of scalars) if (s.req > 0) n = Math.min(n, Math.floor(s.free[i]! / s.req));
    total += Math.max(0, n);
  }
  return total;
}

function shapeResult(r: ShapeRun, nodes: readonly Node[], index: ReadonlyMap<string, number>): ShapeCapacity {
  const f = r.failure;
  return {
    shape: r.key,
    replicas: r.replicas,
    stop: r.stop ?? "max",
    failedPod: f?.pod ?? null,
    message: f?.message ?? "",
    reasons: f?.reasons ?? [],
    stoppedBy: f === null ? "" : formatReasons(f.reasons),
    placement: placementOf(r, nodes, index),
    evictions: r.evictions,
  };
}

/** Where the shape's replicas run: nodes in cluster order, only those with at least one. */
function placementOf(r: ShapeRun, nodes: readonly Node[], index: ReadonlyMap<string, number>): { node: string; replicas: number }[] {
  const out: { node: string; replicas: number }[] = [];
  for (const n of nodes) {
    const k = r.perNode[index.get(n.name)!]!;
    if (k > 0) out.push({ node: n.name, replicas: k });
  }
  return out;
}

/** "3 Insufficient cpu, 2 node(s) had untolerated taint(s)": a reason histogram on one line. */
function formatReasons(reasons: readonly { readonly reason: string; readonly nodes: number }[]): string {
  return reasons.map((x) => `${x.nodes} ${x.reason}`).join(", ");
}
