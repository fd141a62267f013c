// Seeded synthetic clusters, as kubectl-style v1 JSON, for benchmarks, fuzzing and what-if studies.
// The generator is integer-only (mulberry32) and specified step by step below, so that another
// language (the Go conformance benchmark) reproduces the very same cluster from the same seed.
import { SchedkitError } from "../errors.js";
import { Rng } from "../framework/rng.js";

/** Options of syntheticCluster. */
export interface SyntheticClusterOptions {
  /** Number of nodes (0..1,000,000). */
  readonly nodes: number;
  /** Generator seed (uint32). Default 1. */
  readonly seed?: number;
  /** Number of zones nodes are spread over, round robin (1..1000). Default 8. */
  readonly zones?: number;
  /** Bound pods per node: a uniform integer in [0, maxPodsPerNode]. Default 10. */
  readonly maxPodsPerNode?: number;
}

/** A generated cluster: v1.Node and bound v1.Pod objects, ready for createCluster. */
export interface SyntheticCluster {
  readonly nodes: object[];
  readonly pods: object[];
}

const CORES = [4, 8, 16, 32, 64] as const;
const POD_CPU_MILLI = [100, 250, 500, 1000] as const;
const POD_MEM_MI = [128, 256, 512, 1024, 2048] as const;
const IMAGES = ["registry.example/app:1.0", "registry.example/sidecar:2.3", "registry.example/batch:0.9"] as const;
const IMAGE_SIZES = [52428800, 157286400, 734003200] as const;

function checkCount(path: string, v: unknown, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw new SchedkitError(path, v, `is not an integer 0..${max}`);
  return v;
}

/**
 * Node i (i = 0..n−1), drawing from one mulberry32 stream in this order:
 *  1. c = CORES[below(5)]; allocatable cpu = c·1000 − 100 (millicores), memory = (4c − 1) GiB, pods 110,
 *     ephemeral-storage 100 GiB.
 *  2. t = below(20): t == 0 gives taint dedicated=infra:NoSchedule (≈5 % of nodes).
 *  3. m = below(8) over IMAGES bits: bit j set ⇒ the node holds IMAGES[j].
 *  4. k = below(maxPodsPerNode + 1) bound pods; pod j draws cpu = POD_CPU_MILLI[below(4)] and
 *     memory = POD_MEM_MI[below(5)] MiB, and is bound only while the node's cpu and memory still fit it.
 * Labels: kubernetes.io/hostname = name, topology.kubernetes.io/zone = zone-(i mod zones).
 */
export function syntheticCluster(options: SyntheticClusterOptions): SyntheticCluster {
  const n = checkCount("nodes", options.nodes, 1_000_000);
  const zones = checkCount("zones", options.zones ?? 8, 1000);
  if (zones === 0) throw new SchedkitError("zones", zones, "is not an integer 1..1000");
  const maxPods = checkCount("maxPodsPerNode", options.maxPodsPerNode ?? 10, 110);
  const rng = new Rng(options.seed ?? 1);
  const nodes: object[] = [];
  const pods: object[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${i}`;
    const cores = CORES[rng.below(CORES.length)]!;
    const cpu = cores * 1000 - 100;
    const memGi = cores * 4 - 1;
    const tainted = rng.below(20) === 0;
    const imageBits = rng.below(8);
    const images = IMAGES.flatMap((img, j) => ((imageBits >> j) & 1 ? [{ names: [img], sizeBytes: IMAGE_SIZES[j] }] : []));
    nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": `zone-${i % zones}` } },
      spec: tainted ? { taints: [{ key: "dedicated", value: "infra", effect: "NoSchedule" }] } : {},
      status: {
        allocatable: { cpu: `${cpu}m`, memory: `${memGi}Gi`, pods: "110", "ephemeral-storage": "100Gi" },
        images,
      },
    });
    const k = rng.below(maxPods + 1);
    let freeCpu = cpu;
    let freeMemMi = memGi * 1024;
    for (let j = 0; j < k; j++) {
      const pc = POD_CPU_MILLI[rng.below(POD_CPU_MILLI.length)]!;
      const pm = POD_MEM_MI[rng.below(POD_MEM_MI.length)]!;
      if (pc > freeCpu || pm > freeMemMi) continue;
      freeCpu -= pc;
      freeMemMi -= pm;
      pods.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `${name}-pod-${j}`, namespace: "default", labels: { app: `app-${j % 5}` } },
        spec: {
          nodeName: name,
          containers: [{ name: "main", image: IMAGES[j % IMAGES.length], resources: { requests: { cpu: `${pc}m`, memory: `${pm}Mi` } } }],
        },
        status: { phase: "Running" },
      });
    }
  }
  return { nodes, pods };
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
 * image IMAGES[below(3)] from its own mulberry32 stream; label app = app-(i mod 5).
 */
export function syntheticPods(options: SyntheticPodsOptions): object[] {
  const count = checkCount("count", options.count, 10_000_000);
  const rng = new Rng(options.seed ?? 2);
  const prefix = options.prefix ?? "pending";
  const out: object[] = [];
  for (let i = 0; i < count; i++) {
    const pc = POD_CPU_MILLI[rng.below(POD_CPU_MILLI.length)]!;
    const pm = POD_MEM_MI[rng.below(POD_MEM_MI.length)]!;
    const img = IMAGES[rng.below(IMAGES.length)]!;
    out.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `${prefix}-${i}`, namespace: "default", labels: { app: `app-${i % 5}` } },
      spec: { containers: [{ name: "main", image: img, resources: { requests: { cpu: `${pc}m`, memory: `${pm}Mi` } } }] },
    });
  }
  return out;
}
