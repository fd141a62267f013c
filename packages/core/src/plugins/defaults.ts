// kube-scheduler: pkg/scheduler/apis/config/v1/default_plugins.go (getDefaultPlugins, applyFeatureGates) — the
// default profile's MultiPoint list, per release and feature gates.
import type { PluginContext } from "../framework/interfaces.js";
import type { PluginRef } from "../framework/profile.js";
import { atLeast } from "../framework/version.js";
import { DEFAULT_PREEMPTION } from "./defaultpreemption/default-preemption.js";
import { NAME as DYNAMIC_RESOURCES } from "./dynamicresources.js";
import { NAME as NODE_DECLARED_FEATURES } from "./nodedeclaredfeatures.js";

/** The default MultiPoint list (v1.31+: the in-tree cloud volume limit plugins are gone). */
export function defaultMultiPoint(ctx: PluginContext): PluginRef[] {
  // v1.37.0 moved NodeName ahead of NodeUnschedulable (apis/config/v1/default_plugins.go getDefaultPlugins;
  // v1.36.4 still lists NodeUnschedulable first). The order is the Filter order: the first failing filter names the reason.
  const nodeNameFirst = atLeast(ctx.version, 37);
  const list: PluginRef[] = [
    { name: "SchedulingGates" },
    { name: "PrioritySort" },
    { name: nodeNameFirst ? "NodeName" : "NodeUnschedulable" },
    { name: nodeNameFirst ? "NodeUnschedulable" : "NodeName" },
    { name: "TaintToleration", weight: 3 },
    { name: "NodeAffinity", weight: 2 },
    { name: "NodePorts" },
    { name: "NodeResourcesFit", weight: 1 },
    { name: "VolumeRestrictions" },
    { name: "NodeVolumeLimits" },
    { name: "VolumeBinding" },
    { name: "VolumeZone" },
    { name: "PodTopologySpread", weight: 2 },
    { name: "InterPodAffinity", weight: 2 },
  ];
  // applyFeatureGates → applyDynamicResources: DynamicResources goes just before DefaultPreemption when DRA is
  // on; from v1.35.0 it is also a score plugin with weight 2 (v1.34.2 lists it without a weight and has no Score).
  if (ctx.features.dynamicResources) list.push(atLeast(ctx.version, 35) ? { name: DYNAMIC_RESOURCES, weight: 2 } : { name: DYNAMIC_RESOURCES });
  list.push(
    { name: DEFAULT_PREEMPTION },
    { name: "NodeResourcesBalancedAllocation", weight: 1 },
    { name: "ImageLocality", weight: 1 },
    { name: "DefaultBinder" },
  );
  // applyFeatureGates appends NodeDeclaredFeatures at the end (gate beta/on in v1.36, GA in v1.37), before
  // applyDynamicResources runs: it is the last Filter, after DynamicResources.
  if (ctx.features.nodeDeclaredFeatures) list.push({ name: NODE_DECLARED_FEATURES });
  return list;
}
