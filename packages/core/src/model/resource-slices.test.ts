// ResourceSlices and ResourceClaims as the input reads them (resource-slices.ts): validated as the API server
// validates the fields the allocator reads (pkg/apis/resource/validation ValidateResourceSlice,
// validateResourceSliceSpec, validateDevice), and the features schedkit does not model refused where the
// allocator would read them, not at input.
import { describe, expect, it } from "vitest";
import { createCluster, schedule } from "../index.js";

type Json = Record<string, any>;
const GPU = "example.com/gpu";
const V = { kubernetesVersion: "1.37.1" };
const node = (name: string): Json => ({ kind: "Node", metadata: { name }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } });
const gpuClass: Json = { kind: "DeviceClass", metadata: { name: "gpu.example.com" }, spec: { extendedResourceName: GPU } };
const slice = (spec: Json, name = "a-gpus"): Json => ({
  kind: "ResourceSlice",
  metadata: { name },
  spec: { driver: "gpu.example.com", pool: { name: "a", generation: 0, resourceSliceCount: 1 }, nodeName: "a", devices: [{ name: "g0" }], ...spec },
});
const pod = (gpus: string): Json => ({ kind: "Pod", metadata: { name: "p", namespace: "ml" }, spec: { containers: [{ name: "c", resources: { requests: { [GPU]: gpus } } }] } });
// items[0] is the node, items[1] the class, items[2] the object under test.
const cluster = (...items: Json[]) => createCluster({ kind: "List", items: [node("a"), gpuClass, ...items] });

describe("a slice is validated as the API server does", () => {
  it.each([
    ["driver", slice({ driver: "GPU" }), 'items[2].spec.driver: "GPU" is not a DNS-1123 subdomain'],
    ["pool name", slice({ pool: { name: "", generation: 0, resourceSliceCount: 1 } }), 'items[2].spec.pool.name: "" is required'],
    ["generation", slice({ pool: { name: "a", generation: -1, resourceSliceCount: 1 } }), "items[2].spec.pool.generation: -1 must be >= 0"],
    ["resourceSliceCount", slice({ pool: { name: "a", generation: 0, resourceSliceCount: 0 } }), "items[2].spec.pool.resourceSliceCount: 0 must be >= 1"],
    ["resourceSliceCount missing", slice({ pool: { name: "a", generation: 0 } }), "items[2].spec.pool.resourceSliceCount is required"],
    ["no node selection", slice({ nodeName: "" }), "items[2].spec: 0 must have exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` set"],
    ["two node selections", slice({ allNodes: true }), "items[2].spec: 2 must have exactly one of"],
    ["a device name", slice({ devices: [{ name: "GPU-0" }] }), 'items[2].spec.devices[0].name: "GPU-0" is not a DNS-1123 label'],
    ["a device's own selection without perDeviceNodeSelection", slice({ devices: [{ name: "g0", nodeName: "a" }] }), 'items[2].spec.devices[0]: "g0" sets a node selection of its own, which requires `perDeviceNodeSelection`'],
    [
      "a device without a selection under perDeviceNodeSelection",
      slice({ nodeName: "", perDeviceNodeSelection: true, devices: [{ name: "g0" }] }),
      "items[2].spec.devices[0]: 0 must have exactly one of `nodeName`, `nodeSelector`, `allNodes` set",
    ],
    [
      "an invalid node selector",
      slice({ nodeName: "", nodeSelector: { nodeSelectorTerms: [{ matchExpressions: [{ key: "rack", operator: "In", values: [] }] }] } }),
      "items[2].spec.nodeSelector: ",
    ],
  ])("%s", (_what, bad, message) => {
    expect(() => cluster(bad)).toThrow(message);
  });
});

describe("a claim's allocation: the devices it holds", () => {
  const claim = (result: Json): Json => ({ kind: "ResourceClaim", metadata: { name: "held", namespace: "ml" }, status: { allocation: { devices: { results: [{ request: "r", ...result }] } } } });

  it("driver, pool and device are required", () => {
    expect(() => cluster(claim({ driver: "gpu.example.com", pool: "a" }))).toThrow('items[2].status.allocation.devices.results[0].device: "" is required');
  });

  it("a shared allocation (shareID, DRAConsumableCapacity) is refused when the input is read", () => {
    expect(() => cluster(claim({ driver: "gpu.example.com", pool: "a", device: "g0", shareID: "0a1b" }))).toThrow(
      'items[2].status.allocation.devices.results[0].shareID: "0a1b" is a shared device allocation (DRAConsumableCapacity), which schedkit does not model',
    );
  });
});

describe("what the allocator does not model is refused where it reads it, not at input", () => {
  it.each([
    ["sharedCounters", slice({ sharedCounters: [{ name: "mem", counters: { memory: { value: "8Gi" } } }] }), "items[2].spec.sharedCounters: "],
    ["bindingConditions", slice({ devices: [{ name: "g0", bindingConditions: ["ready"], bindingFailureConditions: ["failed"] }] }), "items[2].spec.devices[0].bindingConditions: "],
    ["allowMultipleAllocations", slice({ devices: [{ name: "g0", allowMultipleAllocations: true }] }), "items[2].spec.devices[0].allowMultipleAllocations: "],
    ["a capacity request policy", slice({ devices: [{ name: "g0", capacity: { memory: { value: "8Gi", requestPolicy: { default: "1Gi" } } } }] }), "items[2].spec.devices[0].capacity.memory.requestPolicy: "],
  ])("%s", (_what, s, message) => {
    const c = cluster(s);
    // A pod that asks DRA for nothing is answered.
    expect(schedule({ ...pod("0"), metadata: { name: "q", namespace: "ml" } }, c, V).status).toBe("Scheduled");
    expect(() => schedule(pod("1"), c, V)).toThrow(message);
    expect(() => schedule(pod("1"), c, V)).toThrow(/which schedkit's DRA allocation does not model/);
  });

  it("a slice for another node is not read", () => {
    const c = cluster(slice({ nodeName: "b", devices: [{ name: "g0", allowMultipleAllocations: true }] }, "b-gpus"), slice({}));
    expect(schedule(pod("1"), c, V).nodeName).toBe("a");
  });
});
