// kube-scheduler: pkg/scheduler/framework/plugins/noderesources/fit.go (docs/scheduler.md §4.6):
// PreFilter (computePodResourceRequest, the SidecarContainers check), Filter (fitsRequest), PreScore and
// Score (the configured strategy over resourceAllocationScorer). DRAExtendedResource: Filter leaves to
// DynamicResources an extended resource that a DeviceClass backs on a node without it in allocatable
// (shouldDelegateResourceToDRA); dynamicresources.ts then decides that node.
import { stateKey, type CycleState, type Plugin, type PluginContext, type PluginFactory, type PreFilterResult } from "../../framework/interfaces.js";
import type { InsufficientResource, Status } from "../../framework/status.js";
import { PluginStatusError, SUCCESS, errorStatus, unresolvable } from "../../framework/status.js";
import type { NodeInfo, PodInfo } from "../../framework/types.js";
import { isExtendedResourceName, type DeviceClassResolver } from "../../model/device-classes.js";
import { parseFitArgs, type NodeResourcesFitArgs } from "./args.js";
import { leastAllocatedScore } from "./least-allocated.js";
import { mostAllocatedScore } from "./most-allocated.js";
import { requestedToCapacityRatioScorer } from "./requested-to-capacity-ratio.js";
import { ResourceAllocationScorer, type ResourceScorer } from "./resource-allocation.js";

/** The plugin name (names.NodeResourcesFit). */
export const NODE_RESOURCES_FIT = "NodeResourcesFit";

/** Reason for a node whose pod count is at allocatable `pods`. */
const ERR_REASON_TOO_MANY_PODS = "Too many pods";

/** PreFilter rejection of a pod with sidecars when the SidecarContainers gate is off. */
export const ERR_REASON_SIDECARS_DISABLED = "Pod has a restartable init container and the SidecarContainers feature is disabled";


/** What Filter checks for one pod (upstream preFilterState), derived once per pod. */
export interface FitRequest {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** cpu, memory and ephemeral-storage are 0 and the pod lists no scalar resource: only the pod count applies. */
  readonly empty: boolean;
  /** Scalar resources to check: requested (> 0) and not ignored, with their reasons, in check order. */
  readonly scalarNames: readonly string[];
  readonly scalarValues: Float64Array;
  readonly scalarReasons: readonly string[];
  /**
   * Per scalar: 1 when a DeviceClass backs it (DRAExtendedResource on), so a node without it in allocatable
   * leaves it to DynamicResources; null when no scalar is backed.
   */
  readonly draBacked: Uint8Array | null;
}

/** PreFilter's state: the pod's FitRequest (fit.go preFilterStateKey). */
export const FIT_PREFILTER_STATE = stateKey<FitRequest>("PreFilter" + NODE_RESOURCES_FIT);
/** PreScore's state: the pod's request per configured scoring resource, in the strategy's order (preScoreStateKey). */
export const FIT_PRESCORE_STATE = stateKey<Float64Array>("PreScore" + NODE_RESOURCES_FIT);

class Fit implements Plugin {
  readonly name = NODE_RESOURCES_FIT;
  private readonly ignoredResources: ReadonlySet<string>;
  private readonly ignoredResourceGroups: ReadonlySet<string>;
  private readonly sidecarContainers: boolean;
  private readonly draExtendedResource: boolean;
  private readonly scorer: ResourceAllocationScorer;
  private readonly strategy: ResourceScorer;
  // One-entry caches: Filter and Score run once per node for the same pod, and reading CycleState each time
  // would be a Map lookup per node.
  private fitState: CycleState | null = null;
  private fitPod: PodInfo | null = null;
  private fitRequest: FitRequest | null = null;
  private scoreState: CycleState | null = null;
  private scorePod: PodInfo | null = null;
  private scoreRequests: Float64Array | null = null;

