import { describe, expect, it } from "vitest";
import { createCluster, podRequests, schedule, SchedkitError } from "../index.js";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { toKubePod } from "../_test/kube.js";

const fx = loadFixture("pod_requests.json");

// Only boolean gate values are overrides; "default (enabled in this era)" keeps the release default. A case that
// switches PodLevelResources off (component-helpers' SkipPodLevelResources) switches off the gate that depends on
// it too, unless the case sets it: kube-scheduler refuses the one without the other from 1.35
// (defaultKubernetesFeatureGateDependencies), and the dependent gate reads nothing without PodLevelResources.
function gates(features: Record<string, unknown> | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(features ?? {})) {
    if (typeof v !== "boolean") continue;
    out[k] = v;
  }
  if (out["PodLevelResources"] === false && !("InPlacePodLevelResourcesVerticalScaling" in out)) out["InPlacePodLevelResourcesVerticalScaling"] = false;
  return out;
}

describe("PodRequests (component-helpers resource/helpers.go, docs/scheduler.md §2.1)", () => {
  const counter = fixtureCounter("pod_requests.json", fx.cases.length);
  for (const c of fx.cases) {
    it(c.name, () => {
      counter.ran();
      const r = podRequests(toKubePod(c.pod, "p"), { kubernetesVersion: c.kubernetesVersion, featureGates: gates(c.features) });
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

// In-place resize (InPlacePodVerticalScaling). component-helpers v0.37.1 resource/helpers.go AggregateContainerRequests
// sums each view over the containers — aggregateContainerResourcesByFn with containerSpecRequests,
// containerActuatedRequests, containerAllocatedRequests — and takes max(spec, actuated, allocated) of the totals.
// v0.33–v0.36 took that max per container (determineContainerReqs / determineEffectiveRequests) and summed it.
type Status = { name: string; spec: number; actuated?: number; allocated?: number; restartPolicy?: string };
const M = 200 * 1024 * 1024;

function resizedPod(app: Status[], init: Status[] = [], extra: { infeasible?: boolean } = {}) {
  const container = (c: Status) => ({ name: c.name, requests: { cpu: c.spec, memory: M }, ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}) });
  const status = (c: Status) => ({
    name: c.name,
    ...(c.actuated !== undefined ? { resources: { requests: { cpu: c.actuated } } } : {}),
    ...(c.allocated !== undefined ? { allocatedResources: { cpu: c.allocated } } : {}),
  });
  const withStatus = (l: Status[]) => l.filter((c) => c.actuated !== undefined || c.allocated !== undefined).map(status);
  return toKubePod(
    {
      phase: "Running",
      containers: app.map(container),
      initContainers: init.map(container),
      status: {
        containerStatuses: withStatus(app),
        initContainerStatuses: withStatus(init),
        ...(extra.infeasible ? { conditions: [{ type: "PodResizePending", status: "True", reason: "Infeasible" }] } : {}),
      },
    },
    "p",
  );
}

// A: spec 100m, allocated 300m; B: spec 400m, allocated 100m (actuated = spec: the kubelet has not resized yet).
const crossing = resizedPod([
  { name: "a", spec: 100, actuated: 100, allocated: 300 },
  { name: "b", spec: 400, actuated: 400, allocated: 100 },
]);

const cpuOn = (kubernetesVersion: string, pod: unknown) => podRequests(pod, { kubernetesVersion }).requested["cpu"];

describe("in-place resize, 1.37: the max of the spec, actuated and allocated totals, each summed over the containers", () => {
  const mirror = resizedPod([
    { name: "a", spec: 300, actuated: 300, allocated: 100 },
    { name: "b", spec: 100, actuated: 100, allocated: 400 },
  ]);

  it("two containers whose spec and allocated requests cross count max(500m, 400m) = 500m, not 300m + 400m", () => {
    expect(cpuOn("1.37", crossing)).toBe(500);
  });

  it("the mirror case: max(spec 400m, allocated 500m) = 500m", () => {
    expect(cpuOn("1.37", mirror)).toBe(500);
  });

  it("the non-zero (scoring) variant sums each view with the defaults filled in per container", () => {
    expect(podRequests(crossing, { kubernetesVersion: "1.37" }).nonZeroRequested).toEqual({ cpu: 500, memory: 2 * M });
  });

  it("a pod with no status counts its spec", () => {
    expect(cpuOn("1.37", resizedPod([{ name: "a", spec: 100 }, { name: "b", spec: 400 }]))).toBe(500);
  });

  it("a status with resources but no requests falls back to allocatedResources for the actuated view (containerActuatedRequests)", () => {
    const pod = toKubePod(
      {
        phase: "Running",
        containers: [
          { name: "a", requests: { cpu: 100 } },
          { name: "b", requests: { cpu: 100 } },
        ],
        status: {
          containerStatuses: [
            { name: "a", resources: {}, allocatedResources: { cpu: 300 } },
            { name: "b", resources: { requests: { cpu: 400 } }, allocatedResources: { cpu: 100 } },
          ],
        },
      },
      "p",
    );
    // actuated = 300m (a's allocated) + 400m; allocated = 300m + 100m; spec = 200m.
    expect(cpuOn("1.37", pod)).toBe(700);
  });

  it("an infeasible resize drops the spec, and a container without status then adds nothing", () => {
    const pod = resizedPod([{ name: "a", spec: 100, actuated: 300 }, { name: "b", spec: 400 }], [], { infeasible: true });
    expect(cpuOn("1.37", pod)).toBe(300);
  });
});

describe("in-place resize, 1.33–1.36: the per-container max of spec, actuated and allocated, summed", () => {
  it("the crossing containers count 300m + 400m = 700m", () => {
    expect(cpuOn("1.36", crossing)).toBe(700);
    expect(cpuOn("1.33", crossing)).toBe(700);
  });

  it("a status without resources leaves the container at its spec", () => {
    const pod = resizedPod([{ name: "a", spec: 100, allocated: 300 }]);
    expect(cpuOn("1.36", pod)).toBe(100);
    expect(cpuOn("1.37", pod)).toBe(300);
  });

  it("before 1.33 (gate off by default) statuses are not read", () => {
    const pod = resizedPod([{ name: "a", spec: 100, actuated: 300, allocated: 300 }]);
    expect(cpuOn("1.32", pod)).toBe(100);
  });

  it("an infeasible resize keeps a container without status at its spec", () => {
    const pod = resizedPod([{ name: "a", spec: 100, actuated: 300 }, { name: "b", spec: 400 }], [], { infeasible: true });
    expect(cpuOn("1.36", pod)).toBe(700);
  });
});

describe("in-place resize of init and sidecar containers", () => {
  it("1.37: a sidecar crossing an app container joins the sums: max(500m, 400m)", () => {
    const pod = resizedPod([{ name: "c", spec: 400, actuated: 400, allocated: 100 }], [{ name: "s", spec: 100, actuated: 100, allocated: 300, restartPolicy: "Always" }]);
    expect(cpuOn("1.37", pod)).toBe(500);
    expect(cpuOn("1.36", pod)).toBe(700);
  });

  it("1.37 reads a regular init container's status too (findContainerStatus); 1.36 only a sidecar's", () => {
    const pod = resizedPod([{ name: "c", spec: 100 }], [{ name: "i", spec: 1000, actuated: 2000, allocated: 2000 }]);
    expect(cpuOn("1.37", pod)).toBe(2000);
    expect(cpuOn("1.36", pod)).toBe(1000);
  });

  it("a regular init container runs beside the sidecars declared before it, in every view", () => {
    // spec: max(c 100 + s 100, s 100 + i 300) = 400; allocated: max(100 + 500, 500 + 300) = 800.
    const pod = resizedPod(
      [{ name: "c", spec: 100 }],
      [
        { name: "s", spec: 100, actuated: 100, allocated: 500, restartPolicy: "Always" },
        { name: "i", spec: 300 },
      ],
    );
    expect(cpuOn("1.37", pod)).toBe(800);
  });
});

describe("in-place resize with pod-level status (InPlacePodLevelResourcesVerticalScaling)", () => {
  it("1.37: status.resources.requests and status.allocatedResources replace the container totals", () => {
    const pod = resizedPod([{ name: "a", spec: 500, actuated: 900, allocated: 900 }]) as { status: Record<string, unknown> };
    pod.status["resources"] = { requests: { cpu: "400m" } };
    pod.status["allocatedResources"] = { cpu: "450m" };
    expect(cpuOn("1.37", pod)).toBe(500);
    expect(cpuOn("1.36", pod)).toBe(900);
  });

  it("with the gate off, the container statuses count instead (1.37) and pod-level status is ignored (1.36)", () => {
    const pod = resizedPod([{ name: "a", spec: 500, actuated: 900, allocated: 900 }]) as { status: Record<string, unknown> };
    pod.status["resources"] = { requests: { cpu: "400m" } };
    pod.status["allocatedResources"] = { cpu: "450m" };
    const off = { InPlacePodLevelResourcesVerticalScaling: false };
    expect(podRequests(pod, { kubernetesVersion: "1.37", featureGates: off }).requested["cpu"]).toBe(900);
    const withPodLevel = toKubePod({ phase: "Running", resources: { requests: { cpu: 1000 } }, containers: [{ name: "a", requests: { cpu: 100 } }], status: { resources: { requests: { cpu: 3000 } }, allocatedResources: { cpu: 3000 } } }, "p");
    expect(podRequests(withPodLevel, { kubernetesVersion: "1.36" }).requested["cpu"]).toBe(3000);
    expect(podRequests(withPodLevel, { kubernetesVersion: "1.36", featureGates: off }).requested["cpu"]).toBe(1000);
    // Alpha (off) in 1.35: the pod-level spec alone.
    expect(podRequests(withPodLevel, { kubernetesVersion: "1.35" }).requested["cpu"]).toBe(1000);
  });

  it("pod-level spec requests ignore status.allocatedResources while status.resources is unset (PodRequests)", () => {
    const pod = toKubePod({ phase: "Running", resources: { requests: { cpu: 1000 } }, containers: [{ name: "a", requests: { cpu: 100 } }], status: { allocatedResources: { cpu: 2000 } } }, "p");
    expect(cpuOn("1.37", pod)).toBe(1000);
    expect(cpuOn("1.36", pod)).toBe(1000);
  });
});
