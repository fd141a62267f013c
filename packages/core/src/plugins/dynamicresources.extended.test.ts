// DRAExtendedResource through the public API (v1.37.1 noderesources/fit.go shouldDelegateResourceToDRA,
// dynamicresources/extendeddynamicresources.go filterExtendedResources): an extended resource that a
// DeviceClass backs is NodeResourcesFit's on nodes whose device plugin advertises it, DynamicResources' on the
// others, where without ResourceSlices the allocator finds no device (with them: dra/allocator.test.ts).
import { describe, expect, it } from "vitest";
import { createCluster, schedule } from "../index.js";

type Json = Record<string, any>;
const GPU = "example.com/gpu";
const node = (name: string, extra: Json = {}): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name } },
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110", ...extra } },
});
const pod = (requests: Json, spec: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name: "p", namespace: "ml" },
  spec: { containers: [{ name: "c", resources: { requests: { cpu: "100m", ...requests } } }], ...spec },
});
const gpuClass: Json = { kind: "DeviceClass", apiVersion: "resource.k8s.io/v1", metadata: { name: "gpu.example.com" }, spec: { extendedResourceName: GPU } };
// One node with a device plugin (2 GPUs), one without any.
const cluster = (objects: Json[] = [gpuClass]) => createCluster({ kind: "List", items: [node("plugin", { [GPU]: "2" }), node("bare"), ...objects] });
const V = { kubernetesVersion: "1.37.1" };

function statusOf(r: ReturnType<typeof schedule>, name: string) {
  const n = r.explanation!.nodes.find((x) => x.node === name)!;
  return { code: n.status.code, plugin: n.status.plugin, reasons: n.status.reasons };
}

