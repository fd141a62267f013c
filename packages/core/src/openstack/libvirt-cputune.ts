// What a flavor's CPU tuning extra specs become on the host (docs/cgroup-overcommit.md §4.5): the VM cgroup's weight among
// its sibling VMs and its bandwidth cap. nova/virt/libvirt/driver.py `_update_guest_cputune` copies
// quota:cpu_shares / quota:cpu_period / quota:cpu_quota into libvirt <cputune>; libvirt writes shares
// unconverted into cpu.weight on cgroup v2 (vircgroupv2.c virCgroupV2SetCpuShares).
import { DomainError, SchedkitError } from "../errors.js";
import { MAX_QUOTA_PERIOD, MAX_SHARES, MIN_QUOTA_PERIOD, MIN_SHARES, QUOTA_PERIOD, MAX_CPU_WEIGHT, MIN_CPU_WEIGHT, weightToKernelShares } from "../cgroup/index.js";

/** The CPU tuning a flavor asks for; null when the extra spec is absent (and, for period and quota, when 0: libvirt then sets no bandwidth). */
export interface FlavorCpuTune {
  readonly shares: number | null;
  readonly periodUs: number | null;
  readonly quotaUs: number | null;
}

const KEYS = { shares: "quota:cpu_shares", periodUs: "quota:cpu_period", quotaUs: "quota:cpu_quota" } as const;

/**
 * Reads quota:cpu_shares, quota:cpu_period and quota:cpu_quota from flavor extra specs. Nova accepts
 * integers ≥ 0 (nova/api/validation/extra_specs/quota.py); libvirt additionally requires a period in
 * [1000, 1000000] µs and a quota ≥ 1000 µs, with 0 meaning "not set" for those two. A shares value of 0
 * is passed on as written (cgroup v2 then rejects it, v1 clamps it to 2).
 */
export function parseFlavorCpuTune(extraSpecs: Readonly<Record<string, string>> = {}): FlavorCpuTune {
  const read = (key: string, zeroIsUnset: boolean): number | null => {
    if (!Object.prototype.hasOwnProperty.call(extraSpecs, key)) return null;
    const text = extraSpecs[key]!;
    if (!/^\s*\+?\d+\s*$/.test(text)) throw new SchedkitError(`extraSpecs["${key}"]`, text, "is not an integer >= 0");
    const v = Number(text);
    if (v > Number.MAX_SAFE_INTEGER) throw new DomainError(`extraSpecs["${key}"]`, text, "is above 2^53 - 1");
    return v === 0 && zeroIsUnset ? null : v;
  };
  const shares = read(KEYS.shares, false);
  const periodUs = read(KEYS.periodUs, true);
  const quotaUs = read(KEYS.quotaUs, true);
  if (periodUs !== null && (periodUs < MIN_QUOTA_PERIOD || periodUs > MAX_QUOTA_PERIOD)) {
    throw new SchedkitError(`extraSpecs["${KEYS.periodUs}"]`, periodUs, `is not in [${MIN_QUOTA_PERIOD}, ${MAX_QUOTA_PERIOD}] (libvirt)`);
  }
  if (quotaUs !== null && quotaUs < MIN_QUOTA_PERIOD) {
    throw new SchedkitError(`extraSpecs["${KEYS.quotaUs}"]`, quotaUs, `is below ${MIN_QUOTA_PERIOD} (libvirt)`);
  }
  return { shares, periodUs, quotaUs };
}

/** Default VM CPU weight policy: Nova ≥ 26.0.0 (Zed) sets none; 12.0.0 (Liberty) to 25.x set 1024 × vCPUs shares. */
export type NovaCpuSharesDefault = "none" | "1024-per-vcpu";

/** The VM cgroup's weight as written and as the kernel compares it. */
export interface VmCpuWeight {
  /** The file libvirt writes. */
  readonly file: "cpu.weight" | "cpu.shares";
  /** The value in that file. */
  readonly value: number;
  /** The task-group weight CFS divides by: v2 DIV_ROUND_CLOSEST(weight × 1024, 100), v1 the shares. */
  readonly kernelShares: number;
}

/**
 * A VM's CPU weight on its host. Without quota:cpu_shares, Zed+ leaves the kernel default (weight 100 on
 * cgroup v2, 1024 shares on v1) whatever the vCPU count; pre-Zed Nova asked for 1024 × vCPUs, which
 * cgroup v2 rejects above 10000 (bug 1978489) — that throws, as the VM would fail to start.
 */
export function vmCpuWeight(vcpus: number, tune: FlavorCpuTune, cgroupVersion: 1 | 2 = 2, sharesDefault: NovaCpuSharesDefault = "none"): VmCpuWeight {
  if (!Number.isInteger(vcpus) || vcpus < 1) throw new SchedkitError("vcpus", vcpus, "is not an integer >= 1");
  const asked = tune.shares ?? (sharesDefault === "1024-per-vcpu" ? 1024 * vcpus : null);
  if (cgroupVersion === 2) {
    const value = asked ?? 100;
    if (value < MIN_CPU_WEIGHT || value > MAX_CPU_WEIGHT) {
      throw new SchedkitError("cpu.weight", value, `is outside [${MIN_CPU_WEIGHT}, ${MAX_CPU_WEIGHT}]: libvirt writes shares unconverted on cgroup v2 and the VM fails to start`);
    }
    return { file: "cpu.weight", value, kernelShares: weightToKernelShares(value) };
  }
  if (cgroupVersion !== 1) throw new SchedkitError("cgroupVersion", cgroupVersion, "is not 1 or 2");
  const value = asked ?? 1024;
  // kernel/sched/core.c sched_group_set_shares clamps cpu.shares into [2, 262144].
  const kernelShares = value < MIN_SHARES ? MIN_SHARES : value > MAX_SHARES ? MAX_SHARES : value;
  return { file: "cpu.shares", value, kernelShares };
}

/**
 * The most CPUs a VM can use on the host: one per vCPU thread, and with quota:cpu_quota (per vCPU,
 * period default 100 ms) vCPUs × quota / period when that is lower.
 */
export function vmCpuCap(vcpus: number, tune: FlavorCpuTune): number {
  if (!Number.isInteger(vcpus) || vcpus < 1) throw new SchedkitError("vcpus", vcpus, "is not an integer >= 1");
  if (tune.quotaUs === null) return vcpus;
  const perVcpu = tune.quotaUs / (tune.periodUs ?? QUOTA_PERIOD);
  return perVcpu >= 1 ? vcpus : vcpus * perVcpu;
}
