// DynamicResources for claim-less pods through the public API: its zero Score (v1.35+), and its PostFilter
// part of the FailedScheduling message per release, including the " not found" of a missing PreFilter state.
import { describe, expect, it } from "vitest";
import { createCluster, schedule } from "../index.js";

type Json = Record<string, any>;
const node = (name: string, cpu: string): Json => ({ kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name } }, status: { allocatable: { cpu, memory: "8Gi", pods: "110" } } });
const pod = (cpu: string, spec: Json = {}): Json => ({ kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { requests: { cpu } } }], ...spec } });
const two = createCluster({ nodes: [node("a", "2"), node("b", "4")] });

describe("DynamicResources Score", () => {
  it.each([
    ["1.34", false],
    ["1.35", true],
    ["1.37.1", true],
  ])("v%s lists it among the Score plugins (weight 2, 0 everywhere): %s", (version, listed) => {
    const e = schedule(pod("1"), two, { kubernetesVersion: version }).explanation!;
    expect(e.scorePlugins.some((p) => p.plugin === "DynamicResources" && p.weight === 2)).toBe(listed);
    for (const n of e.nodes) {
      const s = n.scores.find((x) => x.plugin === "DynamicResources");
      expect(s === undefined ? null : [s.raw, s.normalized, s.weighted]).toEqual(listed ? [0, 0, 0] : null);
    }
  });

  it("leaves the profile when the DynamicResourceAllocation gate is off (1.34: GA, not yet locked)", () => {
    const plugins = (gates: Record<string, boolean>) =>
      schedule(pod("1"), two, { kubernetesVersion: "1.34", featureGates: gates }).explanation!.preFilter.map((p) => p.plugin);
    expect(plugins({})).toContain("DynamicResources");
    expect(plugins({ DynamicResourceAllocation: false })).not.toContain("DynamicResources");
  });

  it("cannot be switched off from 1.35 (LockToDefault)", () => {
    expect(() => schedule(pod("1"), two, { kubernetesVersion: "1.37.1", featureGates: { DynamicResourceAllocation: false } })).toThrow(
      "cannot set feature gate DynamicResourceAllocation to false, feature is locked to true (in Kubernetes 1.37)",
    );
  });
});

describe("DynamicResources PostFilter in the FailedScheduling message", () => {
  // 3 cpu fits neither 2-cpu node, even empty: UnschedulableAndUnresolvable, so preemption cannot help.
  const small = createCluster({ nodes: [node("a", "2"), node("b", "2")] });
  const tooBig = pod("3");
  const notHelpful = "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
  it.each([
    ["1.33", `0/2 nodes are available: 2 Insufficient cpu. ${notHelpful}`], // DRA off: not in the profile
    ["1.36", `0/2 nodes are available: 2 Insufficient cpu. no new claims to deallocate, ${notHelpful}`],
    ["1.37.1", `0/2 nodes are available: 2 Insufficient cpu. ${notHelpful}`], // v1.37.0: no reason any more
  ])("v%s", (version, message) => {
    expect(schedule(tooBig, small, { kubernetesVersion: version }).message).toBe(message);
  });

  // NodeAffinity's PreFilter rejects the pod (UnschedulableAndUnresolvable) before DynamicResources' PreFilter
  // writes its state; PostFilter's read then fails (framework.ErrNotFound) and ends RunPostFilterPlugins.
  const conflict = pod("100m", {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["a"] }, { key: "metadata.name", operator: "In", values: ["b"] }] }],
        },
      },
    },
  });
  it.each(["1.34", "1.36", "1.37.1"])("v%s: a PreFilter rejection before DynamicResources ends the message in \" not found\"", (version) => {
    const r = schedule(conflict, two, { kubernetesVersion: version });
    expect(r.message).toBe("0/2 nodes are available: pod affinity terms conflict. not found");
    expect(r.explanation!.postFilter).toEqual([{ plugin: "DynamicResources", code: "Error", message: "not found" }]);
  });

  it("v1.33 (DRA off) runs DefaultPreemption after the PreFilter rejection instead", () => {
    expect(schedule(conflict, two, { kubernetesVersion: "1.33" }).message).toBe(
      "0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });
});
