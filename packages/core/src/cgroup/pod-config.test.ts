import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { podCgroupConfig } from "./index.js";
import { SchedkitError } from "../index.js";
import type { PodQOSClass } from "./index.js";
import { kubePod } from "../_test/layered-pod.js";

interface FixtureContainer {
  req: { cpu?: number; memory?: number };
  lim: { cpu?: number; memory?: number };
}
interface PodConfigCase {
  name: string;
  containers: FixtureContainer[];
  initContainers: FixtureContainer[];
  enforceCPULimits: boolean;
  cpuCFSQuotaPeriod_us: number;
  customPeriodGateEnabled: boolean;
  expected: {
    qos: PodQOSClass;
    cpuShares: number;
    cpuQuota?: number;
    cpuPeriod?: number;
    memoryLimit?: number;
    cgroupV2: { "cpu.weight_kubelet": number; "cpu.max": string; "memory.max": string };
  };
  source: string;
}

const cases = loadFixture<{ podCgroupConfig: { cases: PodConfigCase[] } }>("cgroup_vectors.json").podCgroupConfig.cases;

const toPod = (c: PodConfigCase) =>
  kubePod(
    c.containers.map((k) => ({ requests: k.req, limits: k.lim })),
    c.initContainers.map((k) => ({ requests: k.req, limits: k.lim })),
  );

