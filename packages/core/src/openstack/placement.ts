// OpenStack Placement capacity and fit (docs/cgroup-overcommit.md §4.3) and Nova's choice of allocation ratio (§4.1).
import { DomainError, SchedkitError } from "../errors.js";

/** Resource classes the VM layer uses. */
export type ResourceClass = "VCPU" | "PCPU" | "MEMORY_MB" | "DISK_GB";

/** One Placement inventory record (one resource class on one provider). Omitted fields take Placement's defaults. */
export interface PlacementInventory {
  readonly total: number;
  /** Default 0. */
  readonly reserved?: number;
  /** Default 1.0. */
  readonly allocationRatio?: number;
  /** Default 1. */
  readonly minUnit?: number;
  /** Default 2^31 − 1. */
  readonly maxUnit?: number;
  /** Default 1. */
  readonly stepSize?: number;
}

/** How the allocation ratio is stored: binary64 (PostgreSQL double, SQLite) or binary32 (MySQL FLOAT, docs/cgroup-overcommit.md §4.3). */
export type RatioStorage = "binary64" | "binary32";

/** Options for Placement arithmetic. */
export interface PlacementOptions {
  /** Default "binary64". */
  readonly ratioStorage?: RatioStorage;
}

/** Capacity of an inventory: the float the fit test compares against, and the truncated integer Placement reports. */
export interface PlacementCapacity {
  readonly capacityFloat: number;
  readonly capacityInt: number;
}

/** Why a request does not fit: the unit constraints are checked before capacity, as Placement does. */
export type PlacementFitReason = "min_unit" | "max_unit" | "step_size" | "capacity";

/** Outcome of a Placement fit test. */
export interface PlacementFit extends PlacementCapacity {
  readonly fits: boolean;
  readonly reason: PlacementFitReason | null;
}

// placement/handlers/inventory.py: defaults applied when a field is omitted.
const DEFAULT_MAX_UNIT = 2 ** 31 - 1;

function int(path: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new SchedkitError(path, v, `is not an integer >= ${min}`);
  if (v > Number.MAX_SAFE_INTEGER) throw new DomainError(path, v, "is above 2^53 - 1");
  return v;
}

function effectiveRatio(inv: PlacementInventory, opts: PlacementOptions | undefined): number {
  const r = inv.allocationRatio ?? 1.0;
  if (typeof r !== "number" || !(r >= 0) || r === Infinity) {
    throw new SchedkitError("inventory.allocationRatio", r, "is not a finite number >= 0");
  }
  // placement/db/sqlalchemy/models.py: allocation_ratio is a SQLAlchemy Float; MySQL stores it single precision.
  return opts?.ratioStorage === "binary32" ? Math.fround(r) : r;
}

/** (total − reserved) × allocation_ratio, and its truncation (placement/objects/inventory.py `capacity`). */
export function placementCapacity(inv: PlacementInventory, opts?: PlacementOptions): PlacementCapacity {
  const total = int("inventory.total", inv.total, 0);
  const reserved = int("inventory.reserved", inv.reserved ?? 0, 0);
  const capacityFloat = (total - reserved) * effectiveRatio(inv, opts);
  return { capacityFloat, capacityInt: Math.trunc(capacityFloat) };
}

/**
 * Whether `requested` more units fit on top of `used`: min_unit ≤ requested ≤ max_unit,
 * requested mod step_size = 0, then used + requested ≤ capacity as a float compare
 * (placement/objects/allocation.py `_check_capacity_exceeded`; research_context.py `_capacity_check_clause`).
 */
export function placementFit(inv: PlacementInventory, used: number, requested: number, opts?: PlacementOptions): PlacementFit {
  const cap = placementCapacity(inv, opts);
  int("used", used, 0);
  int("requested", requested, 1);
  const minUnit = int("inventory.minUnit", inv.minUnit ?? 1, 1);
  const maxUnit = int("inventory.maxUnit", inv.maxUnit ?? DEFAULT_MAX_UNIT, 1);
  const stepSize = int("inventory.stepSize", inv.stepSize ?? 1, 1);
  let reason: PlacementFitReason | null = null;
  if (requested < minUnit) reason = "min_unit";
  else if (requested > maxUnit) reason = "max_unit";
  else if (requested % stepSize !== 0) reason = "step_size";
  else if (cap.capacityFloat < used + requested) reason = "capacity";
  return { ...cap, fits: reason === null, reason };
}

/** Nova allocation-ratio options (nova/conf/compute.py); null/0 ratios mean "not configured". */
export interface NovaRatioConfig {
  readonly cpuAllocationRatio?: number | null;
  readonly ramAllocationRatio?: number | null;
  readonly diskAllocationRatio?: number | null;
  /** Default 4.0 (docs/cgroup-overcommit.md §4.1, Nova at HEAD). */
  readonly initialCpuAllocationRatio?: number;
  /** Default 1.0. */
  readonly initialRamAllocationRatio?: number;
  /** Default 1.0. */
  readonly initialDiskAllocationRatio?: number;
}

/** Nova releases whose ratio rules differ: Stein (19.0.0) introduced the initial_* options and Placement-side ratios. */
export type NovaRatioRelease = "stein+" | "pre-stein";

/** The effective ratios before Stein, when the options defaulted to 0.0 (nova/objects/compute_node.py `_from_db_object` @ 18.0.0). */
export const NOVA_PRE_STEIN_RATIOS: Readonly<Record<"VCPU" | "MEMORY_MB" | "DISK_GB", number>> = { VCPU: 16.0, MEMORY_MB: 1.5, DISK_GB: 1.0 };

