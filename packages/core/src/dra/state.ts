// The DRA manager's view for one scheduler (dynamicresources dra_manager.go): the ResourceSlices, split as
// the allocator splits them (slicesOnNode by spec.nodeName, slicesShared for the rest), and the devices in use
// (claimTracker.GatherAllocatedState: the input's claims' allocations, plus what this scheduler reserved for the
// pods it placed, the in-flight allocations of SignalClaimPendingAllocation). Devices stay in use when their pod
// is evicted: the scheduler does not deallocate a claim it did not fail to use (the garbage collector deletes
// the pod's extended-resource claim later, which schedkit does not run).
import type { ResourceClaim, ResourceSlice } from "../model/resource-slices.js";

/**
 * What the last scheduling cycle's DynamicResources Filter allocated per node (stateData.nodeAllocations), for
 * the pod `pod` (namespace/name, unique in a cluster: a caller may assume the pod it scheduled from its own copy,
 * whose generated uid differs).
 */
interface CycleAllocations {
  readonly pod: string;
  readonly byNode: Map<string, readonly string[]>;
}

/** The key a pod's cycle allocations are recorded under. */
export function podKey(pod: { readonly namespace: string; readonly name: string }): string {
  return `${pod.namespace}/${pod.name}`;
}

export class DraState {
  readonly slicesOnNode: ReadonlyMap<string, readonly ResourceSlice[]>;
  readonly slicesShared: readonly ResourceSlice[];
  /** Device IDs (driver/pool/device) allocated or reserved. */
  readonly allocated: Set<string>;
  /** Pods (namespace/name/uid) whose DRAExtendedResource claim the input already has. */
  readonly extendedClaims: ReadonlySet<string>;
  /**
   * DeviceTaintRules in the input (ListWithDeviceTaintRules patches their taints into the slices), as [path,
   * why]: not modelled, so the allocator refuses; null when there are none.
   */
  taintRules: readonly [string, string] | null = null;
  private cycle: CycleAllocations | null = null;

  constructor(
    readonly slices: readonly ResourceSlice[],
    claims: readonly ResourceClaim[],
    allocated?: Set<string>,
    extendedClaims?: ReadonlySet<string>,
  ) {
    const onNode = new Map<string, ResourceSlice[]>();
    const shared: ResourceSlice[] = [];
    for (const s of slices) {
      const n = s.selection?.nodeName ?? "";
      if (n === "") shared.push(s);
      else {
        const list = onNode.get(n);
        if (list === undefined) onNode.set(n, [s]);
        else list.push(s);
      }
    }
    this.slicesOnNode = onNode;
    this.slicesShared = shared;
    this.allocated = allocated ?? new Set(claims.flatMap((c) => c.allocated));
    this.extendedClaims = extendedClaims ?? new Set(claims.flatMap((c) => (c.extendedResourceClaimOf === null ? [] : [c.extendedResourceClaimOf])));
  }

  /** A copy whose allocations can change without touching this one. */
  clone(): DraState {
    const c = new DraState(this.slices, [], new Set(this.allocated), this.extendedClaims);
    c.taintRules = this.taintRules;
    return c;
  }

  /** Filter's allocation for `pod` on `node` (a new pod starts a new cycle's record). */
  recordAllocation(pod: string, node: string, devices: readonly string[]): void {
    if (this.cycle === null || this.cycle.pod !== pod) this.cycle = { pod, byNode: new Map() };
    this.cycle.byNode.set(node, devices);
  }

  /** Forgets the allocations of `pod`'s earlier cycle (PreFilter starts a fresh stateData). */
  startCycle(pod: string): void {
    if (this.cycle !== null && this.cycle.pod === pod) this.cycle = null;
  }

  /**
   * Reserve (SignalClaimPendingAllocation): the devices the last cycle's Filter allocated for `pod` on `node`
   * are in use from now on.
   */
  reserve(pod: string, node: string): void {
    if (this.cycle === null || this.cycle.pod !== pod) return;
    const devices = this.cycle.byNode.get(node);
    if (devices !== undefined) for (const d of devices) this.allocated.add(d);
    this.cycle = null;
  }
}
