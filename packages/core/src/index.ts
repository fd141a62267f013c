// @schedkit/core public entry point: explicit re-exports only.

export { SchedkitError, DomainError } from "./errors.js";

// --- quantities (quantity.ts)

// --- model and inputs (model/)

// --- scheduling framework, plugins, scheduleOne / scheduleAll (framework/, plugins/, schedule.ts)

// --- cgroup and kubelet CPU math (cgroup/)

// --- contention, OpenStack and layered overcommit (overcommit/, openstack/)

// --- analyses (analysis/)
