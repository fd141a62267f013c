// @schedkit/core public entry point: explicit re-exports only.

export { SchedkitError, DomainError } from "./errors.js";

// --- quantities (quantity.ts)
export { Quantity, parseQuantity, quantityFromJSON, toResourceNumber, MAX_RESOURCE_VALUE } from "./quantity.js";
export type { QuantityFormat } from "./quantity.js";

// --- model and inputs (model/)

// --- scheduling framework, plugins, scheduleOne / scheduleAll (framework/, plugins/, schedule.ts)

// --- cgroup and kubelet CPU math (cgroup/)

// --- contention, OpenStack and layered overcommit (overcommit/, openstack/)

// --- analyses (analysis/)
