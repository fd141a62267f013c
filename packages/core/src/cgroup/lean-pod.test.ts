import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertProperty, propertySeeds, runParameters } from "../_test/long.js";
import { kubePod } from "../_test/layered-pod.js";
import { resourcePodArbitrary } from "../_test/resource-pods.js";
import { podResourceSpecFromKube } from "../model/kube.js";
import { CPU_MEMORY } from "./cpu-memory.js";
import { LeanPodReader, MAX_CONTAINERS } from "./lean-pod.js";

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

describe("a pod in the common shape reads as podResourceSpecFromKube reads it", () => {
  const reader = new LeanPodReader();
  const full = (pod: unknown) => podResourceSpecFromKube(pod, "pod", CPU_MEMORY);

  it.each([
    ["Burstable app containers", kubePod([{ requests: { cpu: 250, memory: 2 ** 27 }, limits: { cpu: 1000 } }, {}])],
    ["limits only (requests default to them)", kubePod([{ limits: { cpu: 500, memory: 2 ** 30 } }])],
    ["a sidecar and a finished init container", kubePod([{ requests: { cpu: 100 } }], [{ requests: { cpu: 300 }, restartPolicy: "Always" }, { requests: { cpu: 2000 } }])],
    ["overhead, pod-level resources and a namespace", {
      metadata: { name: "p", namespace: "prod" },
      spec: { containers: [{ name: "a", resources: { requests: { cpu: "1", memory: "1Gi" } } }], overhead: { cpu: "250m", memory: "120Mi" }, resources: { limits: { cpu: "2", memory: "2Gi" } } },
    }],
    // model/json.ts field: only own properties are fields; the lean reader tests ownership only for a value
    // the plain load finds, so an inherited one must still read as absent.
    ["inherited optional fields read as absent", {
      metadata: Object.assign(Object.create({ namespace: "inherited" }), { name: "p" }),
      spec: Object.assign(Object.create({ initContainers: [{ name: "i", resources: { requests: { cpu: "9" } } }], overhead: { cpu: "1" }, resources: { limits: { cpu: "4" } } }), {
        containers: [Object.assign(Object.create({ restartPolicy: "Always" }), { name: "a", resources: Object.assign(Object.create({ limits: { cpu: "2" } }), { requests: { cpu: "1" } }) })],
      }),
    }],
    ["JSON nulls where a field is optional", { kind: null, metadata: { name: "p", namespace: null }, spec: { initContainers: null, containers: [{ name: "a", resources: { requests: null, limits: { cpu: 2, memory: null === null ? 1 : 0 } }, restartPolicy: null }], overhead: null } }],
  ])("%s", (_n, pod) => {
    const lean = reader.read(pod);
    expect(lean, "read by the lean path").not.toBeNull();
    expect(lean).toEqual(full(pod));
  });

  it("reuses one spec: what it returned is overwritten by the next read", () => {
    const first = reader.read(kubePod([{ requests: { cpu: 1 } }, { requests: { cpu: 2 } }], [], "first"))!;
    const second = reader.read(kubePod([{ requests: { cpu: 3 } }], [], "second"))!;
    expect(first).toBe(second);
    expect(second.name).toBe("second");
    expect(second.containers.map((c) => c.requests.cpu)).toEqual([3]);
  });
});

describe("anything else is left to the full parser, which names the field", () => {
  const reader = new LeanPodReader();
  it.each([
    ["a cpu request that is not a quantity", { metadata: { name: "p" }, spec: { containers: [{ name: "a", resources: { requests: { cpu: "12x" } } }] } }],
    ["a fraction of a millicore", kubePod([{ requests: { cpu: 0.5 } }])],
    ["an extended resource", { metadata: { name: "p" }, spec: { containers: [{ name: "a", resources: { limits: { "example.com/gpu": "1" } } }] } }],
    ["duplicate container names", kubePod([{ name: "a" }, { name: "a" }])],
    ["an init container and an app container of one name", kubePod([{ name: "b" }, { name: "a" }], [{ name: "c" }, { name: "a" }])],
    ["an inherited spec", Object.create(kubePod([{}]))],
    ["an inherited resource", { metadata: { name: "p" }, spec: { containers: [{ name: "a", resources: { requests: Object.assign(Object.create({ cpu: "1" }), { memory: "1" }) } }] } }],
    ["no containers", { metadata: { name: "p" }, spec: { containers: [] } }],
  ])("%s", (_n, pod) => {
    expect(reader.read(pod)).toBeNull();
  });
});

describe("at most MAX_CONTAINERS containers, init and app together; a larger pod goes to the full parser", () => {
  const reader = new LeanPodReader();
  const full = (pod: unknown) => podResourceSpecFromKube(pod, "pod", CPU_MEMORY);
  const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ requests: { cpu: 100 * (i + 1) } }));
  const half = MAX_CONTAINERS / 2;

  it("reads a pod of MAX_CONTAINERS containers, then smaller and larger pods, each as the full parser does", () => {
    const atLimit = kubePod(containers(half), containers(half), "at-limit");
    const appOnly = kubePod(containers(MAX_CONTAINERS), [], "app-only");
    const small = kubePod(containers(2), containers(1), "small");
    for (const pod of [atLimit, small, appOnly, atLimit]) expect(reader.read(pod)).toEqual(full(pod));
  });

  it.each([
    ["app containers", kubePod(containers(MAX_CONTAINERS + 1))],
    ["init containers", kubePod(containers(1), containers(MAX_CONTAINERS + 1))],
    ["init and app containers together", kubePod(containers(half + 1), containers(half))],
  ])("one more, in %s: null, and the full parser reads it", (_n, pod) => {
    expect(reader.read(pod)).toBeNull();
    const spec = full(pod);
    expect(spec.containers.length + spec.initContainers.length).toBeGreaterThan(MAX_CONTAINERS);
  });
});

describe("the lean path equals podResourceSpecFromKube (fast-check)", () => {
  it.each(propertySeeds(20261205))("over valid and malformed pods (%s %i)", (_kind, seed) => {
    const reader = new LeanPodReader();
    let read = 0;
    const { numRuns } = assertProperty(
      "LeanPodReader = podResourceSpecFromKube(CPU_MEMORY) or null",
      fc.property(resourcePodArbitrary, (pod) => {
        const lean = reader.read(pod);
        if (lean === null) return;
        read++;
        // What the lean path reads, the full parser accepts, to the same spec.
        expect(outcome(() => podResourceSpecFromKube(pod, "pod", CPU_MEMORY))).toEqual({ value: lean });
      }),
      runParameters(2000, seed),
    );
    expect(read).toBeGreaterThan(numRuns / 10);
  });
});