/**
 * The allocation ratio nova-compute reports for a resource class (nova/virt/driver.py `_get_allocation_ratios`):
 * a configured ratio (truthy) wins, else the initial_* value while the provider has no inventory of that
 * class yet (`existingRatio` null/undefined), else the ratio already stored in Placement. PCPU is always 1.
 */
export function novaAllocationRatio(
  resourceClass: ResourceClass,
  config: NovaRatioConfig = {},
  existingRatio?: number | null,
  release: NovaRatioRelease = "stein+",
): number {
  if (resourceClass === "PCPU") return 1.0;
  const configured =
    resourceClass === "VCPU" ? config.cpuAllocationRatio : resourceClass === "MEMORY_MB" ? config.ramAllocationRatio : config.diskAllocationRatio;
  if (configured !== undefined && configured !== null && !(configured >= 0)) {
    throw new SchedkitError(`config.${resourceClass}`, configured, "is not a number >= 0");
  }
  if (configured) return configured;
  if (release === "pre-stein") return NOVA_PRE_STEIN_RATIOS[resourceClass];
  if (existingRatio !== undefined && existingRatio !== null) return existingRatio;
  if (resourceClass === "VCPU") return config.initialCpuAllocationRatio ?? 4.0;
  if (resourceClass === "MEMORY_MB") return config.initialRamAllocationRatio ?? 1.0;
  return config.initialDiskAllocationRatio ?? 1.0;
}

/** What the libvirt driver needs to report a compute node's inventory (docs/cgroup-overcommit.md §4.2). */
export interface LibvirtHostResources {
  /** Online host CPUs. */
  readonly onlineCpus: number;
  /** Size of `[compute] cpu_shared_set`, when set. */
  readonly cpuSharedSet?: number;
  /** Size of `[compute] cpu_dedicated_set`, when set. */
  readonly cpuDedicatedSet?: number;
  /** `reserved_host_cpus`, default 0; cannot be combined with the CPU sets. */
  readonly reservedHostCpus?: number;
  readonly memoryMb: number;
  /** `reserved_host_memory_mb`, default 512. */
  readonly reservedHostMemoryMb?: number;
  readonly diskGb: number;
  /** `reserved_host_disk_mb`, default 0. */
  readonly reservedHostDiskMb?: number;
  /** Image cache GB added to the disk reservation, default 0. */
  readonly imageCacheGb?: number;
}

/**
 * Inventory records the libvirt driver reports (nova/virt/libvirt/driver.py `update_provider_tree`):
 * VCPU max_unit = total, so one flavor never asks for more vCPUs than the host has CPUs for guests.
 * Classes with total 0 are left out, as upstream.
 */
export function libvirtInventory(
  host: LibvirtHostResources,
  ratios: Readonly<Record<"VCPU" | "MEMORY_MB" | "DISK_GB", number>>,
): Partial<Record<ResourceClass, PlacementInventory>> {
  const online = int("host.onlineCpus", host.onlineCpus, 0);
  const reservedCpus = int("host.reservedHostCpus", host.reservedHostCpus ?? 0, 0);
  if (reservedCpus > 0 && (host.cpuSharedSet !== undefined || host.cpuDedicatedSet !== undefined)) {
    // nova/conf/compute.py: reserved_host_cpus is rejected together with cpu_shared_set/cpu_dedicated_set.
    throw new SchedkitError("host.reservedHostCpus", reservedCpus, "cannot be combined with cpuSharedSet/cpuDedicatedSet");
  }
  const dedicated = host.cpuDedicatedSet === undefined ? 0 : int("host.cpuDedicatedSet", host.cpuDedicatedSet, 0);
  // With only a dedicated set, no CPU is left for shared (VCPU) guests.
  const shared = host.cpuSharedSet !== undefined ? int("host.cpuSharedSet", host.cpuSharedSet, 0) : host.cpuDedicatedSet !== undefined ? 0 : online;
  const memory = int("host.memoryMb", host.memoryMb, 0);
  const disk = int("host.diskGb", host.diskGb, 0);
  const reservedDiskMb = int("host.reservedHostDiskMb", host.reservedHostDiskMb ?? 0, 0);
  // nova/compute/utils.py convert_mb_to_ceil_gb: reserve whole GB, rounding up.
  const reservedDiskGb = Math.ceil(reservedDiskMb / 1024) + int("host.imageCacheGb", host.imageCacheGb ?? 0, 0);
  const out: Partial<Record<ResourceClass, PlacementInventory>> = {};
  if (shared > 0) out.VCPU = { total: shared, reserved: reservedCpus, allocationRatio: ratios.VCPU, minUnit: 1, maxUnit: shared, stepSize: 1 };
  if (dedicated > 0) out.PCPU = { total: dedicated, reserved: 0, allocationRatio: 1.0, minUnit: 1, maxUnit: dedicated, stepSize: 1 };
  if (memory > 0) {
    const reserved = int("host.reservedHostMemoryMb", host.reservedHostMemoryMb ?? 512, 0);
    out.MEMORY_MB = { total: memory, reserved, allocationRatio: ratios.MEMORY_MB, minUnit: 1, maxUnit: memory, stepSize: 1 };
  }
  if (disk > 0) out.DISK_GB = { total: disk, reserved: reservedDiskGb, allocationRatio: ratios.DISK_GB, minUnit: 1, maxUnit: disk, stepSize: 1 };
  return out;
}
