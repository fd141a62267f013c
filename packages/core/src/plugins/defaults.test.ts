// The default profile per release (apis/config/v1/default_plugins.go getDefaultPlugins + applyFeatureGates).
import { describe, expect, it } from "vitest";
import { testContext } from "../_test/plugin-fakes.js";
import type { PluginContext } from "../framework/interfaces.js";
import { resolveProfile } from "../framework/profile.js";
import { defaultMultiPoint } from "./defaults.js";
import { inTreeRegistry } from "./registry.js";

const defaultProfile = (ctx: PluginContext) => resolveProfile(undefined, ctx, { registry: inTreeRegistry, defaults: defaultMultiPoint(ctx) });
const filters = (version: string, gates = {}) => defaultProfile(testContext(version, gates)).filter.map((p) => p.name);

describe("getDefaultPlugins", () => {
  it("v1.37: NodeName first, NodeDeclaredFeatures last (after DynamicResources)", () => {
    expect(filters("1.37.1")).toEqual(["NodeName", "NodeUnschedulable", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity", "DynamicResources", "NodeDeclaredFeatures"]);
  });

  it("v1.36: NodeUnschedulable first", () => {
    expect(filters("1.36").slice(0, 2)).toEqual(["NodeUnschedulable", "NodeName"]);
  });

  it("NodeDeclaredFeatures only with its gate (beta in v1.36)", () => {
    expect(filters("1.36", { nodeDeclaredFeatures: false })).not.toContain("NodeDeclaredFeatures");
  });

  it.each([
    // VolumeBinding is a configured Score plugin in every release; its PreScore decides whether it scores.
    ["1.34", ["TaintToleration", "NodeAffinity", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity", "NodeResourcesBalancedAllocation", "ImageLocality"]],
    ["1.35", ["TaintToleration", "NodeAffinity", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity", "DynamicResources", "NodeResourcesBalancedAllocation", "ImageLocality"]],
    ["1.37.1", ["TaintToleration", "NodeAffinity", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity", "DynamicResources", "NodeResourcesBalancedAllocation", "ImageLocality"]],
  ])("v%s Score plugins, in order (DRA on)", (version, names) => {
    expect(defaultProfile(testContext(version)).scoreOrder).toEqual(names);
  });
});
