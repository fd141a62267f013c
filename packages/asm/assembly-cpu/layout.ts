// The ABI shared with src/cpu/layout.ts (keep both in step; the host checks `cpuAbiVersion()` at load).
// Every call reads an i32 context table the host wrote; columns are float64 arrays of `count` entries each,
// column c of a table with `count` rows at base + c·count·8. Offsets tables are i32[count + 1].

export const CPU_ABI_VERSION: i32 = 1;

// --- shares → weight formulas (core cgroup/weight.ts WeightFormula)
export const F_KUBELET_LINEAR: i32 = 0;
export const F_RUNC_LINEAR: i32 = 1;
export const F_RUNC_QUADRATIC: i32 = 2;

// --- water-fill batch context (i32 slots)
export const W_GROUPS: i32 = 0; // sibling sets
export const W_OFFSETS: i32 = 1; // i32[groups + 1]: first child of each set
export const W_CAPACITY: i32 = 2; // f64[groups]
export const W_WEIGHTS: i32 = 3; // f64[children]
export const W_CAPS: i32 = 4; // f64[children]
export const W_OUT: i32 = 5; // f64[children]
export const W_SCRATCH: i32 = 6; // sort scratch for the largest set (scratchBytes)
export const W_STATUS: i32 = 7; // i32[3]: problem code, group index, child index within the group
export const W_SLOTS: i32 = 8;

// Water-fill input problems, in the order waterFill checks them.
export const WP_CAPACITY: i32 = 1; // capacity not a finite number >= 0
export const WP_CAPACITY_DOMAIN: i32 = 2; // capacity above WATER_FILL_MAX_CAPACITY
export const WP_WEIGHT: i32 = 3; // weight not an integer >= 1
export const WP_WEIGHT_DOMAIN: i32 = 4; // weight above WATER_FILL_MAX_WEIGHT
export const WP_CAP: i32 = 5; // cap not a number >= 0
export const WP_WEIGHT_SUM: i32 = 6; // weights sum above 2^53 - 1

// --- cgroup batch context (i32 slots)
export const G_N: i32 = 0;
export const G_FORMULA: i32 = 1;
export const G_CLAMP: i32 = 2; // MilliCPUToShares clamps to MAX_SHARES
export const G_PERIOD: i32 = 3; // CFS period used in the quota math (already resolved against the gate)
export const G_IN0: i32 = 4; // f64[n]: requests (cpuCgroups) or shares (sharesToWeights)
export const G_IN1: i32 = 5; // f64[n]: limits
export const G_OUT0: i32 = 6; // f64[n]: shares (cpuCgroups) or weights (sharesToWeights)
export const G_OUT1: i32 = 7; // f64[n]: quota
export const G_OUT2: i32 = 8; // f64[n]: weight
export const G_SLOTS: i32 = 9;

// --- layered fleet context (i32 slots)
export const L_HOSTS: i32 = 0;
export const L_VMS: i32 = 1;
export const L_PODS: i32 = 2;
export const L_CTRS: i32 = 3;
export const L_VERSION: i32 = 4; // guest cgroup version, 1 or 2
export const L_FORMULA: i32 = 5; // container shares → weight formula
export const L_ENFORCE: i32 = 6; // kubelet cpuCFSQuota
export const L_CONTAINERS: i32 = 7; // 1: also weigh containers and water-fill each pod's containers
export const L_HOST_VM: i32 = 8; // i32[hosts + 1]
export const L_VM_POD: i32 = 9; // i32[vms + 1] (opaque VMs own no pods)
export const L_POD_CTR: i32 = 10; // i32[pods + 1]
export const L_HOST_COLS: i32 = 11;
export const L_VM_COLS: i32 = 12;
export const L_POD_COLS: i32 = 13;
export const L_CTR_COLS: i32 = 14;
export const L_SCRATCH: i32 = 15; // sibling-set scratch (gather, sort) for the largest set
export const L_SCRATCH_N: i32 = 16;
export const L_STATUS: i32 = 17; // i32[2]: problem code, then the pod or VM index
export const L_SLOTS: i32 = 18;

