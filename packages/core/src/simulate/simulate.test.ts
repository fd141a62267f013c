import { describe, expect, it } from "vitest";
import { SUCCESS } from "../framework/status.js";
import { fragmentation } from "../analysis/fragmentation.js";
import { resolveFeatureGates } from "../framework/features.js";
import { parseKubeVersion } from "../framework/version.js";
import { layeredReport } from "../overcommit/layered.js";
import { createCluster } from "../schedule.js";
import { syntheticCluster } from "../synthetic/cluster.js";
import { clusterOf, node } from "./_test/cluster.js";
import { generateWorkload } from "./generate.js";
import { simulate } from "./simulate.js";
import type { SimEvent, TickMetrics } from "./types.js";

function run(cluster: Parameters<typeof simulate>[0], workload: unknown, options: Parameters<typeof simulate>[2] = {}) {
  const events: SimEvent[] = [];
  const ticks: TickMetrics[] = [];
  const summary = simulate(cluster, workload, { ...options, onEvent: (e) => events.push(e), onTick: (m) => ticks.push(m) });
  return { summary, events, ticks };
}

const attemptsOf = (events: readonly SimEvent[], pod: string) => events.filter((e) => (e.type === "unschedulable" || e.type === "bind") && e.pod === pod).map((e) => e.t);

describe("pods arrive, run for their duration and leave", () => {
  it("binds at the first tick at or after arrival and frees the node when the run ends", () => {
    const { events, summary } = run(clusterOf(node("n1", 2000, 4)), { pods: [{ name: "a", at: 2.5, cpu: "1", memory: "1Gi", duration: 10 }], end: 20 });
    expect(events.filter((e) => e.type !== "arrive")).toEqual([
      { t: 3, type: "bind", pod: "default/a", node: "n1", waited: 0.5 },
      { t: 13, type: "complete", pod: "default/a", node: "n1" },
    ]);
    expect(summary).toMatchObject({ arrived: 1, placed: 1, completed: 1, pendingAtEnd: 0, wait: { p50: 0.5, p99: 0.5, max: 0.5, mean: 0.5 } });
  });

  it("a pod that does not fit waits until one leaves", () => {
    const { events } = run(clusterOf(node("n1", 2000, 4)), {
      pods: [
        { name: "first", at: 0, cpu: "2", memory: "1Gi", duration: 5 },
        { name: "second", at: 1, cpu: "2", memory: "1Gi", duration: 5 },
      ],
      end: 12,
    });
    const bind = events.find((e) => e.type === "bind" && e.pod === "default/second");
    expect(bind).toMatchObject({ t: 5, waited: 4 });
  });

  it("orders each tick's pods as PrioritySort: higher priority first", () => {
    const { events } = run(clusterOf(node("n1", 1000, 4)), {
      pods: [
        { name: "low", at: 0, cpu: "1", memory: "1Gi", priority: 0 },
        { name: "high", at: 0, cpu: "1", memory: "1Gi", priority: 100 },
      ],
      end: 0,
    });
    expect(events.filter((e) => e.type === "bind").map((e) => (e as { pod: string }).pod)).toEqual(["default/high"]);
  });
});

