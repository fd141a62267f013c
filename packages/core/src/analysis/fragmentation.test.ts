import { describe, expect, it } from "vitest";
import { createCluster, scheduleAll } from "../index.js";
import { fragmentation, runFragmentation, type FragmentationNode } from "./index.js";
import { toKubeNode, toKubePod } from "../_test/kube.js";

const GI = 2 ** 30;
const node = (name: string, over: Partial<FragmentationNode>): FragmentationNode => ({
  node: name,
  pods: 0,
  allowedPods: 110,
  allocatableMilliCPU: 4000,
  allocatableMemory: 16 * GI,
  requestedMilliCPU: 0,
  requestedMemory: 0,
  limitMilliCPU: 0,
  podsWithoutCpuLimit: 0,
  ...over,
});
const shapes = [
  { name: "small", milliCPU: 200, memory: GI / 4 },
  { name: "big", milliCPU: 2000, memory: 4 * GI },
];

describe("fragmentation: free capacity by requests against the pending shapes", () => {
  it("names the largest shape that still fits on each node", () => {
    const r = fragmentation([node("a", {}), node("b", { requestedMilliCPU: 3000 }), node("c", { requestedMilliCPU: 3900 })], shapes);
    expect(r.nodes.map((n) => [n.node, n.freeMilliCPU, n.largestFit])).toEqual([
      ["a", 4000, "big"],
      ["b", 1000, "small"],
      ["c", 100, null],
    ]);
  });

  it("counts free capacity on nodes where no shape fits as stranded", () => {
    const r = fragmentation([node("a", { requestedMilliCPU: 3900, requestedMemory: 8 * GI }), node("b", { requestedMilliCPU: 1000 })], shapes);
    expect(r).toMatchObject({ freeMilliCPU: 3100, strandedMilliCPU: 100, strandedMemory: 8 * GI });
  });

  it("a node out of pod slots or memory is full too", () => {
    const r = fragmentation([node("a", { pods: 110 }), node("b", { requestedMemory: 16 * GI - 1 })], shapes);
    expect(r.nodes.map((n) => n.largestFit)).toEqual([null, null]);
  });

  it("lists nodes full by requests whose CPU limits exceed allocatable", () => {
    const r = fragmentation([node("a", { requestedMilliCPU: 4000, limitMilliCPU: 10000 }), node("b", { requestedMilliCPU: 4000, limitMilliCPU: 4000 }), node("c", { limitMilliCPU: 9000 })], shapes);
    expect(r.fullButOvercommitted).toEqual([{ node: "a", cpuLimitRatio: 2.5 }]);
    expect(r.nodes[2]!.cpuLimitRatio).toBe(2.25);
  });

  it("with no shapes nothing is stranded", () => {
    expect(fragmentation([node("a", { requestedMilliCPU: 3999 })], [])).toMatchObject({ strandedMilliCPU: 0, fullButOvercommitted: [] });
  });
});

describe("runFragmentation: the view after scheduleAll", () => {
  it("takes limits from bound and placed pods and shapes from the pending pods", () => {
    const cluster = createCluster({
      nodes: [toKubeNode({ name: "n", allocatable: { cpu: 1000, memory: 4 * GI, pods: 110 } })],
      pods: [
        toKubePod({ name: "bound", nodeName: "n", containers: [{ requests: { cpu: 500 }, limits: { cpu: 2000 } }] }),
        toKubePod({ name: "p1", containers: [{ requests: { cpu: 400 }, limits: { cpu: 1000 } }] }),
        toKubePod({ name: "p2", containers: [{ requests: { cpu: 400 } }] }),
      ],
    });
    const run = scheduleAll(undefined, cluster);
    expect(run.results.map((r) => r.status)).toEqual(["Scheduled", "Unschedulable"]);
    const f = runFragmentation(cluster, run);
    expect(f.nodes[0]).toEqual({ node: "n", freeMilliCPU: 100, freeMemory: 4 * GI, freePods: 108, largestFit: null, cpuLimitRatio: 3, podsWithoutCpuLimit: 0 });
    expect(f.strandedMilliCPU).toBe(100);
    expect(f.fullButOvercommitted).toEqual([{ node: "n", cpuLimitRatio: 3 }]);
  });
});
