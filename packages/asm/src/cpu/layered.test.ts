import fc from "fast-check";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assertProperty, propertySeeds, runParameters } from "../../../core/src/_test/long.js";
import { describe, expect, it } from "vitest";
import { SchedkitError } from "@schedkit/core";
import {
  allocateCfsTree,
  hostCfsTree,
  layeredReport,
  type LayeredInventory,
  type LayeredPod,
} from "@schedkit/core/overcommit";
import { createWasmCpuEngine, createWasmCpuEngineSync } from "./index.js";
import { cpuKernelOf, layeredStatsOf } from "./engine.js";
import { wasmLayeredShares } from "./layered.js";
import { inventoryArbitrary, largeFleetArbitrary } from "./_test/arbitraries.js";
import { outcome, RUNS, PROPERTY_TIMEOUT } from "./_test/same.js";
import { layeredPod, type NumericLayeredContainer } from "../../../core/src/_test/layered-pod.js";

const exampleUrl = new URL("../../../../examples/layered-incident.mjs", import.meta.url).href;
const { incidentInventory } = (await import(/* @vite-ignore */ exampleUrl)) as { incidentInventory: () => LayeredInventory };

const engine = createWasmCpuEngineSync();
const stats = layeredStatsOf(engine);

/** The engine's report equals core's (Object.is per number, same keys), served by the WebAssembly path. */
function expectReference(inventory: LayeredInventory): void {
  const fast = stats.fast;
  expect(engine.layeredReport(inventory)).toStrictEqual(layeredReport(inventory));
  expect(stats.fast, "the WebAssembly path served the call").toBe(fast + 1);
}

/**
 * The engine's outcome equals core's: the same report, or the same error class and message. With `fast`,
 * an inventory core accepts must also have been served by the WebAssembly path.
 */
function expectSameOutcome(inventory: LayeredInventory, fast: boolean): boolean {
  const ref = outcome(() => layeredReport(inventory));
  const before = stats.fast;
  const got = outcome(() => engine.layeredReport(inventory));
  expect(got).toStrictEqual(ref);
  if (fast && "ok" in ref) expect(stats.fast, "the WebAssembly path served an inventory core accepts").toBe(before + 1);
  return "ok" in ref;
}

function pods(n: number, shape: (i: number) => Partial<NumericLayeredContainer>): LayeredPod[] {
  return Array.from({ length: n }, (_, i) => layeredPod(`p${i}`, [{ demandMilli: 500 + ((i * 379) % 1700), ...shape(i) }]));
}