describe("backoff as kube-scheduler's queue does it", () => {
  // One node with 1 CPU; "big" never fits; a 100m pod leaves every second, a cluster event that moves the
  // unschedulable pods back to the queue each tick.
  const churn = { name: "churn", at: 0, count: 40, every: 1, cpu: "100m", memory: "64Mi", duration: 1 };
  const big = { name: "big", at: 0, cpu: "2", memory: "1Gi" };

  it("without SchedulerPopFromBackoffQ (1.32): retries at 1, 2, 4, 8, then every 10 s after the last attempt", () => {
    const { events } = run(clusterOf(node("n1", 1000, 4)), { pods: [big, churn], end: 40 }, { kubernetesVersion: "1.32" });
    expect(attemptsOf(events, "default/big")).toEqual([0, 1, 3, 7, 15, 25, 35]);
  });

  it("with SchedulerPopFromBackoffQ (1.33+): an idle scheduler pops backing-off pods, so each event retries at once", () => {
    const { events } = run(clusterOf(node("n1", 1000, 4)), { pods: [big, churn], end: 5 }, { kubernetesVersion: "1.37" });
    expect(attemptsOf(events, "default/big")).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("without cluster events, an unschedulable pod is flushed back after more than 5 minutes (checked every 30 s)", () => {
    const { events } = run(clusterOf(node("n1", 1000, 4)), { pods: [big], end: 1000 }, { kubernetesVersion: "1.32" });
    expect(attemptsOf(events, "default/big")).toEqual([0, 330, 660, 990]);
  });

  it("honours podInitialBackoffSeconds / podMaxBackoffSeconds", () => {
    const { events } = run(clusterOf(node("n1", 1000, 4)), { pods: [big, churn], end: 40 }, { kubernetesVersion: "1.32", podInitialBackoffSeconds: 2, podMaxBackoffSeconds: 5 });
    // expiry = last attempt + min(2·2^(n−1), 5)
    expect(attemptsOf(events, "default/big")).toEqual([0, 2, 6, 11, 16, 21, 26, 31, 36]);
  });
});

describe("backoff: podInitialBackoffSeconds doubling to podMaxBackoffSeconds, per pod", () => {
  it("a pod failing twice waits 1 s, then 2 s, before its next attempt (1.32: no pops from the backoff queue)", () => {
    // "big" never fits; a 100m pod leaves every second, which moves it out of the unschedulable pool each time.
    const { events } = run(
      clusterOf(node("n1", 1000, 4)),
      { pods: [{ name: "big", at: 0, cpu: "2", memory: "1Gi" }, { name: "churn", at: 0, count: 6, every: 1, cpu: "100m", memory: "64Mi", duration: 1 }], end: 3 },
      { kubernetesVersion: "1.32" },
    );
    const tries = attemptsOf(events, "default/big");
    expect(tries).toEqual([0, 1, 3]);
    expect(tries.slice(1).map((t, i) => t - tries[i]!)).toEqual([1, 2]);
  });

  it("time to schedule includes the backoff: a pod woken 0.5 s into its 2 s backoff binds when the backoff ends", () => {
    // "p" (1 CPU) fits only n1, which "blocker" holds until 1.5 s. A small pod leaving n2 at 1 s wakes p (its
    // 1 s backoff is over): it fails again. The blocker leaving at 1.5 s wakes it 0.5 s into its 2 s backoff:
    // it waits in the backoff queue and binds at 3 s.
    const { events, summary } = run(
      clusterOf(node("n1", 1000, 4), node("n2", 200, 4)),
      {
        pods: [
          { name: "blocker", at: 0, cpu: "1", memory: "64Mi", duration: 1.5 },
          { name: "small", at: 0, cpu: "100m", memory: "64Mi", duration: 1 },
          { name: "p", at: 0, cpu: "1", memory: "64Mi", priority: -1 },
        ],
        end: 4,
      },
      { kubernetesVersion: "1.32", tickSeconds: 0.5 },
    );
    expect(attemptsOf(events, "default/p")).toEqual([0, 1, 3]);
    expect(summary.wait.max).toBe(3);
  });
});

describe("QueueingHints: an event moves only the pods whose rejecting plugins hint Queue for it", () => {
  const taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const tainted = (n: object) => ({ ...n, spec: { taints: [taint] } });
  const tolerates = { tolerations: [{ key: "dedicated", operator: "Exists" }] };

  it("a node added wakes a pod that failed on resources, not one that failed on taints unless the node is untainted", () => {
    // n1 is tainted and small. "big" tolerates the taint but needs 2 CPUs (NodeResourcesFit); "picky" fits but
    // does not tolerate it (TaintToleration). A tainted 4-CPU node at 10 s wakes only "big"; an untainted one at 20 s "picky".
    const { events } = run(
      clusterOf(tainted(node("n1", 1000, 4))),
      {
        pods: [
          { name: "big", at: 0, cpu: "2", memory: "1Gi", spec: tolerates },
          { name: "picky", at: 0, cpu: "100m", memory: "64Mi" },
        ],
        nodeEvents: [
          { at: 10, action: "add", node: tainted(node("n2", 4000, 8)) },
          { at: 20, action: "add", node: node("n3", 4000, 8) },
        ],
        end: 25,
      },
    );
    expect(attemptsOf(events, "default/big")).toEqual([0, 10]);
    expect(attemptsOf(events, "default/picky")).toEqual([0, 20]);
    expect(events.find((e) => e.type === "bind" && e.pod === "default/picky")).toMatchObject({ node: "n3" });
  });

  it("a node added too small for the pod does not wake it (NodeResourcesFit isFit on the new node)", () => {
    const { events } = run(
      clusterOf(node("n1", 1000, 4)),
      { pods: [{ name: "big", at: 0, cpu: "2", memory: "1Gi" }], nodeEvents: [{ at: 5, action: "add", node: node("n2", 1500, 4) }, { at: 9, action: "add", node: node("n3", 2000, 4) }], end: 12 },
    );
    expect(attemptsOf(events, "default/big")).toEqual([0, 9]);
  });

  it("a pod leaving does not wake a pod rejected only by NodeUnschedulable; the uncordon does", () => {
    // "w" runs on n1 until 6 s; n1 is cordoned at 1 s; "p" arrives at 2 s and finds only the cordoned node.
    const { events } = run(
      clusterOf(node("n1", 4000, 8)),
      {
        pods: [
          { name: "w", at: 0, cpu: "1", memory: "1Gi", duration: 6 },
          { name: "p", at: 2, cpu: "1", memory: "1Gi" },
        ],
        nodeEvents: [
          { at: 1, action: "cordon", node: "n1" },
          { at: 8, action: "uncordon", node: "n1" },
        ],
        end: 10,
      },
    );
    expect(events.find((e) => e.type === "complete")).toMatchObject({ t: 6, pod: "default/w" });
    expect(attemptsOf(events, "default/p")).toEqual([2, 8]);
  });

  it("a pod leaving wakes a pod rejected by NodeResourcesFit (AssignedPod/Delete)", () => {
    const { events } = run(
      clusterOf(node("n1", 1000, 4)),
      { pods: [{ name: "w", at: 0, cpu: "1", memory: "1Gi", duration: 4 }, { name: "p", at: 1, cpu: "1", memory: "1Gi" }], end: 6 },
    );
    expect(attemptsOf(events, "default/p")).toEqual([1, 4]);
  });

  it("a bound pod matching a pod's required affinity wakes it (InterPodAffinity, AssignedPod/Add), in the same tick", () => {
    const follower = {
      name: "follower",
      at: 0,
      cpu: "100m",
      memory: "64Mi",
      spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "leader" } }, topologyKey: "kubernetes.io/hostname" }] } } },
    };
    const { events } = run(
      clusterOf(node("n1", 4000, 8)),
      {
        pods: [
          follower,
          { name: "other", at: 3, cpu: "100m", memory: "64Mi", labels: { app: "other" } },
          { name: "leader", at: 5, cpu: "100m", memory: "64Mi", labels: { app: "leader" } },
        ],
        end: 8,
      },
    );
    // "other" binding at 3 s matches no term: the follower stays in the unschedulable pool.
    expect(attemptsOf(events, "default/follower")).toEqual([0, 5]);
    expect(events.find((e) => e.type === "bind" && e.pod === "default/follower")).toMatchObject({ t: 5, node: "n1" });
  });

  it("a deleted pod whose anti-affinity the pod matched wakes it (InterPodAffinity, AssignedPod/Delete)", () => {
    const loner = {
      name: "loner",
      at: 0,
      cpu: "100m",
      memory: "64Mi",
      duration: 4,
      labels: { app: "loner" },
      spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }] } } },
    };
    const { events } = run(
      clusterOf(node("n1", 4000, 8)),
      { pods: [loner, { name: "web", at: 1, cpu: "100m", memory: "64Mi", labels: { app: "web" } }], end: 6 },
    );
    expect(attemptsOf(events, "default/web")).toEqual([1, 4]);
  });

  it("a pod held back by the profile's default spread constraints is woken only by events its Service's selector or the constraint's key touch (PodTopologySpread getConstraints)", () => {
    // A List default DoNotSchedule constraint on a key n1 lacks rejects "web", which a Service selects. "other"
    // binding at 3 s matches the Service's selector no more than the constraint's: web stays in the pool. A node
    // with the key at 5 s wakes it (isSchedulableAfterNodeChange).
    const profile = {
      schedulerName: "default-scheduler",
      pluginConfig: [{ name: "PodTopologySpread", args: { defaultingType: "List", defaultConstraints: [{ maxSkew: 1, topologyKey: "example.com/rack", whenUnsatisfiable: "DoNotSchedule" }] } }],
    };
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } };
    const racked = { ...(node("n2", 4000, 8) as { metadata: { labels: object } }), metadata: { name: "n2", labels: { "kubernetes.io/hostname": "n2", "example.com/rack": "r1" } } };
    const { events } = run(
      createCluster([node("n1", 4000, 8), service]),
      {
        pods: [
          { name: "web", at: 0, cpu: "100m", memory: "64Mi", labels: { app: "web" } },
          { name: "other", at: 3, cpu: "100m", memory: "64Mi", labels: { app: "other" } },
        ],
        nodeEvents: [{ at: 5, action: "add", node: racked }],
        end: 8,
      },
      { profile },
    );
    expect(events.find((e) => e.type === "bind" && e.pod === "default/other")).toMatchObject({ t: 3, node: "n1" });
    expect(attemptsOf(events, "default/web")).toEqual([0, 5]);
    expect(events.find((e) => e.type === "bind" && e.pod === "default/web")).toMatchObject({ t: 5, node: "n2" });
  });

  it("a plugin schedkit has no hints for (a custom one) is woken by every event, as upstream's default enqueue extension", () => {
    const rejectAll = {
      name: "NotYet",
      create: () => ({ name: "NotYet", filter: (_s: unknown, p: { pod: { name: string } }) => (p.pod.name === "p" ? { code: "Unschedulable" as const, reasons: ["not yet"], plugin: "NotYet" } : SUCCESS) }),
    };
    const { events } = run(
      clusterOf(node("n1", 4000, 8)),
      { pods: [{ name: "p", at: 0, cpu: "1", memory: "1Gi" }, { name: "q", at: 3, cpu: "1", memory: "1Gi", duration: 2 }], end: 6 },
      { plugins: [rejectAll as never], profile: { plugins: { multiPoint: { enabled: [{ name: "NotYet" }] } } } },
    );
    // q's binding (3 s) and its leaving (5 s) both move p.
    expect(attemptsOf(events, "default/p")).toEqual([0, 3, 5]);
  });
});

