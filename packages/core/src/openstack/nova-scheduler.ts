// Placing VMs the way the Nova scheduler does (docs/cgroup-overcommit.md §4.4; nova/scheduler/manager.py `_get_sorted_hosts`,
// nova/scheduler/host_manager.py `consume_from_request`): Placement keeps only providers where every
// requested class fits, the enabled filters run, the weighers sort the survivors, and the host is drawn
// among the best `host_subset_size`. Requests are placed one after the other and each placement is
// consumed before the next, as Nova does for the instances of a multi-create request.
import { SchedkitError, underPath } from "../errors.js";
import { checkHostState, type AggregateMetadata, type NovaHostState } from "./host-state.js";
import { runNovaFilters, type NovaFilterConfig, type NovaFilterName, type NovaFlavorRequest } from "./nova-filters.js";
import { weighHosts, type NovaWeighOptions } from "./nova-weighers.js";
import { placementFit, type PlacementFitReason, type PlacementInventory, type PlacementOptions, type RatioStorage, type ResourceClass } from "./placement.js";

/** A compute node for the scheduler: its Placement inventory and usage, and Nova's load counters. */
export interface NovaComputeHost {
  readonly name: string;
  readonly inventories: Partial<Record<ResourceClass, PlacementInventory>>;
  /** Σ allocations per class already on the provider; default 0. */
  readonly usages?: Partial<Record<ResourceClass, number>>;
  /** Default 0. */
  readonly numInstances?: number;
  /** Default 0. */
  readonly numIoOps?: number;
  readonly aggregates?: readonly AggregateMetadata[];
  /** Service enabled and up; default true. */
  readonly up?: boolean;
}

/** One VM to place: a flavor plus how its disk and CPUs are claimed. */
export interface NovaVmRequest extends NovaFlavorRequest {
  readonly name: string;
  /** Boot from volume: the root disk is not claimed on the host. Default false. */
  readonly bootFromVolume?: boolean;
  /** hw:cpu_policy=dedicated: claims PCPU instead of VCPU. Default false. */
  readonly dedicatedCpus?: boolean;
}

/** Why a host was not a candidate for a request. */
export type NovaRejection =
  | { readonly host: string; readonly stage: "placement"; readonly resourceClass: ResourceClass; readonly reason: PlacementFitReason | "no_inventory" }
  | { readonly host: string; readonly stage: "filter"; readonly filter: NovaFilterName };

/** Where one request went and why. */
export interface NovaPlacement {
  readonly request: string;
  /** Chosen host, or null for "No valid host was found". */
  readonly host: string | null;
  /** Placement amounts claimed per class. */
  readonly resources: Partial<Record<ResourceClass, number>>;
  readonly rejected: readonly NovaRejection[];
  /** Filtered hosts in the order the selection saw them (after any tie shuffle). */
  readonly weighed: readonly { readonly host: string; readonly weight: number }[];
}

/** Scheduler configuration. */
export interface NovaSchedulerOptions extends NovaWeighOptions {
  /** `[filter_scheduler] enabled_filters` among the modelled ones; default ["ComputeFilter"] (the other default filters pass without hints/images). */
  readonly filters?: readonly NovaFilterName[];
  readonly filterConfig?: NovaFilterConfig;
  /** `[filter_scheduler] host_subset_size`, default 1 (always the best host). */
  readonly hostSubsetSize?: number;
  /** `[filter_scheduler] shuffle_best_same_weighed_hosts`, default false. */
  readonly shuffleBestSameWeighedHosts?: boolean;
  /** Seed for the draws Nova makes with Python's `random` (not reproduced; this is a seeded stand-in). Default 0. */
  readonly seed?: number;
  /** How Placement stores allocation ratios; default "binary64". */
  readonly ratioStorage?: RatioStorage;
}

/** Placements in request order, and the hosts' final usage and state. */
export interface NovaScheduleResult {
  readonly placements: readonly NovaPlacement[];
  readonly hosts: readonly NovaComputeHost[];
  readonly hostStates: readonly NovaHostState[];
}

const CLASSES: readonly ResourceClass[] = ["VCPU", "PCPU", "MEMORY_MB", "DISK_GB"];

// A 32-bit counter-based generator (mulberry32 shape): deterministic for a seed, not Python's Mersenne Twister.
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nonNegInt(path: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new SchedkitError(path, v, "is not an integer >= 0");
  return v;
}

