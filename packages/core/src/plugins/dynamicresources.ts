// kube-scheduler: pkg/scheduler/framework/plugins/dynamicresources/dynamicresources.go and
// extendeddynamicresources.go (v1.37.1). The claims schedkit models are the one special claim
// DRAExtendedResource makes for a pod's extended resources that a DeviceClass backs; a pod that references
// ResourceClaims itself (spec.resourceClaims) is refused with an error, as is a pod whose special claim from an
// earlier cycle is in the input. Without such a resource PreFilter records an empty state and Skips, Score is 0,
// and PostFilter has nothing to deallocate. With one, Filter decides each node (filterExtendedResources): a node
// whose device plugin advertises the resource passes; on a node that needs DRA, the node's variant of the claim
// is allocated from the ResourceSlices (dra/allocator.ts) and the allocation kept for Reserve, which the
// snapshot runs when it assumes the pod (dra/state.ts).
import { SchedkitError } from "../errors.js";
import { stateKey, type CycleState, type Plugin, type PluginContext, type PluginFactory } from "../framework/interfaces.js";
import { SKIP, SUCCESS, errorStatus, unresolvable, type Status } from "../framework/status.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import { atLeast } from "../framework/version.js";
import { isDRAExtendedResourceName, type DeviceClassResolver } from "../model/device-classes.js";
import type { Container } from "../model/types.js";
import { allocateExtendedClaim } from "../dra/allocator.js";
import { podKey, type DraState } from "../dra/state.js";

export const NAME = "DynamicResources";

/** The in-memory name of the special claim (specialClaimInMemName): not a valid object name on purpose. */
const SPECIAL_CLAIM = "<extended-resources>";
/** resourceapi.AllocationResultsMaxSize: devices one claim may hold. */
const ALLOCATION_RESULTS_MAX_SIZE = 32;

/** The special claim's inputs: the pod's DRA extended resources (name, request > 0) and the resolver. */
interface ExtendedResources {
  readonly resources: readonly (readonly [string, number])[];
  readonly classes: DeviceClassResolver;
  readonly dra: DraState | undefined;
  /** The DRADeviceTaints gate, which the allocator reads (default on from 1.36; not settable in schedkit). */
  readonly deviceTaints: boolean;
}

/** PreFilter's state: true for a pod without claims, its extended resources when it has the special claim. */
const STATE_KEY = stateKey<true | ExtendedResources>("PreFilter" + NAME);

/** What DynamicResources.PostFilter returns for a pod without claims. */
interface DynamicResourcesPostFilter {
  readonly code: "Unschedulable" | "Error";
  /** The status message ("" for a status without reasons). */
  readonly message: string;
}

// preFilterExtendedResources → hasDeviceClassMappedExtendedResource: the special claim exists when a requested
// DRA extended resource (an extended resource, or a class's implicit name) has a DeviceClass. PodRequests with
// default options: the pod's extended-resource requests (pod-level resources and status never carry any).
function extendedResources(pod: PodInfo, ctx: PluginContext, state: CycleState): ExtendedResources | null {
  const classes = state.snapshot.deviceClasses;
  if (!ctx.features.draExtendedResource || classes === undefined || classes.empty) return null;
  const resources: [string, number][] = [];
  let mapped = false;
  for (const [name, value] of pod.requests.scalar) {
    if (value === 0 || !isDRAExtendedResourceName(name)) continue;
    resources.push([name, value]);
    if (classes.classFor(name) !== undefined) mapped = true;
  }
  return mapped ? { resources, classes, dra: state.snapshot.dra, deviceTaints: atLeast(ctx.version, 36) } : null;
}