describe("layeredReport (core's report, deep-equal)", () => {
  const busy: LayeredInventory = {
    hosts: [
      {
        name: "h",
        pcpus: 4,
        vms: [
          {
            name: "busy",
            vcpus: 4,
            node: {
              allocatableMilli: 4000,
              pods: [
                layeredPod("api", [{ requests: { cpu: 2000 }, limits: { cpu: 4000 }, demandMilli: 4000 }], "prod"),
                layeredPod("idle", [{ requests: { cpu: 1000 }, demandMilli: 100 }]),
                layeredPod("free", [{ demandMilli: 4000 }]),
              ],
            },
          },
          { name: "batch", vcpus: 4, demandCpus: 4 },
        ],
      },
    ],
  };
  const many = (n: number, vms: number): LayeredInventory => ({
    hosts: [
      {
        name: "big",
        pcpus: 48,
        vms: Array.from({ length: vms }, (_, v) => ({
          name: `vm${v}`,
          vcpus: 4 + (v % 5),
          node: { pods: pods(n, (i) => (i % 3 === 0 ? { requests: { cpu: 250 + v }, limits: { cpu: 1000 } } : i % 3 === 1 ? { requests: { cpu: 100, memory: 1 }, limits: { cpu: 100, memory: 1 } } : {})) },
        })),
      },
    ],
  });

  it.each([
    ["the layered-incident example (16 VMs at 4:1, 10 spiking)", incidentInventory()],
    ["a busy node beside an opaque VM", busy],
    ["pods with sidecars, finished init containers, overhead and pod-level resources", {
      hosts: [
        {
          name: "h",
          pcpus: 4,
          vms: [
            {
              name: "v",
              vcpus: 4,
              node: {
                pods: [
                  {
                    metadata: { name: "mesh" },
                    spec: {
                      initContainers: [
                        { name: "proxy", restartPolicy: "Always", resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "64Mi" } } },
                        { name: "migrate", resources: { requests: { cpu: "3" } } },
                      ],
                      containers: [{ name: "app", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "1Gi" } } }],
                      overhead: { cpu: "250m", memory: "120Mi" },
                    },
                    demandMilli: { proxy: 400, app: 2000 },
                    threads: { app: 1 },
                  },
                  {
                    metadata: { name: "pod-level", namespace: "prod" },
                    spec: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }, containers: [{ name: "a" }, { name: "b", resources: { requests: { cpu: "100m" } } }] },
                    demandMilli: { a: 3000, b: 3000 },
                  },
                ],
              },
            },
          ],
        },
      ],
    }],
    ["the same on cgroup v1 guests with the old linear runc formula", { ...busy, guest: { cgroupVersion: 1 as const, containerWeightFormula: "runc-linear" as const } }],
    ["the same with limits not enforced and strict verdict thresholds", { ...busy, guest: { enforceCPULimits: false }, verdict: { vmStealFraction: 0, podShortfallFraction: 0 } }],
    ["no hosts", { hosts: [] }],
    ["a host without VMs", { hosts: [{ name: "empty", pcpus: 8, vms: [] }] }],
    ["a node without pods", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [] } }] }] }],
    ["pre-Zed 1024-per-vCPU weights on a cgroup v1 host with quota extra specs", {
      hosts: [
        {
          name: "old",
          pcpus: 6,
          cgroupVersion: 1 as const,
          novaCpuSharesDefault: "1024-per-vcpu" as const,
          vms: [
            { name: "a", vcpus: 8, demandCpus: 8 },
            { name: "b", vcpus: 2, extraSpecs: { "quota:cpu_quota": "50000", "quota:cpu_period": "100000" }, demandCpus: 2 },
            { name: "c", vcpus: 4, extraSpecs: { "quota:cpu_shares": "4096" }, node: { pods: pods(5, () => ({ requests: { cpu: 900 } })) } },
          ],
        },
      ],
    }],
    ["nodes of 40 pods and a host of 30 VMs (sibling sets past the insertion-sort threshold)", many(40, 30)],
    ["quantities in every spelling: whole CPUs, binary suffixes, JSON numbers, fractions and exponents", {
      hosts: [
        {
          name: "h",
          pcpus: 8,
          vms: [
            {
              name: "v",
              vcpus: 8,
              node: {
                pods: [
                  { metadata: { name: "a" }, spec: { containers: [{ name: "c0", resources: { requests: { cpu: "2", memory: "1Gi" }, limits: { cpu: 2, memory: 1073741824 } } }] }, demandMilli: { c0: 2500 } },
                  { metadata: { name: "b" }, spec: { containers: [{ name: "c0", resources: { requests: { cpu: "0.25", memory: "512Mi" }, limits: { cpu: "1.5" } } }] }, demandMilli: { c0: 1500 } },
                  { metadata: { name: "c" }, spec: { containers: [{ name: "c0", resources: { requests: { cpu: "2e-1", memory: "0.5Gi" } } }], overhead: { cpu: "0.1m" } }, demandMilli: { c0: 800 } },
                  { metadata: { name: "d" }, spec: { containers: [{ name: "c0", resources: { limits: { cpu: "750m", memory: "128M" } } }] }, demandMilli: { c0: 900 } },
                ],
              },
            },
          ],
        },
      ],
    }],
  ])("%s", (_name, inventory) => expectReference(inventory as LayeredInventory));

  it.each(propertySeeds(20261204))("equals core on random fleets over the whole input domain (%s %i)", (_seed, seed) => {
    let accepted = 0;
    const { numRuns } = assertProperty(
      "layered: equals core on random fleets over the whole input domain",
      fc.property(inventoryArbitrary(), (inventory) => {
        if (expectSameOutcome(inventory, true)) accepted++;
      }),
      runParameters(RUNS, seed),
    );
    // Most generated fleets are valid; the rest leave the exact domain by a pod or QoS total, or ask
    // cgroup v2 for a pre-Zed weight above 10000 (those check the errors).
    expect(accepted).toBeGreaterThan(numRuns * 0.6);
  }, PROPERTY_TIMEOUT);

  it.each(propertySeeds(20261204))("equals core on fleets with large nodes and hosts (%s %i)", (_seed, seed) => {
    let large = 0;
    const { numRuns } = assertProperty(
      "layered: equals core on fleets with large nodes and hosts",
      fc.property(largeFleetArbitrary(), (inventory) => {
        const vms = inventory.hosts.map((h) => h.vms.length);
        const pods = inventory.hosts.flatMap((h) => h.vms.map((v) => v.node?.pods.length ?? 0));
        if (Math.max(...vms, ...pods) > 24) large++;
        expectSameOutcome(inventory, true);
      }),
      runParameters(100, seed),
    );
    // Every fleet has a sibling set past the kernel's insertion sort (24), up to LARGE_FLEET's sizes.
    expect(large).toBe(numRuns);
  }, PROPERTY_TIMEOUT);

  it("compiles asynchronously and reports like the sync factory", async () => {
    const asyncEngine = await createWasmCpuEngine();
    expect(asyncEngine.name).toBe("wasm-cpu");
    expect(asyncEngine.layeredReport(incidentInventory())).toStrictEqual(engine.layeredReport(incidentInventory()));
  });
});

