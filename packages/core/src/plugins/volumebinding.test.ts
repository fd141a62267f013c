// VolumeBinding for PVC-less pods through the public API: listed among the scores (0 everywhere) only when
// StorageCapacityScoring is on (beta, on by default since v1.37.0); otherwise its PreScore skips.
import { describe, expect, it } from "vitest";
import { createCluster, schedule } from "../index.js";

const node = (name: string) => ({ kind: "Node", metadata: { name }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } });
const pod = { kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "1" } } }] } };
const cluster = createCluster({ nodes: [node("a"), node("b")] });

describe("VolumeBinding Score", () => {
  it.each([
    ["1.36", {}, false],
    ["1.37.1", {}, true],
    ["1.37.1", { StorageCapacityScoring: false }, false],
    ["1.36", { StorageCapacityScoring: true }, true],
  ])("v%s with gates %j: listed %s", (version, featureGates, listed) => {
    const e = schedule(pod, cluster, { kubernetesVersion: version, featureGates }).explanation!;
    expect(e.preScore.find((p) => p.plugin === "VolumeBinding")!.status.code).toBe(listed ? "Success" : "Skip");
    expect(e.scorePlugins.find((p) => p.plugin === "VolumeBinding") ?? null).toEqual(listed ? { plugin: "VolumeBinding", weight: 1 } : null);
    for (const n of e.nodes) expect(n.scores.filter((s) => s.plugin === "VolumeBinding").map((s) => [s.raw, s.normalized])).toEqual(listed ? [[0, 0]] : []);
  });

  it("keeps the profile's Score order: VolumeBinding after NodeResourcesFit, DynamicResources before BalancedAllocation", () => {
    const e = schedule(pod, cluster, { kubernetesVersion: "1.37.1" }).explanation!;
    expect(e.scorePlugins.map((p) => p.plugin)).toEqual(["TaintToleration", "NodeResourcesFit", "VolumeBinding", "DynamicResources", "NodeResourcesBalancedAllocation", "ImageLocality"]);
    expect(e.nodes[0]!.scores.map((s) => s.plugin)).toEqual(e.scorePlugins.map((p) => p.plugin));
  });

  it("a profile whose only Score plugin runs is VolumeBinding totals 0 (RunScorePlugins), not 1", () => {
    const profile = { plugins: { multiPoint: { enabled: [{ name: "NodeResourcesFit" }, { name: "VolumeBinding" }], disabled: [{ name: "*" }] }, score: { disabled: [{ name: "NodeResourcesFit" }] } } };
    const e = schedule(pod, cluster, { kubernetesVersion: "1.37.1", profile }).explanation!;
    expect(e.nodes.map((n) => n.total)).toEqual([0, 0]);
  });
});
