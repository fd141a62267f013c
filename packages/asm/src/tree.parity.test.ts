// Recurring pods (runs of replicas, or shapes alternated) through the kernel's node trees (assembly/tree.ts)
// against the kernel's scan (one pod per run, so no tree is built) and the TypeScript engine: same results,
// same rotation, pod for pod.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, syntheticCluster, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync, type WasmEngine } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";

const engines: [string, WasmEngine][] = [
  ["simd", createWasmEngineSync({ flavor: "simd" })],
  ["scalar", createWasmEngineSync({ flavor: "scalar" })],
];

interface Shape {
  readonly cpu: number;
  readonly memMi: number;
  readonly image: number;
  readonly tolerate: boolean;
  /** Preferred zone weights (NodeAffinity's normalized score), or none. */
  readonly prefer: readonly number[];
  /** A required zone (a static filter), or −1. */
  readonly require: number;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  cpu: fc.constantFrom(0, 100, 250, 500, 1000, 2500, 4000),
  memMi: fc.constantFrom(0, 128, 512, 2048, 8192),
  image: fc.integer({ min: 0, max: 2 }),
  tolerate: fc.boolean(),
  prefer: fc.oneof(fc.constant([]), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 3 })),
  require: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
});

const IMAGES = ["registry.example/app:1.0", "registry.example/sidecar:2.3", "registry.example/batch:0.9"];

function pod(s: Shape, name: string): object {
  const requests: Record<string, string> = {};
  if (s.cpu > 0) requests["cpu"] = `${s.cpu}m`;
  if (s.memMi > 0) requests["memory"] = `${s.memMi}Mi`;
  const nodeAffinity: Record<string, unknown> = {};
  if (s.prefer.length > 0) {
    nodeAffinity["preferredDuringSchedulingIgnoredDuringExecution"] = s.prefer.map((weight, z) => ({
      weight,
      preference: { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [`zone-${z}`] }] },
    }));
  }
  if (s.require >= 0) {
    nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = {
      nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [`zone-${s.require}`] }] }],
    };
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "web" } },
    spec: {
      containers: [{ name: "c", image: IMAGES[s.image], resources: { requests } }],
      ...(s.tolerate ? { tolerations: [{ key: "bench/prefer-avoid", operator: "Exists" }] } : {}),
      ...(Object.keys(nodeAffinity).length > 0 ? { affinity: { nodeAffinity } } : {}),
    },
  };
}

const RESOURCES = {
  plugins: { multiPoint: { enabled: [{ name: "NodeResourcesFit" }, { name: "NodeResourcesBalancedAllocation" }], disabled: [{ name: "*" }] } },
};