describe("ResourceConfigForPod", () => {
  const counter = fixtureCounter("cgroup_vectors.json podCgroupConfig", 13);
  it.each(cases)("$name ($source)", (c) => {
    const got = podCgroupConfig(toPod(c), {
      enforceCPULimits: c.enforceCPULimits,
      cpuCFSQuotaPeriod: c.cpuCFSQuotaPeriod_us,
      customCPUCFSQuotaPeriod: c.customPeriodGateEnabled,
    });
    const e = c.expected;
    expect(got.qos).toBe(e.qos);
    expect(got.cpuShares).toBe(e.cpuShares);
    // A field the fixture omits is one the kubelet leaves unset (partial-limits Burstable pods).
    expect(got.cpuQuota).toBe(e.cpuQuota);
    expect(got.cpuPeriod).toBe(e.cpuPeriod);
    expect(got.memoryLimit).toBe(e.memoryLimit);
    expect(got.cpuWeight).toBe(e.cgroupV2["cpu.weight_kubelet"]);
    expect(got.cpuMax).toBe(e.cgroupV2["cpu.max"]);
    expect(got.memoryMax).toBe(e.cgroupV2["memory.max"]);
    counter.ran();
  });

  it("leaves quota, period and memory unset for a Burstable pod whose limits are partial", () => {
    const partial = cases.find((c) => c.name === "burstable-partial-limits-with-tuned-quota");
    if (partial === undefined) throw new Error("fixture row missing");
    const got = podCgroupConfig(toPod(partial), { cpuCFSQuotaPeriod: partial.cpuCFSQuotaPeriod_us });
    expect(got).not.toHaveProperty("cpuQuota");
    expect(got).not.toHaveProperty("cpuPeriod");
    expect(got).not.toHaveProperty("memoryLimit");
  });

  // docs/cgroup-overcommit.md §1.6 table and §1.5 aggregation, on pods the fixture does not cover.
  it("gives a BestEffort pod MIN_SHARES and nothing else", () => {
    const got = podCgroupConfig(kubePod([{}]));
    expect(got).toEqual({ qos: "BestEffort", cpuShares: 2, cpuWeight: 1, cpuMax: "max 100000", memoryMax: "max" });
  });

  it("adds overhead to requests always and to limits only when they are non-zero", () => {
    const guaranteed = { name: "app", resources: { requests: { cpu: "1", memory: "1000" }, limits: { cpu: "1", memory: "1000" } } };
    const got = podCgroupConfig({ metadata: { name: "p" }, spec: { containers: [guaranteed], overhead: { cpu: "250m", memory: "500" } } });
    expect(got.cpuShares).toBe(1280); // (1000 + 250) × 1024 // 1000
    expect(got.cpuQuota).toBe(125000);
    expect(got.memoryLimit).toBe(1500);
    const burstable = podCgroupConfig({ metadata: { name: "p" }, spec: { containers: [{ name: "app", resources: { requests: { cpu: "1" } } }], overhead: { cpu: "250m" } } });
    expect(burstable.cpuShares).toBe(1280);
    expect(burstable.cpuMax).toBe("max 100000");
  });

  it("sums sidecars with app containers and adds earlier sidecars to later init containers", () => {
    const pod = kubePod([{ requests: { cpu: 500 } }], [{ restartPolicy: "Always", requests: { cpu: 200 } }, { requests: { cpu: 1000 } }]);
    // max(500 + 200, 1000 + 200) = 1200 m → 1228 shares
    expect(podCgroupConfig(pod).cpuShares).toBe(1228);
  });

  it("takes a regular init container's request when it dominates", () => {
    expect(podCgroupConfig(kubePod([{ requests: { cpu: 100 } }], [{ requests: { cpu: 300 } }])).cpuShares).toBe(307);
  });

  it("reads quantities as the scheduler does: \"1.5\" cpu is 1500m, \"1Gi\" memory is 2^30 bytes", () => {
    const pod = { metadata: { name: "web" }, spec: { containers: [{ name: "web", resources: { limits: { cpu: "1.5", memory: "1Gi" } } }] } };
    // API defaulting: the limits become the requests, so the pod is Guaranteed.
    expect(podCgroupConfig(pod)).toEqual({ qos: "Guaranteed", cpuShares: 1536, cpuQuota: 150000, cpuPeriod: 100000, memoryLimit: 2 ** 30, cpuWeight: 59, cpuMax: "150000 100000", memoryMax: String(2 ** 30) });
  });

  describe("pod-level resources (spec.resources, PodLevelResources)", () => {
    it("take the pod's requests and limits from spec.resources, and its QoS from them", () => {
      const pod = {
        metadata: { name: "p" },
        spec: {
          resources: { requests: { cpu: "2", memory: "1Gi" }, limits: { cpu: "2", memory: "1Gi" } },
          containers: [{ name: "a", resources: {} }, { name: "b", resources: { requests: { cpu: "100m" } } }],
        },
      };
      const got = podCgroupConfig(pod);
      expect(got.qos).toBe("Guaranteed");
      expect(got.cpuShares).toBe(2048);
      expect(got.cpuQuota).toBe(200000);
      expect(got.memoryLimit).toBe(2 ** 30);
    });

    it("declare a CPU limit for the pod even when a container sets none (Burstable keeps its quota)", () => {
      const pod = { metadata: { name: "p" }, spec: { resources: { requests: { cpu: "1" }, limits: { cpu: "3" } }, containers: [{ name: "a", resources: {} }] } };
      const got = podCgroupConfig(pod);
      expect(got.qos).toBe("Burstable");
      expect(got.cpuQuota).toBe(300000);
      expect(got).not.toHaveProperty("memoryLimit");
    });
  });

  it.each([
    ["a period below 1 ms", { cpuCFSQuotaPeriod: 500 }, /cpuCFSQuotaPeriod/],
    ["a period above 1 s", { cpuCFSQuotaPeriod: 1000001 }, /cpuCFSQuotaPeriod/],
    ["a non-boolean enforceCPULimits", { enforceCPULimits: "yes" as unknown as boolean }, /enforceCPULimits/],
  ])("rejects %s", (_n, options, msg) => {
    expect(() => podCgroupConfig(kubePod([{}]), options)).toThrow(SchedkitError);
    expect(() => podCgroupConfig(kubePod([{}]), options)).toThrow(msg);
  });

  it("rejects a pod whose summed CPU request leaves the exact domain, naming the pod", () => {
    const big = { requests: { cpu: 2 ** 33 } };
    expect(() => podCgroupConfig(kubePod([big, big]))).toThrow(/^pod requests\.cpu: "17179869\.184" is above \d+m, the largest cpu/);
  });
});