/** Placement amounts of a flavor (nova/scheduler/utils.py `resources_from_flavor`); zero amounts are not requested. */
export function novaRequestResources(req: NovaVmRequest, path = "request"): Partial<Record<ResourceClass, number>> {
  const vcpus = nonNegInt(`${path}.vcpus`, req.vcpus);
  const mem = nonNegInt(`${path}.memoryMb`, req.memoryMb);
  const root = nonNegInt(`${path}.rootGb`, req.rootGb ?? 0);
  const eph = nonNegInt(`${path}.ephemeralGb`, req.ephemeralGb ?? 0);
  const swapMb = nonNegInt(`${path}.swapMb`, req.swapMb ?? 0);
  // Swap is claimed as whole GB, rounded up (nova/compute/utils.py convert_mb_to_ceil_gb).
  const disk = (req.bootFromVolume ? 0 : root) + eph + Math.ceil(swapMb / 1024);
  const out: Partial<Record<ResourceClass, number>> = {};
  if (vcpus > 0) out[req.dedicatedCpus ? "PCPU" : "VCPU"] = vcpus;
  if (mem > 0) out.MEMORY_MB = mem;
  if (disk > 0) out.DISK_GB = disk;
  return out;
}

/**
 * HostState as the resource tracker reports it for a provider: used amounts start at the reserved ones
 * (nova/compute/resource_tracker.py), free = total − used; ratios are the inventory's.
 */
export function novaHostStateFromPlacement(host: NovaComputeHost): NovaHostState {
  const inv = host.inventories;
  const used = (rc: ResourceClass) => (inv[rc]?.reserved ?? 0) + (host.usages?.[rc] ?? 0);
  const vcpu = inv.VCPU;
  const mem = inv.MEMORY_MB;
  const disk = inv.DISK_GB;
  const state: NovaHostState = {
    name: host.name,
    vcpusTotal: vcpu?.total ?? 0,
    vcpusUsed: used("VCPU"),
    cpuAllocationRatio: vcpu?.allocationRatio ?? 1.0,
    totalUsableRamMb: mem?.total ?? 0,
    freeRamMb: (mem?.total ?? 0) - used("MEMORY_MB"),
    ramAllocationRatio: mem?.allocationRatio ?? 1.0,
    totalUsableDiskGb: disk?.total ?? 0,
    freeDiskMb: ((disk?.total ?? 0) - used("DISK_GB")) * 1024,
    diskAllocationRatio: disk?.allocationRatio ?? 1.0,
    numInstances: host.numInstances ?? 0,
    numIoOps: host.numIoOps ?? 0,
    up: host.up ?? true,
    ...(host.aggregates ? { aggregates: host.aggregates } : {}),
  };
  checkHostState(state, host.name);
  return state;
}

