// The public scheduling API: a Cluster built from Kubernetes objects, a Scheduler that runs cycles on it,
// and the one-call helpers schedule() / scheduleAll().
import { SchedkitError } from "./errors.js";
import { SchedulingCycle, type TieBreak } from "./framework/cycle.js";
import type { NodeEvaluator } from "./framework/evaluator.js";
import { resolveFeatureGates } from "./framework/features.js";
import type { FeatureGates, Plugin, PluginContext, PluginFactory } from "./framework/interfaces.js";
import { NAME as PTS_NAME } from "./plugins/podtopologyspread/common.js";
import type { SpreadHintSource } from "./plugins/podtopologyspread/plugin.js";
import { resolveProfile, type ResolvedProfile } from "./framework/profile.js";
import { mergeRegistry } from "./framework/registry.js";
import { defaultMultiPoint } from "./plugins/defaults.js";
import { inTreeRegistry } from "./plugins/registry.js";
import type { ScheduleResult } from "./framework/result.js";
import { ResultTable } from "./framework/result-table.js";
import { Rng } from "./framework/rng.js";
import { statusMessage } from "./framework/status.js";
import { makePodInfo, Snapshot } from "./framework/snapshot.js";
import type { NodeInfo, PodInfo } from "./framework/types.js";
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from "./framework/version.js";
import { namespaceFromKube, nodeFromKube, podFromKube, PodInterner, splitKubeObjects } from "./model/kube.js";
import { DraState } from "./dra/state.js";
import { resourceClaimFromKube, resourceSliceFromKube, type ResourceClaim, type ResourceSlice } from "./model/resource-slices.js";
import { DeviceClassResolver, NO_DEVICE_CLASSES, deviceClassFromKube, type DeviceClass } from "./model/device-classes.js";
import type { Labels, Node, Pod, PodDisruptionBudget, PriorityClass, SelectingController, Service } from "./model/types.js";
import { isService, podDisruptionBudgetFromKube, priorityClassFromKube, selectingObjectFromKube, SelectingObjects } from "./model/workloads.js";
import { PriorityAdmission } from "./admission/priority.js";
import { SlotHeap } from "./framework/slot-heap.js";
import { backoffDurationMs, DEFAULT_POD_INITIAL_BACKOFF_MS, DEFAULT_POD_MAX_BACKOFF_MS } from "./simulate/backoff.js";
import { QueueingHints, type ClusterEvent } from "./simulate/queueing-hints.js";

/** A problem createCluster worked around instead of rejecting the input (see CreateClusterOptions.strict). */
export interface ClusterWarning {
  /** The field, as in SchedkitError (`items[7].spec.nodeName`). */
  readonly path: string;
  readonly message: string;
}

/** Objects beyond nodes and pods that the control plane feeds the scheduler. */
export interface ClusterObjects {
  /** PriorityClasses from the input (the built-in system-* classes are always known). */
  readonly priorityClasses: readonly PriorityClass[];
  /** Services, ReplicationControllers, ReplicaSets and StatefulSets: PodTopologySpread's default selectors. */
  readonly selecting: readonly (Service | SelectingController)[];
  /** PodDisruptionBudgets. */
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  /** DeviceClasses: which extended resources DRA backs (DRAExtendedResource). */
  readonly deviceClasses?: readonly DeviceClass[];
  /** ResourceSlices: the devices DRA allocates from. */
  readonly resourceSlices?: readonly ResourceSlice[];
  /** ResourceClaims: the devices already allocated, and pods' extended-resource claims. */
  readonly resourceClaims?: readonly ResourceClaim[];
  /** The paths of DeviceTaintRules in the input (not modelled: the DRA allocator refuses while there are any). */
  readonly deviceTaintRules?: readonly string[];
}

/** A cluster: nodes, the pods bound to them, pods still pending, and namespaces (for namespaceSelector). */
export class Cluster {
  /** Nodes in input order (the scheduler's examination order). */
  readonly nodes: readonly Node[];
  /** Pods bound to a node (spec.nodeName set), excluding finished pods (phase Succeeded/Failed), as the scheduler cache does. */
  readonly boundPods: readonly Pod[];
  /** Pods without spec.nodeName, in input order: what scheduleAll places by default. */
  readonly pendingPods: readonly Pod[];
  /** Namespace labels by name. */
  readonly namespaces: ReadonlyMap<string, Labels>;
  /** Objects of other kinds found in the input (Deployments, ConfigMaps, ...), which schedkit does not use. */
  readonly ignored: readonly { readonly kind: string; readonly path: string }[];
  /** PriorityClasses, Services and controllers, PodDisruptionBudgets. */
  readonly objects: ClusterObjects;
  /** What was left out of the cluster instead of rejecting the input (a pod bound to a node missing from the dump). */
  readonly warnings: readonly ClusterWarning[];
  /** @internal priority admission over the input's PriorityClasses. */
  readonly admission: PriorityAdmission;
  /** @internal the Services and controllers, indexed. */
  readonly selecting: SelectingObjects;
  /** @internal the DeviceClasses' extended-resource mapping. */
  readonly deviceClasses: DeviceClassResolver;
  /** @internal the ResourceSlices and allocated devices; undefined without ResourceSlices. */
  readonly dra: DraState | undefined;
  private snapshots = new Map<string, Snapshot>();
  // The bound pods' PodInfos by feature-gate key: most of a snapshot's cost, shared with derived clusters.
  private podInfos = new Map<string, readonly PodInfo[]>();
  // The cluster this one appends pod-less nodes to (derive()), whose snapshot this one's extends.
  private grownFrom: Cluster | undefined;
  private boundNames: Map<string, Map<string, string>> | undefined;

  /** @internal use createCluster(). */
  constructor(
    nodes: readonly Node[],
    boundPods: readonly Pod[],
    pendingPods: readonly Pod[],
    namespaces: ReadonlyMap<string, Labels>,
    ignored: readonly { kind: string; path: string }[],
    objects: ClusterObjects = { priorityClasses: [], selecting: [], podDisruptionBudgets: [] },
    warnings: readonly ClusterWarning[] = [],
  ) {
    this.nodes = nodes;
    this.boundPods = boundPods;
    this.pendingPods = pendingPods;
    this.namespaces = namespaces;
    this.ignored = ignored;
    this.objects = objects;
    this.warnings = warnings;
    this.admission = new PriorityAdmission(objects.priorityClasses);
    this.selecting = new SelectingObjects(objects.selecting);
    this.deviceClasses = objects.deviceClasses === undefined || objects.deviceClasses.length === 0 ? NO_DEVICE_CLASSES : new DeviceClassResolver(objects.deviceClasses);
    const slices = objects.resourceSlices ?? [];
    this.dra = slices.length === 0 && (objects.resourceClaims ?? []).length === 0 ? undefined : new DraState(slices, objects.resourceClaims ?? []);
    const rule = objects.deviceTaintRules?.[0];
    if (this.dra !== undefined && rule !== undefined) this.dra.taintRules = [rule, "DeviceTaintRules (DRADeviceTaintRules)"];
  }

  /** @internal The node the pod `namespace/name` is bound to, if one is. */
  boundPodNode(namespace: string, name: string): string | undefined {
    if (this.boundNames === undefined) {
      // By namespace, then name: no `namespace/name` string per bound pod.
      const byNamespace = new Map<string, Map<string, string>>();
      for (const p of this.boundPods) {
        let names = byNamespace.get(p.namespace);
        if (names === undefined) byNamespace.set(p.namespace, (names = new Map()));
        names.set(p.name, p.nodeName);
      }
      this.boundNames = byNamespace;
    }
    return this.boundNames.get(namespace)?.get(name);
  }

  /** @internal The snapshot for a feature-gate set (pod requests depend on gates); built once, never mutated. */
  snapshotFor(features: FeatureGates): Snapshot {
    const key = JSON.stringify(features);
    let s: Snapshot | null | undefined = this.snapshots.get(key);
    if (s === undefined) {
      const grown = this.grownFrom;
      s = grown === undefined ? null : Snapshot.withAddedNodes(grown.snapshotFor(features), this.nodes.slice(grown.nodes.length));
      if (s === null) {
        let infos = this.podInfos.get(key);
        if (infos === undefined) {
          infos = this.boundPods.map((p, i) => makePodInfo(p, features, `pods[${JSON.stringify(`${p.namespace}/${p.name}`)}]`, i));
          this.podInfos.set(key, infos);
        }
        s = Snapshot.build(this.nodes, infos, this.namespaces, {
          selecting: this.selecting,
          podDisruptionBudgets: this.objects.podDisruptionBudgets,
          deviceClasses: this.deviceClasses,
          ...(this.dra === undefined ? {} : { dra: this.dra }),
        });
      }
      this.snapshots.set(key, s);
    }
    return s;
  }

