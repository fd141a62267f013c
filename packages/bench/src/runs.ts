// Suites "scheduleAll varied" and "deployment": whole runs as users run them, scheduleAll over a cluster with
// each placed pod assumed before the next, on the WebAssembly engine (SIMD), with kube-scheduler's default
// adaptive percentageOfNodesToScore and with every node examined. One task is one whole run from the same
// cluster (scheduleAll never changes its input), so every sample does the same work.
//   - varied: syntheticPods (cpu 100m–1, memory 128Mi–2Gi, three images, five app labels), 50,000 on 5,000 nodes;
//     then the same pods each with its own soft zone spread over its app's pods (a selector per app), where each
//     pod is scanned with PodTopologySpread's per-pod kernel pass; then the varied pods on the same cluster
//     plus two CoreDNS pods with kubeadm's preferred pod anti-affinity (what nearly every real cluster holds);
//     then 8 Deployments' pods pending at once (owned by their ReplicaSets: system-default spreading), in turn
//     as the queue interleaves them, with varied requests;
//   - deployment: one Deployment of 50,000 replicas (expandWorkload: pods owned by its ReplicaSet, which the
//     cluster holds, so PodTopologySpread's system-default constraints select them) on 5,000 nodes.
import { Bench } from "tinybench";
import { createCluster, expandWorkload, syntheticCluster, syntheticPods, type Cluster, type Engine, type PodInput } from "@schedkit/core";
import { createWasmEngineSync, type WasmScheduler } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface RunSuiteOptions {
  readonly nodes: number;
  readonly pods: number;
  /** Whole runs per measurement (the median is kept). */
  readonly iterations: number;
}

const MODES = [
  { label: "adaptive %", percentageOfNodesToScore: undefined },
  { label: "100% nodes", percentageOfNodesToScore: 100 },
] as const;

/** The Deployment of the replica suite: 100m / 128Mi, the shape of a stateless web tier. */
export function benchDeployment(replicas: number): object {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "bench" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] },
      },
    },
  };
}

async function measureRun(suite: string, engine: Engine, engineLabel: string, cluster: Cluster, pods: readonly PodInput[] | undefined, pct: number | undefined, opts: RunSuiteOptions): Promise<BenchRow> {
  let placed = 0;
  let total = 0;
  let evals = 0;
  const bench = new Bench({ iterations: opts.iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench.add(suite, () => {
    const run = engine.scheduleAll(pods, cluster, { explain: false, seed: 7, ...(pct === undefined ? {} : { percentageOfNodesToScore: pct }) });
    total = run.results.length;
    placed = run.summary.scheduled;
    evals = 0;
    for (const r of run.results) evals += r.evaluatedNodes;
  });
  await bench.run();
  const res = bench.tasks[0]!.result as unknown as { latency: { p50: number; samplesCount: number } };
  const medianMs = res.latency.p50;
  const podsPerSec = (total / medianMs) * 1000;
  console.log(`${suite.padEnd(36)} ${engineLabel}: ${total.toLocaleString("en-US")} pods (${placed.toLocaleString("en-US")} placed) in ${(medianMs / 1000).toFixed(2)} s, ${Math.round(podsPerSec).toLocaleString("en-US")} pods/s (median of ${res.latency.samplesCount})`);
  return { suite, engine: engineLabel, nodes: cluster.nodes.length, pods: total, podsPerSec, nodeEvalsPerSec: podsPerSec * (evals / Math.max(1, total)), medianMs, samples: res.latency.samplesCount };
}

/** scheduleAll of `pods` varied pods on `nodes` nodes, adaptive % and every node. */
export async function variedRunSuite(opts: RunSuiteOptions): Promise<BenchRow[]> {
  const wasm = createWasmEngineSync({ flavor: "simd" });
  const cluster = createCluster(syntheticCluster({ nodes: opts.nodes, seed: 1 }));
  const pods = syntheticPods({ count: opts.pods, seed: 2 });
  const rows: BenchRow[] = [];
  for (const m of MODES) rows.push(await measureRun(`scheduleAll varied (${m.label})`, wasm, "wasm-simd", cluster, pods, m.percentageOfNodesToScore, opts));
  const spreading = pods.map(withZoneSpread);
  for (const m of MODES) rows.push(await measureRun(`scheduleAll varied, each spreading its app (${m.label})`, wasm, "wasm-simd", cluster, spreading, m.percentageOfNodesToScore, opts));
  const base = syntheticCluster({ nodes: opts.nodes, seed: 1 });
  const withDns = createCluster({ nodes: base.nodes, pods: [...base.pods, coreDns(0, base.nodes[0]!.metadata.name), coreDns(1, base.nodes[1]!.metadata.name)] });
  for (const m of MODES) rows.push(await measureRun(`scheduleAll varied, beside CoreDNS (${m.label})`, wasm, "wasm-simd", withDns, pods, m.percentageOfNodesToScore, opts));
  const interleaved = interleavedDeployments(base, opts.pods);
  for (const m of MODES) rows.push(await measureRun(`scheduleAll 8 Deployments interleaved (${m.label})`, wasm, "wasm-simd", interleaved, undefined, m.percentageOfNodesToScore, opts));
  return rows;
}

/**
 * The cluster with 8 Deployments' `pods` replicas pending (expandWorkload: ReplicaSets and their pods), taken in
 * turn — d0, d1, …, d7, d0, … as equal creation times and priorities leave them — each with its own requests
 * (100m–1 CPU), so that every pod is its own kernel run.
 */
function interleavedDeployments(base: ReturnType<typeof syntheticCluster>, pods: number): Cluster {
  const nodes = createCluster({ nodes: base.nodes, pods: [] }).nodes;
  const per = Math.ceil(pods / 8);
  const deps = Array.from({ length: 8 }, (_, d) => {
    const dep = benchDeployment(per) as { metadata: { name: string }; spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } } };
    dep.metadata.name = `web-${d}`;
    dep.spec.selector.matchLabels = { app: `web-${d}` };
    dep.spec.template.metadata.labels = { app: `web-${d}` };
    return expandWorkload(dep, "deployment", { nodes })!;
  });
  const out: object[] = [];
  for (let i = 0; i < per && out.length < pods; i++) {
    for (let d = 0; d < 8 && out.length < pods; d++) {
      const p = structuredClone(deps[d]!.pods[i]) as { spec: { containers: { resources: { requests: Record<string, string> } }[] } };
      p.spec.containers[0]!.resources.requests["cpu"] = `${100 + ((out.length * 37) % 900)}m`;
      out.push(p);
    }
  }
  return createCluster([...base.nodes, ...base.pods, ...deps.flatMap((e) => e.controllers), ...out]);
}