// host_manager.py HostState._locked_consume_from_request: disk counts root + ephemeral only (no swap).
function consume(state: NovaHostState, req: NovaVmRequest): NovaHostState {
  return {
    ...state,
    freeRamMb: state.freeRamMb - req.memoryMb,
    freeDiskMb: state.freeDiskMb - ((req.rootGb ?? 0) + (req.ephemeralGb ?? 0)) * 1024,
    vcpusUsed: state.vcpusUsed + req.vcpus,
    numInstances: state.numInstances + 1,
  };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Every position of the inputs has its type before any arithmetic (a JavaScript caller can pass anything);
// inventories are checked as placementFit will read them, at their full path.
function checkNovaInputs(hosts: unknown, requests: unknown, opts: PlacementOptions): void {
  if (!Array.isArray(hosts)) throw new SchedkitError("hosts", hosts, "is not an array");
  if (!Array.isArray(requests)) throw new SchedkitError("requests", requests, "is not an array");
  const names = new Map<string, number>();
  hosts.forEach((h: unknown, i) => {
    const hp = `hosts[${i}]`;
    if (!isObj(h)) throw new SchedkitError(hp, h, "is not an object");
    const name = h["name"];
    if (typeof name !== "string" || name === "") throw new SchedkitError(`${hp}.name`, name, "is not a non-empty string");
    // Nova: a compute host is mapped once (nova/exception.py HostMappingExists).
    const first = names.get(name);
    if (first !== undefined) throw new SchedkitError(`${hp}.name`, name, `is a duplicate host name (hosts[${first}]): Host '${name}' mapping already exists`);
    names.set(name, i);
    const inv = h["inventories"];
    if (!isObj(inv)) throw new SchedkitError(`${hp}.inventories`, inv, "is not an object");
    for (const rc of CLASSES) {
      const one = inv[rc];
      if (one === undefined) continue;
      if (!isObj(one)) throw new SchedkitError(`${hp}.inventories.${rc}`, one, "is not an object");
      underPath(`${hp}.inventories.${rc}`, () => placementFit(one as unknown as PlacementInventory, 0, 1, opts), "inventory");
    }
    for (const key of ["usages", "aggregates"]) {
      const v = h[key];
      if (v !== undefined && (typeof v !== "object" || v === null)) throw new SchedkitError(`${hp}.${key}`, v, "is not an object");
    }
    const usages = h["usages"] as Record<string, unknown> | undefined;
    if (usages !== undefined) for (const rc of CLASSES) if (usages[rc] !== undefined) nonNegInt(`${hp}.usages.${rc}`, usages[rc]);
  });
  requests.forEach((r: unknown, i) => {
    const rp = `requests[${i}]`;
    if (!isObj(r)) throw new SchedkitError(rp, r, "is not an object");
    if (typeof r["name"] !== "string") throw new SchedkitError(`${rp}.name`, r["name"], "is not a string");
  });
}

/** Places `requests` in order onto `hosts` as Nova would, consuming each placement before the next. */
export function scheduleVms(hosts: readonly NovaComputeHost[], requests: readonly NovaVmRequest[], options: NovaSchedulerOptions = {}): NovaScheduleResult {
  const filters = options.filters ?? ["ComputeFilter"];
  const subset = options.hostSubsetSize ?? 1;
  if (!Number.isInteger(subset) || subset < 1) throw new SchedkitError("options.hostSubsetSize", subset, "is not an integer >= 1");
  const rand = seededRandom(options.seed ?? 0);
  const placementOpts = { ratioStorage: options.ratioStorage ?? "binary64" } as const;
  checkNovaInputs(hosts, requests, placementOpts);

  const usages = hosts.map((h) => ({ ...h.usages }) as Partial<Record<ResourceClass, number>>);
  const states = hosts.map((h) => novaHostStateFromPlacement(h));
  const placements: NovaPlacement[] = [];

  requests.forEach((req, r) => {
    const resources = novaRequestResources(req, `requests[${r}]`);
    const rejected: NovaRejection[] = [];
    const candidates: number[] = [];
    for (let i = 0; i < hosts.length; i++) {
      const host = hosts[i]!;
      let ok = true;
      for (const rc of CLASSES) {
        const amount = resources[rc];
        if (amount === undefined) continue;
        const inv = host.inventories[rc];
        if (inv === undefined) {
          rejected.push({ host: host.name, stage: "placement", resourceClass: rc, reason: "no_inventory" });
          ok = false;
          break;
        }
        const fit = placementFit(inv, usages[i]![rc] ?? 0, amount, placementOpts);
        if (!fit.fits) {
          rejected.push({ host: host.name, stage: "placement", resourceClass: rc, reason: fit.reason! });
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const f = runNovaFilters(states[i]!, req, filters, options.filterConfig);
      if (!f.passes) {
        rejected.push({ host: host.name, stage: "filter", filter: f.rejectedBy! });
        continue;
      }
      candidates.push(i);
    }
    if (candidates.length === 0) {
      placements.push({ request: req.name, host: null, resources, rejected, weighed: [] });
      return;
    }
    const indexOf = new Map<NovaHostState, number>();
    for (const i of candidates) indexOf.set(states[i]!, i);
    const ranked = weighHosts(candidates.map((i) => states[i]!), options).map((w) => ({ index: indexOf.get(w.host)!, weight: w.weight }));
    if (options.shuffleBestSameWeighedHosts) {
      // manager.py: hosts tied with the best weight are shuffled in place at the front.
      let best = 1;
      while (best < ranked.length && ranked[best]!.weight === ranked[0]!.weight) best++;
      for (let k = best - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [ranked[k], ranked[j]] = [ranked[j]!, ranked[k]!];
      }
    }
    // manager.py: random.choice among the first host_subset_size hosts (no draw needed for one).
    const pool = Math.min(subset, ranked.length);
    const pick = pool > 1 ? Math.floor(rand() * pool) : 0;
    const chosen = ranked[pick]!.index;
    const host = hosts[chosen]!;
    const u = usages[chosen]!;
    for (const rc of CLASSES) {
      const amount = resources[rc];
      if (amount !== undefined) u[rc] = (u[rc] ?? 0) + amount;
    }
    states[chosen] = consume(states[chosen]!, req);
    placements.push({
      request: req.name,
      host: host.name,
      resources,
      rejected,
      weighed: ranked.map(({ index, weight }) => ({ host: hosts[index]!.name, weight })),
    });
  });

  const finalHosts = hosts.map((h, i) => ({ ...h, usages: usages[i]!, numInstances: states[i]!.numInstances }));
  return { placements, hosts: finalHosts, hostStates: states };
}
