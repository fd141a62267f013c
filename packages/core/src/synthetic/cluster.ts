// Seeded synthetic clusters, as kubectl-style v1 JSON, for benchmarks, fuzzing and what-if studies. The
// generator is integer-only (mulberry32) and specified step by step below; it is the benchmark cluster of the
// Go conformance oracle (conformance/nodegen.go, `oracle -generate N -seed S`), object for object, so schedkit
// and the upstream scheduler are timed on the very same clusters (conformance/ts checks the equality).
import { SchedkitError } from "../errors.js";
import { Rng } from "../framework/rng.js";
import type { KubeNode, KubePod } from "../model/kube-types.js";

/** Options of syntheticCluster. */
export interface SyntheticClusterOptions {
  /** Number of nodes (0..1,000,000). */
  readonly nodes: number;
  /** Generator seed (uint32). Default 42, the seed of the conformance benchmark. */
  readonly seed?: number;
  /** Number of zones: node i is in zone-(r2 mod zones) (1..1000). Default 3, as the conformance benchmark. */
  readonly zones?: number;
  /** Bound pods per node, at most (0..110): 0 leaves nodes empty, otherwise each node gets its one fill pod. Default 1. */
  readonly maxPodsPerNode?: number;
}

/** A generated cluster: v1.Node and bound v1.Pod objects, ready for createCluster. */
export interface SyntheticCluster {
  readonly nodes: KubeNode[];
  readonly pods: KubePod[];
}

const POD_CPU_MILLI = [100, 250, 500, 1000] as const;
const POD_MEM_MI = [128, 256, 512, 1024, 2048] as const;
const IMAGES = ["registry.example/app:1.0", "registry.example/sidecar:2.3", "registry.example/batch:0.9"] as const;

function checkCount(path: string, v: unknown, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw new SchedkitError(path, v, `is not an integer 0..${max}`);
  return v;
}

const FILL_IMAGE = "registry.k8s.io/pause:3.10";

/**
 * Node i (i = 0..n−1) draws six numbers r0..r5 in order from one mulberry32 stream seeded with `seed`, so a
 * smaller cluster is a prefix of a larger one:
 *  - name node-<i, 5 digits> (node-00000), uid node-<name>, labels kubernetes.io/hostname = name and
 *    topology.kubernetes.io/zone = zone-(r2 mod zones);
 *  - allocatable = capacity: cpu 4000 + 1000·(r0 mod 29) millicores, memory (8 + r1 mod 121) Gi, pods 110;
 *  - taint bench/prefer-avoid=true:PreferNoSchedule when r5 mod 10 = 0;
 *  - fill pod bench/fill-<name> (uid pod-bench/fill-<name>, label app=bench, phase Running, bound to the
 *    node), one container "c" (registry.k8s.io/pause:3.10) requesting cpu ⌊cpu·(r3 mod 90)/100⌋ m and memory
 *    ⌊memGi·1024·(r4 mod 90)/100⌋ Mi.
 * The draws happen whether or not the fill pod is kept (maxPodsPerNode 0).
 */
export function syntheticCluster(options: SyntheticClusterOptions): SyntheticCluster {
  const n = checkCount("nodes", options.nodes, 1_000_000);
  const zones = checkCount("zones", options.zones ?? 3, 1000);
  if (zones === 0) throw new SchedkitError("zones", zones, "is not an integer 1..1000");
  const fill = checkCount("maxPodsPerNode", options.maxPodsPerNode ?? 1, 110) > 0;
  const rng = new Rng(options.seed ?? 42);
  const nodes: KubeNode[] = [];
  const pods: KubePod[] = [];
  for (let i = 0; i < n; i++) {
    const r0 = rng.next();
    const r1 = rng.next();
    const r2 = rng.next();
    const r3 = rng.next();
    const r4 = rng.next();
    const r5 = rng.next();
    const name = `node-${String(i).padStart(5, "0")}`;
    const cpuMilli = 4000 + 1000 * (r0 % 29);
    const memGi = 8 + (r1 % 121);
    const resources = { cpu: `${cpuMilli}m`, memory: `${memGi}Gi`, pods: "110" };
    nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, uid: `node-${name}`, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": `zone-${r2 % zones}` } },
      spec: r5 % 10 === 0 ? { taints: [{ key: "bench/prefer-avoid", value: "true", effect: "PreferNoSchedule" }] } : {},
      status: { capacity: { ...resources }, allocatable: resources },
    });
    if (!fill) continue;
    const fillCpu = Math.floor((cpuMilli * (r3 % 90)) / 100);
    const fillMemMi = Math.floor((memGi * 1024 * (r4 % 90)) / 100);
    pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `fill-${name}`, namespace: "bench", uid: `pod-bench/fill-${name}`, labels: { app: "bench" } },
      spec: {
        nodeName: name,
        containers: [{ name: "c", image: FILL_IMAGE, resources: { requests: { cpu: `${fillCpu}m`, memory: `${fillMemMi}Mi` } } }],
      },
      status: { phase: "Running" },
    });
  }
  return { nodes, pods };
}