  constructor(args: NodeResourcesFitArgs, ctx: PluginContext) {
    this.ignoredResources = new Set(args.ignoredResources);
    this.ignoredResourceGroups = new Set(args.ignoredResourceGroups);
    this.sidecarContainers = ctx.features.sidecarContainers;
    this.draExtendedResource = ctx.features.draExtendedResource;
    const strategy = args.scoringStrategy;
    this.scorer = new ResourceAllocationScorer(strategy.resources, false);
    switch (strategy.type) {
      case "LeastAllocated":
        this.strategy = leastAllocatedScore;
        break;
      case "MostAllocated":
        this.strategy = mostAllocatedScore;
        break;
      case "RequestedToCapacityRatio":
        this.strategy = requestedToCapacityRatioScorer(strategy.requestedToCapacityRatio!.shape);
        break;
    }
  }

  private isIgnored(name: string): boolean {
    if (!isExtendedResourceName(name)) return false;
    if (this.ignoredResources.has(name)) return true;
    // The group is the part before the first "/" (an extended resource name always has one).
    return this.ignoredResourceGroups.size > 0 && this.ignoredResourceGroups.has(name.slice(0, name.indexOf("/")));
  }

  // computePodResourceRequest: PodInfo.requests already is PodRequests (pod-level resources per the gate).
  // Scalar resources are checked in the insertion order of the pod's request map (first appearance in
  // containers, then init containers, then overhead). Go ranges over a map there, so its order is random
  // when several scalars fail; a fixed order makes the reason list reproducible and is one of Go's orders.
  private computeFitRequest(pod: PodInfo, classes: DeviceClassResolver | undefined): FitRequest {
    const r = pod.requests;
    const scalarNames: string[] = [];
    const values: number[] = [];
    const scalarReasons: string[] = [];
    const resolver = this.draExtendedResource && classes !== undefined && !classes.empty ? classes : null;
    let draBacked: Uint8Array | null = null;
    for (const [name, value] of r.scalar) {
      if (value === 0 || this.isIgnored(name)) continue;
      if (resolver !== null && resolver.classFor(name) !== undefined) (draBacked ??= new Uint8Array(r.scalar.size))[scalarNames.length] = 1;
      scalarNames.push(name);
      values.push(value);
      scalarReasons.push(`Insufficient ${name}`);
    }
    return {
      milliCPU: r.milliCPU,
      memory: r.memory,
      ephemeralStorage: r.ephemeralStorage,
      empty: r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && r.scalar.size === 0,
      scalarNames,
      scalarValues: Float64Array.from(values),
      scalarReasons,
      draBacked,
    };
  }

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult {
    if (!this.sidecarContainers && pod.pod.initContainers.some((c) => c.restartPolicy === "Always")) {
      // Older kubelets account sidecars differently, so upstream refuses such pods rather than overbook.
      return { status: unresolvable(NODE_RESOURCES_FIT, ERR_REASON_SIDECARS_DISABLED) };
    }
    const req = this.computeFitRequest(pod, state.snapshot.deviceClasses);
    state.write(FIT_PREFILTER_STATE, req);
    this.fitState = state;
    this.fitPod = pod;
    this.fitRequest = req;
    return { status: SUCCESS };
  }

  private requestFor(state: CycleState, pod: PodInfo): FitRequest {
    if (state === this.fitState && pod === this.fitPod) return this.fitRequest!;
    let req = state.read(FIT_PREFILTER_STATE);
    if (req === undefined) {
      req = this.computeFitRequest(pod, state.snapshot.deviceClasses);
      state.write(FIT_PREFILTER_STATE, req);
    }
    this.fitState = state;
    this.fitPod = pod;
    this.fitRequest = req;
    return req;
  }

  // fitsRequest. Comparisons are exact: allocatable, the node's summed requests and the pod request are
  // integers ≤ MAX_RESOURCE_VALUE, so `allocatable − used` is exact.
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const s = this.requestFor(state, pod);
    const alloc = node.allocatable;
    const used = node.requested;
    let out: InsufficientResource[] | null = null;

