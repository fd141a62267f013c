// DRAExtendedResource against the real kube-scheduler, case by case: extended resources a DeviceClass backs,
// on nodes with a device plugin, without one, listing it at 0, by the class's explicit and implicit names,
// with Fit ignoring an unbacked resource, and past the allocator's claim limit. The same DeviceClass objects go
// to the oracle (its DRA manager's ExtendedResourceCache) and to schedkit; per pod the comparison is the
// differential test's (compare.ts). With ResourceSlices and ResourceClaims, the allocator's answers per node,
// the devices each placed pod reserves for the next, and the DRA-backed scores. The generated scenarios of
// differential.test.ts carry these objects too.
import { afterAll, describe, expect, it } from "vitest";
import type { Scenario } from "@schedkit/core/arbitraries";
import { compareScenario } from "./compare.js";
import { Oracle } from "./oracle.js";
import { enginesUnderTest, prepare, runSchedkit, terminatingPods } from "./run.js";

type Json = Record<string, unknown>;
const GPU = "example.com/gpu";
const node = (name: string, extra: Json = {}): Json => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name } },
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110", ...extra }, capacity: { cpu: "4", memory: "8Gi", pods: "110", ...extra } },
});
const pod = (name: string, containers: Json[], initContainers: Json[] = []): Json => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "ml", uid: `uid-${name}` },
  spec: { containers, ...(initContainers.length > 0 ? { initContainers } : {}) },
});
const container = (name: string, requests: Json): Json => ({ name, image: "registry.example/ml:1", resources: { requests } });

const NODES = [node("plugin", { [GPU]: "2" }), node("bare"), node("zero", { [GPU]: "0" })];
const scenario = (pods: Json[], profile?: object, nodes: Json[] = NODES): Scenario =>
  ({
    cluster: {
      nodes,
      pods,
      namespaces: [],
      deviceClasses: [{ apiVersion: "resource.k8s.io/v1", kind: "DeviceClass", metadata: { name: "gpu.example.com" }, spec: { extendedResourceName: GPU } }],
    },
    options: { percentageOfNodesToScore: 100, tieBreak: "first", seed: 0, ...(profile === undefined ? {} : { profile }) },
  }) as unknown as Scenario;

// ResourceSlices and ResourceClaims (dra/allocator.ts): devices of the class "gpu.example.com" (driver of that name).
const gpuSlice = (name: string, where: Json, devices: (string | Json)[], pool: Json = {}): Json => ({
  apiVersion: "resource.k8s.io/v1",
  kind: "ResourceSlice",
  metadata: { name },
  spec: { driver: "gpu.example.com", pool: { name, generation: 0, resourceSliceCount: 1, ...pool }, ...where, devices: devices.map((d) => (typeof d === "string" ? { name: d } : d)) },
});
const held = (devices: Json[]): Json => ({
  apiVersion: "resource.k8s.io/v1",
  kind: "ResourceClaim",
  metadata: { name: "held", namespace: "ml", uid: "uid-held" },
  spec: { devices: { requests: devices.map((_, i) => ({ name: `r${i}`, exactly: { deviceClassName: "gpu.example.com", allocationMode: "ExactCount", count: 1 } })) } },
  status: { allocation: { devices: { results: devices.map((d, i) => ({ request: `r${i}`, driver: "gpu.example.com", ...d })) } } },
});
const withDra = (s: Scenario, extra: Json): Scenario => ({ ...s, cluster: { ...s.cluster, ...extra } }) as unknown as Scenario;
const SLICE_NODES = [{ ...node("a"), metadata: { name: "a", labels: { "kubernetes.io/hostname": "a", rack: "r1" } } }, node("b"), node("c"), node("plugin", { [GPU]: "2" })];
const scoreGpu = (type: string, extra: object = {}) => ({
  schedulerName: "default-scheduler",
  pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type, resources: [{ name: "cpu", weight: 1 }, { name: GPU, weight: 3 }], ...extra } } }],
});

