// DRAExtendedResource's special claim allocated from ResourceSlices, through the public API (v1.37.1
// dynamicresources Filter/Reserve, dynamic-resource-allocation structured/internal/incubating Allocate and
// GatherPools, noderesources calculateDRAResourceTotals).
import { describe, expect, it } from "vitest";
import { createCluster, schedule, scheduleAll, SchedkitError } from "../index.js";

type Json = Record<string, any>;
const GPU = "example.com/gpu";
const V = { kubernetesVersion: "1.37.1" };
const node = (name: string, labels: Json = {}): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
});
const pod = (name: string, gpus: string, spec: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name, namespace: "ml", uid: `uid-${name}` },
  spec: { containers: [{ name: "c", resources: { requests: { cpu: "100m", [GPU]: gpus } } }], ...spec },
});
const gpuClass = (selectors?: string[]): Json => ({
  kind: "DeviceClass",
  metadata: { name: "gpu.example.com" },
  spec: { extendedResourceName: GPU, ...(selectors === undefined ? {} : { selectors: selectors.map((expression) => ({ cel: { expression } })) }) },
});
const slice = (name: string, spec: Json, devices: (string | Json)[], pool: Json = {}): Json => ({
  kind: "ResourceSlice",
  metadata: { name },
  spec: { driver: "gpu.example.com", pool: { name, generation: 0, resourceSliceCount: 1, ...pool }, ...spec, devices: devices.map((d) => (typeof d === "string" ? { name: d } : d)) },
});
const onNode = (n: string, devices: (string | Json)[], extra: Json = {}, pool: Json = {}) => slice(`${n}-gpus`, { nodeName: n, ...extra }, devices, pool);
const claim = (name: string, devices: Json[]): Json => ({
  kind: "ResourceClaim",
  metadata: { name, namespace: "ml" },
  status: { allocation: { devices: { results: devices.map((d, i) => ({ request: `r${i}`, ...d })) } } },
});
const cluster = (...items: Json[]) => createCluster({ kind: "List", items });

function verdict(r: ReturnType<typeof schedule>, name: string): string {
  const n = r.explanation!.nodes.find((x) => x.node === name)!;
  return n.status.code === "Success" ? "Success" : `${n.status.plugin}: ${n.status.reasons.join(", ")}`;
}

describe("a node's slices offer its devices to the special claim", () => {
  it("a node whose slice has enough free devices passes; one with too few fails as the allocator does", () => {
    const c = cluster(node("a"), node("b"), gpuClass(), onNode("a", ["g0", "g1"]), onNode("b", ["g0"]));
    const r = schedule(pod("p", "2"), c, V);
    expect(r.nodeName).toBe("a");
    expect(verdict(r, "b")).toBe("DynamicResources: cannot allocate all claims");
  });

  it("an allNodes slice serves every node, a nodeSelector slice the nodes it selects", () => {
    const shared = slice("shared", { allNodes: true }, ["s0"]);
    const rack = slice("rack", { nodeSelector: { nodeSelectorTerms: [{ matchExpressions: [{ key: "rack", operator: "In", values: ["r1"] }] }] } }, ["r0"]);
    const c = cluster(node("a", { rack: "r1" }), node("b"), gpuClass(), shared, rack);
    const r = schedule(pod("p", "2"), c, V);
    expect(verdict(r, "a")).toBe("Success");
    expect(verdict(r, "b")).toBe("DynamicResources: cannot allocate all claims");
  });

  it("with perDeviceNodeSelection each device names its node", () => {
    const s = slice("per-device", { perDeviceNodeSelection: true }, [{ name: "d0", nodeName: "a" }, { name: "d1", nodeName: "b" }, { name: "d2", allNodes: true }]);
    const r = schedule(pod("p", "2"), cluster(node("a"), node("b"), node("c"), gpuClass(), s), V);
    expect([verdict(r, "a"), verdict(r, "b"), verdict(r, "c")]).toEqual(["Success", "Success", "DynamicResources: cannot allocate all claims"]);
  });
});