describe("NodeResourcesFit leaves a DeviceClass-backed resource to DRA on a node without it", () => {
  it("the node with the device plugin is checked by Fit and chosen; the other is DynamicResources'", () => {
    const r = schedule(pod({ [GPU]: "1" }), cluster(), V);
    expect(r.status).toBe("Scheduled");
    expect(r.nodeName).toBe("plugin");
    expect(statusOf(r, "bare")).toEqual({ code: "UnschedulableAndUnresolvable", plugin: "DynamicResources", reasons: ["cannot allocate all claims"] });
  });

  it("FailedScheduling names the allocator's failure for the nodes DRA had to serve", () => {
    const r = schedule(pod({ [GPU]: "3" }), cluster(), V);
    expect(r.message).toBe(
      "0/2 nodes are available: 1 Insufficient example.com/gpu, 1 cannot allocate all claims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it("without a DeviceClass the resource is Fit's everywhere", () => {
    const r = schedule(pod({ [GPU]: "1" }), cluster([]), V);
    expect(statusOf(r, "bare")).toEqual({ code: "UnschedulableAndUnresolvable", plugin: "NodeResourcesFit", reasons: ["Insufficient example.com/gpu"] });
  });

  it("with the gate off (1.36) the resource is Fit's everywhere, DeviceClass or not", () => {
    const r = schedule(pod({ [GPU]: "1" }), cluster(), { kubernetesVersion: "1.36", featureGates: { DRAExtendedResource: false } });
    expect(statusOf(r, "bare")).toEqual({ code: "UnschedulableAndUnresolvable", plugin: "NodeResourcesFit", reasons: ["Insufficient example.com/gpu"] });
  });

  it("a node listing the resource at 0 is left to DRA too (allocatable 0: no device plugin)", () => {
    const c = createCluster({ kind: "List", items: [node("zero", { [GPU]: "0" }), gpuClass] });
    expect(statusOf(schedule(pod({ [GPU]: "1" }), c, V), "zero").reasons).toEqual(["cannot allocate all claims"]);
  });

  it("Fit still reports the resources it keeps: a node short of cpu fails on cpu alone", () => {
    const r = schedule(pod({ cpu: "5", [GPU]: "1" }), cluster(), V);
    expect(statusOf(r, "bare")).toEqual({ code: "UnschedulableAndUnresolvable", plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"] });
  });
});

describe("a class backs its extendedResourceName and its implicit deviceclass.resource.kubernetes.io/<name>", () => {
  it.each([
    ["the implicit name", "deviceclass.resource.kubernetes.io/gpu.example.com"],
    ["the explicit name", GPU],
  ])("%s", (_what, resource) => {
    const r = schedule(pod({ [resource]: "1" }), cluster(), V);
    expect(statusOf(r, "bare").reasons).toEqual(["cannot allocate all claims"]);
  });
});

describe("DynamicResources' PreFilter: the special claim exists only for a backed resource", () => {
  it("Skips for a pod without one (no DynamicResources filter verdict)", () => {
    const r = schedule(pod({}), cluster(), V);
    expect(r.explanation!.preFilter.find((p) => p.plugin === "DynamicResources")!.status.code).toBe("Skip");
  });

  it("runs its Filter for a pod with one", () => {
    const r = schedule(pod({ [GPU]: "1" }), cluster(), V);
    expect(r.explanation!.preFilter.find((p) => p.plugin === "DynamicResources")!.status.code).toBe("Success");
  });

  it("an unbacked extended resource no node lists fails in DynamicResources when Fit ignores it", () => {
    // ignoredResources hides example.com/other from Fit; filterExtendedResources still finds it nowhere.
    const profile = { pluginConfig: [{ name: "NodeResourcesFit", args: { ignoredResources: ["example.com/other"] } }] };
    const r = schedule(pod({ [GPU]: "1", "example.com/other": "1" }), cluster(), { ...V, profile });
    expect(statusOf(r, "plugin")).toEqual({ code: "UnschedulableAndUnresolvable", plugin: "DynamicResources", reasons: ["cannot fit resource"] });
  });
});

describe("the allocator's claim limit (AllocationResultsMaxSize = 32)", () => {
  it("33 devices in one request abort the cycle with the allocator's error", () => {
    const r = schedule(pod({ [GPU]: "33" }), cluster(), V);
    expect(r.status).toBe("Error");
    expect(r.message).toBe(
      'running "DynamicResources" filter plugin: claim ml/<extended-resources>, request container-0-request-1: adding 33 devices exceeds the claim limit of 32, with 0 already accounted for',
    );
  });

  it("requests are counted in name order across containers; an init container reuses a later container's request", () => {
    const spec = {
      initContainers: [{ name: "init", resources: { requests: { [GPU]: "20" } } }],
      containers: [
        { name: "a", resources: { requests: { cpu: "100m", [GPU]: "20" } } },
        { name: "b", resources: { requests: { [GPU]: "13" } } },
      ],
    };
    const r = schedule({ kind: "Pod", metadata: { name: "p", namespace: "ml" }, spec }, cluster(), V);
    // init (index 0) is covered by a's request (index 1); a (20) then b (13): 20 + 13 > 32.
    expect(r.message).toBe(
      'running "DynamicResources" filter plugin: claim ml/<extended-resources>, request container-2-request-0: adding 13 devices exceeds the claim limit of 32, with 20 already accounted for',
    );
  });
});

describe("DeviceClass objects are validated as the API server does", () => {
  it.each([
    [{ ...gpuClass, spec: { extendedResourceName: "gpu" } }, 'items[2].spec.extendedResourceName: "gpu" must be a valid extended resource name'],
    [{ ...gpuClass, metadata: { name: "GPU" } }, 'items[2].metadata.name: "GPU" is not a DNS-1123 subdomain'],
    [{ ...gpuClass, metadata: {} }, "items[2].metadata.name is required"],
    [{ ...gpuClass, spec: { extendedResourceName: GPU, selectors: [{ cel: { expression: "true" } }, {}] } }, "items[2].spec.selectors[1].cel is required"],
  ])("%#", (bad, message) => {
    expect(() => cluster([bad])).toThrow(message);
  });

  it("two classes of one name are refused", () => {
    expect(() => cluster([gpuClass, gpuClass])).toThrow(/items\[3\]\.metadata\.name: "gpu\.example\.com" is a duplicate DeviceClass name/);
  });
});
