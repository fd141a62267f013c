import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertProperty, propertySeeds, runParameters } from "../_test/long.js";
import { layeredPod } from "../_test/layered-pod.js";
import { resourcePodArbitrary } from "../_test/resource-pods.js";
import { podCpuCgroup } from "../cgroup/pod-config.js";
import { cgroupPodOf } from "../cgroup/pod-spec.js";
import { SchedkitError } from "../errors.js";
import { podResourceSpecFromKube, QUANTITY_LISTS } from "../model/kube.js";
import { GuestPodRow } from "./guest-pod.js";

const PATH = "hosts[0].vms[1].node.pods[2]";
const at = () => PATH;

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).message, class: (e as Error).name };
  }
};

// What a test compares of a row after it read a pod.
function figures(row: GuestPodRow) {
  const n = row.containers;
  return {
    name: row.name,
    namespace: row.namespace,
    qos: row.qos,
    requestCpu: row.requestCpu,
    limitCpu: row.limitCpu,
    limitMilli: row.limitMilli,
    cpuShares: row.cpuShares,
    cpuWeight: row.cpuWeight,
    maxCpus: row.maxCpus,
    demandMilli: row.demandMilli,
    containers: Array.from({ length: n }, (_, i) => [row.containerName[i], row.containerRequest[i], row.containerLimit[i], row.containerDemand[i], row.containerThreads[i]]),
  };
}

describe("GuestPodRow.read names the field of a malformed pod", () => {
  const spec = (resources: unknown) => ({ metadata: { name: "p" }, spec: { containers: [{ name: "c0", resources }] }, demandMilli: { c0: 1 } });
  it.each([
    ["a cpu request that is not a quantity", spec({ requests: { cpu: "12x" } }), `${PATH}.spec.containers[0].resources.requests.cpu: "12x" is not a Kubernetes quantity`],
    ["a negative cpu limit", spec({ limits: { cpu: "-100m" } }), `${PATH}.spec.containers[0].resources.limits.cpu: "-100m" is negative`],
    ["a running container without a demand", { ...layeredPod("p", [{ demandMilli: 1 }]), demandMilli: {} }, `${PATH}.demandMilli.c0 is required`],
    ["a demand for a container that does not run", { ...layeredPod("p", [{ demandMilli: 1 }]), demandMilli: { c0: 1, gone: 2 } }, `${PATH}.demandMilli: "gone" names no running container of the pod (c0)`],
    ["a thread count that is not an integer", { ...layeredPod("p", [{ demandMilli: 1 }]), threads: { c0: 1.5 } }, `${PATH}.threads.c0: 1.5 is not an integer >= 0`],
  ])("%s", (_n, pod, message) => {
    const row = new GuestPodRow();
    expect(() => row.read(pod, at, true)).toThrow(SchedkitError);
    expect(() => row.read(pod, at, true)).toThrow(message);
  });

  it("builds the path only to throw", () => {
    let built = 0;
    new GuestPodRow().read(layeredPod("p", [{ requests: { cpu: 250 }, demandMilli: 100 }]), () => `${built++}`, true);
    expect(built).toBe(0);
  });
});

describe("a row read again holds only the last pod", () => {
  it("three containers, then one", () => {
    const row = new GuestPodRow();
    row.read(layeredPod("a", [{ requests: { cpu: 1 }, demandMilli: 1 }, { demandMilli: 2 }, { demandMilli: 3, threads: 1 }]), at, true);
    row.read(layeredPod("b", [{ limits: { cpu: 500 }, demandMilli: 7 }], "prod"), at, true);
    expect(figures(row)).toEqual({
      name: "b",
      namespace: "prod",
      qos: "Burstable",
      requestCpu: 500,
      limitCpu: 500,
      limitMilli: 500,
      cpuShares: 512,
      cpuWeight: 20,
      maxCpus: 0.5,
      demandMilli: 7,
      containers: [["c0", 500, 500, 7, Infinity]],
    });
  });
});