describe("pools: the newest generation, complete, with unique device names", () => {
  it("slices of an older generation are not offered", () => {
    const c = cluster(node("a"), gpuClass(), onNode("a", ["g0", "g1"], {}, { generation: 1 }), slice("a-old", { nodeName: "a" }, ["o0", "o1"], { name: "a-gpus", generation: 0 }));
    expect(verdict(schedule(pod("p", "3"), c, V), "a")).toBe("DynamicResources: cannot allocate all claims");
    expect(verdict(schedule(pod("p", "2"), c, V), "a")).toBe("Success");
  });

  it("a pool missing some of its resourceSliceCount slices is incomplete: none of its devices are offered", () => {
    const c = cluster(node("a"), gpuClass(), onNode("a", ["g0", "g1"], {}, { resourceSliceCount: 2 }));
    expect(verdict(schedule(pod("p", "1"), c, V), "a")).toBe("DynamicResources: cannot allocate all claims");
  });

  it("a pool whose slices repeat a device name is invalid, and the failure says so", () => {
    const c = cluster(node("a"), gpuClass(), onNode("a", ["g0"], {}, { resourceSliceCount: 2 }), slice("a-more", { nodeName: "a" }, ["g0"], { name: "a-gpus", resourceSliceCount: 2 }));
    expect(verdict(schedule(pod("p", "1"), c, V), "a")).toBe("DynamicResources: invalid resource pools were encountered");
  });
});

describe("devices in use are not allocated again", () => {
  it("devices that ResourceClaims in the input hold are in use (admin-access results are not)", () => {
    const held = claim("held", [{ driver: "gpu.example.com", pool: "a-gpus", device: "g0" }, { driver: "gpu.example.com", pool: "a-gpus", device: "g1", adminAccess: true }]);
    const c = cluster(node("a"), gpuClass(), onNode("a", ["g0", "g1"]), held);
    expect(verdict(schedule(pod("p", "1"), c, V), "a")).toBe("Success");
    expect(verdict(schedule(pod("p", "2"), c, V), "a")).toBe("DynamicResources: cannot allocate all claims");
  });

  it("a bound pod whose extended-resource claim the input lacks is a warning: its devices count as free", () => {
    const running = { ...pod("running", "1", { nodeName: "a" }), status: { phase: "Running", extendedResourceClaimStatus: { resourceClaimName: "running-extended-resources-abc", requestMappings: [] } } };
    const c = cluster(node("a"), gpuClass(), onNode("a", ["g0"]), running);
    expect(c.warnings).toEqual([
      {
        path: "items[3].status.extendedResourceClaimStatus.resourceClaimName",
        message: "pod ml/running holds DRA devices through ResourceClaim ml/running-extended-resources-abc, which is not in the input; DRA counts those devices as free",
      },
    ]);
    const withClaim = cluster(node("a"), gpuClass(), onNode("a", ["g0"]), running, { ...claim("running-extended-resources-abc", [{ driver: "gpu.example.com", pool: "a-gpus", device: "g0" }]) });
    expect(withClaim.warnings).toEqual([]);
    expect(verdict(schedule(pod("p", "1"), withClaim, V), "a")).toBe("DynamicResources: cannot allocate all claims");
  });

  it("a placed pod's devices are reserved for the rest of the run", () => {
    const c = cluster(node("a"), gpuClass(), onNode("a", ["g0", "g1", "g2"]), pod("first", "2"), pod("second", "2"));
    const run = scheduleAll(undefined, c, V);
    expect(run.results.map((r) => [r.pod, r.nodeName])).toEqual([
      ["ml/first", "a"],
      ["ml/second", null],
    ]);
  });

  it("a pod nominated to a later node does not make the cycle forget its allocations: the devices are still reserved", () => {
    // Filtering node b with the nominated pod added (RunFilterPluginsWithNominatedPods) ran PreFilter again, which
    // forgot what Filter had allocated on a; "first" was then placed on a without reserving its devices.
    const nominated = { ...pod("waiting", "0"), spec: { containers: [{ name: "c", image: "x" }], schedulingGates: [{ name: "q" }] }, status: { nominatedNodeName: "b" } };
    const c = cluster(node("a"), node("b"), gpuClass(), onNode("a", ["g0", "g1"]), onNode("b", ["g0", "g1"]), nominated, pod("first", "2"), pod("second", "2"), pod("third", "1"));
    const run = scheduleAll(undefined, c, V);
    expect(run.results.map((r) => [r.pod, r.nodeName])).toEqual([
      ["ml/first", "a"],
      ["ml/second", "b"],
      ["ml/third", null],
    ]);
  });

  it("a NoSchedule or NoExecute taint keeps a device; other effects do not", () => {
    const taint = (effect: string) => ({ taints: [{ key: "broken", effect }] });
    const c = cluster(node("a"), gpuClass(), onNode("a", [{ name: "g0", ...taint("NoSchedule") }, { name: "g1", ...taint("NoExecute") }, { name: "g2", ...taint("None") }]));
    expect(verdict(schedule(pod("p", "1"), c, V), "a")).toBe("Success");
    expect(verdict(schedule(pod("p", "2"), c, V), "a")).toBe("DynamicResources: cannot allocate all claims");
  });

  it("from 1.36 (DRADeviceTaints on by default): on 1.35 the allocator ignores device taints", () => {
    const taint = (effect: string) => ({ taints: [{ key: "broken", effect }] });
    const c = cluster(node("a"), gpuClass(), onNode("a", [{ name: "g0", ...taint("NoSchedule") }, { name: "g1", ...taint("NoExecute") }, { name: "g2" }]));
    const at = (kubernetesVersion: string) => verdict(schedule(pod("p", "3"), c, { kubernetesVersion, featureGates: { DRAExtendedResource: true } }), "a");
    expect(at("1.35")).toBe("Success");
    expect(at("1.36")).toBe("DynamicResources: cannot allocate all claims");
  });
});