describe("deployments keep their replica count", () => {
  const web = { name: "web", replicas: 3, cpu: "500m", memory: "256Mi" };

  it("creates its pods when it starts", () => {
    const { summary, events } = run(clusterOf(node("n1", 4000, 8)), { deployments: [{ ...web, at: 2 }], end: 5 });
    expect(events.filter((e) => e.type === "create").map((e) => [e.t, (e as { pod: string }).pod])).toEqual([
      [2, "default/web-0"],
      [2, "default/web-1"],
      [2, "default/web-2"],
    ]);
    expect(summary.placed).toBe(3);
  });

  it("re-creates the pods of a drained node elsewhere", () => {
    const { events, summary } = run(clusterOf(node("n1", 4000, 8), node("n2", 4000, 8)), {
      deployments: [web],
      nodeEvents: [{ at: 10, action: "drain", node: "n1" }],
      end: 12,
    });
    const evicted = events.filter((e) => e.type === "evict").length;
    expect(evicted).toBeGreaterThan(0);
    const after = events.filter((e) => e.type === "bind" && e.t === 10);
    expect(after).toHaveLength(evicted);
    expect(after.every((e) => (e as { node: string }).node === "n2")).toBe(true);
    expect(summary.nodes.find((n) => n.node === "n1")!.pods).toBe(0);
    expect(summary.nodes.find((n) => n.node === "n2")!.pods).toBe(3);
  });

  it("re-creates the pods of a removed node; they wait until a node is added", () => {
    const { events, summary } = run(clusterOf(node("n1", 4000, 8)), {
      deployments: [web],
      nodeEvents: [
        { at: 10, action: "remove", node: "n1" },
        { at: 20, action: "add", node: node("n2", 4000, 8) },
      ],
      end: 25,
    });
    expect(events.filter((e) => e.type === "evict" && e.reason === "node-removed")).toHaveLength(3);
    expect(events.filter((e) => e.type === "bind" && e.t === 20).map((e) => (e as { node: string }).node)).toEqual(["n2", "n2", "n2"]);
    expect(summary.wait.max).toBe(10);
    expect(summary.nodes.map((n) => n.node)).toEqual(["n2"]);
  });

  it("a cordoned node takes no new pods; uncordoned, it does again", () => {
    const { events } = run(clusterOf(node("n1", 4000, 8)), {
      pods: [{ name: "p", at: 5, cpu: "1", memory: "1Gi" }],
      nodeEvents: [
        { at: 0, action: "cordon", node: "n1" },
        { at: 8, action: "uncordon", node: "n1" },
      ],
      end: 10,
    });
    expect(events.find((e) => e.type === "unschedulable")).toMatchObject({ t: 5, message: expect.stringContaining("node(s) were unschedulable") });
    expect(events.find((e) => e.type === "bind")).toMatchObject({ t: 8, node: "n1" });
  });

  it("rejects a node event for a node that does not exist, naming the row", () => {
    expect(() => run(clusterOf(node("n1", 4000, 8)), { nodeEvents: [{ at: 1, action: "drain", node: "nope" }] })).toThrow(
      'workload.nodeEvents[0].node: "nope" is not a node of the cluster at 1 s',
    );
  });
});