  /**
   * @internal This cluster with other nodes and bound pods and no pending pods: what-if runs (capacity's
   * excludeNodes, nodesToAdd's template copies). A derived cluster with the same bound pods shares their
   * PodInfos, and with the same nodes too its snapshots (snapshots are never mutated), so that the many
   * what-if runs of one question do not derive every bound pod's requests and affinity terms again.
   */
  derive(nodes: readonly Node[], boundPods: readonly Pod[]): Cluster {
    const c = new Cluster(nodes, boundPods, [], this.namespaces, [], this.objects, this.warnings);
    if (boundPods === this.boundPods) {
      c.podInfos = this.podInfos;
      if (nodes === this.nodes) c.snapshots = this.snapshots;
      // Nodes appended (nodesToAdd's copies): the snapshot extends this one's instead of building every node.
      else if (nodes.length > this.nodes.length && this.nodes.every((n, i) => nodes[i] === n)) c.grownFrom = this;
    }
    return c;
  }
}

/** Options of createCluster. */
export interface CreateClusterOptions {
  /**
   * Reject a pod bound to a node the input does not list (a stale dump: the node was deleted between the two
   * listings). Default false: the pod is left out of the cluster with a warning (Cluster.warnings).
   */
  readonly strict?: boolean;
}

function uniqueName(seen: Map<string, string>, key: string, path: string, what: string): void {
  const dup = seen.get(key);
  if (dup !== undefined) throw new SchedkitError(`${path}.metadata.name`, key.slice(key.lastIndexOf("/") + 1), `is a duplicate ${what} (also ${dup})`);
  seen.set(key, path);
}

/** Parses each object, refusing a second object of the same key (`key` gives it and what it names). */
function parseUnique<T>(refs: readonly { obj: unknown; path: string }[], parse: (obj: unknown, path: string) => T, key: (o: T) => readonly [string, string]): T[] {
  const seen = new Map<string, string>();
  return refs.map(({ obj, path }) => {
    const o = parse(obj, path);
    const [k, what] = key(o);
    uniqueName(seen, k, path, what);
    return o;
  });
}

/**
 * Builds a cluster from Kubernetes objects: a `kubectl get nodes,pods -o json` List, an array of objects,
 * or `{ nodes, pods, namespaces }`. PriorityClasses, Services, ReplicationControllers, ReplicaSets,
 * StatefulSets and PodDisruptionBudgets in the input are used as the control plane uses them. Throws a
 * SchedkitError naming the field for malformed input, duplicate names, and (with `strict`) pods bound to nodes
 * that do not exist.
 */
export function createCluster(input: unknown, options: CreateClusterOptions = {}): Cluster {
  const split = splitKubeObjects(input, "");
  const priorityClasses: PriorityClass[] = [];
  const classNames = new Map<string, string>();
  for (const { obj, path } of split.priorityClasses) {
    const c = priorityClassFromKube(obj, path);
    uniqueName(classNames, c.name, path, "PriorityClass name");
    priorityClasses.push(c);
  }
  const admission = new PriorityAdmission(priorityClasses);
  const nodes: Node[] = [];
  const nodeNames = new Map<string, string>();
  for (const { obj, path } of split.nodes) {
    const n = nodeFromKube(obj, path);
    const dup = nodeNames.get(n.name);
    if (dup !== undefined) throw new SchedkitError(`${path}.metadata.name`, n.name, `is a duplicate node name (also ${dup})`);
    nodeNames.set(n.name, path);
    nodes.push(n);
  }
  const bound: Pod[] = [];
  const pending: Pod[] = [];
  const warnings: ClusterWarning[] = [];
  // Input index of each bound pod → its index in `bound`.
  const boundIndex = new Map<number, number>();
  const podNames = new Map<string, string>();
  const interner = new PodInterner();
  split.pods.forEach(({ obj, path }, i) => {
    const p = podFromKube(obj, path, i, admission, interner);
    const key = `${p.namespace}/${p.name}`;
    const dup = podNames.get(key);
    if (dup !== undefined) throw new SchedkitError(`${path}.metadata.name`, p.name, `${duplicatePodName(p.namespace)} (also ${dup})`);
    podNames.set(key, path);
    if (p.nodeName === "") pending.push(p);
    else {
      if (!nodeNames.has(p.nodeName)) {
        if (options.strict === true) throw new SchedkitError(`${path}.spec.nodeName`, p.nodeName, "is not a node of this cluster");
        warnings.push({ path: `${path}.spec.nodeName`, message: `pod ${key} is bound to node ${JSON.stringify(p.nodeName)}, which is not in the input; the pod is left out` });
        return;
      }
      if (p.phase !== "Succeeded" && p.phase !== "Failed") {
        boundIndex.set(i, bound.length);
        bound.push(p);
      }
    }
  });
  const namespaces = new Map<string, Labels>();
  for (const { obj, path } of split.namespaces) {
    const ns = namespaceFromKube(obj, path);
    if (namespaces.has(ns.name)) throw new SchedkitError(`${path}.metadata.name`, ns.name, "is a duplicate namespace name");
    namespaces.set(ns.name, ns.labels);
  }
  const selecting: (Service | SelectingController)[] = [];
  const selectingNames = new Map<string, string>();
  for (const { obj, path, kind: groupKind } of split.selecting) {
    const o = selectingObjectFromKube(obj, path, groupKind);
    const kind = isService(o) ? "Service" : o.kind;
    uniqueName(selectingNames, `${kind} ${o.namespace}/${o.name}`, path, `${kind} name in namespace ${JSON.stringify(o.namespace)}`);
    selecting.push(o);
  }
  const inNamespace = (kind: string) => (o: { namespace: string; name: string }) => [`${o.namespace}/${o.name}`, `${kind} name in namespace ${JSON.stringify(o.namespace)}`] as const;
  const podDisruptionBudgets = parseUnique(split.podDisruptionBudgets, podDisruptionBudgetFromKube, inNamespace("PodDisruptionBudget"));
  const deviceClasses = parseUnique(split.deviceClasses, deviceClassFromKube, (c) => [c.name, "DeviceClass name"]);
  const resourceSlices = parseUnique(split.resourceSlices, resourceSliceFromKube, (s) => [s.name, "ResourceSlice name"]);
  const resourceClaims = parseUnique(split.resourceClaims, resourceClaimFromKube, inNamespace("ResourceClaim"));
  // Upstream counts devices in use from the ResourceClaims alone; a bound pod whose extended-resource claim the
  // input lacks (`kubectl get nodes,pods` carries no claims) holds devices schedkit would count as free.
  const claimKeys = new Set(resourceClaims.map((c) => `${c.namespace}/${c.name}`));
  split.pods.forEach(({ path }, i) => {
    const p = bound[boundIndex.get(i) ?? -1];
    if (p?.extendedResourceClaim === undefined || claimKeys.has(`${p.namespace}/${p.extendedResourceClaim}`)) return;
    warnings.push({
      path: `${path}.status.extendedResourceClaimStatus.resourceClaimName`,
      message: `pod ${p.namespace}/${p.name} holds DRA devices through ResourceClaim ${p.namespace}/${p.extendedResourceClaim}, which is not in the input; DRA counts those devices as free`,
    });
  });
  const deviceTaintRules = split.ignored.filter((o) => o.kind === "DeviceTaintRule").map((o) => o.path);
  const objects: ClusterObjects = { priorityClasses, selecting, podDisruptionBudgets, deviceClasses, resourceSlices, resourceClaims, deviceTaintRules };
  return new Cluster(nodes, bound, pending, namespaces, split.ignored, objects, warnings);
}

// The API server keeps one pod per namespace and name (`pods "web" already exists`).
function duplicatePodName(namespace: string): string {
  return `is a duplicate pod name in namespace ${JSON.stringify(namespace)}`;
}

/**
 * @internal What is wrong with a pod given to be scheduled whose spec.nodeName is `nodeName` ("" when
 * nothing): the scheduler only ever sees pods not bound yet. Shared by the API and the CLI's --pod.
 */
export function boundPodProblem(nodeName: unknown): string {
  return typeof nodeName === "string" && nodeName !== "" ? "is set: a pod to schedule is not bound to a node yet" : "";
}

// A pod of scheduleAll's pending list could not be pending next to the cluster's pods in the API server: bound
// already, or named like a bound pod. (schedule() evaluates any pod: NodeName filters one with spec.nodeName.)
function checkToSchedule(pod: Pod, path: string, cluster: Cluster): void {
  const problem = boundPodProblem(pod.nodeName);
  if (problem !== "") throw new SchedkitError(`${path}.spec.nodeName`, pod.nodeName, problem);
  const node = cluster.boundPodNode(pod.namespace, pod.name);
  if (node !== undefined) throw new SchedkitError(`${path}.metadata.name`, pod.name, `${duplicatePodName(pod.namespace)} (also the pod bound to node ${JSON.stringify(node)})`);
}

