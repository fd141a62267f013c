// The structured-parameters allocator for DRAExtendedResource's special claim: dynamic-resource-allocation
// v0.37.1 structured. With the 1.37 default gates (DRAConsumableCapacity, DRADeviceBindingConditions with
// DRAResourceClaimDeviceStatus, DRAFractionalCapacityRange on; DRAListTypeAttributes, DRADerivedAttributes,
// DRADeviceCompatibilityGroups off) NewAllocator picks the "incubating" implementation
// (internal/incubating/allocator_incubating.go Allocate, pools_incubating.go GatherPools). The special claim
// has only ExactCount requests naming a DeviceClass, without request selectors, constraints, capacity requests
// or tolerations, so the search reduces to: per request in order, per device in pool/slice/device order, the
// first devices that are not in use, match the class's selectors and the node, and are not tainted; backtracking
// over earlier choices when a later request cannot be met (allocateOne), keeping the first full solution.
import { SchedkitError } from "../errors.js";
import type { DeviceClass } from "../model/device-classes.js";
import { deviceId, nodeMatches, type ResourceSlice, type SliceDevice } from "../model/resource-slices.js";
import type { Node } from "../model/types.js";
import { classMatches } from "./cel.js";
import type { DraState } from "./state.js";

/** One ExactCount request of the claim. */
export interface ExactRequest {
  readonly name: string;
  readonly deviceClass: DeviceClass;
  readonly count: number;
}

/** Allocate's outcome: the devices (in result order), or why not. */
export type Allocation =
  | { readonly ok: true; readonly devices: readonly string[] }
  // `invalidPools`: ErrFailedAllocationOnNode "invalid resource pools were encountered" instead of no result.
  | { readonly ok: false; readonly invalidPools: boolean };

interface Pool {
  readonly driver: string;
  readonly pool: string;
  readonly invalid: boolean;
  readonly incomplete: boolean;
  /** DeviceSlicesTargetingNode, sorted by name. */
  readonly slices: readonly ResourceSlice[];
}

function refuse(where: readonly [string, string]): never {
  throw new SchedkitError(where[0], "set", `uses ${where[1]}, which schedkit's DRA allocation does not model`);
}

// Go compares strings bytewise; names here are ASCII (DNS names), where UTF-16 order is the same.
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// GatherPools: the slices relevant to the node grouped by pool, the newest generation of each; a pool whose
// slices for this node are not all its slices is checked against every slice of the pool: obsolete (a newer
// generation exists elsewhere) pools are dropped, incomplete ones kept as such. Pools are sorted by driver, then
// pool name; slices within a pool by name (buildPool); duplicate device names make a pool invalid.
function gatherPools(state: DraState, node: Node): Pool[] {
  const forNode = [...(state.slicesOnNode.get(node.name) ?? []), ...state.slicesShared];
  const pools = new Map<string, ResourceSlice[]>();
  for (const s of forNode) {
    let relevant: boolean;
    if (s.selection !== null) relevant = nodeMatches(s.selection, node);
    else relevant = s.devices.some((d) => d.selection !== null && nodeMatches(d.selection, node));
    if (!relevant) continue;
    // Counters, compatibility groups and binding conditions change which pools and devices count at all.
    const unmodelled = s.unmodelled ?? s.devices.find((d) => d.unmodelled !== null)?.unmodelled ?? null;
    if (unmodelled !== null) refuse(unmodelled);
    if (state.taintRules !== null) refuse(state.taintRules);
    const key = JSON.stringify([s.driver, s.pool]);
    const list = pools.get(key);
    if (list === undefined || s.generation > list[0]!.generation) pools.set(key, [s]);
    else if (s.generation === list[0]!.generation) list.push(s);
  }
  const out: Pool[] = [];
  for (const slices of pools.values()) {
    const first = slices[0]!;
    const base = { driver: first.driver, pool: first.pool };
    if (slices.length !== first.resourceSliceCount) {
      // checkSlicesInPool over every slice of the cluster.
      let obsolete = false;
      let all = 0;
      for (const s of state.slices) {
        if (s.driver !== first.driver || s.pool !== first.pool) continue;
        if (s.generation === first.generation) all++;
        else if (s.generation > first.generation) obsolete = true;
      }
      if (obsolete) continue;
      if (all !== first.resourceSliceCount) {
        out.push({ ...base, invalid: false, incomplete: true, slices: [] });
        continue;
      }
    }
    const sorted = slices.slice().sort((a, b) => byString(a.name, b.name));
    const names = new Set<string>();
    let invalid = false;
    for (const s of sorted) {
      for (const d of s.devices) {
        if (names.has(d.name)) invalid = true;
        names.add(d.name);
      }
    }
    out.push({ ...base, invalid, incomplete: false, slices: invalid ? [] : sorted });
  }
  return out.sort((a, b) => byString(a.driver, b.driver) || byString(a.pool, b.pool));
}