describe("preemption is carried out inside a pass", () => {
  // One 2-cpu node full of a priority-0 Deployment; an urgent pod arrives at t = 5.
  const workload = {
    deployments: [{ name: "batch", replicas: 2, cpu: "1", memory: "256Mi", priority: 0 }],
    pods: [{ name: "urgent", at: 5, cpu: "1", memory: "256Mi", priority: 1000 }],
    end: 8,
  };

  it("the victim is evicted (reason preempted), the preemptor bound in the same pass, and the Deployment re-creates the victim", () => {
    const { events, summary, ticks } = run(clusterOf(node("n1", 2000, 8)), workload);
    const evictions = events.filter((e) => e.type === "evict");
    expect(evictions).toHaveLength(1);
    expect(evictions[0]).toMatchObject({ t: 5, node: "n1", reason: "preempted" });
    expect(events.find((e) => e.type === "bind" && e.pod === "default/urgent")).toMatchObject({ t: 5, node: "n1" });
    // The ReplicaSet reconciles before each tick's passes: the replacement is created at the next tick.
    expect(events.filter((e) => e.type === "create" && e.t > 5).map((e) => e.t)).toEqual([6]);
    expect(summary.preempted).toBe(1);
    expect(ticks.find((m) => m.t === 5)).toMatchObject({ preempted: 1, evicted: 1 });
    expect(summary.nodes.find((n) => n.node === "n1")!.pods).toBe(2);
  });

  it('with preemption: "dry-run" nothing is evicted and the urgent pod waits', () => {
    const { events, summary } = run(clusterOf(node("n1", 2000, 8)), workload, { preemption: "dry-run" });
    expect(events.filter((e) => e.type === "evict")).toEqual([]);
    expect(events.some((e) => e.type === "bind" && e.pod === "default/urgent")).toBe(false);
    expect(summary.preempted).toBe(0);
  });
});

