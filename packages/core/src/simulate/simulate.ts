// A time-driven simulation: the same scheduler, over time. Each tick, the pods the scheduling queue would pop
// go through the engine's scheduleAll against the cluster as it is at that moment; pods then run for their
// duration and leave, deployments keep their replica counts, the HPA resizes them, nodes come and go.
import { tsEngine, type Engine, type EngineScheduler } from "../engine/engine.js";
import { SchedkitError } from "../errors.js";
import { resolveFeatureGates } from "../framework/features.js";
import type { FeatureGates } from "../framework/interfaces.js";
import { addPodToNode, makePodInfo, Snapshot } from "../framework/snapshot.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import { atLeast, DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from "../framework/version.js";
import { hpaDesiredReplicas, type HpaPodSample } from "../analysis/hpa.js";
import type { Node, Pod } from "../model/types.js";
import { Cluster, queueOrder, spreadHintSource, type RunOptions, type RunResult } from "../schedule.js";
import { backoffExpiryMs, DEFAULT_POD_INITIAL_BACKOFF_MS, DEFAULT_POD_MAX_BACKOFF_MS, POD_MAX_IN_UNSCHEDULABLE_MS } from "./backoff.js";
import { clusterState, minimalShapes, nodeAllocations, WaitHistogram, waitPercentiles, type ResourceShape } from "./metrics.js";
import type { DeploymentSpec, SimulateOptions, SimulationSummary, TickMetrics, Workload } from "./types.js";
import { parseWorkload } from "./workload.js";
import { checkHypervisors, HostContention } from "./layered.js";
import { QueueingHints, type ClusterEvent, type ClusterEventType } from "./queueing-hints.js";

/** flushUnschedulableEntitiesLeftover runs every 30 s (scheduling_queue.go Run). */
const FLUSH_PERIOD_MS = 30_000;
/** HPA downscaleStabilisationWindow default (5 min, --horizontal-pod-autoscaler-downscale-stabilization). */
const HPA_DOWNSCALE_WINDOW_MS = 5 * 60_000;
/** horizontal.go calculateScaleUpLimit: max(scaleUpLimitFactor 2 × current, scaleUpLimitMinimum 4). */
const HPA_SCALE_UP_FACTOR = 2;
const HPA_SCALE_UP_MINIMUM = 4;

