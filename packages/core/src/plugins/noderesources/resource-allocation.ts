// kube-scheduler: pkg/scheduler/framework/plugins/noderesources/resource_allocation.go (docs/scheduler.md §5.1):
// resourceAllocationScorer.score, calculateResourceAllocatableRequest, calculatePodResourceRequestList.
import type { CycleState, PluginContext } from "../../framework/interfaces.js";
import type { NodeInfo, PodInfo } from "../../framework/types.js";
import { isScalarResourceName } from "../../framework/pod-requests.js";
import { atLeast } from "../../framework/version.js";
import { deviceTotals } from "../../dra/allocator.js";
import type { DraState } from "../../dra/state.js";
import type { DeviceClassResolver } from "../../model/device-classes.js";
import { SchedkitError } from "../../errors.js";

/** getDRAPreScoredParams: what the scorers read to score extended resources a DeviceClass backs. */
export interface DraScoring {
  readonly classes: DeviceClassResolver;
  readonly dra: DraState;
}

/**
 * Whether a scorer's resources include one the pod requests that a DeviceClass backs while the cluster has
 * ResourceSlices: on nodes without a device plugin for it, its capacity is counted from devices (engines that
 * score from allocatable columns hand such pods to the TypeScript scorers).
 */
export function scoresDraResource(state: CycleState, resources: readonly ResourceSpec[], podRequests: Float64Array): boolean {
  const classes = state.snapshot.deviceClasses;
  if (state.snapshot.dra === undefined || classes === undefined || classes.empty) return false;
  return resources.some((r, i) => podRequests[i] !== 0 && classes.classFor(r.name) !== undefined);
}

/**
 * DRAExtendedResource's scoring input for this cycle, or null (gate off, no DeviceClass or no ResourceSlice, or
 * before 1.35: v1.34.0's resource_allocation.go scores every scalar from the node's allocatable alone; the DRA
 * totals arrive in v1.35.0).
 */
export function draScoring(ctx: PluginContext, state: CycleState): DraScoring | null {
  const classes = state.snapshot.deviceClasses;
  const dra = state.snapshot.dra;
  if (!ctx.features.draExtendedResource || !atLeast(ctx.version, 35) || classes === undefined || classes.empty || dra === undefined) return null;
  return { classes, dra };
}

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/** One configured resource and its weight (config.ResourceSpec). */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/**
 * Go int64 division `a / b` (truncating toward zero) for integers with |a| < 2^53 and 1 ≤ b < 2^53.
 *
 * Why `Math.trunc(a / b)` is exact over the whole domain (docs/scheduler.md §8 has the other bit-exactness notes): let
 * q = |a|/b and k = ⌊q⌋. If q = k, k is an integer below 2^53, so the division is exact. Otherwise
 * k+1 − q ≥ 1/b, while round-to-nearest moves q by at most q·2^-53 = |a|·2^-53/b < 1/b; so the float
 * quotient lies in [k, k+1) (k is representable and rounding is monotone) and truncates to k. A negative
 * `a` is the mirror image, since IEEE division is sign-symmetric.
 */
export function truncDiv(a: number, b: number): number {
  // `+ 0` turns the −0 of a small negative quotient into the 0 an int64 holds.
  return Math.trunc(a / b) + 0;
}

const CPU = 0;
const MEMORY = 1;
const EPHEMERAL_STORAGE = 2;
const SCALAR = 3;
// A name the scorers never score (e.g. "pods" or an unprefixed unknown name): always 0/0, i.e. skipped.
const OTHER = 4;

function kindOf(name: string): number {
  switch (name) {
    case "cpu":
      return CPU;
    case "memory":
      return MEMORY;
    case "ephemeral-storage":
      return EPHEMERAL_STORAGE;
    default:
      return isScalarResourceName(name) ? SCALAR : OTHER;
  }
}

/**
 * The common part of the resource scorers, compiled once per plugin instance: the configured resources
 * (args order) and three scratch vectors that `load` fills per node without allocating.
 */
export class ResourceAllocationScorer {
  /** Number of configured resources. */
  readonly count: number;
  readonly names: readonly string[];
  readonly weights: Float64Array;
  /** Per node, after `load`: node requests + pod request (0 where the entry is skipped). */
  readonly requested: Float64Array;
  /** Per node, after `load`: node requests without the pod (current BalancedAllocation only). */
  readonly allocated: Float64Array;
  /** Per node, after `load`: allocatable; 0 marks an entry every strategy skips. */
  readonly allocatable: Float64Array;
  private readonly kinds: Uint8Array;

  /**
   * `useRequested` (BalancedAllocation) scores cpu/memory on the node's Requested and the pod's actual
   * request; the Fit strategies use NonZeroRequested and the pod's non-zero request (docs/scheduler.md §2.1).
   */
  constructor(
    resources: readonly ResourceSpec[],
    readonly useRequested: boolean,
    /**
     * BalancedAllocation's: the path of its args' `resources`, for the scorer upstream builds without a CEL cache
     * (NewBalancedAllocation sets none; NewFit does, fit.go), where evaluating a DeviceClass's selectors panics.
     */
    private readonly noCelCache: { readonly path: string; readonly version: string } | null = null,
  ) {
    const n = resources.length;
    this.count = n;
    this.names = resources.map((r) => r.name);
    this.weights = Float64Array.from(resources, (r) => r.weight);
    this.kinds = Uint8Array.from(resources, (r) => kindOf(r.name));
    this.requested = new Float64Array(n);
    this.allocated = new Float64Array(n);
    this.allocatable = new Float64Array(n);
  }