function create(_args: unknown, ctx: PluginContext): Plugin {
  const enabled = ctx.features.dynamicResources;
  return {
    name: NAME,
    preFilter(state, pod) {
      if (!enabled) return { status: SKIP };
      const key = `pods[${JSON.stringify(`${pod.pod.namespace}/${pod.pod.name}`)}]`;
      // podResourceClaims: the pod's own claims, which schedkit does not model (never read as none).
      const claims = pod.pod.resourceClaims;
      if (claims !== undefined) {
        throw new SchedkitError(
          `${key}.spec.resourceClaims`,
          claims.join(", "),
          "references ResourceClaims, which schedkit does not model (DRA models only the claim DRAExtendedResource makes for extended resources a DeviceClass backs)",
        );
      }
      // PreFilter writes its (empty) state before finding that the pod references no claim.
      const ext = extendedResources(pod, ctx, state);
      const dra = state.snapshot.dra;
      dra?.startCycle(podKey(pod.pod));
      // findExtendedResourceClaim: a special claim the input already has for this pod, from an earlier cycle.
      if (ext !== null && dra !== undefined && dra.extendedClaims.has(`${pod.pod.namespace}/${pod.pod.name}/${pod.pod.uid}`)) {
        throw new SchedkitError(
          `${key}.metadata.uid`,
          pod.pod.uid,
          "owns an extended-resource ResourceClaim in the input (from an earlier scheduling cycle), which schedkit does not model",
        );
      }
      state.write(STATE_KEY, ext ?? true);
      return { status: ext === null ? SKIP : SUCCESS };
    },
    filter(state, pod, node) {
      const ext = state.read(STATE_KEY);
      if (ext === undefined) return errorStatus(NAME, "not found");
      if (ext === true) return SUCCESS;
      return filterExtendedResources(ext, pod, node);
    },
    postFilter(state) {
      const { code, message } = dynamicResourcesPostFilter(state, ctx);
      return { status: { code, reasons: message === "" ? [] : [message], plugin: NAME } };
    },
    // Score (v1.35+) returns 0 without claims, and for the special claim too: no feasible node allocated devices
    // (nodeAllocations is only written for a node whose claim was allocated). NormalizeScore
    // (DefaultNormalizeScore) keeps all-zero scores at 0.
    scoresZero: atLeast(ctx.version, 35),
  };
}

// filterExtendedResources, then Filter's allocation of the node's variant of the special claim.
function filterExtendedResources(ext: ExtendedResources, pod: PodInfo, node: NodeInfo): Status {
  const needed: string[] = [];
  for (const [name] of ext.resources) {
    const listed = node.allocatable.scalar.has(name);
    const allocatable = node.allocatable.scalar.get(name) ?? 0;
    if (ext.classes.classFor(name) !== undefined && allocatable === 0) needed.push(name);
    // Neither a device plugin nor DRA provides it here.
    else if (!listed) return unresolvable(NAME, "cannot fit resource");
  }
  // Every request is a device plugin's: NodeResourcesFit checked them.
  if (needed.length === 0) return SUCCESS;
  const requests = deviceRequests(pod, needed.sort());
  // The allocator's sanity check (allocator_stable.go Allocate): the devices the claim asks for, request by
  // request in name order, may not exceed AllocationResultsMaxSize. Its error aborts the cycle.
  let counted = 0;
  for (const r of requests) {
    if (r.count > ALLOCATION_RESULTS_MAX_SIZE - counted) {
      const claim = `${pod.pod.namespace}/${SPECIAL_CLAIM}`;
      return errorStatus(
        NAME,
        `claim ${claim}, request ${r.name}: adding ${r.count} devices exceeds the claim limit of ${ALLOCATION_RESULTS_MAX_SIZE}, with ${counted} already accounted for`,
      );
    }
    counted += r.count;
  }
  // Allocate over no devices (no ResourceSlice in the input): no pool, so no result and no error.
  if (ext.dra === undefined) return unresolvable(NAME, "cannot allocate all claims");
  const result = allocateExtendedClaim(
    ext.dra,
    node.node,
    requests.map((r) => ({ name: r.name, deviceClass: ext.classes.classFor(r.resource)!, count: r.count })),
    ext.deviceTaints,
  );
  if (!result.ok) {
    // ErrFailedAllocationOnNode's text when an invalid pool was seen; otherwise no result at all.
    return unresolvable(NAME, result.invalidPools ? "invalid resource pools were encountered" : "cannot allocate all claims");
  }
  ext.dra.recordAllocation(podKey(pod.pod), node.node.name, result.devices);
  return SUCCESS;
}