describe("the fleet's CFS hierarchy, level by level (host → VMs → kubepods → QoS → pods → containers)", () => {
  it.each(propertySeeds(20261204))("every group's weight, cap and CPUs equal core's allocateCfsTree over hostCfsTree, containers included (%s %i)", (_seed, seed) => {
    assertProperty(
      "layered: every group's weight, cap and CPUs equal core's allocateCfsTree over hostCfsTree, containers included",
      fc.property(inventoryArbitrary(), (inventory) => {
        let expected: unknown;
        try {
          expected = inventory.hosts.map((h) => allocateCfsTree(h.pcpus, hostCfsTree(h, inventory.guest).groups));
          layeredReport(inventory);
        } catch {
          return;
        }
        expect(wasmLayeredShares(cpuKernelOf(engine), inventory)).toStrictEqual(expected);
      }),
      runParameters(RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);
});

// Values the reference rejects or coerces, dropped at any path of a valid inventory.
// Malformed and uncommon quantities among them: not a quantity, negative, a fraction of a millicore, an exponent.
const BAD: readonly unknown[] = [undefined, null, -1, 0, -0, 1.5, NaN, Infinity, 2 ** 34, 2 ** 53, "1", "x", "12x", "-100m", "0.5m", "1e3", " 2", true, {}, [], [1]];

/** Every [object, key] of `value`, depth first. */
function slots(value: unknown, out: [Record<string, unknown>, string][] = []): [Record<string, unknown>, string][] {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots((value as Record<string, unknown>)[key], out);
    }
  }
  return out;
}

describe("layeredReport on invalid inventories (core's own errors)", () => {
  it.each(propertySeeds(20261204))("throws what core throws, or returns what core returns, wherever a bad value lands (%s %i)", (_seed, seed) => {
    assertProperty(
      "layered: throws what core throws, or returns what core returns, wherever a bad value lands",
      fc.property(inventoryArbitrary(), fc.nat(), fc.constantFrom(...BAD), fc.boolean(), (inventory, at, bad, remove) => {
        const copy = structuredClone(inventory);
        const all = slots(copy);
        if (all.length === 0) return;
        const [obj, key] = all[at % all.length]!;
        if (remove) delete obj[key];
        else obj[key] = bad;
        expectSameOutcome(copy, false);
      }),
      runParameters(RUNS, seed),
    );
  }, PROPERTY_TIMEOUT);

  it.each([
    ["a non-object inventory", null, /^inventory: null is not an object$/],
    ["zero pCPUs", { hosts: [{ name: "h", pcpus: 0, vms: [] }] }, /hosts\[0\]\.pcpus/],
    ["a zero allocatable", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { allocatableMilli: 0, pods: [] } }] }] }, /allocatableMilli/],
    ["a pod whose requests leave the exact domain", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [layeredPod("p", [{ requests: { cpu: 2 ** 33 }, demandMilli: 0 }, { requests: { cpu: 1 }, demandMilli: 0 }])] } }] }] }, /^hosts\[0\]\.vms\[0\]\.node\.pods\[0\] requests\.cpu: "8589934\.593" is above/],
    ["burstable requests summing past the exact domain", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [0, 1].map((i) => layeredPod(`p${i}`, [{ requests: { cpu: 2 ** 33 }, demandMilli: 0 }])) } }] }] }, /burstablePodCPURequests/],
    ["a memory limit that is not a quantity, in a sidecar", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [{ metadata: { name: "p" }, spec: { initContainers: [{ name: "s", restartPolicy: "Always", resources: { limits: { memory: "1Gi!" } } }], containers: [{ name: "c0" }] }, demandMilli: { s: 1, c0: 1 } }] } }] }] }, /^hosts\[0\]\.vms\[0\]\.node\.pods\[0\]\.spec\.initContainers\[0\]\.resources\.limits\.memory: "1Gi!" is not a Kubernetes quantity/],
    ["a negative pod-level cpu request", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [{ metadata: { name: "p" }, spec: { resources: { requests: { cpu: "-1" } }, containers: [{ name: "c0" }] }, demandMilli: { c0: 1 } }] } }] }] }, /^hosts\[0\]\.vms\[0\]\.node\.pods\[0\]\.spec\.resources\.requests\.cpu: "-1" is negative/],
    ["a cpu request that is not a quantity", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [{ ...layeredPod("p", [{ demandMilli: 0 }]), spec: { containers: [{ name: "c0", resources: { requests: { cpu: "12x" } } }] } }] } }] }] }, /^hosts\[0\]\.vms\[0\]\.node\.pods\[0\]\.spec\.containers\[0\]\.resources\.requests\.cpu: "12x" is not a Kubernetes quantity/],
    ["a running container without a demand", { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { pods: [{ ...layeredPod("p", [{ demandMilli: 0 }]), demandMilli: {} }] } }] }] }, /^hosts\[0\]\.vms\[0\]\.node\.pods\[0\]\.demandMilli\.c0 is required/],
    ["an invalid verdict threshold", { hosts: [], verdict: { vmStealFraction: -1 } }, /verdict\.vmStealFraction/],
    [
      "a pod that is not an object before a VM weight out of range on a later host: the first in document order",
      {
        hosts: [
          { name: "h0", pcpus: 2, vms: [{ name: "v0", vcpus: 2, node: { pods: [undefined] } }] },
          { name: "h1", pcpus: 16, cgroupVersion: 2, novaCpuSharesDefault: "1024-per-vcpu", vms: [{ name: "v1", vcpus: 10 }] },
        ],
      },
      /^hosts\[0\]\.vms\[0\]\.node\.pods\[0\] is required/,
    ],
    [
      "a pod that is an array, after a valid pod: the one pass over the pods finds it",
      { hosts: [{ name: "h0", pcpus: 2, vms: [{ name: "v0", vcpus: 2, node: { pods: [layeredPod("p", [{ demandMilli: 1 }]), []] } }] }] },
      /^hosts\[0\]\.vms\[0\]\.node\.pods\[1\]: an array is not an object$/,
    ],
    [
      "a duplicate VM name before a pod that is not an object on a later host: the first in document order",
      {
        hosts: [
          { name: "h0", pcpus: 2, vms: [{ name: "v", vcpus: 2, demandCpus: 1 }, { name: "v", vcpus: 2, demandCpus: 1 }] },
          { name: "h1", pcpus: 2, vms: [{ name: "v1", vcpus: 2, node: { pods: [null] } }] },
        ],
      },
      /^hosts\[0\]\.vms\[1\]\.name: "v" is a duplicate VM name/,
    ],
    [
      "a pod that is not an object after every host and VM checked out: the pods' pass finds it on the last host",
      {
        hosts: [
          { name: "h0", pcpus: 2, vms: [{ name: "v0", vcpus: 2, node: { pods: [layeredPod("p", [{ demandMilli: 1 }])] } }] },
          { name: "h1", pcpus: 2, vms: [{ name: "v1", vcpus: 2, node: { pods: [layeredPod("p", [{ demandMilli: 1 }]), 7] } }] },
        ],
      },
      /^hosts\[1\]\.vms\[0\]\.node\.pods\[1\]: 7 is not an object$/,
    ],
  ])("%s", (_name, inventory, message) => {
    expect(() => layeredReport(inventory as never)).toThrow(message);
    expect(() => engine.layeredReport(inventory as never)).toThrow(SchedkitError);
    expect(() => engine.layeredReport(inventory as never)).toThrow(message);
  });
});

