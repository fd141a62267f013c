import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { assertProperty, runParameters, propertySeeds } from "../_test/long.js";
import { resolveFeatureGates } from "../framework/features.js";
import { podLimitQuantities } from "../framework/pod-requests.js";
import { parseKubeVersion } from "../framework/version.js";
import { podResourceSpecFromKube, QUANTITY_LISTS } from "../model/kube.js";
import { parseQuantity } from "../quantity.js";
import { SchedkitError } from "../errors.js";
import { podCgroupConfig, podQOSClass } from "./index.js";
import { cgroupPodFromKube, cgroupPodOf } from "./pod-spec.js";

interface Case<E> {
  readonly name: string;
  readonly pod: object;
  readonly expected: E;
}
interface Table {
  readonly computePodQOS: { readonly cases: readonly Case<string>[] };
  readonly podLimits: { readonly cases: readonly Case<Record<string, string>>[] };
  readonly resourceConfigForPod: {
    readonly cases: readonly (Case<{ cpuShares: number; cpuQuota?: number; cpuPeriod?: number; memoryLimit?: number }> & { enforceCPULimits: boolean })[];
  };
}
const table = loadFixture<Table>("kubelet_pod_cgroup.json");
const GATES_1_37 = resolveFeatureGates(parseKubeVersion("1.37"), undefined);

