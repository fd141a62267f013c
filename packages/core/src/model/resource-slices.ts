// resource.k8s.io/v1 ResourceSlices and ResourceClaims as the scheduler's DRA allocator reads them
// (dynamic-resource-allocation v0.37.1 structured: the slices a node's pools are gathered from, and the devices
// already allocated, claimTracker.GatherAllocatedState). Validated as the API server does for the fields read
// here (pkg/apis/resource/validation ValidateResourceSlice: exactly one of nodeName, nodeSelector, allNodes,
// perDeviceNodeSelection; one of a device's nodeName, nodeSelector, allNodes with perDeviceNodeSelection).
// Features schedkit does not model are recorded where they appear (`unmodelled`) and refused when the
// allocator or a scorer would read that slice, rather than at input: a dump with them still answers pods that
// need no DRA.
import { SchedkitError } from "../errors.js";
import { NodeSelectorMatcher } from "../labels/nodeselector.js";
import { arrayField, asObject, boolField, child, field, index, optObject, stringField, type JsonObject } from "./json.js";
import { longNameProblem, namedObject } from "./device-classes.js";
import { nodeSelectorTermsField } from "./kube.js";
import type { Node } from "./types.js";

/** Where a node selection of a slice or a device applies (NodeMatches' three inputs). */
export interface NodeSelection {
  readonly nodeName: string;
  readonly allNodes: boolean;
  /** @internal The compiled node selector; null without one. */
  readonly nodeSelector: NodeSelectorMatcher | null;
}

/** A device of a slice: its name, node selection (perDeviceNodeSelection) and whether a taint keeps it. */
export interface SliceDevice {
  readonly name: string;
  /** With perDeviceNodeSelection: the device's own selection; otherwise null. */
  readonly selection: NodeSelection | null;
  /** A NoSchedule or NoExecute taint: the extended-resource claim tolerates none (taintPreventsAllocation). */
  readonly tainted: boolean;
  /** A feature of this device schedkit does not model, as [field path, why]; null when none. */
  readonly unmodelled: readonly [string, string] | null;
}

export interface ResourceSlice {
  readonly name: string;
  readonly path: string;
  readonly driver: string;
  readonly pool: string;
  readonly generation: number;
  readonly resourceSliceCount: number;
  /** Slice-level node selection; null with perDeviceNodeSelection. */
  readonly selection: NodeSelection | null;
  readonly devices: readonly SliceDevice[];
  /** A slice-level feature schedkit does not model, as [field path, why]; null when none. */
  readonly unmodelled: readonly [string, string] | null;
}


function int64Field(o: JsonObject, key: string, path: string, min: number): number {
  const v = field(o, key);
  const p = child(path, key);
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new SchedkitError(p, v, v === undefined ? "is required" : "is not an integer");
  if (v < min) throw new SchedkitError(p, v, `must be >= ${min}`);
  return v;
}

// validateResourceSliceSpec / validateDevice: exactly one node selection. `perDevice`: the slice's
// perDeviceNodeSelection, one of the four a slice chooses from; undefined for a device's own three.
function nodeSelection(o: JsonObject, path: string, perDevice: boolean | undefined): NodeSelection | null {
  const nodeName = stringField(o, "nodeName", path);
  const allNodes = boolField(o, "allNodes", path);
  const sel = optObject(o, "nodeSelector", path);
  const set = [nodeName !== "", allNodes, sel !== undefined, perDevice === true].filter(Boolean).length;
  if (set !== 1) {
    const fields = perDevice === undefined ? "`nodeName`, `nodeSelector`, `allNodes`" : "`nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection`";
    throw new SchedkitError(path, set, `must have exactly one of ${fields} set (Required value / Invalid value)`);
  }
  if (perDevice) return null;
  let nodeSelector: NodeSelectorMatcher | null = null;
  if (sel !== undefined) {
    const sp = child(path, "nodeSelector");
    const terms = nodeSelectorTermsField(sel, sp);
    nodeSelector = new NodeSelectorMatcher(terms, child(sp, "nodeSelectorTerms"));
    // NodeMatches builds the selector with nodeaffinity.NewNodeSelector, which fails on any invalid term (an
    // error for the whole cycle); the API server rejects such a slice first.
    if (nodeSelector.errors.length > 0) throw new SchedkitError(sp, nodeSelector.errors[0], "is not a valid node selector");
  }
  return { nodeName, allNodes, nodeSelector };
}