    const podCount = node.pods.length;
    if (podCount + 1 > alloc.allowedPodNumber) {
      // Never unresolvable: preemption can free a pod slot.
      out = [
        {
          resourceName: "pods",
          reason: ERR_REASON_TOO_MANY_PODS,
          requested: 1,
          used: podCount,
          capacity: alloc.allowedPodNumber,
          unresolvable: false,
        },
      ];
    }
    if (!s.empty) {
      if (s.milliCPU > 0 && s.milliCPU > alloc.milliCPU - used.milliCPU) {
        (out ??= []).push(insufficient("cpu", "Insufficient cpu", s.milliCPU, used.milliCPU, alloc.milliCPU));
      }
      if (s.memory > 0 && s.memory > alloc.memory - used.memory) {
        (out ??= []).push(insufficient("memory", "Insufficient memory", s.memory, used.memory, alloc.memory));
      }
      if (s.ephemeralStorage > 0 && s.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
        (out ??= []).push(
          insufficient("ephemeral-storage", "Insufficient ephemeral-storage", s.ephemeralStorage, used.ephemeralStorage, alloc.ephemeralStorage),
        );
      }
      const names = s.scalarNames;
      const draBacked = s.draBacked;
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const request = s.scalarValues[i]!;
        // A resource the node does not list has allocatable 0.
        const capacity = alloc.scalar.get(name) ?? 0;
        // shouldDelegateResourceToDRA: a DeviceClass backs it and no device plugin advertises it here.
        if (draBacked !== null && draBacked[i] === 1 && capacity <= 0) continue;
        const inUse = used.scalar.get(name) ?? 0;
        if (request > capacity - inUse) (out ??= []).push(insufficient(name, s.scalarReasons[i]!, request, inUse, capacity));
      }
    }
    if (out === null) return SUCCESS;
    let code: Status["code"] = "Unschedulable";
    const reasons: string[] = [];
    for (const r of out) {
      reasons.push(r.reason);
      if (r.unresolvable) code = "UnschedulableAndUnresolvable";
    }
    return { code, reasons, plugin: NODE_RESOURCES_FIT, insufficientResources: out };
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    const reqs = this.scorer.podRequests(pod);
    state.write(FIT_PRESCORE_STATE, reqs);
    this.scoreState = state;
    this.scorePod = pod;
    this.scoreRequests = reqs;
    return SUCCESS;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    let reqs = this.scoreRequests;
    if (state !== this.scoreState || pod !== this.scorePod) {
      // Score without PreScore computes the requests itself, as upstream does.
      reqs = state.read(FIT_PRESCORE_STATE) ?? this.scorer.podRequests(pod);
      this.scoreState = state;
      this.scorePod = pod;
      this.scoreRequests = reqs;
    }
    const scorer = this.scorer;
    if (scorer.count === 0) throw new PluginStatusError(errorStatus(NODE_RESOURCES_FIT, "resources not found"));
    scorer.load(node, reqs!);
    return this.strategy(scorer.requested, scorer.allocatable, scorer.weights, scorer.count);
  }
}

// `unresolvable`: the pod alone exceeds the node's allocatable, so preemption cannot help.
function insufficient(resourceName: string, reason: string, requested: number, used: number, capacity: number): InsufficientResource {
  return { resourceName, reason, requested, used, capacity, unresolvable: requested > capacity };
}

/** NodeResourcesFit: PreFilter, Filter, PreScore and Score (LeastAllocated, MostAllocated or RequestedToCapacityRatio). */
export const nodeResourcesFit: PluginFactory = {
  name: NODE_RESOURCES_FIT,
  create(args: unknown, ctx: PluginContext, path: string): Plugin {
    return new Fit(parseFitArgs(args, path), ctx);
  },
};