  /** calculatePodResourceRequestList: the pod's request per configured resource (once per pod). */
  podRequests(pod: PodInfo): Float64Array {
    const out = new Float64Array(this.count);
    // The Fit strategies see the pod without its pod-level and status resources (PodInfo.fitScoreRequests).
    const r = this.useRequested ? pod.requests : pod.fitScoreRequests;
    for (let i = 0; i < this.count; i++) {
      switch (this.kinds[i]) {
        case CPU:
          out[i] = r.milliCPU;
          break;
        case MEMORY:
          out[i] = r.memory;
          break;
        case EPHEMERAL_STORAGE:
          out[i] = r.ephemeralStorage;
          break;
        case SCALAR:
          out[i] = r.scalar.get(this.names[i]!) ?? 0;
          break;
        default:
          // Upstream reads PodRequests()[name] here too, but a name outside these classes is 0/0 on every
          // node, so its pod request can only matter to BalancedAllocation's best-effort check; schedkit
          // does not track such requests and counts them as 0.
          out[i] = 0;
      }
    }
    return out;
  }

  /**
   * calculateResourceAllocatableRequest for every configured resource of `node`, into `requested`,
   * `allocated` and `allocatable`. Entries with allocatable 0 (node lacks the resource, or a scalar the pod
   * does not request) are left 0/0/0. Sums are exact: the snapshot keeps node totals and pod requests
   * ≤ MAX_RESOURCE_VALUE, so `used + podRequest` < 2^53.
   */
  load(node: NodeInfo, podRequests: Float64Array, dra: DraScoring | null = null): void {
    const alloc = node.allocatable;
    const req = node.requested;
    for (let i = 0; i < this.count; i++) {
      const podRequest = podRequests[i]!;
      let capacity = 0;
      let used = 0;
      switch (this.kinds[i]) {
        case CPU:
          capacity = alloc.milliCPU;
          used = this.useRequested ? req.milliCPU : node.nonZeroMilliCPU;
          break;
        case MEMORY:
          capacity = alloc.memory;
          used = this.useRequested ? req.memory : node.nonZeroMemory;
          break;
        case EPHEMERAL_STORAGE:
          capacity = alloc.ephemeralStorage;
          used = req.ephemeralStorage;
          break;
        case SCALAR:
          // A scalar resource the pod does not request is bypassed (returned as 0/0 upstream).
          if (podRequest !== 0) {
            const name = this.names[i]!;
            capacity = alloc.scalar.get(name) ?? 0;
            used = req.scalar.get(name) ?? 0;
            // No device plugin's allocatable: the devices of the class backing it on this node, and those in use
            // (calculateDRAExtendedResourceAllocatableRequest), when there are any.
            const cls = capacity === 0 && dra !== null ? dra.classes.classFor(name) : undefined;
            if (cls !== undefined) {
              const t = deviceTotals(dra!.dra, node.node, cls, this.noCelCache === null ? undefined : () => this.celCachePanic(i, node, cls.name));
              if (t.capacity > 0) {
                capacity = t.capacity;
                used = t.allocated;
              }
            }
          }
          break;
      }
      if (capacity === 0) {
        this.allocatable[i] = 0;
        this.requested[i] = 0;
        this.allocated[i] = 0;
      } else {
        this.allocatable[i] = capacity;
        this.requested[i] = used + podRequest;
        this.allocated[i] = used;
      }
    }
  }

  /**
   * kube-scheduler 1.35–1.37's BalancedAllocation scoring a DRA-backed resource of a class with CEL selectors:
   * resourceAllocationScorer.deviceMatchesClass calls `r.celCache.GetOrCompile` on the nil cache, the Score
   * goroutine panics and HandleCrash takes the scheduler process down (client-go ParallelizeUntil,
   * apimachinery runtime.ReallyCrash). No placement follows, so schedkit refuses the run with the reason.
   */
  private celCachePanic(i: number, node: NodeInfo, deviceClass: string): never {
    const { path, version } = this.noCelCache!;
    throw new SchedkitError(
      `${path}[${i}].name`,
      this.names[i],
      `is backed by DeviceClass ${JSON.stringify(deviceClass)}, whose CEL selectors NodeResourcesBalancedAllocation cannot evaluate in kube-scheduler ${version}: scoring node ${JSON.stringify(node.node.name)}, which has such devices, panics (a nil pointer: NewBalancedAllocation gives the scorer no CEL cache; NodeResourcesFit has one) and stops the scheduler, so there is no placement to report`,
    );
  }
}

/** A Fit scoring strategy over the vectors `load` filled: returns the node score. */
export type ResourceScorer = (requested: Float64Array, allocatable: Float64Array, weights: Float64Array, n: number) => number;
