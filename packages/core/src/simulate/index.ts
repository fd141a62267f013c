// The simulation's public surface (re-exported by the package index).
export { simulate } from "./simulate.js";
export { parseWorkload, parseWorkloadCsv, parseSeconds, MAX_SIMULATED_SECONDS } from "./workload.js";
export { backoffDurationMs } from "./backoff.js";
export { generateWorkload } from "./generate.js";
export type { GenerateWorkloadOptions } from "./generate.js";
export { importAlibabaBatchInstances, importAlibabaContainerMeta, importGoogleInstanceEvents } from "./traces.js";
export type { TraceImportOptions, TraceImport } from "./traces.js";
export type {
  PodShape,
  PodArrival,
  HpaSpec,
  DeploymentSpec,
  NodeAction,
  NodeEvent,
  Workload,
  SimulateOptions,
  SimEvent,
  NodeAllocation,
  WaitPercentiles,
  TickMetrics,
  SimulationSummary,
  SimHypervisor,
  HostCommitment,
} from "./types.js";
