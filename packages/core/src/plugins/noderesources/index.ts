// NodeResourcesFit and NodeResourcesBalancedAllocation (kube-scheduler plugins/noderesources): public names.
export { nodeResourcesFit, NODE_RESOURCES_FIT, ERR_REASON_TOO_MANY_PODS, ERR_REASON_SIDECARS_DISABLED } from "./fit.js";
export { nodeResourcesBalancedAllocation, NODE_RESOURCES_BALANCED_ALLOCATION } from "./balanced-allocation.js";
export type {
  NodeResourcesFitArgs,
  NodeResourcesBalancedAllocationArgs,
  ScoringStrategy,
  ScoringStrategyType,
} from "./args.js";
export type { ResourceSpec } from "./resource-allocation.js";
export type { UtilizationShapePoint } from "./requested-to-capacity-ratio.js";
export { buildBrokenLinearFunction } from "../helper/shape-score.js";
export type { FunctionShapePoint } from "../helper/shape-score.js";
