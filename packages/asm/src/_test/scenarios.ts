// Test-only: a compact fast-check generator of clusters, pending pods and scheduler options as v1 JSON,
// biased toward the boundaries of the resource domain (0, 1, exact fit, MAX_RESOURCE_VALUE), for the
// engine-equality properties. (The public generators of @schedkit/core/arbitraries cover more of the API.)
import fc from "fast-check";
import { MAX_RESOURCE_VALUE } from "@schedkit/core";

const ZONES = ["zone-a", "zone-b", "zone-c"];
const IMAGES = ["app:1", "registry.example/big:2", "sidecar", "registry.example/huge:3"];
const GPU = "example.com/gpu";

const cpuMilli = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 100, MAX_RESOURCE_VALUE) },
  { weight: 8, arbitrary: fc.constantFrom(500, 1000, 2000, 3900, 4000, 8000, 64000) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 200000 }) },
);
const memBytes = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1, MAX_RESOURCE_VALUE) },
  { weight: 8, arbitrary: fc.constantFrom(2 ** 27, 2 ** 28, 2 ** 30, 4 * 2 ** 30, 15 * 2 ** 30, 64 * 2 ** 30) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) },
);
const smallCpu = fc.constantFrom(0, 1, 100, 250, 500, 1000, 3900, 4000);
const smallMem = fc.constantFrom(0, 1, 2 ** 27, 2 ** 28, 2 ** 30, 4 * 2 ** 30);

function requests(cpu: number | null, mem: number | null, eph: number | null, gpu: number | null): Record<string, string> {
  const r: Record<string, string> = {};
  if (cpu !== null) r["cpu"] = `${cpu}m`;
  if (mem !== null) r["memory"] = String(mem);
  if (eph !== null) r["ephemeral-storage"] = String(eph);
  if (gpu !== null) r[GPU] = String(gpu);
  return r;
}

const taint = fc.record({
  key: fc.constantFrom("dedicated", "gpu", "spot"),
  value: fc.constantFrom("", "infra", "true"),
  effect: fc.constantFrom("NoSchedule", "PreferNoSchedule", "NoExecute", "PreferNoSchedule", "PreferNoSchedule"),
});

const toleration = fc.oneof(
  fc.record({ key: fc.constantFrom("dedicated", "gpu", "spot"), operator: fc.constant("Exists"), effect: fc.constantFrom("", "NoSchedule", "PreferNoSchedule") }),
  fc.record({ key: fc.constantFrom("dedicated", "spot"), operator: fc.constant("Equal"), value: fc.constantFrom("infra", "true"), effect: fc.constantFrom("", "PreferNoSchedule") }),
);

interface NodeSpec {
  readonly cpu: number;
  readonly mem: number;
  readonly pods: number;
  readonly eph: number | null;
  readonly gpu: number | null;
  readonly taints: { key: string; value: string; effect: string }[];
  readonly zone: number;
  readonly disk: string | null;
  readonly unschedulable: boolean;
  readonly images: number;
}

const nodeSpec: fc.Arbitrary<NodeSpec> = fc.record({
  cpu: cpuMilli,
  mem: memBytes,
  pods: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1, 2, 3) }, { weight: 3, arbitrary: fc.constant(110) }),
  eph: fc.option(fc.constantFrom(0, 1, 2 ** 30, 100 * 2 ** 30, 100 * 2 ** 30), { freq: 2 }),
  gpu: fc.option(fc.constantFrom(0, 1, 2, 8), { freq: 3 }),
  taints: fc.oneof(fc.constant<{ key: string; value: string; effect: string }[]>([]), fc.uniqueArray(taint, { maxLength: 2, selector: (t) => `${t.key}:${t.effect}` })),
  zone: fc.nat({ max: 2 }),
  disk: fc.option(fc.constantFrom("ssd", "hdd"), { freq: 2 }),
  unschedulable: fc.nat({ max: 7 }).map((k) => k === 0),
  images: fc.nat({ max: 15 }),
});

interface PodSpec {
  readonly cpu: number | null;
  readonly mem: number | null;
  readonly eph: number | null;
  readonly gpu: number | null;
  readonly tolerations: object[];
  readonly nodeSelector: string | null;
  readonly preferred: { weight: number; zone: string }[];
  readonly image: number;
  readonly hostPort: number | null;
  readonly spread: boolean;
  readonly antiAffinity: boolean;
  readonly priority: number;
}

const podSpecOf = (cpu: fc.Arbitrary<number>, mem: fc.Arbitrary<number>): fc.Arbitrary<PodSpec> => fc.record({
  cpu: fc.option(cpu, { freq: 6 }),
  mem: fc.option(mem, { freq: 6 }),
  eph: fc.option(fc.constantFrom(0, 1, 2 ** 30), { freq: 10 }),
  gpu: fc.option(fc.constantFrom(0, 1, 2), { freq: 10 }),
  tolerations: fc.array(toleration, { maxLength: 2 }),
  nodeSelector: fc.option(fc.constantFrom("ssd", "hdd"), { freq: 5 }),
  preferred: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), zone: fc.constantFrom(...ZONES) }), { maxLength: 2 }),
  image: fc.nat({ max: 3 }),
  hostPort: fc.option(fc.constantFrom(80, 8080), { freq: 8 }),
  spread: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
  antiAffinity: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
  priority: fc.constantFrom(0, 0, 10, 1000),
});
const podSpec = podSpecOf(fc.oneof({ weight: 4, arbitrary: smallCpu }, { weight: 1, arbitrary: cpuMilli }), fc.oneof({ weight: 4, arbitrary: smallMem }, { weight: 1, arbitrary: memBytes }));
const existingSpec = podSpecOf(smallCpu, smallMem);

