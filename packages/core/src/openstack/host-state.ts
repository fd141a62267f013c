// The part of Nova's HostState (nova/scheduler/host_manager.py) that the capacity filters and the
// resource weighers read.
import { SchedkitError } from "../errors.js";

/** Host-aggregate metadata of one aggregate the host belongs to (string values, as Nova stores them). */
export type AggregateMetadata = Readonly<Record<string, string>>;

/** A compute host as the Nova scheduler sees it. Used amounts include the reserved_host_* values, as the resource tracker counts them. */
export interface NovaHostState {
  readonly name: string;
  /** Host CPUs for guests (compute node `vcpus`). */
  readonly vcpusTotal: number;
  /** vCPUs of instances on the host plus reserved_host_cpus. */
  readonly vcpusUsed: number;
  readonly cpuAllocationRatio: number;
  /** Compute node `memory_mb`. */
  readonly totalUsableRamMb: number;
  /** memory_mb − memory_mb_used; negative when overcommitted. */
  readonly freeRamMb: number;
  readonly ramAllocationRatio: number;
  /** Compute node `local_gb`. */
  readonly totalUsableDiskGb: number;
  readonly freeDiskMb: number;
  readonly diskAllocationRatio: number;
  readonly numInstances: number;
  /** Instances in build/resize/snapshot/migrate/rescue/unshelve task states. */
  readonly numIoOps: number;
  /** Default []. */
  readonly aggregates?: readonly AggregateMetadata[];
  /** Service enabled and up (ComputeFilter); default true. */
  readonly up?: boolean;
}

const NUMERIC_FIELDS = [
  "vcpusTotal",
  "vcpusUsed",
  "cpuAllocationRatio",
  "totalUsableRamMb",
  "freeRamMb",
  "ramAllocationRatio",
  "totalUsableDiskGb",
  "freeDiskMb",
  "diskAllocationRatio",
  "numInstances",
  "numIoOps",
] as const;

/** Throws a SchedkitError naming the field when a host state holds a non-finite number. */
export function checkHostState(host: NovaHostState, path: string): void {
  for (const f of NUMERIC_FIELDS) {
    const v = host[f];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new SchedkitError(`${path}.${f}`, v, "is not a finite number");
  }
}

// Python float(): optional sign, decimal or exponent form, inf/nan words, surrounding whitespace.
const PY_FLOAT = /^\s*[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)\s*$/i;

function pyFloat(s: string): number | null {
  if (!PY_FLOAT.test(s)) return null;
  const t = s.trim().toLowerCase().replace(/^\+/, "");
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (t === "nan" || t === "-nan") return NaN;
  return Number(t);
}

/**
 * A per-host option overridden by aggregate metadata (nova/scheduler/utils.py `get_weight_multiplier`,
 * filters/utils.py `validate_num_values`): the minimum of the distinct values set by the host's
 * aggregates, or `configured` when none sets it or one value is not a float (Nova logs and falls back).
 */
export function aggregateFloat(host: NovaHostState, key: string, configured: number): number {
  const values = new Set<string>();
  for (const agg of host.aggregates ?? []) {
    if (Object.prototype.hasOwnProperty.call(agg, key)) values.add(agg[key]!);
  }
  if (values.size === 0) return configured;
  let min = Infinity;
  for (const s of values) {
    const v = pyFloat(s);
    if (v === null) return configured;
    // Upstream's result with a "nan" value depends on Python's (hash-randomized) set order; refuse it.
    if (Number.isNaN(v)) throw new SchedkitError(`${host.name}.aggregates.${key}`, s, "is NaN, which Nova orders unpredictably");
    if (v < min) min = v;
  }
  return min;
}