/** Options of a Scheduler (and of schedule / scheduleAll). */
export interface SchedulerOptions {
  /** A KubeSchedulerProfile (`plugins`, `pluginConfig`, `percentageOfNodesToScore`); the default profile when absent. */
  readonly profile?: unknown;
  /** The release whose behaviour to reproduce ("1.36", "v1.34.2"). Default: "1.37", the newest modelled (DEFAULT_KUBERNETES_VERSION). */
  readonly kubernetesVersion?: string;
  /** Feature-gate overrides on top of the release's defaults. */
  readonly featureGates?: Partial<FeatureGates> | Record<string, boolean>;
  /** KubeSchedulerConfiguration.percentageOfNodesToScore (0 = adaptive, the default; 100 = every node). */
  readonly percentageOfNodesToScore?: number;
  /** Tie-break among top-scoring nodes: a seeded uniform pick ("random", default) or the first in examination order. */
  readonly tieBreak?: TieBreak;
  /** Seed of the tie-break generator (uint32). Default 0. */
  readonly seed?: number;
  /**
   * Build the per-node explanation (default true). Turn off for throughput, and for runs of many pods: each
   * result keeps an entry per node (about 250 bytes a node: 0.5 MB a result at 2,000 nodes, measured on the
   * synthetic cluster). Left to its default, a `scheduleAll` or `scheduleMany` whose kept results would hold
   * more than 1 GiB of explanations (pods × nodes × 250 bytes) is refused before its first pod with an error
   * saying so, instead of running out of memory; `explain: true` keeps them anyway. Runs that keep no result
   * objects are not refused: `keepResults: false` holds no explanation, `"table"` only those of pods not placed.
   * `explainPod` (`@schedkit/core/analysis`) explains one pod.
   */
  readonly explain?: boolean;
  /**
   * Your own plugins, registered by name next to the in-tree ones (upstream's out-of-tree registry). A plugin
   * runs only where a profile enables it, e.g. `profile: { plugins: { multiPoint: { enabled: [{ name, weight }] } } }`,
   * and gets its `pluginConfig` args. A factory returns an object with the plugin's `name` and the extension
   * points it implements (`preFilter`, `filter`, `postFilter`, `preScore`, `score`, `normalizeScore`), with the
   * same signatures the in-tree plugins use. A name already registered, a factory without `create`, a plugin
   * without any extension point, or a normalized score outside [0, 100] is an error naming the plugin.
   */
  readonly plugins?: readonly PluginFactory[];
  /**
   * What a successful preemption does. "carry-out" (default, as a real cluster): the victims are evicted from
   * the scheduler's cluster (Scheduler.evictions records them) and the preemptor stays nominated to the node;
   * scheduleAll retries it after the current queue pass (docs/scheduler.md, "Preemption"). "dry-run": nothing
   * is evicted; the nomination and its victims are only reported (ScheduleResult.nomination), and the preemptor
   * stays Unschedulable — one cycle per pod.
   */
  readonly preemption?: PreemptionMode;
}

/** What a successful preemption does (SchedulerOptions.preemption). */
export type PreemptionMode = "carry-out" | "dry-run";

/** A pod a preemption evicted, with the preemptor that evicted it (all "namespace/name"). */
export interface Eviction {
  readonly pod: string;
  readonly node: string;
  readonly preemptor: string;
}

/** @internal one preemption a scheduler in "carry-out" mode executed. */
export interface CarriedOutPreemption {
  readonly preemptor: PodInfo;
  readonly node: string;
  readonly victims: readonly PodInfo[];
  /** The lower-priority pods nominated to the node, whose nomination the preemption cleared. */
  readonly cleared: readonly PodInfo[];
}

/**
 * @internal Executes the preemption the cycle's PostFilter just decided for `preemptor`, as upstream's
 * prepareCandidate (framework/preemption/executor.go) does: the victims are deleted (the snapshot loses them)
 * and the pods of lower priority nominated to the same node lose their nomination. A victim whose graceful
 * deletion has already started (deletionTimestamp) gets no second deletion ("Victim Pod is already being
 * deleted, skipping the API call for it"): it stays until its termination ends, which on the run's logical
 * clock is after the run, so it is not in `victims` (which may be empty). The preemptor's own nomination is the
 * caller's (handleSchedulingFailure). Returns what was done, or null without a preemption.
 */
export function carryOutPreemption(cycle: SchedulingCycle, snap: Snapshot, preemptor: PodInfo): CarriedOutPreemption | null {
  const p = cycle.preemption;
  if (p === null) return null;
  const victims = p.victims.some((v) => v.pod.terminating) ? p.victims.filter((v) => !v.pod.terminating) : p.victims;
  if (victims.length > 0) snap.evict(p.node, victims);
  const cleared = [...snap.nominator.lowerPriorityOn(p.node, preemptor.pod.priority)];
  for (const q of cleared) snap.nominator.remove(q);
  return { preemptor, node: p.node, victims, cleared };
}

const keyOfInfo = (p: PodInfo) => `${p.pod.namespace}/${p.pod.name}`;

/**
 * @internal the cycle's result for a preemptor whose victims carryOutPreemption just evicted (unchanged when
 * every victim was terminating already: nothing was evicted, the nomination stands as the cycle reported it).
 */
export function evictedResult(r: ScheduleResult, done: CarriedOutPreemption): ScheduleResult {
  if (done.victims.length === 0) return r;
  return { ...r, nomination: { node: done.node, victims: done.victims.map(keyOfInfo), evicted: true } };
}

/** @internal the log's evictions, in the order they happened. */
function evictionsOf(log: readonly CarriedOutPreemption[]): Eviction[] {
  return log.flatMap((c) => c.victims.map((v) => ({ pod: keyOfInfo(v), node: c.node, preemptor: keyOfInfo(c.preemptor) })));
}

/**
 * What an accelerated engine plugs into a Scheduler (@schedkit/core/engine documents the contract): the
 * evaluator its cycle uses for the per-node phases, built once with the cycle and the scheduler's snapshot.
 */
export interface EngineHooks {
  evaluator(cycle: SchedulingCycle, snapshot: Snapshot): NodeEvaluator;
}

interface Resolved {
  readonly ctx: PluginContext;
  readonly profile: ResolvedProfile;
  readonly percentage: number;
  readonly tieBreak: TieBreak;
  readonly seed: number;
  readonly explain: boolean;
  /** Whether the caller set `explain` (false: the default's true), which decides checkExplanations. */
  readonly explainAsked: boolean;
  readonly preemption: PreemptionMode;
}

/**
 * What a result's explanation keeps per node of the cluster, bytes: 254 on the synthetic 2,000-node cluster with
 * the default profile and percentage (500 varied pods kept 254 MB), rounded.
 */
const EXPLANATION_BYTES_PER_NODE = 250;
/** The explanations a run keeps by default before it is refused (SchedulerOptions.explain), bytes. */
const EXPLANATION_BUDGET = 2 ** 30;

/**
 * @internal The release and feature gates a Scheduler with these options reproduces (pod requests depend on the
 * gates): one derivation for Scheduler and for capacity()'s sizing, which reads the cluster's snapshot for them.
 */
export function versionAndFeatures(o: SchedulerOptions): PluginContext {
  const version = parseKubeVersion(o.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  return { version, features: resolveFeatureGates(version, o.featureGates) };
}

function resolveOptions(options: SchedulerOptions | undefined): Resolved {
  const o = options ?? {};
  if (typeof o !== "object") throw new SchedkitError("options", o, "is not an options object");
  const ctx: PluginContext = versionAndFeatures(o);
  const pct = o.percentageOfNodesToScore ?? 0;
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) throw new SchedkitError("percentageOfNodesToScore", pct, "is not a percentage (an integer 0..100)");
  const tieBreak = o.tieBreak ?? "random";
  if (tieBreak !== "random" && tieBreak !== "first") throw new SchedkitError("tieBreak", tieBreak, 'is not "random" or "first"');
  const explain = o.explain ?? true;
  if (typeof explain !== "boolean") throw new SchedkitError("explain", explain, "is not a boolean");
  const preemption = o.preemption ?? "carry-out";
  if (preemption !== "carry-out" && preemption !== "dry-run") throw new SchedkitError("preemption", preemption, 'is not "carry-out" or "dry-run"');
  const seed = o.seed ?? 0;
  new Rng(seed); // validates
  const registry = mergeRegistry(inTreeRegistry, o.plugins);
  return { ctx, profile: resolveProfile(o.profile, ctx, { registry, defaults: defaultMultiPoint(ctx) }), percentage: pct, tieBreak, seed, explain, explainAsked: o.explain !== undefined, preemption };
}