describe("DeviceClass selectors", () => {
  const c = (expr: string) => cluster(node("a"), gpuClass([expr]), onNode("a", ["g0"]), { ...onNode("a", ["n0"]), metadata: { name: "a-nics" }, spec: { ...onNode("a", ["n0"]).spec, driver: "nic.example.com", pool: { name: "a-nics", generation: 0, resourceSliceCount: 1 } } });

  it("device.driver compared with a literal selects the driver's devices", () => {
    expect(verdict(schedule(pod("p", "1"), c('device.driver == "gpu.example.com"'), V), "a")).toBe("Success");
    expect(verdict(schedule(pod("p", "2"), c('device.driver == "gpu.example.com"'), V), "a")).toBe("DynamicResources: cannot allocate all claims");
    expect(verdict(schedule(pod("p", "2"), c("device.driver == 'gpu.example.com' || device.driver == 'nic.example.com'"), V), "a")).toBe("Success");
  });

  it("an expression schedkit cannot evaluate is an error naming the class and the expression", () => {
    const expr = 'device.attributes["gpu.example.com"].model == "a100"';
    const f = () => schedule(pod("p", "1"), c(expr), V);
    expect(f).toThrow(SchedkitError);
    expect(f).toThrow(`deviceClasses["gpu.example.com"].spec.selectors[0].cel.expression: ${JSON.stringify(expr)} is a CEL selector schedkit cannot evaluate exactly`);
  });
});

