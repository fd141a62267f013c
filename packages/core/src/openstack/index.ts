// Public surface of the OpenStack (Placement + Nova scheduler + libvirt CPU tuning) model.
export { placementCapacity, placementFit, novaAllocationRatio, libvirtInventory, NOVA_PRE_STEIN_RATIOS } from "./placement.js";
export type {
  ResourceClass,
  PlacementInventory,
  RatioStorage,
  PlacementOptions,
  PlacementCapacity,
  PlacementFit,
  PlacementFitReason,
  NovaRatioConfig,
  NovaRatioRelease,
  LibvirtHostResources,
} from "./placement.js";
export { aggregateFloat } from "./host-state.js";
export type { NovaHostState, AggregateMetadata } from "./host-state.js";
export { weighHosts, novaNormalize, NOVA_DEFAULT_MULTIPLIERS, NOVA_RESOURCE_WEIGHERS } from "./nova-weighers.js";
export type { NovaWeigherName, NovaWeightMultipliers, NovaWeigherScore, NovaWeighedHost, NovaWeighOptions } from "./nova-weighers.js";
export { runNovaFilters, NOVA_FILTERS } from "./nova-filters.js";
export type { NovaFilterName, NovaFlavorRequest, NovaFilterConfig, NovaHostFilter, NovaFilterResult } from "./nova-filters.js";
export { scheduleVms, novaRequestResources, novaHostStateFromPlacement } from "./nova-scheduler.js";
export type { NovaComputeHost, NovaVmRequest, NovaRejection, NovaPlacement, NovaSchedulerOptions, NovaScheduleResult } from "./nova-scheduler.js";
export { parseFlavorCpuTune, vmCpuWeight, vmCpuCap } from "./libvirt-cputune.js";
export type { FlavorCpuTune, NovaCpuSharesDefault, VmCpuWeight } from "./libvirt-cputune.js";
