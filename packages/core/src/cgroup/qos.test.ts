import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { podQOSClass } from "./index.js";
import { SchedkitError } from "../index.js";
import type { PodQOSClass } from "./index.js";
import { kubePod } from "../_test/layered-pod.js";

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

const toPod = (c: QosCase) =>
  kubePod(
    c.containers.map((k) => ({ requests: k.req, limits: k.lim })),
    c.initContainers.map((k) => ({ requests: k.req, limits: k.lim })),
  );

describe("ComputePodQOS", () => {
  const counter = fixtureCounter("cgroup_vectors.json qosClass", 13);
  it.each(cases)("$name → $expected ($source)", (c) => {
    expect(podQOSClass(toPod(c))).toBe(c.expected);
    counter.ran();
  });

  it("counts a sidecar like any init container: its missing limits rule out Guaranteed", () => {
    const app = { requests: { cpu: 500, memory: 1000 }, limits: { cpu: 500, memory: 1000 } };
    expect(podQOSClass(kubePod([app], [{ restartPolicy: "Always", requests: { cpu: 100 } }]))).toBe("Burstable");
    expect(podQOSClass(kubePod([app], [{ restartPolicy: "Always", ...app }]))).toBe("Guaranteed");
  });

  it("reads the pod after API defaulting: a limits-only container requests its limits (Guaranteed)", () => {
    expect(podQOSClass(kubePod([{ limits: { cpu: 100, memory: 1000 } }]))).toBe("Guaranteed");
  });

  it("ignores overhead", () => {
    expect(podQOSClass({ metadata: { name: "p" }, spec: { containers: [{ name: "a" }], overhead: { cpu: "100m", memory: "1000" } } })).toBe("BestEffort");
  });

  it("takes the pod-level resources when spec.resources sets cpu or memory (requirementsQOS)", () => {
    const spec = (resources: object) => ({ metadata: { name: "p" }, spec: { resources, containers: [{ name: "a", resources: { requests: { cpu: "1" } } }] } });
    expect(podQOSClass(spec({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }))).toBe("Guaranteed");
    expect(podQOSClass(spec({ limits: { cpu: "1" } }))).toBe("Burstable");
  });

  it.each([
    ["a cpu request that is not a quantity", kubePod([{}]), (p: any) => (p.spec.containers[0].resources = { requests: { cpu: "12x" } }), 'pod.spec.containers[0].resources.requests.cpu: "12x" is not a Kubernetes quantity'],
    ["a negative memory limit", kubePod([{}]), (p: any) => (p.spec.containers[0].resources = { limits: { memory: "-1" } }), "pod.spec.containers[0].resources.limits.memory"],
    ["no containers", kubePod([{}]), (p: any) => (p.spec.containers = []), "pod.spec.containers"],
    ["no metadata.name", kubePod([{}]), (p: any) => delete p.metadata.name, "pod.metadata.name is required"],
    ["containers not an array", kubePod([{}]), (p: any) => (p.spec.containers = {}), "pod.spec.containers"],
  ])("rejects %s, naming the field", (_n, pod, spoil, msg) => {
    spoil(pod);
    expect(() => podQOSClass(pod)).toThrow(SchedkitError);
    expect(() => podQOSClass(pod)).toThrow(msg);
  });
});