/** Bucket bounds of SimulationSummary.waitDistribution, seconds. */
const WAIT_BUCKETS_SECONDS = [0, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

type Where = "active" | "backoff" | "unschedulable" | "bound" | "gone";

const NO_PLUGINS: readonly string[] = Object.freeze([]);
const NO_INTERESTS: readonly ClusterEventType[] = Object.freeze([]);

/** A pod of the simulation, from arrival until it completes or is removed. */
interface SimPod {
  pod: Pod;
  readonly key: string;
  readonly base: PodInfo;
  readonly arrivalMs: number;
  readonly durationMs: number | null;
  readonly deployment: DeploymentState | null;
  readonly seq: number;
  where: Where;
  /** UnschedulableCount / ConsecutiveErrorsCount (the latter counts only while the last attempt erred). */
  attempts: number;
  errors: number;
  /** QueuedPodInfo.Timestamp: arrival, then the time of the last failed attempt. */
  queueTs: number;
  flushTs: number;
  /** UnschedulablePlugins of the last attempt, and the cluster events they registered (while in the unschedulable pool). */
  rejectors: readonly string[];
  interests: readonly ClusterEventType[];
  info: PodInfo | null;
  node: string;
  leaveMs: number;
}

interface DeploymentState {
  readonly spec: DeploymentSpec;
  readonly key: string;
  replicas: number;
  started: boolean;
  created: number;
  readonly pods: Set<SimPod>;
  nextSyncMs: number;
  /** Recent recommendations for the downscale stabilization window (horizontal.go stabilizeRecommendation). */
  readonly recs: { rec: number; t: number }[];
}

/** A min-heap of departures by (time, seq). */
class Departures {
  private readonly h: SimPod[] = [];
  private static less(a: SimPod, b: SimPod): boolean {
    return a.leaveMs < b.leaveMs || (a.leaveMs === b.leaveMs && a.seq < b.seq);
  }
  push(p: SimPod): void {
    const h = this.h;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!Departures.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  peek(): SimPod | undefined {
    return this.h[0];
  }
  pop(): SimPod | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && Departures.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && Departures.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The cluster a tick's scheduleAll sees: the simulation's live snapshot and the pods popped this tick. The
 * scheduler works on the live snapshot itself rather than a copy (Scheduler clones what snapshotFor returns;
 * here the "copy" is the live snapshot), so its assumed pods are the bindings and its nominations persist
 * across ticks, as the scheduling queue's nominator does — and no tick pays for copying every node.
 */
class TickCluster extends Cluster {
  private readonly handle: Snapshot;
  constructor(
    live: Snapshot,
    private readonly features: string,
    nodes: readonly Node[],
    pending: readonly Pod[],
    base: Cluster,
  ) {
    // The input cluster's PriorityClasses, Services / controllers (default spreading) and PDBs (victims).
    super(nodes, [], pending, base.namespaces, [], base.objects);
    this.handle = Object.create(live, { clone: { value: () => live } }) as Snapshot;
    // Bound pods are read from the snapshot only if someone asks (an engine never does: it uses snapshotFor).
    Object.defineProperty(this, "boundPods", { get: () => live.nodes.flatMap((ni) => ni.pods.map((p) => p.pod)) });
  }

  /** The pods a pass of a long-lived scheduler schedules (its scheduleAll's default). */
  setPending(pods: readonly Pod[]): void {
    (this as { pendingPods: readonly Pod[] }).pendingPods = pods;
  }

  override snapshotFor(features: FeatureGates): Snapshot {
    if (JSON.stringify(features) !== this.features) throw new Error("schedkit internal: the engine resolved other feature gates than the simulation");
    return this.handle;
  }
}

function checkNumber(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) throw new SchedkitError(path, v, `is not a number in [${min}, ${max}]`);
  return v;
}

function checkInt(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new SchedkitError(path, v, `is not an integer ${min}..${max}`);
  return v;
}

/** A per-pass seed from the run's seed: each scheduleAll is a fresh scheduler, so each gets its own tie-break stream. */
function passSeed(seed: number, tick: number, pass: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(tick + 1, 0xc2b2ae35) ^ pass;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Replays `workload` on `cluster` with a simulated clock and returns the run's totals; `onTick` and `onEvent`
 * receive the metrics and events as they happen (nothing per pod is kept after it leaves). Deterministic for
 * the same inputs and `seed`. See docs/simulation.md for the model and its limits.
 */
export function simulate(cluster: Cluster, workloadInput: Workload | unknown, options: SimulateOptions = {}): SimulationSummary {
  if (!(cluster instanceof Cluster)) throw new SchedkitError("cluster", cluster, "is not a Cluster (use createCluster)");
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const workload = parseWorkload(workloadInput);
  const engine: Engine = options.engine ?? tsEngine;
  if (typeof engine !== "object" || engine === null || typeof engine.scheduleAll !== "function") throw new SchedkitError("engine", engine, "is not an Engine");
  const tickMs = Math.round(checkNumber(options.tickSeconds ?? 1, "tickSeconds", 0.001, 3600) * 1000);
  const initialBackoffMs = checkInt(options.podInitialBackoffSeconds ?? DEFAULT_POD_INITIAL_BACKOFF_MS / 1000, "podInitialBackoffSeconds", 1, 3600) * 1000;
  const maxBackoffMs = checkInt(options.podMaxBackoffSeconds ?? DEFAULT_POD_MAX_BACKOFF_MS / 1000, "podMaxBackoffSeconds", 0, 86400) * 1000;
  if (maxBackoffMs !== 0 && maxBackoffMs < initialBackoffMs) throw new SchedkitError("podMaxBackoffSeconds", options.podMaxBackoffSeconds, "is less than podInitialBackoffSeconds");
  const endMs = Math.round(checkNumber(options.until ?? workload.end, "until", 0, 366 * 86400) * 1000);
  const seed = checkInt(options.seed ?? 0, "seed", 0, 0xffffffff);
  const version = parseKubeVersion(options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  const features = resolveFeatureGates(version, options.featureGates);
  const featuresKey = JSON.stringify(features);
  // SchedulerPopFromBackoffQ (beta, on by default since v1.33): an idle scheduler pops backing-off pods.
  const popFromBackoffQ = atLeast(version, 33);
  const emit = options.onEvent;
  const perNode = options.perNodeMetrics === true;
  const demand = options.contentionDemand ?? "limits";
  if (demand !== "limits" && demand !== "requests") throw new SchedkitError("contentionDemand", demand, 'is not "limits" or "requests"');
  const hypervisors = options.hypervisors === undefined ? null : new HostContention(checkHypervisors(options.hypervisors, new Set(cluster.nodes.map((n) => n.name))), demand);
  const hostSums = new Map<string, { req: number; lim: number; reqPeak: number; limPeak: number; cont: number; contPeak: number; shortPeak: number }>();
  let contSum = 0;
  let contPeak = 0;
  const runOptions: RunOptions = { ...options, explain: false };
  for (const k of ["onProgress", "onTick", "onEvent", "hypervisors", "contentionDemand", "engine"]) delete (runOptions as Record<string, unknown>)[k];

  // Each shape's PodInfo once; a pod of a shape shares it (requests, ports and affinity terms depend only on the template).
  const shapeInfos = workload.shapes.map((s, i) => makePodInfo(s.pod, features, `workload.shapes[${i}]`, 0));
  const shapes: ResourceShape[] = minimalShapes(shapeInfos.map((i) => ({ milliCPU: i.requests.milliCPU, memory: i.requests.memory })));

  let nodes: Node[] = [...cluster.nodes];
  let live = cluster.snapshotFor(features).clone();
  // The initial cluster's bound pods by key: what a preemption victim among them was, for the queue's hints.
  const initialPods = new Map<string, PodInfo>();
  for (const ni of live.nodes) for (const info of ni.pods) initialPods.set(`${info.pod.namespace}/${info.pod.name}`, info);
  const byKey = new Map<string, SimPod>();
  const departures = new Departures();
  let active: SimPod[] = [];
  const backoff = new Set<SimPod>();
  const unschedulable = new Set<SimPod>();
  // The unschedulable pool indexed by the events its pods' rejecting plugins registered: an event looks only at
  // the pods that may care (moveAllToActiveOrBackoffQueue asks every pod; the answer is the same).
  const listening = new Map<ClusterEventType, Set<SimPod>>();
  // PodTopologySpread's hints read the profile's getConstraints (its default constraints too) on the live cluster.
  const spreadSource = spreadHintSource(runOptions);
  const hints = new QueueingHints(version, features, spreadSource === undefined ? undefined : (pod) => spreadSource(pod, live));
  let seq = 0;

  // totals
  let arrived = 0;
  let placed = 0;
  let unschedAttempts = 0;
  let errorAttempts = 0;
  let evicted = 0;
  let preempted = 0;
  let completed = 0;
  let scaleEvents = 0;
  const waits = new WaitHistogram();
  let ticks = 0;
  const sums = { cpu: 0, mem: 0, inUse: 0, strCpu: 0, strMem: 0, spread: 0 };
  const peaks = { cpu: 0, mem: 0, inUse: 0 };
  let lastInUse = 0;
  // per tick
  let tArrived = 0;
  let tPlaced = 0;
  let tEvicted = 0;
  let tPreempted = 0;
  let tCompleted = 0;
  let tWaits: number[] = [];

  const uniqueName = (ns: string, name: string): string => {
    let n = name;
    while (byKey.has(`${ns}/${n}`)) n = `${name}-${seq}`;
    return n;
  };

  const arrive = (base: PodInfo, name: string, atMs: number, durationMs: number | null, deployment: DeploymentState | null): SimPod => {
    const ns = base.pod.namespace;
    const n = uniqueName(ns, name);
    const s = seq++;
    const pod: Pod = { ...base.pod, name: n, uid: `${ns}/${n}#${s}`, creationTime: atMs, nodeName: "" };
    const p: SimPod = {
      pod,
      key: `${ns}/${n}`,
      base,
      arrivalMs: atMs,
      durationMs,
      deployment,
      seq: s,
      where: "active",
      attempts: 0,
      errors: 0,
      queueTs: atMs,
      flushTs: 0,
      rejectors: NO_PLUGINS,
      interests: NO_INTERESTS,
      info: null,
      node: "",
      leaveMs: 0,
    };
    byKey.set(p.key, p);
    active.push(p);
    deployment?.pods.add(p);
    arrived++;
    tArrived++;
    emit?.({ t: atMs / 1000, type: "arrive", pod: p.key });
    return p;
  };

  // getBackoffTime: the error count after an error, else the unschedulable count.
  const expiry = (p: SimPod): number => backoffExpiryMs(p.queueTs, p.errors > 0 ? p.errors : p.attempts, initialBackoffMs, maxBackoffMs);

  const enterPool = (p: SimPod): void => {
    p.where = "unschedulable";
    unschedulable.add(p);
    p.interests = hints.interests(p.rejectors);
    for (const t of p.interests) {
      let set = listening.get(t);
      if (set === undefined) listening.set(t, (set = new Set()));
      set.add(p);
    }
  };

  const leavePool = (p: SimPod): void => {
    unschedulable.delete(p);
    for (const t of p.interests) listening.get(t)!.delete(p);
    p.interests = NO_INTERESTS;
  };

  /**
   * requeueEntityWithQueueingStrategy with queueAfterBackoff: to the backoff queue while the pod is still
   * backing off, else to the active queue.
   */
  const requeue = (p: SimPod, tMs: number): void => {
    leavePool(p);
    if (expiry(p) > tMs) {
      p.where = "backoff";
      backoff.add(p);
    } else {
      p.where = "active";
      active.push(p);
    }
  };

  /**
   * MoveAllToActiveOrBackoffQueue: every unschedulable pod one of whose rejecting plugins registered the event
   * and hints Queue moves; `maxPriority`: the LE-priority PreEnqueueCheck of a deleted nominated pod.
   */
  const clusterEvent = (e: ClusterEvent, tMs: number, maxPriority = Infinity): void => {
    const set = listening.get(e.type);
    if (set === undefined || set.size === 0) return;
    for (const p of [...set]) {
      if (p.pod.priority > maxPriority) continue;
      if (hints.worthRequeuing(p.base, p.rejectors, e)) requeue(p, tMs);
    }
  };

  /** Takes a pod off the simulation (completed, evicted, scaled down); frees its node's capacity. */
  const remove = (p: SimPod, tMs: number): void => {
    const where = p.where;
    if (where === "bound") {
      live.evict(p.node, [p.info!]);
      hypervisors?.touch(p.node);
    } else if (where === "backoff") backoff.delete(p);
    else if (where === "unschedulable") leavePool(p);
    else if (where === "active") active = active.filter((q) => q !== p);
    // A pending pod may hold a nomination from a preemption dry run (DeleteNominatedPodIfExists).
    const nominated = where !== "bound" && live.nominator.size > 0 && live.nominator.nodeOfPod({ pod: p.pod } as PodInfo) !== undefined;
    if (nominated) live.nominator.remove({ pod: p.pod } as PodInfo);
    p.where = "gone";
    byKey.delete(p.key);
    p.deployment?.pods.delete(p);
    // deleteAssignedPodFromCache; for a pending pod with a nomination, deletePodFromSchedulingQueue's event for
    // pods of lower or equal priority (getLEPriorityPreCheck). A pending pod without one moves nothing.
    if (where === "bound") clusterEvent({ type: "AssignedPodDelete", pod: p.info!, bound: true }, tMs);
    else if (nominated) clusterEvent({ type: "AssignedPodDelete", pod: p.base, bound: true }, tMs, p.pod.priority);
  };

  const evictFromNode = (ni: NodeInfo, reason: "drain" | "node-removed", tMs: number): void => {
    for (const info of [...ni.pods]) {
      const key = `${info.pod.namespace}/${info.pod.name}`;
      const p = byKey.get(key);
      if (p !== undefined) remove(p, tMs);
      else {
        live.evict(ni.node.name, [info]); // a pod of the initial cluster: nobody re-creates it
        initialPods.delete(key);
        hypervisors?.touch(ni.node.name);
        clusterEvent({ type: "AssignedPodDelete", pod: info, bound: true }, tMs);
      }
      evicted++;
      tEvicted++;
      emit?.({ t: tMs / 1000, type: "evict", pod: key, node: ni.node.name, reason });
    }
  };

  const rebuild = (newNodes: Node[]): void => {
    const next = Snapshot.build(newNodes, [], cluster.namespaces);
    // Pods placed by the simulation carry no spec.nodeName (they were assumed), so they are re-added by node.
    for (const ni of live.nodes) {
      const to = next.getNode(ni.node.name);
      if (to !== undefined) for (const info of ni.pods) addPodToNode(to, info);
    }
    next.nominator = live.nominator;
    nodes = newNodes;
    live = next;
    hypervisors?.touchAll();
  };

  // The initial cluster's pending pods arrive at time 0 and run until the end.
  cluster.pendingPods.forEach((p, i) => {
    const base = makePodInfo(p, features, `pods[${JSON.stringify(`${p.namespace}/${p.name}`)}]`, i);
    arrive(base, p.name, 0, null, null);
  });

  const deployments: DeploymentState[] = workload.deployments.map((spec) => ({
    spec,
    key: `${spec.namespace}/${spec.name}`,
    replicas: spec.replicas,
    started: false,
    created: 0,
    pods: new Set(),
    nextSyncMs: Math.round(spec.at * 1000),
    recs: [],
  }));

  const arrivals = workload.arrivals[Symbol.iterator]();
  let nextArrival = arrivals.next();
  let nodeEventIndex = 0;

  const hpaSync = (d: DeploymentState, tMs: number): void => {
    const hpa = d.spec.hpa!;
    const current = d.replicas;
    let desired: number;
    let utilization = 0;
    // horizontal.go computeReplicasForMetrics / reconcileAutoscaler, behavior unset.
    if (current === 0) return; // scaling is disabled while the target has 0 replicas
    if (current > hpa.maxReplicas) desired = hpa.maxReplicas;
    else if (current < hpa.minReplicas) desired = hpa.minReplicas;
    else {
      const bound = [...d.pods].filter((p) => p.where === "bound").sort((a, b) => a.seq - b.seq);
      if (bound.length === 0) return; // "no ready pods": the HPA reports an error and does not scale
      let demand = 0;
      for (const s of hpa.demand) if (s.at * 1000 <= tMs) demand = s.milliCPU;
      const request = d.spec.hpa === null ? 0 : shapeInfos[d.spec.shape]!.requests.milliCPU;
      if (request === 0) throw new SchedkitError(`workload.deployments[${JSON.stringify(d.spec.name)}].cpu`, 0, "must be set for an HPA on CPU utilization (missing request for cpu)");
      const per = Math.floor(demand / bound.length);
      const extra = demand % bound.length;
      const pods: HpaPodSample[] = bound.map((_, i) => ({ request, usage: per + (i < extra ? 1 : 0), state: "Ready" as const }));
      for (const p of d.pods) if (p.where !== "bound") pods.push({ request, state: "Pending" });
      const r = hpaDesiredReplicas({ currentReplicas: current, targetUtilization: hpa.targetCPUUtilizationPercentage, pods });
      utilization = r.currentUtilization;
      // stabilizeRecommendation: the highest recommendation of the last 5 minutes; the oldest expired slot is reused.
      let max = r.desiredReplicas;
      let old = -1;
      d.recs.forEach((rec, i) => {
        if (rec.t < tMs - HPA_DOWNSCALE_WINDOW_MS) old = i;
        else if (rec.rec > max) max = rec.rec;
      });
      if (old >= 0) d.recs[old] = { rec: r.desiredReplicas, t: tMs };
      else d.recs.push({ rec: r.desiredReplicas, t: tMs });
      // convertDesiredReplicasWithRules.
      const limit = Math.max(HPA_SCALE_UP_FACTOR * current, HPA_SCALE_UP_MINIMUM);
      const maxAllowed = hpa.maxReplicas > limit ? limit : hpa.maxReplicas;
      desired = max < hpa.minReplicas ? hpa.minReplicas : max > maxAllowed ? maxAllowed : max;
    }
    if (desired !== current) {
      scaleEvents++;
      emit?.({ t: tMs / 1000, type: "scale", deployment: d.key, from: current, to: desired, utilization });
      d.replicas = desired;
    }
  };

  // ReplicaSet controller manageReplicas: create the missing pods; delete the surplus, unscheduled ones first,
  // then the most recently started (controller.ActivePods ordering, simplified to these two keys).
  const reconcile = (d: DeploymentState, tMs: number): void => {
    const diff = d.replicas - d.pods.size;
    const base = shapeInfos[d.spec.shape]!;
    for (let i = 0; i < diff; i++) {
      const p = arrive(base, `${d.spec.name}-${d.created++}`, tMs, null, d);
      emit?.({ t: tMs / 1000, type: "create", pod: p.key, owner: d.key });
    }
    if (diff < 0) {
      const victims = [...d.pods].sort((a, b) => Number(a.where === "bound") - Number(b.where === "bound") || b.seq - a.seq).slice(0, -diff);
      for (const p of victims) {
        if (p.where === "bound") {
          evicted++;
          tEvicted++;
          emit?.({ t: tMs / 1000, type: "evict", pod: p.key, node: p.node, reason: "scale-down" });
        }
        remove(p, tMs);
      }
    }
  };

  // One long-lived scheduler per node set, when the engine has them (Engine.scheduler with scheduleAll): what
  // it keeps (the WASM engine's node columns) follows the live snapshot from pass to pass, instead of a new
  // scheduler per pass rebuilding it for every node. Each pass restarts its seed, so the passes are the same.
  let session: { live: Snapshot; tc: TickCluster; scheduler: EngineScheduler | null } | null = null;
  const passScheduler = (): EngineScheduler | null => {
    if (session !== null && session.live === live) return session.scheduler;
    session?.scheduler?.dispose?.();
    const tc = new TickCluster(live, featuresKey, nodes, [], cluster);
    let scheduler = engine.scheduler?.(tc, runOptions) ?? null;
    if (scheduler !== null && typeof scheduler.scheduleAll !== "function") {
      scheduler.dispose?.();
      scheduler = null;
    }
    session = { live, tc, scheduler };
    return scheduler;
  };

  /**
   * One scheduleAll over `pods` (queue order); binds the placed, sends the others back to the queue. The pass
   * runs with ownQueue: this simulation's queue (with time) decides every retry, scheduleAll's only the
   * preemptors' (retried after the pass, as before the run queue modelled events).
   */
  const runPass = (pods: SimPod[], tMs: number, tick: number, pass: number): void => {
    if (pods.length === 0) return;
    for (const p of pods) if (p.pod.creationTime !== p.queueTs) p.pod = { ...p.pod, creationTime: p.queueTs };
    // PrioritySort's order (scheduleAll sorts the same way, stably); ties keep arrival order.
    pods.sort((a, b) => queueOrder(a.pod, b.pod) || a.seq - b.seq);
    const passPods = pods.map((p) => p.pod);
    const s = passScheduler();
    let run: RunResult;
    if (s !== null) {
      session!.tc.setPending(passPods);
      run = s.scheduleAll!(undefined, { seed: passSeed(seed, tick, pass), nodeUsage: false, ownQueue: true });
    } else run = engine.scheduleAll(undefined, new TickCluster(live, featuresKey, nodes, passPods, cluster), { ...runOptions, seed: passSeed(seed, tick, pass), ownQueue: true } as RunOptions);
    // Pods for another scheduler (spec.schedulerName not the profile's) are left to it: they leave the simulation.
    for (const sk of run.skipped ?? []) {
      const p = byKey.get(sk.pod);
      if (p === undefined) continue;
      remove(p, tMs);
      errorAttempts++;
      emit?.({ t: tMs / 1000, type: "error", pod: p.key, message: sk.message });
    }
    const rest = run.skipped === undefined || run.skipped.length === 0 ? pods : pods.filter((p) => p.where !== "gone");
    if (run.results.length !== rest.length) throw new Error(`schedkit internal: scheduleAll returned ${run.results.length} results for ${rest.length} pods`);
    // Victims of preemptions carried out in the pass: the scheduler already deleted them from the live snapshot.
    const evictions = run.evictions ?? [];
    const evictedKeys = new Set(evictions.map((e) => e.pod));
    run.results.forEach((r, i) => {
      const p = rest[i]!;
      if (r.pod !== p.key) throw new Error(`schedkit internal: result ${i} is for ${r.pod}, expected ${p.key}`);
      if (r.status === "Scheduled") {
        // The scheduler assumed the pod on the live snapshot: that is the binding; keep its PodInfo for removal.
        const node = r.nodeName!;
        const ni = live.getNode(node)!;
        let info: PodInfo | undefined;
        for (let j = ni.pods.length - 1; j >= 0 && info === undefined; j--) {
          const q = ni.pods[j]!.pod;
          if (q.name === p.pod.name && q.namespace === p.pod.namespace) info = ni.pods[j];
        }
        // A pod placed in this pass and then evicted by a preemptor's retry is no longer on its node.
        if (info === undefined && !evictedKeys.has(p.key)) throw new Error(`schedkit internal: ${p.key} was scheduled to ${node} but not assumed there`);
        p.info = info ?? null;
        p.where = "bound";
        p.node = node;
        hypervisors?.touch(node);
        const waited = tMs - p.arrivalMs;
        waits.add(waited);
        tWaits.push(waited);
        placed++;
        tPlaced++;
        emit?.({ t: tMs / 1000, type: "bind", pod: p.key, node, waited: waited / 1000 });
        if (p.durationMs !== null && info !== undefined) {
          p.leaveMs = tMs + p.durationMs;
          departures.push(p);
        }
        // addAssignedPodToCache: the binding reaches the pods that failed before it.
        if (info !== undefined) clusterEvent({ type: "AssignedPodAdd", pod: info }, tMs);
      } else {
        // AddUnschedulablePodIfNotPresent, Timestamp = now. A pod rejected by plugins: UnschedulableCount++,
        // into the unschedulable pool until an event its plugins hint Queue for (no event happens while it is
        // in flight: scheduling takes no simulated time). Rejected by none (no nodes) or an error status:
        // ConsecutiveErrorsCount++ and, as determineSchedulingHintForInFlightPod answers queueAfterBackoff,
        // to the backoff queue.
        const plugins = r.status === "Unschedulable" ? (r.unschedulablePlugins ?? NO_PLUGINS) : NO_PLUGINS;
        p.queueTs = tMs;
        p.rejectors = plugins;
        if (plugins.length > 0) {
          p.attempts++;
          p.errors = 0;
          enterPool(p);
        } else {
          p.errors++;
          p.where = "backoff";
          backoff.add(p);
        }
        if (r.status === "Unschedulable") {
          unschedAttempts++;
          emit?.({ t: tMs / 1000, type: "unschedulable", pod: p.key, message: r.message, attempts: p.attempts + p.errors });
        } else {
          errorAttempts++;
          emit?.({ t: tMs / 1000, type: "error", pod: p.key, message: r.message });
        }
      }
    });
    // prepareCandidate deleted the victims: they leave the simulation (their Deployments re-create them), and the
    // deletions are cluster events (AssignedPod/Delete) for the unschedulable pods, the preemptor among them if
    // it is still unschedulable (upstream: an event during its cycle, seen by determineSchedulingHintForInFlightPod).
    for (const e of evictions) {
      const p = byKey.get(e.pod);
      let victim: PodInfo | undefined = initialPods.get(e.pod);
      if (p !== undefined) {
        victim = p.info ?? p.base;
        p.where = "gone";
        byKey.delete(p.key);
        p.deployment?.pods.delete(p);
      }
      initialPods.delete(e.pod);
      hypervisors?.touch(e.node);
      if (victim !== undefined) clusterEvent({ type: "AssignedPodDelete", pod: victim, bound: true }, tMs);
      evicted++;
      tEvicted++;
      preempted++;
      tPreempted++;
      emit?.({ t: tMs / 1000, type: "evict", pod: e.pod, node: e.node, reason: "preempted" });
    }
  };

  for (let tick = 0, tMs = 0; tMs <= endMs; tick++, tMs = tick * tickMs) {
    // Pods whose run ended.
    for (let d = departures.peek(); d !== undefined && d.leaveMs <= tMs; d = departures.peek()) {
      departures.pop();
      if (d.where !== "bound" || d.leaveMs > tMs) continue;
      const node = d.node;
      remove(d, tMs);
      completed++;
      tCompleted++;
      emit?.({ t: d.leaveMs / 1000, type: "complete", pod: d.key, node });
    }
    // Node events.
    while (nodeEventIndex < workload.nodeEvents.length && workload.nodeEvents[nodeEventIndex]!.at * 1000 <= tMs) {
      const e = workload.nodeEvents[nodeEventIndex++]!;
      const path = `workload.nodeEvents[${nodeEventIndex - 1}].node`;
      const i = nodes.findIndex((n) => n.name === e.node);
      if (e.action === "add") {
        if (i >= 0) throw new SchedkitError(path, e.node, "is already a node of the cluster");
        rebuild([...nodes, e.add!]);
        clusterEvent({ type: "NodeAdd", node: live.getNode(e.node)! }, tMs);
      } else {
        if (i < 0) throw new SchedkitError(path, e.node, `is not a node of the cluster at ${e.at} s`);
        if (e.action === "remove") {
          // The pods go first (their deletions are events), then the node (deleteNodeFromCache).
          evictFromNode(live.nodes[i]!, "node-removed", tMs);
          const gone = nodes[i]!;
          rebuild(nodes.filter((_, j) => j !== i));
          clusterEvent({ type: "NodeDelete", node: gone }, tMs);
        } else {
          const unschedulableNode = e.action !== "uncordon";
          if (e.action === "drain") evictFromNode(live.nodes[i]!, "drain", tMs);
          const old = nodes[i]!;
          if (old.unschedulable !== unschedulableNode) {
            const updated = { ...old, unschedulable: unschedulableNode };
            rebuild(nodes.map((n, j) => (j === i ? updated : n)));
            // NodeSchedulingPropertiesChange reports spec.unschedulable only when it turns false (as UpdateNodeTaint).
            if (!unschedulableNode) clusterEvent({ type: "UpdateNodeTaint", old, node: updated }, tMs);
          }
        }
      }
      emit?.({ t: tMs / 1000, type: "node", node: e.node, action: e.action });
    }
    // Controllers: the HPA syncs, then each ReplicaSet reconciles.
    for (const d of deployments) {
      if (!d.started) {
        if (d.spec.at * 1000 > tMs) continue;
        d.started = true;
      }
      if (d.spec.hpa !== null && tMs >= d.nextSyncMs) {
        hpaSync(d, tMs);
        while (d.nextSyncMs <= tMs) d.nextSyncMs += d.spec.hpa.syncPeriodSeconds * 1000;
      }
      reconcile(d, tMs);
    }
    // Arrivals up to now.
    while (nextArrival.done !== true && nextArrival.value.at * 1000 <= tMs) {
      const a = nextArrival.value;
      const shape = workload.shapes[a.shape]!;
      arrive(shapeInfos[a.shape]!, a.name ?? `${shape.name}-${seq}`, Math.round(a.at * 1000), a.duration === null ? null : Math.round(a.duration * 1000), null);
      nextArrival = arrivals.next();
    }
    // flushUnschedulableEntitiesLeftover, every 30 s: pods unschedulable for more than 5 minutes (since the last
    // attempt or flush) move as for a wildcard event (EventUnschedulableTimeout: queueAfterBackoff).
    const flush = tick === 0 || Math.floor(tMs / FLUSH_PERIOD_MS) !== Math.floor((tMs - tickMs) / FLUSH_PERIOD_MS);
    if (flush && unschedulable.size > 0) {
      for (const p of [...unschedulable]) {
        if (tMs - Math.max(p.queueTs, p.flushTs) <= POD_MAX_IN_UNSCHEDULABLE_MS) continue;
        p.flushTs = tMs;
        requeue(p, tMs);
      }
    }
    // flushBackoffQCompleted.
    for (const p of backoff) {
      if (expiry(p) <= tMs) {
        backoff.delete(p);
        p.where = "active";
        active.push(p);
      }
    }
    let pass = 0;
    const popped = active;
    active = [];
    runPass(popped, tMs, tick, pass++);
    // Pods the pass's bindings woke into the active queue are popped next (before any backing-off pod).
    if (active.length > 0) {
      const woken = active;
      active = [];
      runPass(woken, tMs, tick, pass++);
    }
    if (popFromBackoffQ && backoff.size > 0) {
      // The active queue is empty: Pop takes backing-off pods (SchedulerPopFromBackoffQ).
      // The backoff queue orders by backoff window first; scheduleAll orders by PrioritySort only, so each
      // window's pods go through their own pass, earliest window first.
      const byWindow = new Map<number, SimPod[]>();
      for (const p of backoff) {
        p.where = "active";
        const w = expiry(p);
        const list = byWindow.get(w);
        if (list === undefined) byWindow.set(w, [p]);
        else list.push(p);
      }
      backoff.clear();
      for (const w of [...byWindow.keys()].sort((a, b) => a - b)) runPass(byWindow.get(w)!, tMs, tick, pass++);
    }

    const st = clusterState(live.nodes, shapes);
    const hosts = hypervisors === null ? null : hypervisors.now((n) => live.getNode(n));
    let worst = 0;
    for (const h of hosts ?? []) {
      const acc = hostSums.get(h.host) ?? { req: 0, lim: 0, reqPeak: 0, limPeak: 0, cont: 0, contPeak: 0, shortPeak: 0 };
      acc.req += h.committedRequestsPerPcpu;
      acc.lim += h.worstCaseDemandPerPcpu;
      acc.reqPeak = Math.max(acc.reqPeak, h.committedRequestsPerPcpu);
      acc.limPeak = Math.max(acc.limPeak, h.worstCaseDemandPerPcpu);
      acc.cont += h.contention;
      acc.contPeak = Math.max(acc.contPeak, h.contention);
      acc.shortPeak = Math.max(acc.shortPeak, h.podsShortOfRequests);
      hostSums.set(h.host, acc);
      worst = Math.max(worst, h.contention);
    }
    contSum += worst;
    contPeak = Math.max(contPeak, worst);
    const m: TickMetrics = {
      t: tMs / 1000,
      arrived: tArrived,
      placed: tPlaced,
      evicted: tEvicted,
      preempted: tPreempted,
      completed: tCompleted,
      pending: active.length + backoff.size + unschedulable.size,
      running: st.running,
      nodes: st.nodes,
      nodesInUse: st.nodesInUse,
      cpuAllocated: st.cpuAllocated,
      memoryAllocated: st.memoryAllocated,
      strandedCPU: st.strandedCPU,
      strandedMemory: st.strandedMemory,
      zones: st.zones,
      zoneSpread: st.zoneSpread,
      wait: waitPercentiles(tWaits),
      ...(perNode ? { perNode: nodeAllocations(live.nodes) } : {}),
      ...(hosts === null ? {} : { hosts }),
    };
    ticks++;
    sums.cpu += st.cpuAllocated;
    sums.mem += st.memoryAllocated;
    sums.inUse += st.nodesInUse;
    sums.strCpu += st.strandedCPU;
    sums.strMem += st.strandedMemory;
    sums.spread += st.zoneSpread;
    peaks.cpu = Math.max(peaks.cpu, st.cpuAllocated);
    peaks.mem = Math.max(peaks.mem, st.memoryAllocated);
    peaks.inUse = Math.max(peaks.inUse, st.nodesInUse);
    lastInUse = st.nodesInUse;
    options.onTick?.(m);
    tArrived = tPlaced = tEvicted = tPreempted = tCompleted = 0;
    tWaits = [];
  }

  (session as { scheduler: EngineScheduler | null } | null)?.scheduler?.dispose?.();
  const mean = (s: number) => (ticks === 0 ? 0 : s / ticks);
  return {
    engine: engine.name,
    start: 0,
    end: endMs / 1000,
    ticks,
    arrived,
    placed,
    unschedulableAttempts: unschedAttempts,
    errors: errorAttempts,
    evicted,
    preempted,
    completed,
    pendingAtEnd: active.length + backoff.size + unschedulable.size,
    wait: waits.summary(),
    waitDistribution: waits.buckets(WAIT_BUCKETS_SECONDS),
    cpuAllocated: { mean: mean(sums.cpu), peak: peaks.cpu },
    memoryAllocated: { mean: mean(sums.mem), peak: peaks.mem },
    nodesInUse: { mean: mean(sums.inUse), peak: peaks.inUse, final: lastInUse },
    strandedCPU: { mean: mean(sums.strCpu) },
    strandedMemory: { mean: mean(sums.strMem) },
    zoneSpread: { mean: mean(sums.spread) },
    scaleEvents,
    nodes: nodeAllocations(live.nodes),
    ...(hypervisors === null
      ? {}
      : {
          hosts: [...hostSums].map(([host, a]) => ({
            host,
            committedRequestsPerPcpu: { mean: mean(a.req), peak: a.reqPeak },
            worstCaseDemandPerPcpu: { mean: mean(a.lim), peak: a.limPeak },
            contention: { mean: mean(a.cont), peak: a.contPeak },
            podsShortOfRequests: { peak: a.shortPeak },
          })),
          contention: { mean: mean(contSum), peak: contPeak },
        }),
  };
}