/** NodeMatches (allocator_incubating.go): the node name, then allNodes, then the selector. */
export function nodeMatches(s: NodeSelection, node: Node): boolean {
  if (s.nodeName !== "") return node.name === s.nodeName;
  if (s.allNodes) return true;
  return s.nodeSelector !== null && s.nodeSelector.matches(node);
}

function deviceFromKube(v: unknown, path: string, perDevice: boolean): SliceDevice {
  const o = asObject(v, path);
  const name = stringField(o, "name", path);
  if (name === "" || name.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new SchedkitError(child(path, "name"), name, "is not a DNS-1123 label (a device name)");
  }
  let selection: NodeSelection | null = null;
  if (perDevice) selection = nodeSelection(o, path, undefined);
  else if (field(o, "nodeName") !== undefined || field(o, "allNodes") !== undefined || field(o, "nodeSelector") !== undefined) {
    throw new SchedkitError(path, name, "sets a node selection of its own, which requires `perDeviceNodeSelection` on the slice");
  }
  let tainted = false;
  arrayField(o, "taints", path).forEach((t, i) => {
    const tp = index(child(path, "taints"), i);
    const effect = stringField(asObject(t, tp), "effect", tp);
    // taintPreventsAllocation: only these effects keep a device; others (None, future ones) are ignored.
    if (effect === "NoSchedule" || effect === "NoExecute") tainted = true;
  });
  return { name, selection, tainted, unmodelled: deviceUnmodelled(o, path) };
}

// What the allocator would read beyond devices that are simply free or taken: counters (partitionable
// devices), binding conditions (the pool moves to the end and binding waits), shared allocation and
// capacity request policies (consumable capacity).
function deviceUnmodelled(o: JsonObject, path: string): [string, string] | null {
  if (arrayField(o, "consumesCounters", path).length > 0) return [child(path, "consumesCounters"), "partitionable devices (DRAPartitionableDevices)"];
  if (arrayField(o, "bindingConditions", path).length > 0) return [child(path, "bindingConditions"), "device binding conditions (DRADeviceBindingConditions)"];
  if (field(o, "allowMultipleAllocations") === true) return [child(path, "allowMultipleAllocations"), "shared devices (DRAConsumableCapacity)"];
  const cap = optObject(o, "capacity", path);
  if (cap !== undefined) {
    for (const [k, c] of Object.entries(cap)) {
      if (c !== null && typeof c === "object" && (c as JsonObject)["requestPolicy"] != null) {
        return [child(child(child(path, "capacity"), k), "requestPolicy"), "capacity request policies (DRAConsumableCapacity)"];
      }
    }
  }
  return null;
}

/** A resource.k8s.io/v1 ResourceSlice: name, spec.driver, spec.pool, the node selection and the devices. */
export function resourceSliceFromKube(obj: unknown, path: string): ResourceSlice {
  const { o, name } = namedObject(obj, path, "ResourceSlice");
  const sp = child(path, "spec");
  const spec = asObject(field(o, "spec"), sp);
  const driver = stringField(spec, "driver", sp);
  const dp = longNameProblem(driver);
  if (dp !== "") throw new SchedkitError(child(sp, "driver"), driver, dp);
  const pp = child(sp, "pool");
  const poolObj = asObject(field(spec, "pool"), pp);
  const pool = stringField(poolObj, "name", pp);
  if (pool === "") throw new SchedkitError(child(pp, "name"), pool, "is required");
  const generation = int64Field(poolObj, "generation", pp, 0);
  const resourceSliceCount = int64Field(poolObj, "resourceSliceCount", pp, 1);
  const perDevice = boolField(spec, "perDeviceNodeSelection", sp);
  const selection = nodeSelection(spec, sp, perDevice);
  const devp = child(sp, "devices");
  const devices = arrayField(spec, "devices", sp).map((d, i) => deviceFromKube(d, index(devp, i), perDevice));
  let unmodelled: [string, string] | null = null;
  if (arrayField(spec, "sharedCounters", sp).length > 0) unmodelled = [child(sp, "sharedCounters"), "partitionable devices (DRAPartitionableDevices)"];
  return { name, path, driver, pool, generation, resourceSliceCount, selection, devices, unmodelled };
}

