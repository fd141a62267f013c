// Nova host filters that look at capacity and load (docs/cgroup-overcommit.md §4.4). CoreFilter, RamFilter and DiskFilter
// applied the allocation ratios inside Nova until 22.0.0 (Victoria), when Placement took over
// (placement.ts); they are kept for modelling older clouds and for comparing both views.
import { SchedkitError } from "../errors.js";
import type { NovaHostState } from "./host-state.js";

/** A VM request as the filters see it (flavor fields of the RequestSpec). */
export interface NovaFlavorRequest {
  readonly vcpus: number;
  readonly memoryMb: number;
  /** Default 0. */
  readonly rootGb?: number;
  /** Default 0. */
  readonly ephemeralGb?: number;
  /** Swap in MB, default 0. */
  readonly swapMb?: number;
}

/** Filter names modelled here. */
export type NovaFilterName = "ComputeFilter" | "CoreFilter" | "RamFilter" | "DiskFilter" | "NumInstancesFilter" | "IoOpsFilter";

/** Options the filters read (nova/conf/scheduler.py). The Aggregate* variants (per-aggregate overrides) are not modelled. */
export interface NovaFilterConfig {
  /** `[filter_scheduler] max_instances_per_host`, default 50. */
  readonly maxInstancesPerHost?: number;
  /** `[filter_scheduler] max_io_ops_per_host`, default 8. */
  readonly maxIoOpsPerHost?: number;
}

/** A host filter: true when the host passes. */
export type NovaHostFilter = (host: NovaHostState, request: NovaFlavorRequest, config: NovaFilterConfig) => boolean;

// filters/compute_filter.py: the compute service must be enabled and up.
const computeFilter: NovaHostFilter = (host) => host.up !== false;

// filters/core_filter.py (≤ 21.x): limit = vcpus_total × ratio; an instance may not overcommit against itself.
const coreFilter: NovaHostFilter = (host, req) => {
  if (!host.vcpusTotal) return true; // upstream fail-safe: "VCPUs not set; assuming CPU collection broken"
  const limit = host.vcpusTotal * host.cpuAllocationRatio;
  if (limit > 0 && req.vcpus > host.vcpusTotal) return false;
  return !(limit - host.vcpusUsed < req.vcpus);
};

// filters/ram_filter.py (≤ 21.x): usable = total × ratio − (total − free); the flavor must fit before overcommit too.
const ramFilter: NovaHostFilter = (host, req) => {
  const total = host.totalUsableRamMb;
  if (!(total >= req.memoryMb)) return false;
  const limit = total * host.ramAllocationRatio;
  const usable = limit - (total - host.freeRamMb);
  return usable >= req.memoryMb;
};

// filters/disk_filter.py (≤ 21.x): same shape in MB, request = 1024 × (root + ephemeral) + swap.
const diskFilter: NovaHostFilter = (host, req) => {
  const requested = 1024 * ((req.rootGb ?? 0) + (req.ephemeralGb ?? 0)) + (req.swapMb ?? 0);
  const total = host.totalUsableDiskGb * 1024;
  if (total < requested) return false;
  const limit = total * host.diskAllocationRatio;
  const usable = limit - (total - host.freeDiskMb);
  return usable >= requested;
};

// filters/num_instances_filter.py: strictly fewer instances than the maximum.
const numInstancesFilter: NovaHostFilter = (host, _req, config) => host.numInstances < (config.maxInstancesPerHost ?? 50);

// filters/io_ops_filter.py: strictly fewer concurrent I/O-heavy operations than the maximum.
const ioOpsFilter: NovaHostFilter = (host, _req, config) => host.numIoOps < (config.maxIoOpsPerHost ?? 8);

/** The filters by name. */
export const NOVA_FILTERS: Readonly<Record<NovaFilterName, NovaHostFilter>> = {
  ComputeFilter: computeFilter,
  CoreFilter: coreFilter,
  RamFilter: ramFilter,
  DiskFilter: diskFilter,
  NumInstancesFilter: numInstancesFilter,
  IoOpsFilter: ioOpsFilter,
};

/** Result of running the enabled filters over one host. */
export interface NovaFilterResult {
  readonly passes: boolean;
  /** First filter that rejected the host, or null. */
  readonly rejectedBy: NovaFilterName | null;
}

/** Runs the enabled filters in order over one host; the first rejection stops the chain, as in Nova's filter handler. */
export function runNovaFilters(
  host: NovaHostState,
  request: NovaFlavorRequest,
  filters: readonly NovaFilterName[],
  config: NovaFilterConfig = {},
): NovaFilterResult {
  for (const name of filters) {
    const f = NOVA_FILTERS[name];
    if (f === undefined) throw new SchedkitError("filters", name, "is not a known filter");
    if (!f(host, request, config)) return { passes: false, rejectedBy: name };
  }
  return { passes: true, rejectedBy: null };
}