describe("ComputePodQOS judges container by container (v1.37 qos.go, TestComputePodQOS)", () => {
  const counter = fixtureCounter("kubelet_pod_cgroup.json computePodQOS", 80);
  it.each(table.computePodQOS.cases)("$name → $expected", (c) => {
    expect(podQOSClass(c.pod)).toBe(c.expected);
    counter.ran();
  });

  it("is Burstable when two containers' requests and limits cross, though their sums are equal", () => {
    const pod = {
      metadata: { name: "crossed" },
      spec: {
        containers: [
          { name: "a", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "1Gi" } } },
          { name: "b", resources: { requests: { cpu: "2", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
        ],
      },
    };
    expect(podQOSClass(pod)).toBe("Burstable");
  });
});

describe("PodLimits takes the larger of the running total and the largest init step (component-helpers TestPodResourceLimits)", () => {
  const counter = fixtureCounter("kubelet_pod_cgroup.json podLimits", 11);
  it.each(table.podLimits.cases)("$name", (c) => {
    const limits = podLimitQuantities(podResourceSpecFromKube(c.pod, "pod", QUANTITY_LISTS), GATES_1_37);
    expect([...limits.keys()].sort()).toEqual(Object.keys(c.expected).sort());
    for (const [k, v] of Object.entries(c.expected)) expect(limits.get(k)!.cmp(parseQuantity(v)), k).toBe(0);
    // The cgroup pod reads the same totals as integers.
    const pod = cgroupPodFromKube(c.pod);
    expect(pod.limitCpu).toBe(c.expected["cpu"] === undefined ? 0 : Number(parseQuantity(c.expected["cpu"]).milliValue()));
    expect(pod.limitMemory).toBe(c.expected["memory"] === undefined ? 0 : Number(parseQuantity(c.expected["memory"]).value()));
    counter.ran();
  });
});

describe("ResourceConfigForPod reads pod-level resources (helpers_linux_test.go TestResourceConfigForPod)", () => {
  const counter = fixtureCounter("kubelet_pod_cgroup.json resourceConfigForPod", 9);
  it.each(table.resourceConfigForPod.cases)("$name", (c) => {
    const config = podCgroupConfig(c.pod, { enforceCPULimits: c.enforceCPULimits });
    expect({ cpuShares: config.cpuShares, cpuQuota: config.cpuQuota, cpuPeriod: config.cpuPeriod, memoryLimit: config.memoryLimit }).toEqual({
      cpuShares: c.expected.cpuShares,
      cpuQuota: c.expected.cpuQuota,
      cpuPeriod: c.expected.cpuPeriod,
      memoryLimit: c.expected.memoryLimit,
    });
    counter.ran();
  });
});

describe("the resource-only parse keeps podFromKube's errors", () => {
  const pod = (containers: unknown) => ({ metadata: { name: "p" }, spec: { containers } });
  it.each([
    ["a cpu request that is not a quantity", pod([{ name: "a", resources: { requests: { cpu: "12x" } } }]), 'pods[3].spec.containers[0].resources.requests.cpu: "12x" is not a Kubernetes quantity'],
    ["a negative memory limit", pod([{ name: "a", resources: { limits: { memory: "-1" } } }]), "pods[3].spec.containers[0].resources.limits.memory"],
    ["a resource name that is not a qualified name", pod([{ name: "a", resources: { limits: { "a/b/c": "1" } } }]), "pods[3].spec.containers[0].resources.limits"],
    ["a duplicated container name", pod([{ name: "a" }, { name: "a" }]), 'pods[3].spec.containers[1].name: "a" duplicates pods[3].spec.containers[0].name'],
    ["a container without a name", pod([{}]), "pods[3].spec.containers[0].name"],
  ])("rejects %s, naming the field", (_n, obj, message) => {
    expect(() => cgroupPodFromKube(obj, "pods[3]")).toThrow(SchedkitError);
    expect(() => cgroupPodFromKube(obj, "pods[3]")).toThrow(message);
  });

  it("does not read the scheduler's fields (an invalid toleration is the scheduler's error, not the cgroup's)", () => {
    const obj = { metadata: { name: "p" }, spec: { tolerations: [{ operator: "Sometimes" }], containers: [{ name: "a" }] } };
    expect(cgroupPodFromKube(obj).qos).toBe("BestEffort");
  });
});

// Quantities drawn to exercise both paths: whole millicores and bytes (integers) and fractions of them, suffixes
// and exponents, zero, and values near the domain's edges (the Quantity maps).
const cpuText = fc.oneof(
  fc.integer({ min: 0, max: 64_000 }).map((m) => `${m}m`),
  fc.integer({ min: 0, max: 64 }).map(String),
  fc.constantFrom("0.5m", "1.0005", "0.1", "2e3m", "1k", "8589934592m", "8589934593m", "0"),
);
const memoryText = fc.oneof(
  fc.integer({ min: 0, max: 1 << 20 }).map((k) => `${k}Ki`),
  fc.integer({ min: 0, max: 4096 }).map((m) => `${m}Mi`),
  fc.constantFrom("1.5", "0.5Ki", "100m", "1e3", "9007199254740991", "4503599627370496", "0"),
);
const list = fc.record({ cpu: cpuText, memory: memoryText, "ephemeral-storage": fc.constant("1Gi"), "hugepages-2Mi": fc.constant("2Mi") }, { requiredKeys: [] });
const resources = fc.record({ requests: list, limits: list }, { requiredKeys: [] });
const podArb = fc
  .record({
    app: fc.array(resources, { minLength: 1, maxLength: 3 }),
    init: fc.array(fc.record({ resources, sidecar: fc.boolean() }), { maxLength: 3 }),
    overhead: fc.option(list, { nil: undefined }),
    podLevel: fc.option(resources, { nil: undefined }),
  })
  .map(({ app, init, overhead, podLevel }) => ({
    metadata: { name: "p" },
    spec: {
      containers: app.map((r, i) => ({ name: `app-${i}`, resources: r })),
      initContainers: init.map((c, i) => ({ name: `init-${i}`, resources: c.resources, ...(c.sidecar ? { restartPolicy: "Always" } : {}) })),
      ...(overhead === undefined ? {} : { overhead }),
      ...(podLevel === undefined ? {} : { resources: podLevel }),
    },
  }));

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

describe("the integer path equals the Quantity maps", () => {
  it.each(propertySeeds(20261205))("on random pods (%s %i)", (_n, seed) => {
    assertProperty(
      "cgroup pod: integers = Quantity maps",
      fc.property(podArb, (pod) => {
        expect(outcome(() => cgroupPodFromKube(pod))).toEqual(outcome(() => cgroupPodOf(podResourceSpecFromKube(pod, "pod", QUANTITY_LISTS), "pod")));
      }),
      runParameters(500, seed),
    );
  });
});
