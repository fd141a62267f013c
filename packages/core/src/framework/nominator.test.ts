// The scheduling queue's nominator through the public API: filtering yields to nominated pods of equal or
// higher priority (RunFilterPluginsWithNominatedPods), and a nominated pod tries its node first.
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler } from "../index.js";

type Json = Record<string, any>;
const node = (name: string, cpu: string): Json => ({ kind: "Node", metadata: { name }, status: { allocatable: { cpu, memory: "8Gi", pods: "110" } } });
const pod = (name: string, cpu: string, priority = 0, extra: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name },
  spec: { priority, containers: [{ name: "c", resources: { requests: { cpu } } }] },
  ...extra,
});
const options = { kubernetesVersion: "1.37.1", percentageOfNodesToScore: 100, tieBreak: "first" as const };

describe("RunFilterPluginsWithNominatedPods", () => {
  const cluster = createCluster({ nodes: [node("a", "2"), node("b", "1")] });

  it("a pod of lower or equal priority fits a node only with the nominated pods running there", () => {
    const s = new Scheduler(cluster, options);
    s.nominate(pod("big", "2", 100), "a");
    const r = s.schedule(pod("small", "1", 100));
    expect(r.explanation!.nodes.map((n) => [n.node, n.status.code])).toEqual([
      ["a", "Unschedulable"],
      ["b", "Success"],
    ]);
  });

  it("a pod of higher priority ignores them", () => {
    const s = new Scheduler(cluster, options);
    s.nominate(pod("big", "2", 100), "a");
    expect(s.schedule(pod("urgent", "1", 101)).explanation!.nodes.map((n) => n.status.code)).toEqual(["Success", "Success"]);
  });

  it("a pod ignores its own nomination, and a cleared nomination is gone", () => {
    const s = new Scheduler(cluster, options);
    s.nominate(pod("big", "2", 100), "a");
    expect(s.schedule(pod("big", "2", 100)).nodeName).toBe("a");
    s.nominate(pod("big", "2", 100), null);
    expect(s.schedule(pod("small", "1", 100)).explanation!.nodes[0]!.status.code).toBe("Success");
  });

  it("assuming the nominated pod ends its nomination", () => {
    const s = new Scheduler(cluster, options);
    s.nominate(pod("big", "2", 100), "a");
    s.assume(pod("big", "2", 100), "b");
    expect(s.schedule(pod("small", "1", 100)).explanation!.nodes.map((n) => n.status.code)).toEqual(["Success", "Unschedulable"]);
  });
});

describe("evaluateNominatedNode", () => {
  it("a pod with status.nominatedNodeName takes that node, unscored, when it passes the filters", () => {
    const cluster = createCluster({ nodes: [node("a", "4"), node("b", "2")] });
    const r = new Scheduler(cluster, options).schedule(pod("p", "1", 0, { status: { nominatedNodeName: "b" } }));
    expect(r).toMatchObject({ status: "Scheduled", nodeName: "b", feasibleNodes: 1, evaluatedNodes: 1 });
    expect(r.explanation!.nodes.map((n) => n.node)).toEqual(["b"]);
  });

  it("falls back to the full search when the nominated node does not fit", () => {
    const cluster = createCluster({ nodes: [node("a", "4"), node("b", "2")] });
    expect(new Scheduler(cluster, options).schedule(pod("p", "3", 0, { status: { nominatedNodeName: "b" } })).nodeName).toBe("a");
  });

  it("pending pods of the cluster that carry a nomination are in the nominator from the start", () => {
    const cluster = createCluster({ nodes: [node("a", "2"), node("b", "2")], pods: [pod("waiting", "2", 10, { status: { nominatedNodeName: "a" } })] });
    expect(new Scheduler(cluster, options).schedule(pod("other", "1", 0)).explanation!.nodes.map((n) => n.status.code)).toEqual(["Unschedulable", "Success"]);
  });
});
