import { describe, expect, it } from "vitest";
import { CycleState } from "../../framework/interfaces.js";
import { PluginStatusError } from "../../framework/status.js";
import type { Status } from "../../framework/status.js";
import { fakeContainer, fakeNode, fakePod, pluginOf, podInfo, snapshotOf, testContext } from "../../_test/plugin-fakes.js";
import type { Container, Pod } from "../../model/types.js";
import { parseQuantity } from "../../quantity.js";
import { ERR_REASON_SIDECARS_DISABLED, nodeResourcesFit } from "./fit.js";

const q = (m: Record<string, string>) => new Map(Object.entries(m).map(([k, v]) => [k, parseQuantity(v)]));
const container = (requests: Record<string, string>, extra: Partial<Container> = {}) => fakeContainer({ requests: q(requests), ...extra });

const node = fakeNode({
  name: "n",
  allocatable: new Map([
    ["cpu", 1000],
    ["memory", 1000],
    ["pods", 2],
    ["example.com/a", 1],
    ["example.com/b", 1],
    ["hugepages-2Mi", 1],
  ]),
});

function filter(pod: Pod, args?: unknown, bound: Pod[] = []): Status {
  const plugin = pluginOf(nodeResourcesFit, args);
  const snap = snapshotOf([node], bound);
  const pi = podInfo(pod);
  const state = new CycleState();
  const pre = plugin.preFilter!(state, pi, snap);
  expect(pre.status.code).toBe("Success");
  return plugin.filter!(state, pi, snap.nodes[0]!);
}

describe("Fit Filter", () => {
  it("checks scalar resources in the order the pod first requests them", () => {
    const pod = fakePod({
      containers: [container({ "example.com/b": "2" }), container({ "example.com/a": "2" })],
      initContainers: [container({ "hugepages-2Mi": "2" })],
    });
    expect(filter(pod).reasons).toEqual(["Insufficient example.com/b", "Insufficient example.com/a", "Insufficient hugepages-2Mi"]);
  });

  it("lists the pod count first and keeps the code Unschedulable while every failure is resolvable", () => {
    const bound = ["x", "y"].map((name) => fakePod({ name, nodeName: "n", containers: [container({ cpu: "600m" })] }));
    const s = filter(fakePod({ containers: [container({ cpu: "500m" })] }), undefined, bound);
    expect(s.code).toBe("Unschedulable");
    expect(s.reasons).toEqual(["Too many pods", "Insufficient cpu"]);
    expect(s.insufficientResources).toEqual([
      { resourceName: "pods", reason: "Too many pods", requested: 1, used: 2, capacity: 2, unresolvable: false },
      { resourceName: "cpu", reason: "Insufficient cpu", requested: 500, used: 1200, capacity: 1000, unresolvable: false },
    ]);
  });

  it("is UnschedulableAndUnresolvable when the pod alone exceeds allocatable", () => {
    const s = filter(fakePod({ containers: [container({ cpu: "500m", memory: "2k" })] }));
    expect(s.code).toBe("UnschedulableAndUnresolvable");
    expect(s.reasons).toEqual(["Insufficient memory"]);
  });

  it.each([
    {
      name: "ignoredResources",
      args: { ignoredResources: ["example.com/a"] },
      reasons: ["Insufficient example.com/b", "Insufficient hugepages-2Mi", "Insufficient kubernetes.io/x"],
    },
    { name: "ignoredResourceGroups", args: { ignoredResourceGroups: ["example.com"] }, reasons: ["Insufficient hugepages-2Mi", "Insufficient kubernetes.io/x"] },
    // The args apply to extended resources only: hugepages and kubernetes.io/ names are always checked.
    {
      name: "ignore args naming non-extended resources",
      args: { ignoredResources: ["hugepages-2Mi", "kubernetes.io/x"] },
      reasons: ["Insufficient example.com/a", "Insufficient example.com/b", "Insufficient hugepages-2Mi", "Insufficient kubernetes.io/x"],
    },
  ])("skips what $name names", ({ args, reasons }) => {
    const pod = fakePod({
      containers: [container({ "example.com/a": "2", "example.com/b": "2", "hugepages-2Mi": "2", "kubernetes.io/x": "1" })],
    });
    expect(filter(pod, args).reasons).toEqual(reasons);
  });

  it("computes the request itself when PreFilter did not run", () => {
    const plugin = pluginOf(nodeResourcesFit);
    const snap = snapshotOf([node]);
    const s = plugin.filter!(new CycleState(), podInfo(fakePod({ containers: [container({ cpu: "2" })] })), snap.nodes[0]!);
    expect(s.reasons).toEqual(["Insufficient cpu"]);
  });
});

describe("Fit PreFilter", () => {
  const sidecarPod = fakePod({ initContainers: [container({}, { restartPolicy: "Always" })] });

  it("rejects a pod with a sidecar when the SidecarContainers gate is off", () => {
    const plugin = pluginOf(nodeResourcesFit, undefined, testContext("1.36", { sidecarContainers: false }));
    const r = plugin.preFilter!(new CycleState(), podInfo(sidecarPod), snapshotOf([node]));
    expect(r.status.code).toBe("UnschedulableAndUnresolvable");
    expect(r.status.reasons).toEqual([ERR_REASON_SIDECARS_DISABLED]);
  });

  it("accepts it with the gate on", () => {
    const plugin = pluginOf(nodeResourcesFit);
    expect(plugin.preFilter!(new CycleState(), podInfo(sidecarPod), snapshotOf([node])).status.code).toBe("Success");
  });
});

describe("Fit Score", () => {
  it("fails with 'resources not found' when the strategy lists no resources", () => {
    const plugin = pluginOf(nodeResourcesFit, { scoringStrategy: { type: "MostAllocated", resources: [] } });
    const snap = snapshotOf([node]);
    const pod = podInfo(fakePod());
    const state = new CycleState();
    plugin.preScore!(state, pod, snap.nodes, snap);
    expect(() => plugin.score!(state, pod, snap.nodes[0]!)).toThrow(PluginStatusError);
    expect(() => plugin.score!(state, pod, snap.nodes[0]!)).toThrow(/resources not found/);
  });
});