describe("the HPA scales a deployment from its demand curve (horizontal.go, behavior unset)", () => {
  // 500m requests, 50 % target: a demand of 3 CPUs is 300 % of 2 pods' requests, ratio 6, so 12 pods are wanted; the scale-up limit is max(2 × current, 4) per
  // sync; the 5-minute downscale stabilization keeps the highest recent recommendation.
  const workload = {
    deployments: [
      {
        name: "api",
        replicas: 2,
        cpu: "500m",
        memory: "128Mi",
        hpa: {
          minReplicas: 1,
          maxReplicas: 10,
          targetCPUUtilizationPercentage: 50,
          demand: [
            { at: 0, cpu: "500m" },
            { at: 60, cpu: "3" },
            { at: 200, cpu: "500m" },
          ],
        },
      },
    ],
    end: 600,
  };

  it("scales 2 → 4 → 8 → 10 at the syncs after the demand rises, and down to 2 once the window has passed", () => {
    const { events } = run(clusterOf(node("n1", 16000, 32)), workload);
    expect(events.filter((e) => e.type === "scale").map((e) => e.type === "scale" && [e.t, e.from, e.to, e.utilization])).toEqual([
      [60, 2, 4, 300],
      [75, 4, 8, 150],
      [90, 8, 10, 75],
      [510, 10, 2, 10],
    ]);
    const removed = events.filter((e) => e.type === "evict" && e.reason === "scale-down");
    expect(removed.map((e) => (e as { pod: string }).pod)).toEqual(["default/api-9", "default/api-8", "default/api-7", "default/api-6", "default/api-5", "default/api-4", "default/api-3", "default/api-2"]);
  });
});

