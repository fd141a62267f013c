import { describe, expect, it } from "vitest";
import { CycleState } from "../../framework/interfaces.js";
import { PluginStatusError } from "../../framework/status.js";
import { fakeContainer, fakeNode, fakePod, pluginOf, podInfo, scoreAll, snapshotOf, testContext } from "../../_test/plugin-fakes.js";
import { parseQuantity } from "../../quantity.js";
import { balancedResourceScore, nodeResourcesBalancedAllocation } from "./balanced-allocation.js";

const q = (m: Record<string, string>) => new Map(Object.entries(m).map(([k, v]) => [k, parseQuantity(v)]));
const GI = 1024 ** 3;

describe("balancedResourceScorer", () => {
  it.each([
    { name: "no fraction", requested: [5], allocatable: [0], score: 100 },
    { name: "one fraction", requested: [3], allocatable: [4], score: 100 },
    // |0.75 − 0.625| / 2 = 0.0625 → 93.75 → 93.
    { name: "two fractions", requested: [3000, 5 * GI], allocatable: [4000, 8 * GI], score: 93 },
    // Fractions are capped at 1: |1 − 0| / 2 = 0.5 → 50.
    { name: "capped fraction", requested: [9, 0], allocatable: [4, 10], score: 50 },
    // 0.5, 0.25, 1: mean 7/12, population std √(0.2916…/3) = 0.3118 → 68.8 → 68.
    { name: "population std above two", requested: [2, 1, 8], allocatable: [4, 4, 8], score: 68 },
  ])("$name", ({ requested, allocatable, score }) => {
    const fractions = new Float64Array(requested.length);
    expect(balancedResourceScore(Float64Array.from(requested), Float64Array.from(allocatable), requested.length, fractions)).toBe(score);
  });
});

describe("NodeResourcesBalancedAllocation", () => {
  // docs/scheduler.md §6.4: A has 2000m/4Gi of 4000m/8Gi requested, B nothing; the pod asks 1000m/1Gi.
  const nodes = ["a", "b"].map((name) =>
    fakeNode({
      name,
      allocatable: new Map([
        ["cpu", 4000],
        ["memory", 8 * GI],
      ]),
    }),
  );
  const bound = [fakePod({ name: "x", nodeName: "a", containers: [fakeContainer({ requests: q({ cpu: "2", memory: "4Gi" }) })] })];
  const pod = podInfo(fakePod({ containers: [fakeContainer({ requests: q({ cpu: "1", memory: "1Gi" }) })] }));
  const bestEffort = podInfo(fakePod());

  it.each([
    { version: "1.36", scores: [71, 71] },
    { version: "1.37", scores: [71, 71] },
    { version: "1.35", scores: [93, 93] },
    { version: "1.30", scores: [93, 93] },
  ])("v$version scores the worked example $scores", ({ version, scores }) => {
    const plugin = pluginOf(nodeResourcesBalancedAllocation, undefined, testContext(version));
    expect(scoreAll(plugin, pod, snapshotOf(nodes, bound)).raw).toEqual(scores);
  });

  it.each([
    { version: "1.33", preScore: "Skip" },
    { version: "1.36", preScore: "Skip" },
    { version: "1.32", preScore: "Success" },
  ])("v$version PreScore of a best-effort pod is $preScore", ({ version, preScore }) => {
    const plugin = pluginOf(nodeResourcesBalancedAllocation, undefined, testContext(version));
    expect(scoreAll(plugin, bestEffort, snapshotOf(nodes, bound)).preScore).toBe(preScore);
  });

  it("fails Score with 'resources not found' when configured with an empty resource list", () => {
    const plugin = pluginOf(nodeResourcesBalancedAllocation, { resources: [] }, testContext("1.32"));
    const snap = snapshotOf(nodes);
    const state = new CycleState();
    expect(plugin.preScore!(state, pod, snap.nodes, snap).code).toBe("Success");
    expect(() => plugin.score!(state, pod, snap.nodes[0]!)).toThrow(PluginStatusError);
    expect(() => plugin.score!(state, pod, snap.nodes[0]!)).toThrow(/resources not found/);
  });

  it("scores the same whether or not PreScore ran", () => {
    const plugin = pluginOf(nodeResourcesBalancedAllocation);
    const snap = snapshotOf(nodes, bound);
    const state = new CycleState();
    expect(snap.nodes.map((n) => plugin.score!(state, pod, n))).toEqual([71, 71]);
  });
});
