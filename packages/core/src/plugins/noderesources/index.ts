// NodeResourcesRequestedToCapacityRatio's shape function (kube-scheduler plugins/helper/shape_score.go), public.
export { buildBrokenLinearFunction } from "../helper/shape-score.js";
export type { FunctionShapePoint } from "../helper/shape-score.js";