describe("metrics per tick", () => {
  it("allocation, stranded capacity, nodes in use and zone balance, by hand", () => {
    // n1 (zone a) gets the 3-CPU pod; the only shape is 3 CPU / 1 GiB: n1's 1 free CPU and 7 GiB are stranded.
    const cluster = clusterOf(node("n1", 4000, 8, "a"), node("n2", 4000, 8, "b"));
    const { ticks } = run(cluster, { pods: [{ name: "p", at: 0, cpu: "3", memory: "1Gi" }], end: 0 }, { tieBreak: "first" });
    const gi = 1024 ** 3;
    expect(ticks[0]).toMatchObject({
      arrived: 1,
      placed: 1,
      pending: 0,
      running: 1,
      nodes: 2,
      nodesInUse: 1,
      cpuAllocated: 3 / 8,
      memoryAllocated: 1 / 16,
      strandedCPU: 1 / 5,
      strandedMemory: (7 * gi) / (15 * gi),
      zones: { a: 3 / 4, b: 0 },
      zoneSpread: 3 / 4,
      wait: { p50: 0, p95: 0, p99: 0, max: 0 },
    });
  });

  it("stranded capacity is fragmentation()'s for the same nodes and the workload's shapes", () => {
    const cluster = createCluster(syntheticCluster({ nodes: 12, seed: 3 }));
    const workload = generateWorkload({ pods: 120, seed: 4, durationSeconds: 120, sizes: "heavy-tailed", meanRunSeconds: 600 });
    const { summary, ticks } = run(cluster, workload, { until: 120, tickSeconds: 10, perNodeMetrics: true });
    const last = ticks[ticks.length - 1]!;
    const shapes = workload.shapes.map((sh, i) => {
      const c = sh.pod.containers[0]!.requests;
      return { name: String(i), milliCPU: Number(c.get("cpu")?.milliValue() ?? 0n), memory: Number(c.get("memory")?.value() ?? 0n) };
    });
    const f = fragmentation(
      last.perNode!.map((n) => ({
        node: n.node,
        pods: n.pods,
        allowedPods: cluster.snapshotFor(resolveFeatureGates(parseKubeVersion("1.36"), undefined)).getNode(n.node)!.allocatable.allowedPodNumber,
        allocatableMilliCPU: n.allocatableMilliCPU,
        allocatableMemory: n.allocatableMemory,
        requestedMilliCPU: n.milliCPU,
        requestedMemory: n.memory,
        limitMilliCPU: 0,
        podsWithoutCpuLimit: 0,
      })),
      shapes,
    );
    expect(f.strandedMilliCPU).toBeGreaterThan(0);
    expect(last.strandedCPU).toBeCloseTo(f.strandedMilliCPU / f.freeMilliCPU, 12);
    expect(last.strandedMemory).toBeCloseTo(f.strandedMemory / f.freeMemory, 12);
    expect(summary.placed).toBeGreaterThan(0);
  });

  it("wait percentiles are nearest-rank over the placed pods", () => {
    // 10 pods of 1 CPU on a 1-CPU node, one after another: waits 0, 1, ..., 9 s.
    const { summary } = run(clusterOf(node("n1", 1000, 4)), { pods: [{ name: "p", at: 0, count: 10, cpu: "1", memory: "1Gi", duration: 1 }], end: 20 }, { kubernetesVersion: "1.37" });
    expect(summary.wait).toEqual({ p50: 4, p95: 9, p99: 9, max: 9, mean: 4.5 });
    expect(summary.waitDistribution.filter((b) => b.count > 0)).toEqual([
      { le: 0, count: 1 },
      { le: 1, count: 1 },
      { le: 2, count: 1 },
      { le: 5, count: 3 },
      { le: 10, count: 4 },
    ]);
  });

  it("perNodeMetrics adds each node's allocation", () => {
    const { ticks } = run(clusterOf(node("n1", 4000, 8)), { pods: [{ name: "p", at: 0, cpu: "1", memory: "1Gi" }], end: 0 }, { perNodeMetrics: true });
    expect(ticks[0]!.perNode).toEqual([{ node: "n1", zone: "zone-a", pods: 1, milliCPU: 1000, allocatableMilliCPU: 4000, memory: 1024 ** 3, allocatableMemory: 8 * 1024 ** 3 }]);
  });
});

