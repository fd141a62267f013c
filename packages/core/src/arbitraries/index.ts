// @schedkit/core/arbitraries: fast-check generators of Kubernetes objects and scheduling scenarios, and a
// helper that checks another scheduler against schedkit's reference engine. fast-check is a peer dependency.
export { nodeArbitrary } from "./node.js";
export type { NodeConstraints } from "./node.js";
export { podArbitrary } from "./pod.js";
export type { PodConstraints } from "./pod.js";
export { clusterArbitrary } from "./cluster.js";
export type { ClusterConstraints, KubeCluster, KubeDeviceClass } from "./cluster.js";
export type { KubeDraObject } from "./dra.js";
export type { KubeWorkloads } from "./workloads.js";
export { profileArbitrary } from "./profile.js";
export type { ProfileConstraints } from "./profile.js";
export { scenarioArbitrary } from "./scenario.js";
export type { Scenario, ScenarioConstraints, ScenarioOptions } from "./scenario.js";
export { runScenarioArbitrary } from "./run.js";
export type { RunScenarioConstraints } from "./run.js";
export type { FeatureFamilies } from "./families.js";
export { checkScheduler } from "./check.js";
export type { CheckSchedulerOptions, CheckReport, Mismatch, SchedulerInput, SchedulerDecision, SchedulerFunction } from "./check.js";
export type { Difference } from "./describe.js";
