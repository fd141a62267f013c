// The CPU module's ABI, the one definition both sides compile: the AssemblyScript module (assembly-cpu/*.ts)
// and the TypeScript host (src/cpu/*.ts) import this file. Only `export const NAME = <integer literal>`, which
// TypeScript and AssemblyScript read alike (AssemblyScript types them i32 and inlines them); no type
// annotations (TypeScript has no i32), no functions. The host checks `cpuAbiVersion()` at load.
// Every call reads an i32 context table the host wrote; columns are float64 arrays of `count` entries each,
// column c of a table with `count` rows at base + c·count·8. Offsets tables are i32[count + 1].

export const CPU_ABI_VERSION = 2;

// --- shares → weight formulas (core cgroup/weight.ts WeightFormula)
export const F_KUBELET_LINEAR = 0;
export const F_RUNC_LINEAR = 1;
export const F_RUNC_QUADRATIC = 2;

// --- water-fill batch context (i32 slots)
export const W_GROUPS = 0; // sibling sets
export const W_OFFSETS = 1; // i32[groups + 1]: first child of each set
export const W_CAPACITY = 2; // f64[groups]
export const W_WEIGHTS = 3; // f64[children]
export const W_CAPS = 4; // f64[children]
export const W_OUT = 5; // f64[children]
export const W_SCRATCH = 6; // sort scratch for the largest set (scratchBytes)
export const W_STATUS = 7; // i32[3]: problem code, group index, child index within the group
export const W_SLOTS = 8;

// Water-fill input problems, in the order waterFill checks them.
export const WP_CAPACITY = 1; // capacity not a finite number >= 0
export const WP_CAPACITY_DOMAIN = 2; // capacity above WATER_FILL_MAX_CAPACITY
export const WP_WEIGHT = 3; // weight not an integer >= 1
export const WP_WEIGHT_DOMAIN = 4; // weight above WATER_FILL_MAX_WEIGHT
export const WP_CAP = 5; // cap not a number >= 0
export const WP_WEIGHT_SUM = 6; // weights sum above 2^53 - 1

// --- cgroup batch context (i32 slots)
export const G_N = 0;
export const G_FORMULA = 1;
export const G_CLAMP = 2; // MilliCPUToShares clamps to MAX_SHARES
export const G_PERIOD = 3; // CFS period used in the quota math (already resolved against the gate)
export const G_IN0 = 4; // f64[n]: requests (cpuCgroups) or shares (sharesToWeights)
export const G_IN1 = 5; // f64[n]: limits
export const G_OUT0 = 6; // f64[n]: shares (cpuCgroups) or weights (sharesToWeights)
export const G_OUT1 = 7; // f64[n]: quota
export const G_OUT2 = 8; // f64[n]: weight
export const G_SLOTS = 9;

// --- layered fleet context (i32 slots)
export const L_HOSTS = 0;
export const L_VMS = 1;
export const L_PODS = 2;
export const L_CTRS = 3;
export const L_VERSION = 4; // guest cgroup version, 1 or 2
export const L_FORMULA = 5; // container shares → weight formula
export const L_ENFORCE = 6; // kubelet cpuCFSQuota
export const L_CONTAINERS = 7; // 1: also weigh containers and water-fill each pod's containers
export const L_HOST_VM = 8; // i32[hosts + 1]
export const L_VM_POD = 9; // i32[vms + 1] (opaque VMs own no pods)
export const L_POD_CTR = 10; // i32[pods + 1]
export const L_HOST_COLS = 11;
export const L_VM_COLS = 12;
export const L_POD_COLS = 13;
export const L_CTR_COLS = 14;
export const L_SCRATCH = 15; // sibling-set scratch (gather, sort) for the largest set
export const L_SCRATCH_N = 16;
export const L_STATUS = 17; // i32[2]: problem code, then the pod or VM index
export const L_SLOTS = 18;

// Host columns. In: pcpus. Out: the report's per-host numbers.
export const H_PCPUS = 0;
export const H_VCPUS = 1; // Σ vCPUs placed
export const H_RHO = 2;
export const H_DEMAND = 3;
export const H_CONTENTION = 4;
export const H_IDLE = 5;
export const H_COLS = 6;

// VM columns. In: V_OPAQUE..V_DEMAND. Out: the rest.
export const V_OPAQUE = 0; // 1: opaque VM with a plain demand, 0: a Kubernetes node
export const V_VCPUS = 1;
export const V_WEIGHT = 2; // kernel task-group weight among the host's VMs
export const V_MAX = 3; // vmCpuCap
export const V_ALLOCATABLE = 4; // node allocatable, millicores
export const V_DEMAND = 5; // node: system.slice demand (millicores); opaque: demand (CPUs)
export const V_CAP = 6; // the VM group's effective cap
export const V_ALLOC = 7;
export const V_VDEMAND = 8; // vCPU demand min(vCPUs, guest use)
export const V_STEAL = 9;
export const V_STEAL_FRACTION = 10;
export const V_REQUESTS = 11;
export const V_LIMITS = 12;
export const V_RHO_REQ = 13;
export const V_RHO_LIM = 14;
export const V_WORST = 15;
export const V_COMMITTED = 16;
export const V_KP_W = 17; // kubepods, system.slice, kubepods-burstable, kubepods-besteffort groups
export const V_KP_CAP = 18;
export const V_KP_ALLOC = 19;
export const V_SYS_W = 20;
export const V_SYS_CAP = 21;
export const V_SYS_ALLOC = 22;
export const V_BS_W = 23;
export const V_BS_CAP = 24;
export const V_BS_ALLOC = 25;
export const V_BE_W = 26;
export const V_BE_CAP = 27;
export const V_BE_ALLOC = 28;
export const V_COLS = 29;

// Pod columns. In: P_QOS..P_LIMITED, P_SHARES, P_MAX (the pod cgroup core derives from the v1.Pod,
// cgroup/pod-config.ts). Out: the rest.
export const P_QOS = 0; // 0 Guaranteed, 1 Burstable, 2 BestEffort
export const P_REQUEST = 1; // PodRequests cpu, millicores
export const P_LIMIT = 2; // PodLimits cpu, millicores
export const P_LIMITED = 3; // 1 when the kubelet declares the pod's CPU limit (pod quota)
export const P_DEMAND = 4;
export const P_WEIGHT = 5;
export const P_MAX = 6; // pod cpu.max in CPUs (Infinity: none)
export const P_CAP = 7;
export const P_ALLOC = 8;
export const P_OBTAINABLE = 9;
export const P_SHORTFALL = 10;
export const P_UNMET = 11;
export const P_SHARES = 12; // the pod cgroup's cpu.shares
export const P_COLS = 13;

// Container columns (the running containers: sidecars, then app containers). In: K_REQUEST..K_THREADS.
// Out: the rest (weight and alloc only with L_CONTAINERS).
export const K_REQUEST = 0;
export const K_LIMIT = 1;
export const K_DEMAND = 2; // millicores
export const K_THREADS = 3; // Infinity: no thread limit
export const K_WEIGHT = 4;
export const K_MAX = 5;
export const K_CAP = 6;
export const K_ALLOC = 7;
export const K_COLS = 8;

// QoS classes.
export const QOS_GUARANTEED = 0;
export const QOS_BURSTABLE = 1;
export const QOS_BESTEFFORT = 2;

// Layered problems: inputs valid one by one whose sums leave the exact domain (the host then asks the
// reference, which raises the exact error).
export const LP_BURSTABLE_REQUESTS = 5;