const scenarioArb = fc.record({
  nodes: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }) }, { weight: 4, arbitrary: fc.integer({ min: 100, max: 420 }) }),
  clusterSeed: fc.integer({ min: 1, max: 1000 }),
  zones: fc.integer({ min: 1, max: 4 }),
  fill: fc.boolean(),
  // Nodes that take few pods (Too many pods), are cordoned (a static filter) or carry a NoSchedule taint.
  smallEvery: fc.integer({ min: 0, max: 7 }),
  cordonEvery: fc.integer({ min: 0, max: 9 }),
  shapes: fc.array(shapeArb, { minLength: 1, maxLength: 3 }),
  runs: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 160 })), { minLength: 1, maxLength: 5 }),
  // The runs one after another, or their pods alternated (capacity --interleave's order).
  interleave: fc.boolean(),
  percentage: fc.oneof(fc.constant(0), fc.constant(100), fc.integer({ min: 1, max: 100 })),
  tieFirst: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  version: fc.constantFrom("1.35", "1.36"),
  // The default profile, with MostAllocated, or the resource plugins alone (the kernel's plain column pass).
  profile: fc.constantFrom("default", "most", "resources"),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const synthetic = syntheticCluster({ nodes: s.nodes, seed: s.clusterSeed, zones: s.zones, maxPodsPerNode: s.fill ? 1 : 0 });
  const nodes = synthetic.nodes.map((n, i) => {
    let node = n as { spec: Record<string, unknown>; status: { allocatable: Record<string, string> } };
    if (s.smallEvery > 0 && i % s.smallEvery === 1) node = { ...node, status: { ...node.status, allocatable: { ...node.status.allocatable, pods: "3" } } };
    if (s.cordonEvery > 0 && i % s.cordonEvery === 2) node = { ...node, spec: { ...node.spec, unschedulable: true } };
    return node;
  });
  const cluster = createCluster({ nodes, pods: synthetic.pods });
  let k = 0;
  const runs = s.runs.map(([shape, length]) => Array.from({ length }, () => pod(s.shapes[shape % s.shapes.length]!, `web-${k++}`)));
  const longest = Math.max(...runs.map((r) => r.length));
  const pods = s.interleave ? Array.from({ length: longest }, (_, i) => runs.flatMap((r) => (i < r.length ? [r[i]!] : []))).flat() : runs.flat();
  const options: SchedulerOptions = {
    explain: false,
    percentageOfNodesToScore: s.percentage,
    kubernetesVersion: s.version,
    ...(s.tieFirst ? { tieBreak: "first" as const } : { seed: s.seed }),
    ...(s.profile === "most" ? { profile: { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated" } } }] } } : {}),
    ...(s.profile === "resources" ? { profile: RESOURCES } : {}),
  };
  return { cluster, pods, options };
}

describe.each(engines)("recurring pods through the node trees (%s kernel)", (_flavor, wasm) => {
  it.each(propertySeeds(20261205))(
    "equal the kernel's scan and the TypeScript engine pod for pod, under every percentageOfNodesToScore (%s %i)",
    (_kind, seed) => {
      let pods = 0;
      let treePods = 0;
      let windowed = 0;
      assertProperty(
        `node tree = scan = TypeScript (${_flavor})`,
        fc.property(scenarioArb, (s) => {
          const { cluster, pods: input, options } = build(s);
          const ref = new Scheduler(cluster, options);
          const want = ref.scheduleMany(input);
          const tree = wasm.scheduler(cluster, options);
          const scan = wasm.scheduler(cluster, options);
          try {
            expect(tree.scheduleMany(input)).toEqual(want);
            expect(tree.nextStartNodeIndex).toBe(ref.nextStartNodeIndex);
            expect(input.map((p) => scan.scheduleMany([p])[0])).toEqual(want);
            expect(scan.nextStartNodeIndex).toBe(ref.nextStartNodeIndex);
            // One pod per run: the scan never builds a tree.
            expect(scan.stats.treePods).toBe(0);
            pods += input.length;
            treePods += tree.stats.treePods;
            if (tree.stats.treePods > 0 && want.some((r) => r.evaluatedNodes < cluster.nodes.length)) windowed++;
          } finally {
            tree.dispose();
            scan.dispose();
          }
        }),
        runParameters(60, seed),
      );
      // The tree did most of the work, and under windows smaller than the cluster too.
      expect(treePods).toBeGreaterThan(pods / 3);
      expect(windowed).toBeGreaterThan(5);
    },
    PROPERTY_TIMEOUT ?? 300_000,
  );
});

describe("the node tree under kube-scheduler's adaptive percentageOfNodesToScore", () => {
  const wasm = engines[0]![1];
  const cluster = createCluster(syntheticCluster({ nodes: 2000, seed: 5, maxPodsPerNode: 1 }));
  const replicas = Array.from({ length: 1500 }, (_, i) => pod({ cpu: 500, memMi: 512, image: 0, tolerate: false, prefer: [], require: -1 }, `web-${i}`));

  it("places every replica after the first of a run in O(log N) and examines the same window as the scan", () => {
    // 2,000 nodes: numFeasibleNodesToFind = 2000 · (50 − 16)% = 680.
    const options: SchedulerOptions = { explain: false, seed: 11 };
    const want = new Scheduler(cluster, options).scheduleMany(replicas);
    const s = wasm.scheduler(cluster, options);
    expect(s.scheduleMany(replicas)).toEqual(want);
    expect(want.every((r) => r.feasibleNodes === 680 && r.evaluatedNodes >= 680 && r.evaluatedNodes < 2000)).toBe(true);
    // The scan runs once per kernel call (1,024 pods), plus the pods whose window's TaintToleration maximum
    // differs from the cluster-wide one (none here: every window holds a tainted node).
    expect(s.stats.treePods).toBe(replicas.length - s.stats.runCalls - s.stats.treeMisses);
    expect(s.stats.treeMisses).toBe(0);
    s.dispose();
  });

  it("ends the window at the last feasible node when the cluster has exactly numFeasibleNodesToFind of them", () => {
    // 200 nodes at 50 %: 100 to find; every other node cordoned leaves exactly 100 feasible, so each pod's
    // scan stops at the feasible node before its start, one node short of the whole rotation or not.
    const nodes = syntheticCluster({ nodes: 200, seed: 8, maxPodsPerNode: 0 }).nodes.map((n, i) => (i % 2 === 1 ? { ...n, spec: { unschedulable: true } } : n));
    const c = createCluster({ nodes });
    const input = Array.from({ length: 200 }, (_, i) => pod({ cpu: 100, memMi: 128, image: 0, tolerate: true, prefer: [], require: -1 }, `p-${i}`));
    const options: SchedulerOptions = { explain: false, seed: 4, percentageOfNodesToScore: 50 };
    const want = new Scheduler(c, options).scheduleMany(input);
    expect(new Set(want.map((r) => r.evaluatedNodes))).toEqual(new Set([199, 200]));
    const s = wasm.scheduler(c, options);
    expect(s.scheduleMany(input)).toEqual(want);
    expect(s.stats.treePods).toBe(input.length - 1);
    s.dispose();
  });

  it("scans a pod whose window misses the maximum a normalized score was built with, and stays exact", () => {
    // Only node-00000 carries the preferred label: windows without it normalize NodeAffinity by 0.
    const nodes = syntheticCluster({ nodes: 400, seed: 5, maxPodsPerNode: 0 }).nodes.map((n, i) =>
      i === 0 ? { ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, special: "yes" } } } : n,
    );
    const c = createCluster({ nodes });
    const special = (i: number) => ({
      ...(pod({ cpu: 100, memMi: 128, image: 0, tolerate: true, prefer: [], require: -1 }, `p-${i}`) as { spec: object }),
      spec: {
        ...(pod({ cpu: 100, memMi: 128, image: 0, tolerate: true, prefer: [], require: -1 }, `p-${i}`) as { spec: object }).spec,
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: "special", operator: "Exists" }] } }] } },
      },
    });
    const input = Array.from({ length: 300 }, (_, i) => special(i));
    const options: SchedulerOptions = { explain: false, seed: 3, percentageOfNodesToScore: 30 };
    const want = new Scheduler(c, options).scheduleMany(input);
    const s = wasm.scheduler(c, options);
    expect(s.scheduleMany(input)).toEqual(want);
    expect(s.stats.treeMisses).toBeGreaterThan(0);
    expect(s.stats.treePods).toBeGreaterThan(0);
    s.dispose();
  });
});