/** One candidate device in search order. */
interface Candidate {
  readonly id: string;
  readonly driver: string;
  readonly device: SliceDevice;
}

/**
 * Allocate(node, [claim]) for a claim of ExactCount `requests` (sorted by name, their total within
 * AllocationResultsMaxSize: the caller checks it first, as Allocate does before searching). `deviceTaints`:
 * Features.DeviceTaints, the DRADeviceTaints gate (on by default from 1.36); off, taints keep no device.
 */
export function allocateExtendedClaim(state: DraState, node: Node, requests: readonly ExactRequest[], deviceTaints: boolean): Allocation {
  const pools = gatherPools(state, node);
  const candidates: Candidate[] = [];
  for (const p of pools) {
    if (p.invalid || p.incomplete) continue;
    for (const s of p.slices) for (const d of s.devices) candidates.push({ id: deviceId(p.driver, p.pool, d.name), driver: p.driver, device: d });
  }
  // isSelectable per request: the class's selectors and, with perDeviceNodeSelection, the device's node. The
  // remaining per-device checks of allocateDevice: not in use, no untolerated taint (features.DeviceTaints &&
  // taintPreventsAllocation).
  const usable = requests.map((r) =>
    candidates.map((c) => {
      if (state.allocated.has(c.id)) return false;
      if (!classMatches(r.deviceClass.name, r.deviceClass.selectors, c.driver)) return false;
      if (c.device.selection !== null && !nodeMatches(c.device.selection, node)) return false;
      return !(deviceTaints && c.device.tainted);
    }),
  );
  const taken = new Uint8Array(candidates.length);
  const chosen: number[] = [];
  // allocateOne over (request, device index, start location). A branch that cannot find enough usable devices
  // from its start on is cut at once: without constraints no later choice could fill it, so the first solution
  // found, the one upstream keeps, is unchanged.
  const search = (req: number, dev: number, start: number): boolean => {
    if (req === requests.length) return true;
    const r = requests[req]!;
    if (dev === r.count) return search(req + 1, 0, 0);
    const ok = usable[req]!;
    let free = 0;
    for (let i = start; i < candidates.length && free < r.count - dev; i++) if (ok[i] && !taken[i]) free++;
    if (free < r.count - dev) return false;
    for (let i = start; i < candidates.length; i++) {
      if (!ok[i] || taken[i]) continue;
      taken[i] = 1;
      chosen.push(i);
      if (search(req, dev + 1, i + 1)) return true;
      chosen.pop();
      taken[i] = 0;
    }
    return false;
  };
  if (search(0, 0, 0)) return { ok: true, devices: chosen.map((i) => candidates[i]!.id) };
  return { ok: false, invalidPools: pools.some((p) => p.invalid) };
}

/**
 * calculateDRAResourceTotals (noderesources resource_allocation.go): the devices of every slice that applies to
 * the node (whatever its pool's state) matching the class, and how many of them are in use. A slice naming
 * another node never applies, so only the node's own slices and those without a node name are read (the split
 * DraState keeps for GatherPools): each node's score reads its share of the slices, not all of them.
 * `withoutCelCache` is called, and throws, where a scorer without a CEL cache would evaluate the class's selectors.
 */
export function deviceTotals(state: DraState, node: Node, deviceClass: DeviceClass, withoutCelCache?: () => never): { capacity: number; allocated: number } {
  let capacity = 0;
  let allocated = 0;
  const count = (s: ResourceSlice) => {
    // The class's selectors read only the driver: evaluated once per slice, at its first device on the node.
    let matches: boolean | undefined;
    for (const d of s.devices) {
      // Slice-level selection, or each device's own with perDeviceNodeSelection.
      const sel = s.selection ?? d.selection;
      if (sel === null || !nodeMatches(sel, node)) continue;
      // A scorer built without a CEL cache (BalancedAllocation's) dereferences nil at the first device it checks
      // against a class with selectors (resource_allocation.go deviceMatchesClass: the selector-less class takes
      // the fast path in calculateDRAResourceTotals and never reaches it).
      if (matches === undefined && withoutCelCache !== undefined && deviceClass.selectors.length > 0) withoutCelCache();
      matches ??= classMatches(deviceClass.name, deviceClass.selectors, s.driver);
      if (!matches) return;
      capacity++;
      if (state.allocated.has(deviceId(s.driver, s.pool, d.name))) allocated++;
    }
  };
  for (const s of state.slicesOnNode.get(node.name) ?? []) count(s);
  for (const s of state.slicesShared) count(s);
  return { capacity, allocated };
}