function kubeNode(s: NodeSpec, i: number): object {
  const name = `n${i}`;
  const labels: Record<string, string> = { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": ZONES[s.zone]! };
  if (s.disk !== null) labels["disk"] = s.disk;
  const allocatable: Record<string, string> = { cpu: `${s.cpu}m`, memory: String(s.mem), pods: String(s.pods) };
  if (s.eph !== null) allocatable["ephemeral-storage"] = String(s.eph);
  if (s.gpu !== null) allocatable[GPU] = String(s.gpu);
  const images = IMAGES.flatMap((img, j) => ((s.images >> j) & 1 ? [{ names: [img.includes(":") ? img : `${img}:latest`], sizeBytes: (j + 1) * 300 * 2 ** 20 }] : []));
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels },
    spec: { taints: s.taints, unschedulable: s.unschedulable },
    status: { allocatable, images },
  };
}

function kubePod(s: PodSpec, name: string, nodeName: string | null): object {
  const spec: Record<string, unknown> = {
    priority: s.priority,
    tolerations: s.tolerations,
    containers: [
      {
        name: "main",
        image: IMAGES[s.image],
        resources: { requests: requests(s.cpu, s.mem, s.eph, s.gpu) },
        ports: s.hostPort === null ? [] : [{ containerPort: s.hostPort, hostPort: s.hostPort }],
      },
    ],
  };
  if (nodeName !== null) spec["nodeName"] = nodeName;
  if (s.nodeSelector !== null) spec["nodeSelector"] = { disk: s.nodeSelector };
  const affinity: Record<string, unknown> = {};
  if (s.preferred.length > 0) {
    affinity["nodeAffinity"] = {
      preferredDuringSchedulingIgnoredDuringExecution: s.preferred.map((p) => ({
        weight: p.weight,
        preference: { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [p.zone] }] },
      })),
    };
  }
  if (s.antiAffinity) {
    affinity["podAntiAffinity"] = {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }],
    };
  }
  if (Object.keys(affinity).length > 0) spec["affinity"] = affinity;
  if (s.spread) {
    spec["topologySpreadConstraints"] = [
      { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } },
    ];
  }
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app: s.antiAffinity || s.spread ? "web" : "batch" } }, spec };
}

const profile = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("MostAllocated", "LeastAllocated").map((type) => ({
      pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type, resources: [{ name: "cpu", weight: 2 }, { name: "memory", weight: 1 }, { name: GPU, weight: 3 }] } } }],
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      pluginConfig: [
        {
          name: "NodeResourcesFit",
          args: {
            scoringStrategy: {
              type: "RequestedToCapacityRatio",
              resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }],
              requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 40, score: 3 }, { utilization: 100, score: 0 }] },
            },
          },
        },
        { name: "NodeResourcesBalancedAllocation", args: { resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, { name: "ephemeral-storage", weight: 1 }] } },
      ],
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      plugins: { multiPoint: { enabled: [{ name: "NodeResourcesFit" }, { name: "NodeResourcesBalancedAllocation" }], disabled: [{ name: "*" }] } },
      pluginConfig: [{ name: "NodeResourcesBalancedAllocation", args: { resources: [{ name: "cpu", weight: 1 }, { name: GPU, weight: 1 }] } }],
    }),
  },
);

/** A generated scenario: cluster JSON, pending pods and options for scheduleAll. */
export interface EngineScenario {
  readonly cluster: { nodes: object[]; pods: object[] };
  readonly pods: object[];
  readonly options: Record<string, unknown>;
}

/** Scenarios with 0..maxNodes nodes, existing pods and 1..maxPods pending pods. */
export function engineScenario(maxNodes = 40, maxPods = 12): fc.Arbitrary<EngineScenario> {
  return fc
    .record({
      nodes: fc.oneof({ weight: 1, arbitrary: fc.constant<NodeSpec[]>([]) }, { weight: 30, arbitrary: fc.array(nodeSpec, { minLength: 1, maxLength: maxNodes, size: "medium" }) }),
      existing: fc.array(fc.tuple(existingSpec, fc.nat()), { maxLength: maxNodes }),
      pending: fc.array(podSpec, { minLength: 1, maxLength: maxPods }),
      profile,
      percentage: fc.constantFrom(0, 100, 100, 30),
      tieBreak: fc.constantFrom("random", "first"),
      seed: fc.oneof(fc.constantFrom(0, 0xffffffff), fc.nat()),
      version: fc.constantFrom("1.36", "1.36", "1.35", "1.32"),
    })
    .map(({ nodes, existing, pending, profile: p, percentage, tieBreak, seed, version }) => {
      const kubeNodes = nodes.map(kubeNode);
      const bound = nodes.length === 0 ? [] : existing.map(([s, k], i) => kubePod(s, `old-${i}`, `n${k % nodes.length}`));
      const options: Record<string, unknown> = { percentageOfNodesToScore: percentage, tieBreak, seed, kubernetesVersion: version };
      if (p !== undefined) options["profile"] = p;
      return { cluster: { nodes: kubeNodes, pods: bound }, pods: pending.map((s, i) => kubePod(s, `p-${i}`, null)), options };
    });
}
