import { describe, expect, it } from "vitest";
import { createCluster, podRequests, schedule, SchedkitError } from "../index.js";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { toKubePod } from "../_test/kube.js";

const fx = loadFixture("pod_requests.json");

// Only boolean gate values are overrides; "default (enabled in this era)" keeps the release default.
function gates(features: Record<string, unknown> | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(features ?? {})) {
    if (typeof v !== "boolean") continue;
    // schedkit models pod-level in-place resize under the InPlacePodVerticalScaling gate.
    if (k === "InPlacePodLevelResourcesVerticalScaling") continue;
    out[k] = v;
  }
  return out;
}

describe("PodRequests (component-helpers resource/helpers.go, docs/scheduler.md §2.1)", () => {
  const counter = fixtureCounter("pod_requests.json", fx.cases.length);
  for (const c of fx.cases) {
    it(c.name, () => {
      counter.ran();
      const r = podRequests(toKubePod(c.pod, "p"), { featureGates: gates(c.features) });
      for (const [k, v] of Object.entries(c.expected.requested as Record<string, number>)) {
        expect(r.requested[k] ?? 0, `requested.${k}`).toBe(v);
      }
      // fit_test.go's computePodResourceRequest cases compare the requests only.
      if (c.expected.nonZeroRequested !== undefined) expect(r.nonZeroRequested).toEqual(c.expected.nonZeroRequested);
    });
  }
});

describe("quantities are summed exactly before conversion", () => {
  it("two containers of 1.5m cpu request 3 millicores, not 4", () => {
    const pod = {
      metadata: { name: "p" },
      spec: {
        containers: [
          { name: "a", resources: { requests: { cpu: "1.5m" } } },
          { name: "b", resources: { requests: { cpu: "1.5m" } } },
        ],
      },
    };
    expect(podRequests(pod).requested["cpu"]).toBe(3);
  });

  it("an explicit zero request is kept as zero for scoring; a missing one gets the default", () => {
    const pod = {
      metadata: { name: "p" },
      spec: {
        containers: [
          { name: "a", resources: { requests: { cpu: "0" } } },
          { name: "b", resources: {} },
        ],
      },
    };
    expect(podRequests(pod).nonZeroRequested).toEqual({ cpu: 100, memory: 2 * 200 * 1024 * 1024 });
  });
});

describe("DRANodeAllocatableResources: a bound pod's node-allocatable claim statuses count toward its requests", () => {
  const claims = [{ resourceClaimName: "c", containers: ["app"], mapping: [{ name: "cpu", quantity: "500m" }], overhead: [{ name: "memory", perPod: "1Mi", perContainer: "1Mi" }] }];
  const kubePod = (name: string, cpu: string, nodeName?: string) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { ...(nodeName === undefined ? {} : { nodeName }), containers: [{ name: "app", resources: { requests: { cpu, memory: "1Mi" } } }] },
    status: { nodeAllocatableResourceClaimStatuses: claims },
  });
  const node = { apiVersion: "v1", kind: "Node", metadata: { name: "n" }, status: { allocatable: { cpu: "1", memory: "1Gi", pods: "10" } } };
  const gate = { kubernetesVersion: "1.36", featureGates: { DRANodeAllocatableResources: true } };

  it("adds mapping, perPod and perContainer × listed containers for a bound pod", () => {
    expect(podRequests(kubePod("p", "100m", "n"), gate).requested).toMatchObject({ cpu: 600, memory: 3 * 2 ** 20 });
    expect(podRequests(kubePod("p", "100m", "n"), { kubernetesVersion: "1.36" }).requested).toMatchObject({ cpu: 100, memory: 2 ** 20 });
  });

  it("ignores them for a pod still to schedule (Fit's PreFilter does not read them, and assume overwrites them)", () => {
    expect(podRequests(kubePod("p", "100m"), gate).requested).toMatchObject({ cpu: 100, memory: 2 ** 20 });
  });

  it("fills the node: a bound pod's 500m claim leaves no room for a 600m pod", () => {
    const cluster = createCluster({ nodes: [node], pods: [kubePod("bound", "100m", "n")] });
    const pending = { ...kubePod("new", "600m"), status: {} };
    expect(schedule(pending, cluster, { ...gate, explain: false }).status).toBe("Unschedulable");
    expect(schedule(pending, cluster, { kubernetesVersion: "1.36", explain: false }).status).toBe("Scheduled");
  });

  it.each([
    ["a claim status without resourceClaimName", [{ mapping: [] }], "pod.status.nodeAllocatableResourceClaimStatuses[0].resourceClaimName is required"],
    ["a mapping without a name", [{ resourceClaimName: "c", mapping: [{ quantity: "1" }] }], "pod.status.nodeAllocatableResourceClaimStatuses[0].mapping[0].name is required"],
    ["a quantity that is not one", [{ resourceClaimName: "c", mapping: [{ name: "cpu", quantity: "12x" }] }], 'pod.status.nodeAllocatableResourceClaimStatuses[0].mapping[0].quantity: "12x" is not a Kubernetes quantity'],
    ["a negative overhead", [{ resourceClaimName: "c", overhead: [{ name: "cpu", perPod: "-1" }] }], 'pod.status.nodeAllocatableResourceClaimStatuses[0].overhead[0].perPod: "-1" is negative'],
    ["a container that is not a name", [{ resourceClaimName: "c", containers: [7] }], "pod.status.nodeAllocatableResourceClaimStatuses[0].containers[0]: 7 is not a string"],
  ])("rejects %s, naming the field", (_name, statuses, message) => {
    const p = { ...kubePod("p", "1", "n"), status: { nodeAllocatableResourceClaimStatuses: statuses } };
    expect(() => podRequests(p, gate)).toThrow(SchedkitError);
    expect(() => podRequests(p, gate)).toThrow(message);
  });
});
