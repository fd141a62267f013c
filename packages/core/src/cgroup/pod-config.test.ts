import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { podCgroupConfig } from "./index.js";
import { SchedkitError } from "../index.js";
import type { CgroupPodSpec, PodQOSClass } from "./index.js";

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

const toPod = (c: PodConfigCase): CgroupPodSpec => ({
  containers: c.containers.map((k) => ({ requests: k.req, limits: k.lim })),
  initContainers: c.initContainers.map((k) => ({ requests: k.req, limits: k.lim })),
});

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

  // Spec §1.6 table and §1.5 aggregation, on pods the fixture does not cover.
  it("gives a BestEffort pod MIN_SHARES and nothing else", () => {
    const got = podCgroupConfig({ containers: [{}] });
    expect(got).toEqual({ qos: "BestEffort", cpuShares: 2, cpuWeight: 1, cpuMax: "max 100000", memoryMax: "max" });
  });

  it("adds overhead to requests always and to limits only when they are non-zero", () => {
    const guaranteed = { requests: { cpu: 1000, memory: 1000 }, limits: { cpu: 1000, memory: 1000 } };
    const got = podCgroupConfig({ containers: [guaranteed], overhead: { cpu: 250, memory: 500 } });
    expect(got.cpuShares).toBe(1280); // (1000 + 250) × 1024 // 1000
    expect(got.cpuQuota).toBe(125000);
    expect(got.memoryLimit).toBe(1500);
    const burstable = podCgroupConfig({ containers: [{ requests: { cpu: 1000 } }], overhead: { cpu: 250 } });
    expect(burstable.cpuShares).toBe(1280);
    expect(burstable.cpuMax).toBe("max 100000");
  });

  it("sums sidecars with app containers and adds earlier sidecars to later init containers", () => {
    const pod: CgroupPodSpec = {
      containers: [{ requests: { cpu: 500 } }],
      initContainers: [
        { restartPolicy: "Always", requests: { cpu: 200 } },
        { requests: { cpu: 1000 } },
      ],
    };
    // max(500 + 200, 1000 + 200) = 1200 m → 1228 shares
    expect(podCgroupConfig(pod).cpuShares).toBe(1228);
  });

  it("takes a regular init container's request when it dominates", () => {
    const pod: CgroupPodSpec = { containers: [{ requests: { cpu: 100 } }], initContainers: [{ requests: { cpu: 300 } }] };
    expect(podCgroupConfig(pod).cpuShares).toBe(307);
  });

  it.each([
    ["a period below 1 ms", { cpuCFSQuotaPeriod: 500 }, /cpuCFSQuotaPeriod/],
    ["a period above 1 s", { cpuCFSQuotaPeriod: 1000001 }, /cpuCFSQuotaPeriod/],
    ["a non-boolean enforceCPULimits", { enforceCPULimits: "yes" as unknown as boolean }, /enforceCPULimits/],
  ])("rejects %s", (_n, options, msg) => {
    expect(() => podCgroupConfig({ containers: [{}] }, options)).toThrow(SchedkitError);
    expect(() => podCgroupConfig({ containers: [{}] }, options)).toThrow(msg);
  });

  it("rejects a pod whose summed CPU request leaves the exact domain", () => {
    const big = { requests: { cpu: 2 ** 33 } };
    expect(() => podCgroupConfig({ containers: [big, big] })).toThrow(/pod requests\.cpu/);
  });
});