function profileSpreadSource(profile: ResolvedProfile): SpreadHintSource["hardConstraints"] | undefined {
  const spread = profile.preFilter.find((p) => p.name === PTS_NAME) as (Plugin & Partial<SpreadHintSource>) | undefined;
  return spread?.hardConstraints === undefined ? undefined : spread.hardConstraints.bind(spread);
}

/**
 * @internal The getConstraints (DoNotSchedule) of the PodTopologySpread plugin the options' profile configures,
 * for queueing hints built outside a Scheduler (simulate's queue); undefined when the profile has no such plugin.
 */
export function spreadHintSource(options: SchedulerOptions | undefined): SpreadHintSource["hardConstraints"] | undefined {
  return profileSpreadSource(resolveOptions(options).profile);
}

/** A pod validated and pre-computed once by Scheduler.prepare (requests, ports, affinity terms). */
export class PreparedPod {
  /** @internal the scheduler's view of the pod. */
  readonly info: PodInfo;
  /** @internal */
  constructor(info: PodInfo) {
    this.info = info;
  }
  /** "namespace/name". */
  get key(): string {
    return `${this.info.pod.namespace}/${this.info.pod.name}`;
  }
}

/** A pod given to the scheduler: a v1.Pod object or a PreparedPod. */
export type PodInput = unknown;

/**
 * The pods of a run: an array, or any iterable (a generator that reads or makes each pod as it is asked for,
 * whose objects are then garbage once parsed: at 10⁶ pods the caller's objects are ~150 MB). A string is not.
 */
export type PodList = Iterable<PodInput>;