describe("what schedkit does not model is refused, never guessed", () => {
  it("a pod referencing ResourceClaims (spec.resourceClaims)", () => {
    const p = pod("p", "0", { resourceClaims: [{ name: "gpu", resourceClaimName: "shared-gpu" }] });
    expect(() => schedule(p, cluster(node("a")), V)).toThrow('pods["ml/p"].spec.resourceClaims: "gpu" references ResourceClaims, which schedkit does not model');
  });

  it("a pod whose extended-resource claim from an earlier cycle is in the input", () => {
    const old = { kind: "ResourceClaim", metadata: { name: "p-extended-resources-x", namespace: "ml", annotations: { "resource.kubernetes.io/extended-resource-claim": "true" }, ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "p", uid: "uid-p", controller: true }] } };
    expect(() => schedule(pod("p", "1"), cluster(node("a"), gpuClass(), onNode("a", ["g0"]), old), V)).toThrow(/owns an extended-resource ResourceClaim in the input/);
  });

  it("partitionable devices on a node DRA serves", () => {
    const c = cluster(node("a"), gpuClass(), onNode("a", [{ name: "g0", consumesCounters: [{ counterSet: "mem", counters: { memory: { value: "1Gi" } } }] }]));
    expect(() => schedule(pod("p", "1"), c, V)).toThrow(/items\[2\]\.spec\.devices\[0\]\.consumesCounters: .*partitionable devices/);
  });

  it("DeviceTaintRules, which would patch the slices' taints", () => {
    const rule = { kind: "DeviceTaintRule", apiVersion: "resource.k8s.io/v1", metadata: { name: "r" }, spec: {} };
    expect(() => schedule(pod("p", "1"), cluster(node("a"), gpuClass(), onNode("a", ["g0"]), rule), V)).toThrow(/DeviceTaintRules/);
  });
});

describe("NodeResourcesFit scores a DRA-backed resource from the node's devices", () => {
  it("LeastAllocated: (devices − in use − requested) / devices", () => {
    const held = claim("held", [{ driver: "gpu.example.com", pool: "a-gpus", device: "g0" }]);
    const profile = { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: GPU, weight: 1 }] } } }] };
    const r = schedule(pod("p", "1"), cluster(node("a"), node("b"), gpuClass(), onNode("a", ["g0", "g1", "g2", "g3"]), onNode("b", ["g0", "g1", "g2"]), held), { ...V, profile });
    const raw = (n: string) => r.explanation!.nodes.find((x) => x.node === n)!.scores.find((s) => s.plugin === "NodeResourcesFit")!.raw;
    // a: (4 − 1 − 1)·100/4 = 50; b: (3 − 0 − 1)·100/3 = 66.
    expect([raw("a"), raw("b")]).toEqual([50, 66]);
  });

  it("from 1.35: 1.34 allocates with the gate on but scores the resource from the node's allocatable alone (none here: no score)", () => {
    const profile = { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: GPU, weight: 1 }] } } }] };
    const c = cluster(node("a"), node("b"), gpuClass(), onNode("a", ["g0", "g1", "g2", "g3"]), onNode("b", ["g0", "g1", "g2"]));
    const raw = (version: string) => {
      const r = schedule(pod("p", "1"), c, { kubernetesVersion: version, featureGates: { DRAExtendedResource: true }, profile });
      return r.explanation!.nodes.map((n) => [n.node, n.status.code, n.scores.find((s) => s.plugin === "NodeResourcesFit")!.raw]);
    };
    expect(raw("1.34")).toEqual([["a", "Success", 0], ["b", "Success", 0]]);
    expect(raw("1.35")).toEqual([["a", "Success", 75], ["b", "Success", 66]]);
  });

  it("counts the devices of every slice that applies to the node: its own, allNodes, a selector's, per-device; of the class's driver only", () => {
    const profile = { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: GPU, weight: 1 }] } } }] };
    const nics = { ...slice("nics", { allNodes: true }, ["n0", "n1", "n2"]), spec: { ...slice("nics", { allNodes: true }, ["n0", "n1", "n2"]).spec, driver: "nic.example.com" } };
    const c = cluster(
      node("a", { rack: "r1" }),
      node("b"),
      gpuClass(['device.driver == "gpu.example.com"']),
      onNode("a", ["g0", "g1"]),
      onNode("b", ["g0"]),
      slice("shared", { allNodes: true }, ["s0", "s1"]),
      slice("rack", { nodeSelector: { nodeSelectorTerms: [{ matchExpressions: [{ key: "rack", operator: "In", values: ["r1"] }] }] } }, ["r0"]),
      slice("per-device", { perDeviceNodeSelection: true }, [{ name: "d0", nodeName: "b" }, { name: "d1", allNodes: true }]),
      nics,
      claim("held", [{ driver: "gpu.example.com", pool: "shared", device: "s0" }]),
    );
    const r = schedule(pod("p", "1"), c, { ...V, profile });
    const raw = (n: string) => r.explanation!.nodes.find((x) => x.node === n)!.scores.find((s) => s.plugin === "NodeResourcesFit")!.raw;
    // a: g0 g1 + s0 s1 + r0 + d1 = 6 devices, s0 in use: (6 − 1 − 1)·100/6 = 66; b: g0 + s0 s1 + d0 d1 = 5: (5 − 1 − 1)·100/5 = 60.
    expect([raw("a"), raw("b")]).toEqual([66, 60]);
  });
});