describe("clusters on hypervisors: layered commitment and effective contention over time", () => {
  // One host, 4 pCPUs, two 4-vCPU VMs (ρ_vm = 2) that are the nodes n1 and n2 (4 CPUs allocatable each).
  const hypervisors = [{ name: "h1", pcpus: 4, vms: [{ vcpus: 4, node: "n1" }, { vcpus: 4, node: "n2" }] }];
  const w = {
    pods: [
      { name: "limited", at: 0, cpu: "1", memory: "1Gi", limits: { cpu: "2" } },
      { name: "unlimited", at: 10, cpu: "500m", memory: "1Gi" },
    ],
    end: 10,
  };
  const cluster = () => clusterOf(node("n1", 4000, 8), node("n2", 4000, 8));
  // The same moment as overcommit's inventory: "limited" on n1 (the first of two equal nodes), "unlimited" on n2.
  const inventoryAt10 = {
    hosts: [
      {
        name: "h1",
        pcpus: 4,
        vms: [
          { name: "n1", vcpus: 4, node: { name: "n1", allocatableMilli: 4000, pods: [{ metadata: { name: "limited", namespace: "default" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2" } } }] }, demandMilli: { c: 2000 } }] } },
          { name: "n2", vcpus: 4, node: { name: "n2", allocatableMilli: 4000, pods: [{ metadata: { name: "unlimited", namespace: "default" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "500m", memory: "1Gi" } } }] }, demandMilli: { c: 4000 } }] } },
        ],
      },
    ],
  };

  it("commitment per host: ρ_vm × requests / allocatable and ρ_vm × limits / allocatable, a pod without a limit counting its node", () => {
    const { ticks } = run(cluster(), w, { hypervisors, tieBreak: "first" });
    expect(ticks[0]!.hosts).toMatchObject([{ host: "h1", committedRequestsPerPcpu: 2 * (1000 / 8000), worstCaseDemandPerPcpu: 2 * (2000 / 8000) }]);
    expect(ticks[10]!.hosts).toMatchObject([{ host: "h1", committedRequestsPerPcpu: 2 * (1500 / 8000), worstCaseDemandPerPcpu: 2 * (6000 / 8000) }]);
  });

  it("effective contention per tick is layeredReport's for the pods bound then, each wanting its limit", () => {
    const { ticks, summary } = run(cluster(), w, { hypervisors, tieBreak: "first" });
    const r = layeredReport(inventoryAt10);
    const short = r.findings.filter((f) => f.kind === "pod-shortfall").length;
    expect(ticks[10]!.hosts![0]).toMatchObject({ contention: r.hosts[0]!.contention, podsShortOfRequests: short, starvedVms: r.findings.filter((f) => f.kind === "vm-starved").length });
    // At 0 only "limited" runs: 2 of 4 pCPUs wanted.
    expect(ticks[0]!.hosts![0]!.contention).toBe(0.5);
    expect(r.hosts[0]!.contention).toBe(1.5);
    expect(summary.contention).toEqual({ mean: (10 * 0.5 + 1.5) / 11, peak: 1.5 });
    expect(summary.hosts).toEqual([
      {
        host: "h1",
        committedRequestsPerPcpu: { mean: (10 * 0.25 + 0.375) / 11, peak: 0.375 },
        worstCaseDemandPerPcpu: { mean: (10 * 0.5 + 1.5) / 11, peak: 1.5 },
        contention: { mean: (10 * 0.5 + 1.5) / 11, peak: 1.5 },
        podsShortOfRequests: { peak: short },
      },
    ]);
  });

  it("contentionDemand \"requests\": each pod wants its request", () => {
    const { ticks } = run(cluster(), w, { hypervisors, tieBreak: "first", contentionDemand: "requests" });
    expect(ticks[10]!.hosts![0]!.contention).toBe(1.5 / 4);
  });

  it("takes overcommit's layered inventory (its VMs' nodes name the cluster's nodes; its pods are ignored)", () => {
    const short = run(cluster(), w, { hypervisors, tieBreak: "first" }).ticks;
    const inv = run(cluster(), w, { hypervisors: inventoryAt10, tieBreak: "first" }).ticks;
    expect(inv.map((t) => t.hosts)).toEqual(short.map((t) => t.hosts));
  });

  it("rejects a VM naming a node the cluster does not have", () => {
    expect(() => simulate(clusterOf(node("n1", 4000, 8)), { pods: [] }, { hypervisors: [{ name: "h", pcpus: 2, vms: [{ vcpus: 2, node: "n9" }] }] })).toThrow(
      'hypervisors[0].vms[0].node: "n9" is not a node of the cluster',
    );
    expect(() => simulate(clusterOf(node("n1", 4000, 8)), { pods: [] }, { hypervisors: { hosts: [{ name: "h", pcpus: 2, vms: [{ name: "vm", vcpus: 2, node: { pods: [] } }] }] } })).toThrow(
      'hosts[0].vms[0].node.name: "vm" is not a node of the cluster',
    );
    expect(() => simulate(clusterOf(node("n1", 4000, 8)), { pods: [] }, { hypervisors, contentionDemand: "metrics" as never })).toThrow('contentionDemand: "metrics" is not "limits" or "requests"');
  });
});

describe("custom plugins take part like in-tree ones", () => {
  it("a user Filter plugin enabled in the profile keeps pods off the nodes it rejects", () => {
    const avoidN1 = {
      name: "AvoidN1",
      create: () => ({
        name: "AvoidN1",
        filter: (_s: unknown, _p: unknown, n: { node: { name: string } }) =>
          n.node.name === "n1" ? { code: "Unschedulable" as const, reasons: ["node is n1"], plugin: "AvoidN1" } : SUCCESS,
      }),
    };
    const { events } = run(
      clusterOf(node("n1", 8000, 16), node("n2", 8000, 16)),
      { pods: [{ name: "p", at: 0, count: 4, cpu: "1", memory: "1Gi" }], end: 0 },
      { plugins: [avoidN1 as never], profile: { plugins: { multiPoint: { enabled: [{ name: "AvoidN1" }] } } } },
    );
    const binds = events.filter((e) => e.type === "bind");
    expect(binds).toHaveLength(4);
    expect(binds.every((e) => e.type === "bind" && e.node === "n2")).toBe(true);
  });
});

describe("determinism", () => {
  const cluster = createCluster(syntheticCluster({ nodes: 30, seed: 5 }));
  const workload = generateWorkload({ pods: 400, seed: 9, durationSeconds: 600, arrivals: "bursty", meanRunSeconds: 120 });

  it("the same seed gives the same events and metrics", () => {
    const a = run(cluster, workload, { seed: 7, tickSeconds: 2 });
    const b = run(cluster, workload, { seed: 7, tickSeconds: 2 });
    expect(b.events).toEqual(a.events);
    expect(b.ticks).toEqual(a.ticks);
    expect(b.summary).toEqual(a.summary);
    expect(a.summary.placed).toBeGreaterThan(0);
  });

  it("the seed reaches the tie-break: another seed places some pod elsewhere", () => {
    const binds = (seed: number) => run(cluster, workload, { seed, tickSeconds: 2, profile: { plugins: { multiPoint: { disabled: [{ name: "*" }], enabled: [{ name: "PrioritySort" }, { name: "DefaultBinder" }, { name: "NodeResourcesFit" }] } }, pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "cpu", weight: 1 }] } } }] } }).events.filter((e) => e.type === "bind");
    expect(binds(1)).not.toEqual(binds(2));
  });
});

