// Public surface of the contention (CFS water-fill) and layered overcommit model.
export { waterFill, WATER_FILL_MAX_CAPACITY, WATER_FILL_MAX_WEIGHT } from "./water-fill.js";
export { allocateCfsTree } from "./cfs-tree.js";
export type { CfsGroup, CfsShare } from "./cfs-tree.js";
export { guestCfsTree, hostCfsTree } from "./hierarchy.js";
export type { GuestTree, GuestPodInfo, HostTree, HostVmInfo } from "./hierarchy.js";
export { layeredOversubscription, layeredReport } from "./layered.js";
export type { LayeredOversubscriptionInput, LayeredOversubscription } from "./layered.js";
export { formatLayeredReport } from "./report.js";
export type {
  LayeredInventory,
  LayeredHost,
  LayeredVm,
  LayeredNode,
  LayeredPod,
  GuestCgroupOptions,
  LayeredVerdictOptions,
  LayeredReport,
  LayeredHostReport,
  LayeredVmReport,
  LayeredNodeReport,
  LayeredPodReport,
  LayeredFinding,
  LayeredFindingKind,
} from "./types.js";
export { overcommitFromSources } from "./from-sources.js";
export type { DemandSource, LayeredEngine, OvercommitSources, OvercommitFromSources, OvercommitVm } from "./from-sources.js";
export { podMetricsUsage, kubectlTopUsage } from "./metrics.js";
export type { ContainerCpuUsage } from "./metrics.js";
