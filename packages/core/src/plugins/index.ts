// Plugins (kube-scheduler pkg/scheduler/framework/plugins): public helpers. Plugin factories are reached through profiles.
export { normalizeScoreList as defaultNormalizeScore } from "./helper/normalize-score.js";