describe("bad input is an error naming the field", () => {
  const c = clusterOf(node("n1", 1000, 4));
  it("options", () => {
    expect(() => simulate(c, { pods: [] }, { tickSeconds: 0 })).toThrow("tickSeconds: 0 is not a number in [0.001, 3600]");
    expect(() => simulate(c, { pods: [] }, { podMaxBackoffSeconds: 0.5 })).toThrow("podMaxBackoffSeconds: 0.5 is not an integer 0..86400");
    expect(() => simulate(c, { pods: [] }, { podInitialBackoffSeconds: 5, podMaxBackoffSeconds: 2 })).toThrow("podMaxBackoffSeconds: 2 is less than podInitialBackoffSeconds");
    expect(() => simulate({} as never, { pods: [] })).toThrow("cluster: an object is not a Cluster (use createCluster)");
  });
  it("an HPA on a deployment without a cpu request", () => {
    const w = { deployments: [{ name: "x", replicas: 1, memory: "1Gi", hpa: { maxReplicas: 3, targetCPUUtilizationPercentage: 50, demand: [{ at: 0, cpu: "1" }] } }], end: 20 };
    expect(() => simulate(clusterOf(node("n1", 4000, 8)), w)).toThrow('workload.deployments["x"].cpu: 0 must be set for an HPA on CPU utilization');
  });
});