describe("layeredReport on pods the lean reader reads (names and quantities at the edges of its domain)", () => {
  const fleet = (pods: unknown[]): LayeredInventory => ({ hosts: [{ name: "h", pcpus: 8, vms: [{ name: "v", vcpus: 4, node: { pods } }] }] }) as never;
  const pod = (name: string, containers: { name: string; requests?: Record<string, unknown>; limits?: Record<string, unknown> }[]) => ({
    metadata: { name },
    spec: { containers: containers.map(({ name, requests, limits }) => ({ name, resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } })) },
    demandMilli: Object.fromEntries(containers.map((c) => [c.name, 100])),
  });

  it.each([
    ["a container named as an Object.prototype property, without a threads map", [pod("p", [{ name: "constructor", requests: { cpu: "250m" } }])]],
    ["15-digit quantities (the lean parser's longest) and one digit more (the full parser's)", [pod("p", [{ name: "c0", requests: { cpu: "999999999999999m", memory: "999999999999999" } }]), pod("q", [{ name: "c0", requests: { cpu: "1000000000000000m", memory: "1000000000000000" } }])]],
    ["a cpu limit of exactly the largest millicores (MAX_MILLI_CPU)", [pod("p", [{ name: "c0", limits: { cpu: "8589934592m" } }])]],
    ["a cpu limit one millicore above MAX_MILLI_CPU", [pod("q", [{ name: "c0", limits: { cpu: "8589934593m" } }])]],
    ["binary and decimal suffixes, JSON integers, zero and a fraction of a millicore", [pod("p", [{ name: "c0", requests: { cpu: 2, memory: "1Gi" }, limits: { cpu: "2k", memory: "1G" } }, { name: "c1", requests: { cpu: "0", memory: 0 } }]), pod("q", [{ name: "c0", requests: { cpu: "0.5m" } }])]],
  ])("%s: both engines report alike (or throw alike)", (_name, pods) => {
    expectSameOutcome(fleet(pods), true);
  });
});