const CASES: [string, Scenario][] = [
  [
    "node-local slices, an allNodes slice, devices held by a claim; pods placed one after another reserve theirs",
    withDra(
      scenario([pod("two", [container("c", { cpu: "100m", [GPU]: "2" })]), pod("three", [container("c", { cpu: "100m", [GPU]: "3" })]), pod("one", [container("c", { cpu: "100m", [GPU]: "1" })]), pod("again", [container("c", { cpu: "100m", [GPU]: "2" })])], undefined, SLICE_NODES),
      {
        resourceSlices: [gpuSlice("a-gpus", { nodeName: "a" }, ["g0", "g1", "g2"]), gpuSlice("b-gpus", { nodeName: "b" }, ["g0"]), gpuSlice("shared-gpus", { allNodes: true }, ["s0"])],
        resourceClaims: [held([{ pool: "a-gpus", device: "g0" }])],
      },
    ),
  ],
  [
    "a nodeSelector slice, per-device node selection, a tainted device",
    withDra(scenario([pod("two", [container("c", { cpu: "100m", [GPU]: "2" })]), pod("one", [container("c", { cpu: "100m", [GPU]: "1" })])], undefined, SLICE_NODES), {
      resourceSlices: [
        gpuSlice("rack-gpus", { nodeSelector: { nodeSelectorTerms: [{ matchExpressions: [{ key: "rack", operator: "In", values: ["r1"] }] }] } }, ["r0"]),
        gpuSlice("per-device", { perDeviceNodeSelection: true }, [{ name: "d0", nodeName: "a" }, { name: "d1", nodeName: "b" }, { name: "d2", nodeName: "b", taints: [{ key: "broken", effect: "NoSchedule" }] }, { name: "d3", allNodes: true }]),
      ],
    }),
  ],
  [
    "pools: an older generation left over, an incomplete pool, a pool with a repeated device name",
    withDra(scenario([pod("one", [container("c", { cpu: "100m", [GPU]: "1" })]), pod("two", [container("c", { cpu: "100m", [GPU]: "2" })])], undefined, SLICE_NODES), {
      resourceSlices: [
        gpuSlice("a-gpus", { nodeName: "a" }, ["g0", "g1"], { generation: 1 }),
        gpuSlice("a-gpus-old", { nodeName: "a" }, ["o0", "o1", "o2"], { name: "a-gpus", generation: 0 }),
        gpuSlice("b-gpus", { nodeName: "b" }, ["g0", "g1"], { resourceSliceCount: 2 }),
        gpuSlice("c-gpus", { nodeName: "c" }, ["g0"], { resourceSliceCount: 2 }),
        gpuSlice("c-gpus-2", { nodeName: "c" }, ["g0"], { name: "c-gpus", resourceSliceCount: 2 }),
      ],
    }),
  ],
  [
    "a class selector on the driver; devices of another driver",
    withDra(scenario([pod("one", [container("c", { cpu: "100m", [GPU]: "1" })]), pod("two", [container("c", { cpu: "100m", [GPU]: "2" })])], undefined, SLICE_NODES), {
      deviceClasses: [
        { apiVersion: "resource.k8s.io/v1", kind: "DeviceClass", metadata: { name: "gpu.example.com" }, spec: { extendedResourceName: GPU, selectors: [{ cel: { expression: 'device.driver == "gpu.example.com"' } }] } },
      ],
      resourceSlices: [
        gpuSlice("a-gpus", { nodeName: "a" }, ["g0"]),
        { apiVersion: "resource.k8s.io/v1", kind: "ResourceSlice", metadata: { name: "a-nics" }, spec: { driver: "nic.example.com", pool: { name: "a-nics", generation: 0, resourceSliceCount: 1 }, nodeName: "a", devices: [{ name: "n0" }, { name: "n1" }] } },
        gpuSlice("b-gpus", { nodeName: "b" }, ["g0", "g1"]),
      ],
    }),
  ],
  [
    // cel.ts's whole subset against CEL itself: if && bound looser than ||, or ! looser than ==, no device would match.
    "class selectors with ||, &&, !, !=, parentheses, single quotes, booleans and CEL whitespace; scored from the matching devices",
    withDra(
      scenario([pod("one", [container("c", { cpu: "100m", [GPU]: "1" })]), pod("two", [container("c", { cpu: "100m", [GPU]: "2" })])], scoreGpu("LeastAllocated"), SLICE_NODES),
      {
        deviceClasses: [
          {
            apiVersion: "resource.k8s.io/v1",
            kind: "DeviceClass",
            metadata: { name: "gpu.example.com" },
            spec: {
              extendedResourceName: GPU,
              selectors: [
                { cel: { expression: `device.driver == 'nic.example.com' && false || device.driver == "gpu.example.com"` } },
                { cel: { expression: `\n\t!(device.driver != "gpu.example.com") == true\f\r\n` } },
              ],
            },
          },
        ],
        resourceSlices: [
          gpuSlice("a-gpus", { nodeName: "a" }, ["g0"]),
          { apiVersion: "resource.k8s.io/v1", kind: "ResourceSlice", metadata: { name: "a-nics" }, spec: { driver: "nic.example.com", pool: { name: "a-nics", generation: 0, resourceSliceCount: 1 }, nodeName: "a", devices: [{ name: "n0" }, { name: "n1" }] } },
          gpuSlice("b-gpus", { nodeName: "b" }, ["g0", "g1", "g2"]),
        ],
      },
    ),
  ],
  ...(["LeastAllocated", "MostAllocated"] as const).map(
    (type): [string, Scenario] => [
      `${type} scores the resource from the node's devices and those in use, BalancedAllocation too`,
      withDra(
        scenario([pod("one", [container("c", { cpu: "100m", [GPU]: "1" })]), pod("two", [container("c", { cpu: "200m", [GPU]: "1" })])], {
          ...scoreGpu(type),
          pluginConfig: [...scoreGpu(type).pluginConfig, { name: "NodeResourcesBalancedAllocation", args: { resources: [{ name: "cpu", weight: 1 }, { name: GPU, weight: 1 }] } }],
        }, SLICE_NODES),
        {
          // c has no devices: DynamicResources fails it.
          resourceSlices: [gpuSlice("a-gpus", { nodeName: "a" }, ["g0", "g1", "g2", "g3"]), gpuSlice("b-gpus", { nodeName: "b" }, ["g0", "g1", "g2"])],
          resourceClaims: [held([{ pool: "a-gpus", device: "g0" }, { pool: "a-gpus", device: "g1" }])],
        },
      ),
    ],
  ),
  [
    "device plugin, no device plugin, listed at 0; the implicit name; cpu short everywhere",
    scenario([
      pod("one", [container("c", { cpu: "100m", [GPU]: "1" })]),
      pod("three", [container("c", { cpu: "100m", [GPU]: "3" })]),
      pod("implicit", [container("c", { cpu: "100m", "deviceclass.resource.kubernetes.io/gpu.example.com": "1" })]),
      pod("cpu", [container("c", { cpu: "5", [GPU]: "1" })]),
    ]),
  ],
  [
    "the allocator's claim limit, init containers reusing later requests",
    scenario([
      pod("many", [container("c", { cpu: "100m", [GPU]: "33" })]),
      pod("init", [container("a", { cpu: "100m", [GPU]: "20" }), container("b", { [GPU]: "13" })], [container("i", { [GPU]: "20" })]),
      pod("fits", [container("a", { [GPU]: "16" }), container("b", { [GPU]: "16" })], [container("i", { [GPU]: "32" })]),
    ]),
  ],
  [
    "the claim limit met in preemption's dry run (the node fails on cpu first, DynamicResources only without the victim)",
    scenario(
      [
        { ...pod("low", [container("c", { cpu: "4" })]), spec: { nodeName: "bare", priority: 0, containers: [container("c", { cpu: "4" })] }, status: { phase: "Running" } },
        { ...pod("urgent", [container("c", { cpu: "1", [GPU]: "33" })]), spec: { priority: 100, containers: [container("c", { cpu: "1", [GPU]: "33" })] } },
      ],
      undefined,
      [node("bare")],
    ),
  ],
  [
    "the same dry-run error on two nodes is printed once (utilerrors.Aggregate: each distinct message once, no brackets for one)",
    scenario(
      [
        { ...pod("low-1", [container("c", { cpu: "4" })]), spec: { nodeName: "bare-1", priority: 0, containers: [container("c", { cpu: "4" })] }, status: { phase: "Running" } },
        { ...pod("low-2", [container("c", { cpu: "4" })]), spec: { nodeName: "bare-2", priority: 0, containers: [container("c", { cpu: "4" })] }, status: { phase: "Running" } },
        { ...pod("urgent", [container("c", { cpu: "1", [GPU]: "33" })]), spec: { priority: 100, containers: [container("c", { cpu: "1", [GPU]: "33" })] } },
      ],
      undefined,
      [node("bare-1"), node("bare-2")],
    ),
  ],
  [
    "an unbacked resource Fit ignores and no node lists",
    scenario([pod("other", [container("c", { cpu: "100m", [GPU]: "1", "example.com/other": "1" })])], {
      schedulerName: "default-scheduler",
      pluginConfig: [{ name: "NodeResourcesFit", args: { ignoredResources: ["example.com/other"] } }],
    }),
  ],
];