/**
 * The pod the conformance benchmark schedules on a synthetic cluster (nodegen.go BenchPod): bench/incoming,
 * label app=bench, one container requesting 500m / 1Gi, a ScheduleAnyway zone spread over app=bench (maxSkew
 * 1) and a preferred node affinity (weight 10) for zone-1.
 */
export function syntheticBenchPod(): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "incoming", namespace: "bench", uid: "pod-bench/incoming", labels: { app: "bench" } },
    spec: {
      containers: [{ name: "c", image: FILL_IMAGE, resources: { requests: { cpu: "500m", memory: "1Gi" } } }],
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "bench" } } },
      ],
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["zone-1"] }] } },
          ],
        },
      },
    },
  };
}

/** Options of syntheticPods. */
export interface SyntheticPodsOptions {
  readonly count: number;
  readonly seed?: number;
  /** Name prefix (default "pending"). */
  readonly prefix?: string;
}

/**
 * Pending pods: pod i draws cpu = POD_CPU_MILLI[below(4)], memory = POD_MEM_MI[below(5)] MiB and
 * image IMAGES[below(3)] from its own mulberry32 stream; label app = app-(i mod 5). Pods that drew the same
 * cpu, memory and image share one spec object, and pods of one app one labels object, as the replicas of a
 * template do (read-only: at 10⁶ pods a spec per pod was most of the generator's memory).
 */
export function syntheticPods(options: SyntheticPodsOptions): KubePod[] {
  const count = checkCount("count", options.count, 10_000_000);
  const out: KubePod[] = new Array(count);
  let i = 0;
  for (const p of syntheticPodStream(options)) out[i++] = p;
  return out;
}

/**
 * syntheticPods' pods one at a time, made as they are asked for: a run given this iterable
 * (`scheduleAll(syntheticPodStream(o), …)`) never holds its pods' objects all at once.
 */
export function syntheticPodStream(options: SyntheticPodsOptions): Generator<KubePod, void, undefined> {
  // Checked here, not at the first pod a generator body would be run for.
  return podStream(checkCount("count", options.count, 10_000_000), options.seed ?? 2, options.prefix ?? "pending");
}

function* podStream(count: number, seed: number, prefix: string): Generator<KubePod, void, undefined> {
  const rng = new Rng(seed);
  const specs = new Map<number, NonNullable<KubePod["spec"]>>();
  const labels = Array.from({ length: 5 }, (_, a) => ({ app: `app-${a}` }));
  for (let i = 0; i < count; i++) {
    const c = rng.below(POD_CPU_MILLI.length);
    const m = rng.below(POD_MEM_MI.length);
    const g = rng.below(IMAGES.length);
    const key = (c * POD_MEM_MI.length + m) * IMAGES.length + g;
    let spec = specs.get(key);
    if (spec === undefined) {
      const requests = { cpu: `${POD_CPU_MILLI[c]!}m`, memory: `${POD_MEM_MI[m]!}Mi` };
      specs.set(key, (spec = { containers: [{ name: "main", image: IMAGES[g]!, resources: { requests } }] }));
    }
    // join: one flat string (a template keeps its pieces, ~50 bytes more a pod for as long as the pod lives).
    yield { apiVersion: "v1", kind: "Pod", metadata: { name: [prefix, "-", i].join(""), namespace: "default", labels: labels[i % 5]! }, spec };
  }
}