describe("the kubelet's upstream pod cases (core test-data kubelet_pod_cgroup.json) report alike on both engines", () => {
  const table = JSON.parse(readFileSync(fileURLToPath(new URL("../../../core/test-data/kubelet_pod_cgroup.json", import.meta.url)), "utf8")) as Record<
    "computePodQOS" | "podLimits" | "resourceConfigForPod",
    { cases: { name: string; pod: { spec: { containers: { name: string }[]; initContainers?: { name: string; restartPolicy?: string }[] } } }[] }
  >;
  const sections = ["computePodQOS", "podLimits", "resourceConfigForPod"] as const;
  it.each(sections)("%s: every case, one pod per node, through the WebAssembly path", (section) => {
    const cases = table[section].cases;
    const vms = cases.map((c, i) => {
      const spec = c.pod.spec;
      const running = [...(spec.initContainers ?? []).filter((k) => k.restartPolicy === "Always"), ...spec.containers];
      const demandMilli = Object.fromEntries(running.map((k, j) => [k.name, 100 + 37 * j]));
      return { name: `vm${i}`, vcpus: 4, node: { pods: [{ ...c.pod, demandMilli } as unknown as LayeredPod] } };
    });
    expect(cases.length).toBeGreaterThan(8);
    expectReference({ hosts: [{ name: "h", pcpus: 8, vms }] });
  });
});
