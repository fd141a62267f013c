// kube-scheduler: pkg/scheduler/framework/plugins/registry.go — the in-tree plugins schedkit knows.
import type { Plugin, PluginFactory } from "../framework/interfaces.js";
import type { Registry } from "../framework/registry.js";
import { defaultPreemption } from "./defaultpreemption/default-preemption.js";
import { imageLocality } from "./imagelocality.js";
import { interPodAffinity } from "./interpodaffinity/plugin.js";
import { nodeAffinity } from "./nodeaffinity.js";
import { nodeName } from "./nodename.js";
import { nodePorts } from "./nodeports.js";
import { nodeResourcesBalancedAllocation } from "./noderesources/balanced-allocation.js";
import { nodeResourcesFit } from "./noderesources/fit.js";
import { nodeUnschedulable } from "./nodeunschedulable.js";
import { podTopologySpread } from "./podtopologyspread/plugin.js";
import { taintToleration } from "./tainttoleration.js";
import { dynamicResources } from "./dynamicresources.js";
import { volumeBinding } from "./volumebinding.js";
import { nodeDeclaredFeatures } from "./nodedeclaredfeatures.js";
import { schedulingGates } from "./schedulinggates.js";

// Plugins of the default profile that never change the outcome for the pods schedkit models (no volumes,
// no ResourceClaims) or whose extension point schedkit does not run (PrioritySort's
// QueueSort, DefaultBinder's Bind). They are accepted in profiles so real KubeSchedulerConfigurations load unchanged.
function inert(name: string): PluginFactory {
  return { name, create: (): Plugin => ({ name }) };
}

const PRIORITY_SORT = "PrioritySort";
const DEFAULT_BINDER = "DefaultBinder";

const factories: readonly PluginFactory[] = [
  schedulingGates,
  inert(PRIORITY_SORT),
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  inert("VolumeRestrictions"),
  inert("NodeVolumeLimits"),
  volumeBinding,
  inert("VolumeZone"),
  podTopologySpread,
  interPodAffinity,
  dynamicResources,
  defaultPreemption,
  nodeResourcesBalancedAllocation,
  imageLocality,
  inert(DEFAULT_BINDER),
  nodeDeclaredFeatures,
];

/** Name → factory for every in-tree plugin a profile may name (NewInTreeRegistry). */
export const inTreeRegistry: Registry = new Map(factories.map((f) => [f.name, f]));
