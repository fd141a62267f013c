// The documented limits on inputs (README "Limits"): past one, a SchedkitError names it and its value instead
// of a stack overflow, a hang or the host running out of memory.

/** Lists nested inside Lists in one input (kubectl never nests them; each level is a stack frame here). */
export const MAX_LIST_DEPTH = 100;

/** Pods one workload expands to (spec.replicas, a Job's parallelism, the CLI's --replicas): 2,000,000,000 replicas ran the heap out. */
export const MAX_PODS_PER_WORKLOAD = 1_000_000;
