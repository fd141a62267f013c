// The documented limits on inputs (README "Limits"): past one, a SchedkitError names it and its value instead
// of a stack overflow, a hang or the host running out of memory.

/** Lists nested inside Lists in one input (kubectl never nests them; each level is a stack frame here). */
export const MAX_LIST_DEPTH = 100;
