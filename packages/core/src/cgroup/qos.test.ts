import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { podQOSClass } from "./index.js";
import { SchedkitError } from "../index.js";
import type { CgroupPodSpec, PodQOSClass } from "./index.js";

interface FixtureContainer {
  req: { cpu?: number; memory?: number };
  lim: { cpu?: number; memory?: number };
}
interface QosCase {
  name: string;
  containers: FixtureContainer[];
  initContainers: FixtureContainer[];
  expected: PodQOSClass;
  source: string;
}

const cases = loadFixture<{ qosClass: { cases: QosCase[] } }>("cgroup_vectors.json").qosClass.cases;

const toPod = (c: QosCase): CgroupPodSpec => ({
  containers: c.containers.map((k) => ({ requests: k.req, limits: k.lim })),
  initContainers: c.initContainers.map((k) => ({ requests: k.req, limits: k.lim })),
});

describe("ComputePodQOS", () => {
  const counter = fixtureCounter("cgroup_vectors.json qosClass", 13);
  it.each(cases)("$name → $expected ($source)", (c) => {
    expect(podQOSClass(toPod(c))).toBe(c.expected);
    counter.ran();
  });

  // Spec §1.4 rules applied to sidecars and to limits-only containers.
  it("counts a sidecar like any init container: its missing limits rule out Guaranteed", () => {
    const app = { requests: { cpu: 500, memory: 1000 }, limits: { cpu: 500, memory: 1000 } };
    expect(podQOSClass({ containers: [app], initContainers: [{ restartPolicy: "Always", requests: { cpu: 100 } }] })).toBe("Burstable");
    expect(podQOSClass({ containers: [app], initContainers: [{ restartPolicy: "Always", ...app }] })).toBe("Guaranteed");
  });

  it("treats a limits-only container without API defaulting as Burstable (no requests summed)", () => {
    expect(podQOSClass({ containers: [{ limits: { cpu: 100, memory: 1000 } }] })).toBe("Burstable");
  });

  it("ignores overhead", () => {
    expect(podQOSClass({ containers: [{}], overhead: { cpu: 100, memory: 1000 } })).toBe("BestEffort");
  });

  it.each([
    ["negative cpu request", { containers: [{ requests: { cpu: -1 } }] }, /containers\[0\]\.requests\.cpu/],
    ["fractional memory limit", { containers: [{ limits: { memory: 0.5 } }] }, /containers\[0\]\.limits\.memory/],
    ["NaN init cpu", { containers: [], initContainers: [{}, { requests: { cpu: Number.NaN } }] }, /initContainers\[1\]\.requests\.cpu/],
    ["bad restartPolicy", { containers: [], initContainers: [{ restartPolicy: "OnFailure" }] }, /restartPolicy/],
    ["containers not an array", { containers: {} }, /containers/],
  ])("rejects %s", (_n, pod, msg) => {
    expect(() => podQOSClass(pod as unknown as CgroupPodSpec)).toThrow(SchedkitError);
    expect(() => podQOSClass(pod as unknown as CgroupPodSpec)).toThrow(msg);
  });
});