// Host columns. In: pcpus. Out: the report's per-host numbers.
export const H_PCPUS: i32 = 0;
export const H_VCPUS: i32 = 1; // Σ vCPUs placed
export const H_RHO: i32 = 2;
export const H_DEMAND: i32 = 3;
export const H_CONTENTION: i32 = 4;
export const H_IDLE: i32 = 5;
export const H_COLS: i32 = 6;

// VM columns. In: V_OPAQUE..V_DEMAND. Out: the rest.
export const V_OPAQUE: i32 = 0; // 1: opaque VM with a plain demand, 0: a Kubernetes node
export const V_VCPUS: i32 = 1;
export const V_WEIGHT: i32 = 2; // kernel task-group weight among the host's VMs
export const V_MAX: i32 = 3; // vmCpuCap
export const V_ALLOCATABLE: i32 = 4; // node allocatable, millicores
export const V_DEMAND: i32 = 5; // node: system.slice demand (millicores); opaque: demand (CPUs)
export const V_CAP: i32 = 6; // the VM group's effective cap
export const V_ALLOC: i32 = 7;
export const V_VDEMAND: i32 = 8; // vCPU demand min(vCPUs, guest use)
export const V_STEAL: i32 = 9;
export const V_STEAL_FRACTION: i32 = 10;
export const V_REQUESTS: i32 = 11;
export const V_LIMITS: i32 = 12;
export const V_RHO_REQ: i32 = 13;
export const V_RHO_LIM: i32 = 14;
export const V_WORST: i32 = 15;
export const V_COMMITTED: i32 = 16;
export const V_KP_W: i32 = 17; // kubepods, system.slice, kubepods-burstable, kubepods-besteffort groups
export const V_KP_CAP: i32 = 18;
export const V_KP_ALLOC: i32 = 19;
export const V_SYS_W: i32 = 20;
export const V_SYS_CAP: i32 = 21;
export const V_SYS_ALLOC: i32 = 22;
export const V_BS_W: i32 = 23;
export const V_BS_CAP: i32 = 24;
export const V_BS_ALLOC: i32 = 25;
export const V_BE_W: i32 = 26;
export const V_BE_CAP: i32 = 27;
export const V_BE_ALLOC: i32 = 28;
export const V_COLS: i32 = 29;

// Pod columns (all out).
export const P_QOS: i32 = 0; // 0 Guaranteed, 1 Burstable, 2 BestEffort
export const P_REQUEST: i32 = 1;
export const P_LIMIT: i32 = 2;
export const P_LIMITED: i32 = 3; // 1 when every container has a CPU limit
export const P_DEMAND: i32 = 4;
export const P_WEIGHT: i32 = 5;
export const P_MAX: i32 = 6; // pod cpu.max in CPUs (Infinity: none)
export const P_CAP: i32 = 7;
export const P_ALLOC: i32 = 8;
export const P_OBTAINABLE: i32 = 9;
export const P_SHORTFALL: i32 = 10;
export const P_UNMET: i32 = 11;
export const P_COLS: i32 = 12;

// Container columns. In: K_REQUEST..K_THREADS. Out: the rest (weight and alloc only with L_CONTAINERS).
export const K_REQUEST: i32 = 0;
export const K_LIMIT: i32 = 1;
export const K_REQUEST_MEM: i32 = 2;
export const K_LIMIT_MEM: i32 = 3;
export const K_DEMAND: i32 = 4; // millicores
export const K_THREADS: i32 = 5; // Infinity: no thread limit
export const K_WEIGHT: i32 = 6;
export const K_MAX: i32 = 7;
export const K_CAP: i32 = 8;
export const K_ALLOC: i32 = 9;
export const K_COLS: i32 = 10;

// QoS classes.
export const QOS_GUARANTEED: i32 = 0;
export const QOS_BURSTABLE: i32 = 1;
export const QOS_BESTEFFORT: i32 = 2;

// Layered problems: inputs valid one by one whose sums leave the exact domain (the host then asks the
// reference, which raises the exact error).
export const LP_POD_REQUEST_CPU: i32 = 1;
export const LP_POD_REQUEST_MEMORY: i32 = 2;
export const LP_POD_LIMIT_CPU: i32 = 3;
export const LP_POD_LIMIT_MEMORY: i32 = 4;
export const LP_BURSTABLE_REQUESTS: i32 = 5;
