// Nova's resource weighers and the weighing pipeline (docs/cgroup-overcommit.md §4.4; nova/weights.py,
// nova/scheduler/weights/{ram,cpu,disk,io_ops,num_instances}.py).
import { SchedkitError } from "../errors.js";
import { aggregateFloat, checkHostState, type NovaHostState } from "./host-state.js";

/** The resource weighers modelled here. */
export type NovaWeigherName = "RAMWeigher" | "CPUWeigher" | "DiskWeigher" | "IoOpsWeigher" | "NumInstancesWeigher";

/** `[filter_scheduler] *_weight_multiplier` options; aggregate metadata with the same key overrides them per host. */
export interface NovaWeightMultipliers {
  /** Default 1.0. */
  readonly ram_weight_multiplier: number;
  /** Default 1.0. */
  readonly cpu_weight_multiplier: number;
  /** Default 1.0. */
  readonly disk_weight_multiplier: number;
  /** Default −1.0. */
  readonly io_ops_weight_multiplier: number;
  /** Default 0.0. */
  readonly num_instances_weight_multiplier: number;
}

/** Nova's defaults for the multipliers (nova/conf/scheduler.py). */
export const NOVA_DEFAULT_MULTIPLIERS: NovaWeightMultipliers = {
  ram_weight_multiplier: 1.0,
  cpu_weight_multiplier: 1.0,
  disk_weight_multiplier: 1.0,
  io_ops_weight_multiplier: -1.0,
  num_instances_weight_multiplier: 0.0,
};

/** The weighers in the order docs/cgroup-overcommit.md §4.4's table lists them; the order fixes the float summation order. */
export const NOVA_RESOURCE_WEIGHERS: readonly NovaWeigherName[] = ["RAMWeigher", "CPUWeigher", "DiskWeigher", "IoOpsWeigher", "NumInstancesWeigher"];

interface Weigher {
  /** Raw values are clamped up to minval when set (BaseWeigher.weigh_objects). */
  readonly minval: number | null;
  readonly key: keyof NovaWeightMultipliers;
  raw(h: NovaHostState): number;
}

const WEIGHERS: Readonly<Record<NovaWeigherName, Weigher>> = {
  // ram.py: free_ram_mb, which ignores ram_allocation_ratio.
  RAMWeigher: { minval: 0, key: "ram_weight_multiplier", raw: (h) => h.freeRamMb },
  // cpu.py: vcpus_total × cpu_allocation_ratio − vcpus_used (reserved CPUs counted in used, unscaled).
  CPUWeigher: { minval: 0, key: "cpu_weight_multiplier", raw: (h) => h.vcpusTotal * h.cpuAllocationRatio - h.vcpusUsed },
  DiskWeigher: { minval: 0, key: "disk_weight_multiplier", raw: (h) => h.freeDiskMb },
  IoOpsWeigher: { minval: 0, key: "io_ops_weight_multiplier", raw: (h) => h.numIoOps },
  NumInstancesWeigher: { minval: null, key: "num_instances_weight_multiplier", raw: (h) => h.numInstances },
};

/**
 * nova/weights.py `normalize`: (x − lo) / (hi − lo) with lo = minval or min(x), hi = maxval or max(x);
 * all zeros when lo = hi. Writes into `out`.
 */
export function novaNormalize(values: ArrayLike<number>, minval: number | null, maxval: number | null, out: Float64Array): Float64Array {
  const n = values.length;
  if (n === 0) return out;
  let lo = minval;
  let hi = maxval;
  if (hi === null) {
    hi = values[0]!;
    for (let i = 1; i < n; i++) if (values[i]! > hi) hi = values[i]!;
  }
  if (lo === null) {
    lo = values[0]!;
    for (let i = 1; i < n; i++) if (values[i]! < lo) lo = values[i]!;
  }
  if (lo === hi) {
    out.fill(0, 0, n);
    return out;
  }
  const range = hi - lo;
  for (let i = 0; i < n; i++) out[i] = (values[i]! - lo) / range;
  return out;
}

/** One weigher's contribution to a host's weight. */
export interface NovaWeigherScore {
  readonly weigher: NovaWeigherName;
  /** Raw value after the minval clamp. */
  readonly raw: number;
  readonly normalized: number;
  readonly multiplier: number;
}

/** A host with its total weight. */
export interface NovaWeighedHost {
  readonly host: NovaHostState;
  readonly weight: number;
  /** Per-weigher detail, in weigher order; empty when ≤ 1 host (Nova skips weighing). */
  readonly scores: readonly NovaWeigherScore[];
}

/** Options of the weighing step. */
export interface NovaWeighOptions {
  /** Enabled weighers, in summation order; default NOVA_RESOURCE_WEIGHERS. */
  readonly weighers?: readonly NovaWeigherName[];
  /** Overrides of NOVA_DEFAULT_MULTIPLIERS. */
  readonly multipliers?: Partial<NovaWeightMultipliers>;
}

/**
 * Weighs hosts and sorts them by weight, descending (nova/weights.py `get_weighed_objects`):
 * per weigher, raw values clamped at minval, normalized across the hosts, times the host's
 * multiplier, added to a weight starting at 0.0. Python's sort is stable, so ties keep input order.
 * With ≤ 1 host nothing is weighed and weights stay 0.0.
 */
export function weighHosts(hosts: readonly NovaHostState[], options: NovaWeighOptions = {}): NovaWeighedHost[] {
  const names = options.weighers ?? NOVA_RESOURCE_WEIGHERS;
  const multipliers: NovaWeightMultipliers = { ...NOVA_DEFAULT_MULTIPLIERS, ...options.multipliers };
  for (const [k, v] of Object.entries(multipliers)) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new SchedkitError(`multipliers.${k}`, v, "is not a finite number");
  }
  const n = hosts.length;
  for (let i = 0; i < n; i++) checkHostState(hosts[i]!, `hosts[${i}]`);
  const weights = new Float64Array(n);
  const scores: NovaWeigherScore[][] = hosts.map(() => []);
  if (n > 1) {
    const raw = new Float64Array(n);
    const norm = new Float64Array(n);
    for (const name of names) {
      const w = WEIGHERS[name];
      if (w === undefined) throw new SchedkitError("weighers", name, "is not a known weigher");
      for (let i = 0; i < n; i++) {
        let x = w.raw(hosts[i]!);
        if (w.minval !== null && x < w.minval) x = w.minval;
        raw[i] = x;
      }
      novaNormalize(raw, w.minval, null, norm);
      for (let i = 0; i < n; i++) {
        const m = aggregateFloat(hosts[i]!, w.key, multipliers[w.key]);
        weights[i] = weights[i]! + m * norm[i]!;
        scores[i]!.push({ weigher: name, raw: raw[i]!, normalized: norm[i]!, multiplier: m });
      }
    }
  }
  const out: NovaWeighedHost[] = hosts.map((host, i) => ({ host, weight: weights[i]!, scores: scores[i]! }));
  // Array.prototype.sort is stable (ES2019), like Python's sorted(); reverse=True keeps ties in input order too.
  out.sort((a, b) => (a.weight < b.weight ? 1 : a.weight > b.weight ? -1 : 0));
  return out;
}
