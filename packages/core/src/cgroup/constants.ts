// The kubelet's and the kernel's CPU cgroup constants, defined once for both implementations of the cgroup
// math: core's TypeScript (shares.ts, quota.ts, weight.ts re-export them) and @schedkit/asm's CPU module, whose
// AssemblyScript imports this file at build time (asm assembly-cpu/cgroup.ts). So it holds only
// `export const NAME = <integer literal>`, which TypeScript and AssemblyScript read alike (AssemblyScript types
// a literal that fits 32 bits i32, a larger one i64, and inlines it); no types, no expressions such as `2 ** 33`
// (AssemblyScript would evaluate them in 32-bit integers) and no imports.

/** Kernel minimum cgroup v1 cpu.shares (kubelet pkg/kubelet/cm/helpers_linux.go `MinShares`). */
export const MIN_SHARES = 2;
/** Kernel maximum cgroup v1 cpu.shares, 2^18 (kubelet helpers_linux.go `MaxShares`). */
export const MAX_SHARES = 262144;
/** cpu.shares for one CPU (kubelet helpers_linux.go `SharesPerCPU`). */
export const SHARES_PER_CPU = 1024;
/** Milli-units per CPU (kubelet helpers_linux.go `MilliCPUToCPU`). */
export const MILLI_CPU_TO_CPU = 1000;
/**
 * Largest |milliCPU| the cgroup math accepts: 2^33 m (about 8.6 million CPUs). It keeps milliCPU × 1024 and
 * milliCPU × period (period ≤ 10^6 µs < 2^20) below 2^53, so every product is an exact float64 integer.
 */
export const MAX_MILLI_CPU = 8589934592;

/** Default CFS period, 100 ms in µs (kubelet helpers_linux.go `QuotaPeriod`). */
export const QUOTA_PERIOD = 100000;
/** Smallest CFS quota (and period), 1 ms in µs (kubelet helpers_linux.go `MinQuotaPeriod`; kernel sched-bwc limit). */
export const MIN_QUOTA_PERIOD = 1000;
/** Largest CFS period, 1 s in µs (kernel sched-bwc limit; kubelet validation of `cpuCFSQuotaPeriod`). */
export const MAX_QUOTA_PERIOD = 1000000;
/** Smallest CPU limit a 100 ms period can express without the 1 ms floor, 10 m (kubelet `MinMilliCPULimit`). */
export const MIN_MILLI_CPU_LIMIT = 10;

/** Smallest cgroup v2 cpu.weight. */
export const MIN_CPU_WEIGHT = 1;
/** Largest cgroup v2 cpu.weight. */
export const MAX_CPU_WEIGHT = 10000;