const oracle = new Oracle();
afterAll(() => oracle.close());

describe.each(await enginesUnderTest())("DRA-backed extended resources: schedkit ($name engine) against kube-scheduler v1.37.1", (engine) => {
  it.each(CASES)("%s", async (_name, s) => {
    const p = prepare(s);
    const out = await oracle.run(p.oracle);
    expect(out.error).toBeUndefined();
    // The cases are about DynamicResources: some node of every pod but the cpu-short one is its.
    const dra = out.results.filter((r) => Object.values(r.filter ?? {}).some((f) => f.plugin === "DynamicResources") || r.error?.includes("DynamicResources") || r.message?.includes("DynamicResources"));
    expect(dra.length).toBeGreaterThan(0);
    for (const explain of [true, false]) {
      const differences = compareScenario(out, runSchedkit(engine, p, out, explain), terminatingPods(p));
      expect(differences, `explain ${explain}`).toEqual([]);
    }
  });

  it("BalancedAllocation scoring the resource of a class with selectors: kube-scheduler panics (no CEL cache there), schedkit refuses for that reason", async () => {
    const s = withDra(
      scenario([pod("one", [container("c", { cpu: "100m", [GPU]: "1" })])], { pluginConfig: [{ name: "NodeResourcesBalancedAllocation", args: { resources: [{ name: "cpu", weight: 1 }, { name: GPU, weight: 1 }] } }] }, SLICE_NODES),
      {
        deviceClasses: [{ apiVersion: "resource.k8s.io/v1", kind: "DeviceClass", metadata: { name: "gpu.example.com" }, spec: { extendedResourceName: GPU, selectors: [{ cel: { expression: `device.driver == "gpu.example.com"` } }] } }],
        resourceSlices: [gpuSlice("a-gpus", { nodeName: "a" }, ["g0"]), gpuSlice("b-gpus", { nodeName: "b" }, ["g0", "g1"])],
      },
    );
    const p = prepare(s);
    const out = await oracle.run(p.oracle);
    expect(out.error).toMatch(/^kube-scheduler panicked: .*deviceMatchesClass .*\(\*BalancedAllocation\)\.Score\)$/);
    for (const explain of [true, false]) {
      const run = runSchedkit(engine, p, out, explain);
      expect(run.error).toMatch(/NodeResourcesBalancedAllocation cannot evaluate in kube-scheduler 1\.37/);
      expect(compareScenario(out, run, terminatingPods(p)), `explain ${explain}`).toEqual([]);
    }
  });
});