describe("NodeResourcesBalancedAllocation on a DRA-backed resource: upstream has no CEL cache there", () => {
  const balanced = { pluginConfig: [{ name: "NodeResourcesBalancedAllocation", args: { resources: [{ name: "cpu", weight: 1 }, { name: GPU, weight: 1 }] } }] };
  const nodes = [node("a"), node("b"), onNode("a", ["g0", "g1"]), onNode("b", ["g0", "g1", "g2"])];

  it("a class with selectors: scoring a node with its devices is kube-scheduler's nil-pointer panic, so the run is refused naming the resource, class and node", () => {
    const c = cluster(...nodes, gpuClass(['device.driver == "gpu.example.com"']));
    let error: unknown;
    try {
      scheduleAll([pod("p", "1")], c, { ...V, profile: balanced });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchedkitError);
    expect((error as SchedkitError).path).toBe("profile.pluginConfig[0].args.resources[1].name");
    expect((error as SchedkitError).message).toMatch(/^profile\.pluginConfig\[0\]\.args\.resources\[1\]\.name: "example\.com\/gpu" is backed by DeviceClass "gpu\.example\.com", whose CEL selectors NodeResourcesBalancedAllocation cannot evaluate in kube-scheduler 1\.37: scoring node "a", which has such devices, panics /);
  });

  it("a class without selectors takes upstream's fast path: balanced scores from the devices", () => {
    const r = schedule(pod("p", "1"), cluster(...nodes, gpuClass()), { ...V, profile: balanced });
    const raw = (n: string) => r.explanation!.nodes.find((x) => x.node === n)!.scores.find((s) => s.plugin === "NodeResourcesBalancedAllocation")!.raw;
    // cpu 100m/4 = 0.025; gpu 1/2 = 0.5 on a, 1/3 on b: b is better balanced (BalancedAllocation ≥ 1.36 scores the change).
    expect(raw("b")).toBeGreaterThan(raw("a"));
  });

  it("NodeResourcesFit has the cache: the same class and devices score there", () => {
    const fit = { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: GPU, weight: 1 }] } } }] };
    const r = schedule(pod("p", "1"), cluster(...nodes, gpuClass(['device.driver == "gpu.example.com"'])), { ...V, profile: fit });
    expect(r.nodeName).toBe("b");
  });

  it("no panic where upstream never evaluates the selectors: a pod not requesting the resource, or 1.34 (no DRA totals)", () => {
    const c = cluster(...nodes, gpuClass(['device.driver == "gpu.example.com"']));
    const cpuOnly: Json = { kind: "Pod", metadata: { name: "q", namespace: "ml", uid: "uid-q" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "100m" } } }] } };
    expect(schedule(cpuOnly, c, { ...V, profile: balanced }).status).toBe("Scheduled");
    expect(schedule(pod("p", "1"), c, { kubernetesVersion: "1.34", featureGates: { DRAExtendedResource: true }, profile: balanced }).status).toBe("Scheduled");
  });
});