function isPodList(v: unknown): v is PodList {
  return Array.isArray(v) || (typeof v === "object" && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function");
}

/**
 * Runs scheduling cycles against its own copy of a cluster. `schedule` evaluates a pod without changing
 * anything; `assume` accounts a pod on a node; `scheduleOne` does both, as the real scheduler does.
 */
export class Scheduler {
  readonly cluster: Cluster;
  private readonly resolved: Resolved;
  private readonly snap: Snapshot;
  private readonly cycle: SchedulingCycle;
  private seq = 0;
  private readonly log: CarriedOutPreemption[] = [];
  private hints: QueueingHints | undefined;

  /** `engine`: an accelerated engine's hooks (@schedkit/core/engine); the TypeScript reference when absent. */
  constructor(cluster: Cluster, options?: SchedulerOptions, engine?: EngineHooks) {
    if (!(cluster instanceof Cluster)) throw new SchedkitError("cluster", cluster, "is not a Cluster (use createCluster)");
    this.cluster = cluster;
    this.resolved = resolveOptions(options);
    this.snap = cluster.snapshotFor(this.resolved.ctx.features).clone();
    const r = this.resolved;
    this.cycle = new SchedulingCycle({
      profile: r.profile,
      ctx: r.ctx,
      percentageOfNodesToScore: r.percentage,
      tieBreak: r.tieBreak,
      seed: r.seed,
      explain: r.explain,
      evaluator: engine === undefined ? undefined : (cycle) => engine.evaluator(cycle, this.snap),
    });
    this.nominatePending();
  }

  /** @internal Pending pods that carry status.nominatedNodeName are in the queue's nominator from the start. */
  nominatePending(): void {
    this.cluster.pendingPods.forEach((p, i) => {
      if (p.nominatedNodeName !== "") this.snap.nominator.nominate(makePodInfo(p, this.resolved.ctx.features, `pods[${JSON.stringify(`${p.namespace}/${p.name}`)}]`, i), p.nominatedNodeName);
    });
  }

  /**
   * @internal Before a run of a long-lived scheduler (SchedulerRunOptions): `seed` restarts the rotation and
   * the tie-break generator, and the cluster's pending pods are nominated as a new Scheduler would.
   */
  beginRun(pods: PodList | undefined, options: SchedulerRunOptions | undefined): void {
    if (typeof options !== "object" && options !== undefined) throw new SchedkitError("options", options, "is not an options object");
    if (options?.seed !== undefined) this.cycle.restart(options.seed);
    if (pods === undefined) this.nominatePending();
  }

  /**
   * scheduleAll on this scheduler's cluster as it is now (the pods it placed before stay, pods evicted since
   * are gone): `pods` (default: the cluster's pending pods) in PrioritySort order, each placed pod assumed.
   * Each call's pods are new pods to this scheduler (one already placed by an earlier call is placed again).
   * `seed` restarts the node rotation and the tie-break generator, so the run equals scheduleAll on a new
   * Scheduler over the same cluster with that seed; without it both continue from the last cycle.
   */
  scheduleAll(pods?: PodList, options?: SchedulerRunOptions): RunResult {
    this.beginRun(pods, options);
    return this.runAll(pods, options);
  }

  /** @internal scheduleAll's queue and cycles, without beginRun. */
  runAll(pods: PodList | undefined, output: (RunOutput & { readonly nodeUsage?: boolean; readonly ownQueue?: boolean }) | undefined): RunResult {
    const { infos, failure, skipped } = prepareRunQueue(pods, this.cluster, this.schedulerName, (pod, path) => this.queuedInfo(pod, path));
    const { queued, gated } = this.gate(infos);
    this.checkExplanations(queued.length, output);
    const { results, tally, evictions, preemptions, cycles, table } = runPasses(
      queued,
      (pass, onResult) => {
        for (const info of pass) onResult(this.scheduleOne(new PreparedPod(info)));
      },
      this.preemptionLog,
      this.snap,
      output,
      output?.ownQueue === true ? null : this.queueingHints,
    );
    if (failure !== null) throw failure;
    const summary = summarizeRun(tally, output?.nodeUsage === false ? null : this.snap.nodes, skipped, evictions, preemptions, { gated: gated.length, cycles });
    return { results, summary, skipped, gated, evictions, ...(table === undefined ? {} : { table }) };
  }

  /**
   * @internal The queue's PreEnqueue step (PriorityQueue.runPreEnqueuePlugins): a pod a PreEnqueue plugin rejects
   * (SchedulingGates) stays out of the active queue and is never scheduled.
   */
  gate(infos: readonly PodInfo[]): { queued: readonly PodInfo[]; gated: GatedPod[] } {
    // runPasses copies the queue it is given: no copy here (10⁶ pods are 8 MB a copy).
    if (this.resolved.profile.preEnqueue.length === 0) return { queued: infos, gated: [] };
    // The queue is `infos` itself until a pod is held back (most runs hold none back): no copy of it then.
    let queued: PodInfo[] | null = null;
    const gated: GatedPod[] = [];
    for (let i = 0; i < infos.length; i++) {
      const held = this.heldBack(infos[i]!);
      if (held === null) queued?.push(infos[i]!);
      else {
        queued ??= infos.slice(0, i);
        gated.push(held);
      }
    }
    return { queued: queued ?? infos, gated };
  }

  /**
   * Whether the scheduling queue would hold `pod` back (its PreEnqueue plugins, in profile order: the first that
   * rejects it; SchedulingGates for a pod with spec.schedulingGates), or null when it may be scheduled.
   * `schedule` and `scheduleOne` evaluate any pod; scheduleAll leaves held-back pods out (RunResult.gated).
   */
  preEnqueue(pod: PodInput, path = "pod"): GatedPod | null {
    return this.heldBack(this.podInfo(pod, path));
  }

  private heldBack(info: PodInfo): GatedPod | null {
    for (const pl of this.resolved.profile.preEnqueue) {
      const st = pl.preEnqueue!(info);
      if (st.code !== "Success") return { pod: keyOfInfo(info), plugin: pl.name, message: statusMessage(st) };
    }
    return null;
  }

  /** @internal which cluster events move which unschedulable pods (the queue's QueueingHints for this profile's release). */
  get queueingHints(): QueueingHints {
    if (this.hints === undefined) {
      // PodTopologySpread's hints read its getConstraints (default constraints included) on this snapshot.
      const source = profileSpreadSource(this.resolved.profile);
      this.hints = new QueueingHints(this.resolved.ctx.version, this.resolved.ctx.features, source === undefined ? undefined : (pod) => source(pod, this.snap));
    }
    return this.hints;
  }

  /** The profile's schedulerName: the pods this scheduler answers to. */
  get schedulerName(): string {
    return this.resolved.profile.schedulerName;
  }

  /** What a successful preemption does (SchedulerOptions.preemption). */
  get preemptionMode(): PreemptionMode {
    return this.resolved.preemption;
  }

  /** The pods scheduleOne's preemptions evicted so far ("carry-out" mode), in eviction order. */
  get evictions(): readonly Eviction[] {
    return evictionsOf(this.log);
  }

  /** @internal the preemptions carried out so far, in order (scheduleAll's retries; engines append theirs). */
  get preemptionLog(): CarriedOutPreemption[] {
    return this.log;
  }

  /** Where the next cycle starts examining nodes (carried across cycles as upstream). */
  get nextStartNodeIndex(): number {
    return this.cycle.nextStartNodeIndex;
  }

  /**
   * @internal prepare() of a pod of scheduleAll's queue (parsed already), its path made only for an error:
   * `path` is called, if at all, before this returns.
   */
  queuedInfo(pod: Pod, path: () => string): PodInfo {
    return makePodInfo(pod, this.resolved.ctx.features, path, this.seq++);
  }

  private podInfo(pod: PodInput | Pod, path: string, interner?: PodInterner): PodInfo {
    if (pod instanceof PreparedPod) return pod.info;
    const p = isModelPod(pod) ? pod : podFromKube(pod, path, this.seq, this.cluster.admission, interner);
    return makePodInfo(p, this.resolved.ctx.features, path, this.seq++);
  }

  /**
   * @internal prepare() for a list (`pods[i]` in errors), the replicas of one template parsed once: one
   * PodInterner for the list, as scheduleAll's queue does (runQueue), so they share their parsed fields and
   * what is derived from them.
   */
  prepareAll(pods: readonly PodInput[]): PodInfo[] {
    const interner = new PodInterner();
    return pods.map((p, i) => this.podInfo(p, `pods[${i}]`, interner));
  }

  /** Validates and pre-computes a pod once, for callers that evaluate the same pod many times. */
  prepare(pod: PodInput, path = "pod"): PreparedPod {
    return new PreparedPod(this.podInfo(pod, path));
  }

  /** One scheduling cycle; nothing is assumed. */
  schedule(pod: PodInput, path = "pod"): ScheduleResult {
    return this.cycle.schedule(this.podInfo(pod, path), this.snap);
  }

  /** Accounts `pod` on `nodeName` (the scheduler cache's AssumePod), so later cycles see it. */
  assume(pod: PodInput, nodeName: string, path = "pod"): void {
    this.snap.assume(this.podInfo(pod, path), nodeName);
  }

  /**
   * Deletes the pod `namespace/name` from node `nodeName`, as the scheduler cache's RemovePod does once a pod
   * is deleted or evicted: later cycles no longer count it. The pod is one bound in the input or one this
   * scheduler placed; anything else is an error naming it.
   */
  removePod(pod: string, nodeName: string): void {
    const ni = this.snap.getNode(nodeName);
    if (ni === undefined) throw new SchedkitError("nodeName", nodeName, "is not a node of this cluster");
    const info = ni.pods.find((p) => `${p.pod.namespace}/${p.pod.name}` === pod);
    if (info === undefined) throw new SchedkitError("pod", pod, `is not a pod on node ${JSON.stringify(nodeName)}`);
    this.snap.evict(nodeName, [info]);
  }

  /**
   * Records that `pod` is nominated to `nodeName` (null clears it), as the scheduling queue's nominator does
   * after preemption: later cycles of pods with equal or lower priority filter that node as if it ran there.
   */
  nominate(pod: PodInput, nodeName: string | null, path = "pod"): void {
    if (nodeName !== null && this.snap.getNode(nodeName) === undefined) throw new SchedkitError("nodeName", nodeName, "is not a node of this cluster");
    this.snap.nominator.nominate(this.podInfo(pod, path), nodeName ?? "");
  }

  /**
   * Schedules and, when a node was chosen, assumes the pod there; an unschedulable pod keeps the nomination
   * its PostFilter gave it (handleSchedulingFailure), which later cycles yield to. In "carry-out" mode a
   * successful preemption evicts its victims (Scheduler.evictions); the pod is left for a later cycle.
   */
  scheduleOne(pod: PodInput, path = "pod"): ScheduleResult {
    const info = this.podInfo(pod, path);
    const r = this.cycle.schedule(info, this.snap);
    if (r.nodeName !== null) this.snap.assume(info, r.nodeName);
    else {
      this.snap.nominator.nominate(info, this.cycle.nominatingInfo ?? info.pod.nominatedNodeName);
      if (this.resolved.preemption === "carry-out") {
        const done = carryOutPreemption(this.cycle, this.snap, info);
        if (done !== null) {
          this.log.push(done);
          return evictedResult(r, done);
        }
      }
    }
    return r;
  }

  /**
   * @internal Refuses, before it starts, a run or scheduleMany whose results would keep more explanations than
   * EXPLANATION_BUDGET when the caller left `explain` to its default: such a run would end the process out of
   * memory (a V8 heap limit is not an exception) after minutes of work. An explicit `explain: true` keeps them
   * anyway; keepResults false keeps none, and "table" keeps results (and explanations) of unplaced pods only.
   */
  checkExplanations(pods: number, output?: RunOutput): void {
    const r = this.resolved;
    if (!r.explain || r.explainAsked || output?.keepResults === false || output?.keepResults === "table") return;
    const nodes = this.snap.nodes.length;
    const bytes = pods * nodes * EXPLANATION_BYTES_PER_NODE;
    if (bytes <= EXPLANATION_BUDGET) return;
    const gib = (bytes / 2 ** 30).toFixed(1);
    throw new SchedkitError(
      "explain",
      true,
      `(the default) would keep the explanations of ${pods.toLocaleString("en-US")} pods on ${nodes.toLocaleString("en-US")} nodes, about ${gib} GiB (about ${EXPLANATION_BYTES_PER_NODE} bytes a node a pod): pass explain: false for a run this large (explainPod explains one pod), keepResults: false with onResult to stream them, or explain: true to keep them anyway`,
    );
  }

  /** scheduleOne for each pod in the given order; with `stopAtFailure`, up to the first pod not placed. */
  scheduleMany(pods: readonly PodInput[], options?: { readonly stopAtFailure?: boolean }): ScheduleResult[] {
    // A pods value that is not an array fails below, as before, with its own error.
    if (Array.isArray(pods)) this.checkExplanations(pods.length);
    const out: ScheduleResult[] = [];
    for (const [i, p] of pods.entries()) {
      const r = this.scheduleOne(p, `pods[${i}]`);
      out.push(r);
      if (options?.stopAtFailure === true && r.nodeName === null) break;
    }
    return out;
  }

  /** @internal the live snapshot (for analyses). */
  get snapshot(): Snapshot {
    return this.snap;
  }
}

function isModelPod(p: unknown): p is Pod {
  return typeof p === "object" && p !== null && (p as { labels?: unknown }).labels instanceof Map;
}

/** Schedules one pod on the cluster as it is (nothing is assumed). */
export function schedule(pod: PodInput, cluster: Cluster, options?: SchedulerOptions): ScheduleResult {
  return new Scheduler(cluster, options).schedule(pod);
}

/** Requested vs allocatable on one node after a run. */
export interface NodeUsage {
  readonly node: string;
  readonly pods: number;
  readonly allowedPods: number;
  readonly requestedMilliCPU: number;
  readonly allocatableMilliCPU: number;
  readonly requestedMemory: number;
  readonly allocatableMemory: number;
  /**
   * Extended resources (nvidia.com/gpu, ...), hugepages and other scalar resources the node has or its pods
   * request, by name.
   */
  readonly extended: readonly { readonly resource: string; readonly requested: number; readonly allocatable: number }[];
}

/** What a run of scheduleAll did. */
export interface RunSummary {
  readonly pods: number;
  readonly scheduled: number;
  readonly unschedulable: number;
  readonly errors: number;
  /** Pods left alone because they name another scheduler (not counted in `pods`). */
  readonly skipped: number;
  /** Pods held back by a PreEnqueue plugin: spec.schedulingGates (not counted in `pods`). */
  readonly gated: number;
  /** Scheduling cycles the run took: one per queued pod, plus each retry (docs/scheduler.md §9b). */
  readonly cycles: number;
  /** Preemptions carried out ("carry-out" mode): cycles whose PostFilter evicted pods. */
  readonly preemptions: number;
  /** Pods those preemptions evicted. */
  readonly evictions: number;
  /** For unschedulable pods: each reason and how many pods had at least one node reporting it, most frequent first. */
  readonly unschedulableByReason: readonly { readonly reason: string; readonly pods: number }[];
  readonly nodes: readonly NodeUsage[];
}

/** A pod scheduleAll left alone: it names a scheduler no profile answers to (kube-scheduler never queues it). */
export interface SkippedPod {
  /** "namespace/name". */
  readonly pod: string;
  readonly schedulerName: string;
  readonly message: string;
}

/**
 * A pod the scheduling queue holds back (PreEnqueue): it has spec.schedulingGates, so kube-scheduler never
 * schedules it (its PodScheduled condition says reason SchedulingGated) until the gates are removed.
 */
export interface GatedPod {
  /** "namespace/name". */
  readonly pod: string;
  /** The PreEnqueue plugin that holds it back ("SchedulingGates"). */
  readonly plugin: string;
  /** The plugin's status message: `waiting for scheduling gates: [example.com/quota]`. */
  readonly message: string;
}

/** Results of scheduleAll, in queue order. */
export interface RunResult {
  readonly results: readonly ScheduleResult[];
  readonly summary: RunSummary;
  /** Pods for other schedulers, in input order (not in `results`). */
  readonly skipped: readonly SkippedPod[];
  /** Pods held back by their scheduling gates, in queue order (not in `results`). */
  readonly gated: readonly GatedPod[];
  /** Pods evicted by preemptions ("carry-out" mode), in eviction order; empty in "dry-run" mode. */
  readonly evictions: readonly Eviction[];
  /** With keepResults "table": the results in queue order, as columns (`results` is then empty). */
  readonly table?: ResultTable;
}

/** How a run hands its results over (scheduleAll's and Scheduler.scheduleAll's options). */
export interface RunOutput {
  /** Called after each pod (for progress bars). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Called once per pod with its final result and its position in queue order (`results[index]`), as soon as
   * it is final: at once for most pods; after the retries for a pod whose preemption was carried out.
   */
  readonly onResult?: (result: ScheduleResult, index: number) => void;
  /**
   * false: `results` comes back empty (the summary still counts every pod), so a run of 10⁶ pods streamed
   * through `onResult` does not hold 10⁶ result objects. "table": `results` comes back empty and `table` holds
   * every result as columns (a node index and two counts per scheduled pod, the other results as objects),
   * made into objects on demand. Default true.
   */
  readonly keepResults?: boolean | "table";
}

/** Options of scheduleAll. */
export interface RunOptions extends SchedulerOptions, RunOutput {}

/** Options of a long-lived scheduler's scheduleAll (Scheduler.scheduleAll). */
export interface SchedulerRunOptions extends RunOutput {
  /** Restart the node rotation and the tie-break generator at this seed (uint32); absent: continue them. */
  readonly seed?: number;
  /**
   * @internal false: the run's summary has no per-node usage (reading `summary.nodes` throws), for callers that
   * never read it (simulate's passes), which would otherwise pay a read of every node per run.
   */
  readonly nodeUsage?: boolean;
  /**
   * @internal true: the caller runs kube-scheduler's queue itself (simulate, over simulated time), so the run
   * retries only the pods whose preemption it carried out, and no cluster event moves an unschedulable pod.
   */
  readonly ownQueue?: boolean;
}

/** PrioritySort.Less: higher priority first, then earlier creation, then input order. */
export function queueOrder(a: Pod, b: Pod): number {
  return b.priority - a.priority || a.creationTime - b.creationTime;
}

/**
 * Schedules pods one after another, each placed pod assumed onto its node so the next decision sees it.
 * `pods` defaults to the cluster's pending pods. The queue is kube-scheduler's (docs/scheduler.md §9b): ordered
 * as PrioritySort does; pods whose spec.schedulerName is not the profile's are skipped (RunResult.skipped) and
 * pods with scheduling gates held back (RunResult.gated); a pod not placed is retried once a placement, an
 * eviction or a nomination change its rejecting plugins' QueueingHints answer Queue for has moved it, after
 * the pods still queued. In "carry-out" mode (the default) a successful preemption evicts its victims, whose
 * deletion moves the preemptor. `results` holds each pod's last cycle, in queue order. The cluster itself is
 * not changed.
 */
export function scheduleAll(pods: PodList | undefined, cluster: Cluster, options?: RunOptions): RunResult {
  return new Scheduler(cluster, options).runAll(pods, options);
}

/**
 * @internal Prepares the queue's pods in order; one that fails to prepare ends the queue there (the pods
 * before it are still scheduled, then the failure is thrown).
 */
export function prepareQueue(queue: readonly { pod: Pod; path: string }[], prepare: (pod: Pod, path: string) => PodInfo): { infos: PodInfo[]; failure: unknown } {
  const infos: PodInfo[] = [];
  for (const { pod, path } of queue) {
    try {
      infos.push(prepare(pod, path));
    } catch (e) {
      return { infos, failure: e };
    }
  }
  return { infos, failure: null };
}

/**
 * @internal runQueue, then prepareQueue over it, without runQueue's entries: a wrapper and an error path per
 * pod, and a `namespace/name` key per pod for the duplicate check, made and held together for the whole queue
 * while its pods are parsed and prepared (10⁶ pods: ~150 MB at the run's peak). A path is made only for the pod
 * being prepared.
 */
export function prepareRunQueue(
  pods: PodList | undefined,
  cluster: Cluster,
  schedulerName: string,
  prepare: (pod: Pod, path: () => string) => PodInfo,
): { infos: PodInfo[]; failure: unknown; skipped: SkippedPod[] } {
  const { list, order, path, skipped } = queuedPods(pods, cluster, schedulerName);
  // Its length known, the array is made once rather than grown and copied as 10⁶ pods are pushed.
  const infos: PodInfo[] = new Array<PodInfo>(order.length);
  // The queue's pods are parsed already: a pod's path is made only for an error that names it (`at`: the pod
  // being prepared; one function for the queue, called only during its prepare).
  let at = 0;
  const pathOfCurrent = () => path(at);
  for (let k = 0; k < order.length; k++) {
    try {
      at = order[k]!;
      infos[k] = prepare(list[at]!, pathOfCurrent);
    } catch (e) {
      infos.length = k;
      return { infos, failure: e, skipped };
    }
  }
  return { infos, failure: null, skipped };
}

/**
 * @internal scheduleAll's scheduling queue (kube-scheduler's PriorityQueue, backend/queue/scheduling_queue.go),
 * on the logical clock of docs/scheduler.md §9b: every cycle takes no time, so the whole run fits in the first
 * one-second backoff window, no backoff completes and no flush is due while pods wait in the active queue.
 *
 * The active queue is `infos` in PrioritySort order; `run` schedules (and assumes) a list of pods in order,
 * carrying out preemptions into `log`. A pod that is not placed goes to the unschedulable pool with the plugins
 * that rejected it (handleSchedulingFailure → AddUnschedulablePodIfNotPresent); one that failed with an error
 * (no rejecting plugin) waits in the error backoff queue, which nothing pops early. Each placement (bind:
 * AssignedPod/Add), eviction (AssignedPod/Delete) and nomination that changes or is cleared (the pod informer's
 * update: AssignedPod/Delete for lower- or equal-priority pods) moves the pooled pods whose rejecting plugins'
 * QueueingHints answer Queue (MoveAllToActiveOrBackoffQueue) to the backoff queue. Once the active queue is
 * empty, Pop takes the backoff queue's head (SchedulerPopFromBackoffQ): earliest backoff window first (fewer
 * failures: 1 s × 2^(failures−1), at most 10 s), then PrioritySort (priority, then the time of the last
 * failure). A retried pod carries the nomination it holds (status.nominatedNodeName), so its cycle tries that
 * node first. The run ends when both queues are empty; `results` holds each pod's last cycle in queue order.
 * `hints` null (simulate, which runs the queue itself over simulated time): no event moves a pod; only a pod
 * whose preemption was carried out is retried, after the pass.
 */
export function runPasses(
  infos: readonly PodInfo[],
  run: (pass: readonly PodInfo[], onResult: (r: ScheduleResult) => void) => void,
  log: readonly CarriedOutPreemption[],
  snap: Snapshot,
  output: RunOutput | undefined,
  hints: QueueingHints | null,
): { results: ScheduleResult[]; tally: RunTally; evictions: Eviction[]; preemptions: number; cycles: number; table?: ResultTable } {
  checkRunOutput(output);
  const start = log.length;
  const table = output?.keepResults === "table" ? new ResultTable(infos, snap.nodes.map((n) => n.node.name)) : undefined;
  const keep = output?.keepResults !== false && table === undefined;
  const onProgress = output?.onProgress;
  // Every pod's result when kept (the first pass gives each slot one: made at its length, not grown);
  // otherwise only the last result of pods that may still be retried.
  const results: ScheduleResult[] = keep ? new Array<ScheduleResult>(infos.length) : [];
  const tally = new RunTally();
  const final = (r: ScheduleResult, slot: number) => {
    tally.add(r);
    table?.set(slot, r);
    output?.onResult?.(r, slot);
  };
  const n = infos.length;
  // Per queue slot: the pod as the queue holds it, the plugins of its last rejection, its failure count, when
  // it last failed (cycle number), whether it sits in the unschedulable pool, and the evictions it caused.
  const current = infos.slice();
  const rejectors: (readonly string[])[] = [];
  const failures = new Uint32Array(n);
  const failedAt = new Float64Array(n);
  const pooled = new Set<number>();
  // The pooled pods by the event types their rejecting plugins registered (EventsToRegister): an event asks
  // only those (moveAllToActiveOrBackoffQueue asks every pod; the answer for the others is QueueSkip).
  const listening = new Map<ClusterEvent["type"], Set<number>>();
  // backoffQ (lessBackoffCompletedWithPriority): a heap, not a scan per Pop (an event can move 10⁵ pooled pods).
  const backoff = new SlotHeap(backoffLess);
  const inBackoff = new Uint8Array(n);
  // Queue slots by pod key, for the pods a preemption's nomination cleared: built the first time one is (a map
  // of 10⁶ pods is tens of MB that most runs do not need).
  let slotMap: Map<string, number> | undefined;
  const slotOf = () => (slotMap ??= new Map(infos.map((p, i) => [keyOfInfo(p), i])));
  const preempted = new Map<number, { node: string; victims: string[]; evicted: true }>();
  let cycles = 0;
  const alike = new AlikeResults();

  const pool = (slot: number) => {
    pooled.add(slot);
    for (const t of hints!.interests(rejectors[slot]!)) {
      let set = listening.get(t);
      if (set === undefined) listening.set(t, (set = new Set()));
      set.add(slot);
    }
  };
  const move = (event: ClusterEvent, maxPriority = Infinity) => {
    const set = listening.get(event.type);
    if (hints === null || set === undefined) return;
    for (const slot of set) {
      const p = current[slot]!;
      if (p.pod.priority <= maxPriority && hints.worthRequeuing(p, rejectors[slot]!, event)) {
        pooled.delete(slot);
        for (const other of listening.values()) other.delete(slot);
        backoff.push(slot);
        inBackoff[slot] = 1;
      }
    }
  };
  // The pod informer's update for a nominatedNodeName status patch (updatePodInSchedulingQueue): the queue's
  // copy carries it, and a nomination that changed frees its node for pods of lower or equal priority.
  // The first pass's pods as the engine reads them, one at a time: a pod whose queued copy changes before its
  // turn (a preemption cleared its nomination) is popped as the queue holds it then, as from upstream's activeQ.
  let firstPass: PodInfo[] | null = null;
  const renominate = (slot: number, node: string) => {
    const p = current[slot]!;
    if (p.pod.nominatedNodeName === node) return;
    current[slot] = { ...p, pod: { ...p.pod, nominatedNodeName: node } };
    if (firstPass !== null) firstPass[slot] = current[slot]!;
    if (p.pod.nominatedNodeName !== "") move({ type: "AssignedPodDelete", pod: p, bound: true }, p.pod.priority);
  };

  // `slots` null: every slot in order (the first pass), whose pods are `current` itself: a renomination during
  // the pass writes the queue's copy, which is what the pass pops (no second array of 10⁶ pods, nor of slots).
  const attempt = (slots: readonly number[] | null, first: boolean) => {
    let k = 0;
    let seen = log.length;
    const pass = slots === null ? current : slots.map((s) => current[s]!);
    firstPass = first ? pass : null;
    run(pass, (r) => {
      const sent = pass[k]!;
      const slot = slots === null ? k : slots[k]!;
      k++;
      cycles++;
      // The engine's result is a fresh object of this cycle: numbered in place, not copied (10⁶ pods a run).
      (r as { cycle?: number }).cycle = cycles;
      const info = current[slot]!;
      const done = log.length > seen && log[log.length - 1]!.preemptor === sent ? log[log.length - 1]! : null;
      seen = log.length;
      if (r.nodeName !== null) {
        // Nothing pooled listens (most placements of a large run): no event object a pod.
        if (listening.size > 0) move({ type: "AssignedPodAdd", pod: info });
      } else {
        const plugins = r.status === "Error" ? NO_PLUGINS : (r.unschedulablePlugins ?? NO_PLUGINS);
        if (plugins.length > 0) {
          rejectors[slot] = plugins;
          failures[slot]!++;
          failedAt[slot] = cycles;
          if (hints !== null) pool(slot);
        }
        renominate(slot, snap.nominator.nodeOfPod(info) ?? "");
        if (done !== null) {
          // Only terminating victims: nothing was deleted, no event, the preemptor waits in the pool.
          if (done.victims.length > 0) {
            const p = preempted.get(slot) ?? { node: done.node, victims: [], evicted: true as const };
            p.node = done.node;
            for (const v of done.victims) p.victims.push(keyOfInfo(v));
            preempted.set(slot, p);
            for (const v of done.victims) move({ type: "AssignedPodDelete", pod: v, bound: true });
            if (hints === null && inBackoff[slot] === 0) {
              backoff.push(slot);
              inBackoff[slot] = 1;
            }
          }
          for (const q of done.cleared) {
            const s = slotOf().get(keyOfInfo(q));
            if (s !== undefined) renominate(s, "");
            else move({ type: "AssignedPodDelete", pod: q, bound: true }, q.pod.priority);
          }
        }
      }
      // A pod that may still be retried (pooled, backing off, or retried after its preemption) is final later.
      // Most runs pool nothing and carry out no preemption: no lookup a pod then.
      const waiting = (pooled.size > 0 && pooled.has(slot)) || inBackoff[slot] === 1 || (preempted.size > 0 && preempted.has(slot));
      if (keep) results[slot] = r;
      else if (waiting) results[slot] = alike.share(r);
      else delete results[slot];
      if (!waiting) final(r, slot);
      if (first) onProgress?.(k, n);
    });
    firstPass = null;
  };
  attempt(null, true);
  while (backoff.size > 0) {
    const slot = backoff.pop();
    inBackoff[slot] = 0;
    attempt([slot], false);
  }
  // The pods still pooled, and every pod whose preemption was carried out: their last cycle is final now.
  const pending = new Set([...pooled, ...preempted.keys()]);
  for (const slot of [...pending].sort((a, b) => a - b)) {
    const p = preempted.get(slot);
    const r = p === undefined ? results[slot]! : { ...results[slot]!, nomination: p };
    if (keep) results[slot] = r;
    else delete results[slot];
    final(r, slot);
  }
  const carried = log.slice(start);
  // A preemption whose victims were all terminating already deleted nothing: not counted.
  const preemptions = carried.reduce((n, c) => n + (c.victims.length > 0 ? 1 : 0), 0);
  return { results: keep ? results : [], tally, evictions: evictionsOf(carried), preemptions, cycles, ...(table === undefined ? {} : { table }) };

  // backoffQ's order: backoff window, then PrioritySort by the last failure. A slot's keys stay fixed while it
  // waits in the queue (it is not attempted, and its priority does not change).
  function backoffLess(a: number, b: number): boolean {
    const wa = backoffDurationMs(failures[a]!, DEFAULT_POD_INITIAL_BACKOFF_MS, DEFAULT_POD_MAX_BACKOFF_MS);
    const wb = backoffDurationMs(failures[b]!, DEFAULT_POD_INITIAL_BACKOFF_MS, DEFAULT_POD_MAX_BACKOFF_MS);
    if (wa !== wb) return wa < wb;
    const pa = current[a]!.pod.priority;
    const pb = current[b]!.pod.priority;
    return pa !== pb ? pa > pb : failedAt[a]! < failedAt[b]!;
  }
}

const NO_PLUGINS: readonly string[] = [];

/**
 * The results that runPasses holds, without keeping them, for pods waiting in the queue until the run ends (an
 * unschedulable pod's last result is final then): pods rejected alike share one copy of the message, the
 * reasons and the rejecting plugins, so that 10⁵ pending replicas that fit nowhere hold one copy of each
 * instead of one a pod. A result with an explanation (per-node detail) is kept as it is.
 */
class AlikeResults {
  private readonly byMessage = new Map<string, ScheduleResult>();

  share(r: ScheduleResult): ScheduleResult {
    if (r.explanation !== null || r.message === "") return r;
    const first = this.byMessage.get(r.message);
    if (first === undefined) {
      if (this.byMessage.size < MAX_ALIKE_MESSAGES) this.byMessage.set(r.message, r);
      return r;
    }
    if (first === r || !sameReasons(first.reasons, r.reasons) || !sameStrings(first.unschedulablePlugins, r.unschedulablePlugins)) return r;
    return { ...r, message: first.message, reasons: first.reasons, ...(r.unschedulablePlugins === undefined ? {} : { unschedulablePlugins: first.unschedulablePlugins }) };
  }
}

/** Most distinct messages AlikeResults keeps a first result for (pods that each fail their own way are not shared). */
export const MAX_ALIKE_MESSAGES = 4096;

function sameReasons(a: ScheduleResult["reasons"], b: ScheduleResult["reasons"]): boolean {
  return a.length === b.length && a.every((x, i) => x.reason === b[i]!.reason && x.nodes === b[i]!.nodes);
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}


function checkRunOutput(o: RunOutput | undefined): void {
  if (o === undefined) return;
  for (const k of ["onProgress", "onResult"] as const) if (o[k] !== undefined && typeof o[k] !== "function") throw new SchedkitError(k, o[k], "is not a function");
  if (o.keepResults !== undefined && typeof o.keepResults !== "boolean" && o.keepResults !== "table") throw new SchedkitError("keepResults", o.keepResults, 'is not true, false or "table"');
}

/** @internal What a run's summary counts of its results, added up as each result is final. */
export class RunTally {
  pods = 0;
  scheduled = 0;
  errors = 0;
  readonly byReason = new Map<string, number>();

  add(r: ScheduleResult): void {
    this.pods++;
    if (r.status === "Scheduled") this.scheduled++;
    else if (r.status === "Error") this.errors++;
    else for (const { reason } of r.reasons) this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }
}

/**
 * @internal scheduleAll's queue: the pods (default: the cluster's pending pods) in PrioritySort order, with error
 * paths, and the pods left out because they name another scheduler (the scheduler's pod informer only queues
 * pods its profiles answer to: eventhandlers.go responsibleForPod).
 */
export function runQueue(pods: PodList | undefined, cluster: Cluster, schedulerName: string): { queue: { pod: Pod; path: string }[]; skipped: SkippedPod[] } {
  const { list, order, path, skipped } = queuedPods(pods, cluster, schedulerName);
  return { queue: order.map((i) => ({ pod: list[i]!, path: path(i) })), skipped };
}

/**
 * runQueue as positions: the pods in input order, the queue as positions into them (PrioritySort order, input
 * order breaking ties) and each pod's error path by position.
 */
function queuedPods(
  pods: PodList | undefined,
  cluster: Cluster,
  schedulerName: string,
): { list: readonly Pod[]; order: readonly number[]; path: (i: number) => string; skipped: SkippedPod[] } {
  let list: readonly Pod[];
  let path: (i: number) => string;
  if (pods === undefined) {
    const pending = cluster.pendingPods;
    list = pending;
    path = (i) => `pods[${JSON.stringify(`${pending[i]!.namespace}/${pending[i]!.name}`)}]`;
  } else {
    if (!isPodList(pods)) throw new SchedkitError("pods", pods, "is not an array (or iterable) of pods");
    const interner = new PodInterner();
    const parsed: Pod[] = [];
    path = (i) => `pods[${i}]`;
    // One pod at a time: an iterable that makes its objects as it goes (a generator over a dump) can let each
    // go once parsed, so that a run never holds the caller's objects and the parsed pods together.
    let i = 0;
    for (const p of pods) {
      parsed.push(podFromKube(p, path(i), i, cluster.admission, interner));
      i++;
    }
    // Names by namespace, then name: no `namespace/name` string per pod.
    const names = new Map<string, Map<string, number>>();
    parsed.forEach((pod, i) => {
      checkToSchedule(pod, path(i), cluster);
      let inNamespace = names.get(pod.namespace);
      if (inNamespace === undefined) names.set(pod.namespace, (inNamespace = new Map()));
      const first = inNamespace.get(pod.name);
      if (first !== undefined) throw new SchedkitError(`${path(i)}.metadata.name`, pod.name, `${duplicatePodName(pod.namespace)} (also ${path(first)})`);
      inNamespace.set(pod.name, i);
    });
    list = parsed;
  }
  // A cluster's pending pods never change: their queue is sorted once per scheduler name, not once per run.
  let byName = pods === undefined ? pendingQueues.get(list) : undefined;
  const known = byName?.get(schedulerName);
  if (known !== undefined) return { list, order: known.order, path, skipped: known.skipped.slice() };
  const skipped: SkippedPod[] = [];
  const order: number[] = [];
  list.forEach((pod, i) => {
    if (pod.schedulerName === schedulerName) order.push(i);
    else skipped.push({ pod: `${pod.namespace}/${pod.name}`, schedulerName: pod.schedulerName, message: `no profile for scheduler name ${JSON.stringify(pod.schedulerName)}; left to that scheduler` });
  });
  // Input order breaks the remaining ties.
  order.sort((a, b) => queueOrder(list[a]!, list[b]!) || a - b);
  if (pods === undefined) {
    if (byName === undefined) pendingQueues.set(list, (byName = new Map()));
    byName.set(schedulerName, { order, skipped: skipped.slice() });
  }
  return { list, order, path, skipped };
}

/** queuedPods of a cluster's pending pods, by the list and the scheduler name (kept while the cluster is). */
const pendingQueues = new WeakMap<readonly Pod[], Map<string, { readonly order: readonly number[]; readonly skipped: readonly SkippedPod[] }>>();

/** @internal scheduleAll's summary from its results (queue order) and the nodes after the run. */
export function summarizeRun(
  results: readonly ScheduleResult[] | RunTally,
  nodes: readonly NodeInfo[] | null,
  skipped: readonly SkippedPod[] = [],
  evictions: readonly Eviction[] = [],
  preemptions = 0,
  queue: { readonly gated: number; readonly cycles: number } = { gated: 0, cycles: 0 },
): RunSummary {
  const usage = nodes === null ? noNodeUsage : nodeUsage(nodes);
  let built: readonly NodeUsage[] | undefined;
  let tally: RunTally;
  if (results instanceof RunTally) tally = results;
  else {
    tally = new RunTally();
    for (const r of results) tally.add(r);
  }
  const { pods, scheduled, errors, byReason } = tally;
  return {
    pods,
    scheduled,
    unschedulable: pods - scheduled - errors,
    errors,
    skipped: skipped.length,
    gated: queue.gated,
    cycles: queue.cycles,
    preemptions,
    evictions: evictions.length,
    unschedulableByReason: [...byReason].map(([reason, pods]) => ({ reason, pods })).sort((a, b) => b.pods - a.pods || (a.reason < b.reason ? -1 : 1)),
    // Read now (a long-lived scheduler's nodes change after the run), built when first asked for: a caller that
    // only reads the results (simulate, every pass) does not pay for an object per node.
    get nodes() {
      return (built ??= usage());
    },
  };
}

const USAGE_FIELDS = 6;

function noNodeUsage(): never {
  throw new Error("schedkit internal: this run was made without per-node usage (nodeUsage: false)");
}

/** The nodes' usage as it is now, in columns; the NodeUsage objects are made by the returned function. */
function nodeUsage(nodes: readonly NodeInfo[]): () => readonly NodeUsage[] {
  const n = nodes.length;
  const cols = new Float64Array(n * USAGE_FIELDS);
  const extended = new Map<number, NodeUsage["extended"]>();
  for (let i = 0; i < n; i++) {
    const ni = nodes[i]!;
    const o = i * USAGE_FIELDS;
    cols[o] = ni.pods.length;
    cols[o + 1] = ni.allocatable.allowedPodNumber;
    cols[o + 2] = ni.requested.milliCPU;
    cols[o + 3] = ni.allocatable.milliCPU;
    cols[o + 4] = ni.requested.memory;
    cols[o + 5] = ni.allocatable.memory;
    if (ni.allocatable.scalar.size > 0 || ni.requested.scalar.size > 0) extended.set(i, extendedUsage(ni));
  }
  const names = nodes.map((ni) => ni.node.name);
  return () =>
    names.map((node, i) => {
      const o = i * USAGE_FIELDS;
      return {
        node,
        pods: cols[o]!,
        allowedPods: cols[o + 1]!,
        requestedMilliCPU: cols[o + 2]!,
        allocatableMilliCPU: cols[o + 3]!,
        requestedMemory: cols[o + 4]!,
        allocatableMemory: cols[o + 5]!,
        extended: extended.get(i) ?? [],
      };
    });
}

function extendedUsage(ni: NodeInfo): NodeUsage["extended"] {
  return [...new Set([...ni.allocatable.scalar.keys(), ...ni.requested.scalar.keys()])]
    // A resource only pods requested stays in Requested (at 0) after they leave (RemovePod subtracts): listed
    // while a pod on the node still requests it, as for a cluster built with the pods it has now.
    .filter((r) => ni.allocatable.scalar.has(r) || ni.requested.scalar.get(r) !== 0 || ni.pods.some((p) => p.requests.scalar.has(r)))
    .sort()
    .map((resource) => ({ resource, requested: ni.requested.scalar.get(resource) ?? 0, allocatable: ni.allocatable.scalar.get(resource) ?? 0 }));
}