/** The device ID the allocator keys allocations by (structured.MakeDeviceID). */
export function deviceId(driver: string, pool: string, device: string): string {
  return `${driver}/${pool}/${device}`;
}

/** ExtendedResourceClaimAnnotation: the claim DRAExtendedResource made for a pod. */
const EXTENDED_RESOURCE_CLAIM_ANNOTATION = "resource.kubernetes.io/extended-resource-claim";

/** A resource.k8s.io/v1 ResourceClaim as far as the scheduler reads it here. */
export interface ResourceClaim {
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  /** The devices its allocation holds (foreachAllocatedDevice: admin-access results are not allocated). */
  readonly allocated: readonly string[];
  /** The pod (namespace/name/uid) it is the special extended-resource claim of, or null. */
  readonly extendedResourceClaimOf: string | null;
}

/** A ResourceClaim: metadata (name, namespace, annotation, controller owner) and status.allocation's devices. */
export function resourceClaimFromKube(obj: unknown, path: string): ResourceClaim {
  const { o, meta, mp, name } = namedObject(obj, path, "ResourceClaim");
  const namespace = stringField(meta, "namespace", mp, "default") || "default";
  const annotations = optObject(meta, "annotations", mp) ?? {};
  let extendedResourceClaimOf: string | null = null;
  if (annotations[EXTENDED_RESOURCE_CLAIM_ANNOTATION] === "true") {
    const op = child(mp, "ownerReferences");
    arrayField(meta, "ownerReferences", mp).forEach((r, i) => {
      const rp = index(op, i);
      const ref = asObject(r, rp);
      if (field(ref, "controller") === true && stringField(ref, "kind", rp) === "Pod") {
        extendedResourceClaimOf = `${namespace}/${stringField(ref, "name", rp)}/${stringField(ref, "uid", rp)}`;
      }
    });
  }
  const stp = child(path, "status");
  const status = optObject(o, "status", path) ?? {};
  const allocation = optObject(status, "allocation", stp);
  const allocated: string[] = [];
  if (allocation !== undefined) {
    const ap = child(stp, "allocation");
    const devices = optObject(allocation, "devices", ap) ?? {};
    const rp = child(child(ap, "devices"), "results");
    arrayField(devices, "results", child(ap, "devices")).forEach((r, i) => {
      const ip = index(rp, i);
      const res = asObject(r, ip);
      if (field(res, "adminAccess") === true) return;
      // GatherAllocatedState with DRAConsumableCapacity: a shared allocation holds capacity, not the device.
      if (field(res, "shareID") !== undefined) {
        throw new SchedkitError(child(ip, "shareID"), field(res, "shareID"), "is a shared device allocation (DRAConsumableCapacity), which schedkit does not model");
      }
      const driver = stringField(res, "driver", ip);
      const pool = stringField(res, "pool", ip);
      const device = stringField(res, "device", ip);
      for (const [k, v] of [["driver", driver], ["pool", pool], ["device", device]] as const) {
        if (v === "") throw new SchedkitError(child(ip, k), v, "is required");
      }
      allocated.push(deviceId(driver, pool, device));
    });
  }
  return { namespace, name, path, allocated, extendedResourceClaimOf };
}