/** One DeviceRequest of the special claim: its name ("container-<index>-request-<index>"), resource and count. */
interface DeviceRequest {
  readonly name: string;
  readonly resource: string;
  readonly count: number;
}

// createRequestsAndMappings: per resource, a request per long-lived container (app containers and sidecars)
// and the largest request of the short-lived init containers, which first reuse the long-lived requests
// from their own index on; all sorted by name. Containers are indexed init containers first.
function deviceRequests(pod: PodInfo, resources: readonly string[]): DeviceRequest[] {
  const containers: { c: Container; init: boolean }[] = [
    ...pod.pod.initContainers.map((c) => ({ c, init: true })),
    ...pod.pod.containers.map((c) => ({ c, init: false })),
  ];
  const out: DeviceRequest[] = [];
  for (const resource of resources) {
    const longLived: (DeviceRequest | null)[] = containers.map(({ c, init }, i) =>
      init && c.restartPolicy !== "Always" ? null : containerRequest(i, c, resource, []),
    );
    let maxShortLived: DeviceRequest | null = null;
    containers.forEach(({ c, init }, i) => {
      if (!init || c.restartPolicy === "Always") return;
      const r = containerRequest(i, c, resource, longLived.slice(i));
      if (r !== null && (maxShortLived === null || maxShortLived.count < r.count)) maxShortLived = r;
    });
    if (maxShortLived !== null) out.push(maxShortLived);
    for (const r of longLived) if (r !== null) out.push(r);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// createResourceRequestAndMappings: the container's integer request (Quantity.AsInt64), less what the
// reusable requests already cover; none when they cover it all.
function containerRequest(index: number, c: Container, resource: string, reusable: readonly (DeviceRequest | null)[]): DeviceRequest | null {
  const q = c.requests.get(resource);
  if (q === undefined || !q.roundUp(0).exact) return null;
  const v = q.value();
  if (v === 0n || v > 0x7fffffffffffffffn || v < -0x8000000000000000n) return null;
  const crq = Number(v);
  let sum = 0;
  for (const r of reusable) {
    if (r === null) continue;
    sum += r.count;
    if (sum >= crq) return null;
  }
  // The request's index is the resource's among the container's request names, sorted.
  const names = [...c.requests.keys()].sort();
  return { name: `container-${index}-request-${names.indexOf(resource)}`, resource, count: crq - sum };
}

/**
 * PostFilter. Without claims, v1.37.0 dropped the reasons of both early returns (v1.36.4: "plugin disabled" /
 * "no new claims to deallocate"). With the special claim there is nothing to deallocate either
 * (deallocateOrDeletePodClaims: no claim was unavailable, the claim exists only in memory): Unschedulable
 * without a reason. PostFilter reads the PreFilter state first: when a PreFilter plugin ordered earlier rejected
 * the pod (UnschedulableAndUnresolvable ends RunPreFilterPlugins), the state was never written and the read
 * fails with framework.ErrNotFound, an Error status "not found" that ends RunPostFilterPlugins before
 * DefaultPreemption runs.
 */
function dynamicResourcesPostFilter(state: CycleState, ctx: PluginContext): DynamicResourcesPostFilter {
  const v137 = atLeast(ctx.version, 37);
  if (!ctx.features.dynamicResources) return { code: "Unschedulable", message: v137 ? "" : "plugin disabled" };
  const s = state.read(STATE_KEY);
  if (s === undefined) return { code: "Error", message: "not found" };
  if (s !== true) return { code: "Unschedulable", message: "" };
  return { code: "Unschedulable", message: v137 ? "" : "no new claims to deallocate" };
}

/** DynamicResources (DRA): the special claim of DRAExtendedResource; inert for every other pod. */
export const dynamicResources: PluginFactory = { name: NAME, create };