describe("demands and threads belong to the running container their key names", () => {
  const three = () => layeredPod("p", [{ demandMilli: 0 }, { demandMilli: 0 }, { demandMilli: 0 }]);
  const demands = (row: GuestPodRow) => Array.from({ length: row.containers }, (_, i) => [row.containerName[i], row.containerDemand[i], row.containerThreads[i]]);

  it("keys in any order", () => {
    const row = new GuestPodRow();
    row.read({ ...three(), demandMilli: { c2: 30, c0: 10, c1: 20 }, threads: { c1: 4 } }, at, true);
    expect(demands(row)).toEqual([["c0", 10, Infinity], ["c1", 20, 4], ["c2", 30, Infinity]]);
    expect(row.demandMilli).toBe(60);
  });

  it("an inherited or non-enumerable entry is read as a property lookup reads it", () => {
    const demandMilli = Object.create({ c1: 20 }) as Record<string, number>;
    demandMilli["c0"] = 10;
    Object.defineProperty(demandMilli, "c2", { value: 30, enumerable: false });
    const row = new GuestPodRow();
    row.read({ ...three(), demandMilli }, at, true);
    expect(demands(row)).toEqual([["c0", 10, Infinity], ["c1", 20, Infinity], ["c2", 30, Infinity]]);
  });

  it("a pod without a threads map runs its containers uncapped, whatever their names (none is looked up)", () => {
    const row = new GuestPodRow();
    // "constructor" is a valid container name and a property every object inherits: no threads map, no entry.
    row.read({ metadata: { name: "p" }, spec: { containers: [{ name: "constructor" }, { name: "c1" }] }, demandMilli: { constructor: 5, c1: 7 } }, at, true);
    expect(demands(row)).toEqual([["constructor", 5, Infinity], ["c1", 7, Infinity]]);
  });

  it("a pod read after a larger one sees none of its entries", () => {
    const row = new GuestPodRow();
    row.read({ ...three(), demandMilli: { c0: 1, c1: 2, c2: 3 }, threads: { c0: 1, c1: 2, c2: 3 } }, at, true);
    row.read(layeredPod("q", [{ demandMilli: 5 }]), at, true);
    expect(demands(row)).toEqual([["c0", 5, Infinity]]);
    expect(() => row.read({ ...layeredPod("r", [{ demandMilli: 5 }]), demandMilli: {} }, at, true)).toThrow(`${PATH}.demandMilli.c0 is required`);
  });
});

// The reference figures of a layered pod from the Quantity maps (cgroupPodOf over podResourceSpecFromKube,
// podCpuCgroup), demands read from its map.
function reference(pod: Record<string, unknown>, enforce: boolean) {
  const c = cgroupPodOf(podResourceSpecFromKube(pod, PATH, QUANTITY_LISTS), PATH);
  const config = podCpuCgroup(c, enforce);
  const demands = pod["demandMilli"] as Record<string, number>;
  let demandMilli = 0;
  for (const k of c.running) demandMilli += demands[k.name]!;
  return {
    name: c.name,
    namespace: c.namespace,
    qos: c.qos,
    requestCpu: c.requestCpu,
    limitCpu: c.limitCpu,
    limitMilli: c.cpuLimitsDeclared ? c.limitCpu : null,
    cpuShares: config.cpuShares,
    cpuWeight: config.cpuWeight,
    maxCpus: config.cpuQuota !== undefined && config.cpuQuota > 0 ? config.cpuQuota / config.cpuPeriod! : Infinity,
    demandMilli,
    containers: c.running.map((k) => [k.name, k.requestCpu, k.limitCpu, demands[k.name], Infinity]),
  };
}

// Each running container's demand (when the containers are a list of named objects).
function withDemands(pod: unknown, seed: number): Record<string, unknown> {
  const p = pod as { spec?: { containers?: unknown; initContainers?: unknown } };
  const demandMilli: Record<string, number> = {};
  const named = (v: unknown) => (Array.isArray(v) ? v.filter((c): c is { name: string; restartPolicy?: unknown } => typeof c === "object" && c !== null && typeof c.name === "string") : []);
  for (const c of named(p.spec?.initContainers)) if (c.restartPolicy === "Always") demandMilli[c.name] = (seed % 997) / 3;
  for (const c of named(p.spec?.containers)) demandMilli[c.name] = (seed % 4001) * 1.5;
  return Object.assign(Object.create(Object.getPrototypeOf(pod) as object), pod, { demandMilli }) as Record<string, unknown>;
}

describe("the row's fast path equals the Quantity maps (fast-check)", () => {
  it.each(propertySeeds(20261205))("over valid and malformed pods (%s %i)", (_kind, seed) => {
    const row = new GuestPodRow();
    let read = 0;
    const { numRuns } = assertProperty(
      "GuestPodRow.read = cgroupPodOf + podCpuCgroup, or the same error",
      fc.property(resourcePodArbitrary, fc.nat(), fc.boolean(), (raw, s, enforce) => {
        const pod = withDemands(raw, s);
        const expected = outcome(() => reference(pod, enforce));
        const got = outcome(() => {
          row.read(pod, at, enforce);
          return figures(row);
        });
        expect(got).toEqual(expected);
        if ("value" in got) read++;
      }),
      runParameters(2000, seed),
    );
    expect(read).toBeGreaterThan(numRuns / 10);
  });
});