/** A bound CoreDNS replica as kubeadm deploys it: preferred anti-affinity to its siblings per node. */
function coreDns(i: number, nodeName: string): object {
  const term = { labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] }, topologyKey: "kubernetes.io/hostname" };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `coredns-${i}`, namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    spec: {
      nodeName,
      containers: [{ name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.12.0", resources: { requests: { cpu: "100m", memory: "70Mi" } } }],
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } },
    },
  };
}

/** The pod with a ScheduleAnyway zone spread over the pods of its app (its `app` label). */
function withZoneSpread(pod: PodInput): PodInput {
  const p = pod as { metadata: { labels: Record<string, string> }; spec: object };
  const app = p.metadata.labels["app"]!;
  const constraint = { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app } } };
  return { ...p, spec: { ...p.spec, topologySpreadConstraints: [constraint] } } as PodInput;
}

/** scheduleAll of one `pods`-replica Deployment on `nodes` nodes, adaptive % and every node. */
export async function deploymentRunSuite(opts: RunSuiteOptions): Promise<BenchRow[]> {
  const wasm = createWasmEngineSync({ flavor: "simd" });
  const base = syntheticCluster({ nodes: opts.nodes, seed: 1 });
  const nodes = createCluster({ nodes: base.nodes, pods: [] }).nodes;
  const expansion = expandWorkload(benchDeployment(opts.pods), "deployment", { nodes })!;
  const cluster = createCluster([...base.nodes, ...base.pods, ...expansion.controllers, ...expansion.pods]);
  const rows: BenchRow[] = [];
  for (const m of MODES) {
    rows.push(await measureRun(`deployment replicas (${m.label})`, wasm, "wasm-simd", cluster, undefined, m.percentageOfNodesToScore, opts));
    paths(`deployment replicas (${m.label})`, wasm.scheduler(cluster, { explain: false, ...(m.percentageOfNodesToScore === undefined ? {} : { percentageOfNodesToScore: m.percentageOfNodesToScore }) }));
  }
  return rows;
}

/**
 * One more run, untimed, on a scheduler whose counters say which path placed the replicas: through the
 * kernel's group trees (`treePods`; of them `windowWalks` counted by a walk of their window, `tieWalks` tie-broken
 * by the examination-order walk) or scanned. What packages/asm/README.md says of this Deployment (every replica
 * through the trees in both modes, most adaptive windows walked) is this line.
 */
function paths(suite: string, s: WasmScheduler): void {
  try {
    s.scheduleAll(undefined, { seed: 7 });
    const st = s.stats;
    console.log(`${suite.padEnd(36)} paths: ${st.runPods.toLocaleString("en-US")} pods in ${st.runCalls} kernel run call(s), ${st.treePods.toLocaleString("en-US")} through the group trees (${st.windowWalks.toLocaleString("en-US")} window walks, ${st.tieWalks.toLocaleString("en-US")} tie walks), ${st.cyclePods.toLocaleString("en-US")} through the TypeScript cycle`);
  } finally {
    s.dispose();
  }
}
