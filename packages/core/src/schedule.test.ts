import { describe, expect, it } from "vitest";
import { createCluster, schedule, scheduleAll, Scheduler, SchedkitError, syntheticCluster, syntheticPodStream, syntheticPods, type ScheduleResult } from "./index.js";
import { MAX_ALIKE_MESSAGES } from "./schedule.js";

type Json = Record<string, any>;

const node = (name: string, cpu: string, memory: string, extra: Json = {}): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...(extra.labels ?? {}) } },
  spec: extra.spec ?? {},
  status: { allocatable: { cpu, memory, pods: "110" } },
});
const pod = (name: string, cpu?: string, memory?: string, extra: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name, namespace: extra.namespace ?? "default", labels: extra.labels ?? {}, ...(extra.metadata ?? {}) },
  spec: {
    containers: [{ name: "c", resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } }],
    ...(extra.spec ?? {}),
  },
});

describe("the scheduling cycle combines plugin scores (docs/scheduler.md §6.4 worked example)", () => {
  // A and B: 4000m / 8Gi each; A already has 2000m / 4Gi requested; the pod requests 1000m / 1Gi.
  const cluster = createCluster({
    nodes: [node("a", "4", "8Gi"), node("b", "4", "8Gi")],
    pods: [pod("existing", "2", "4Gi", { spec: { nodeName: "a" } })],
  });

  it("v1.36: A = 31 + 71 + 300 = 402, B = 81 + 71 + 300 = 452, B wins", () => {
    const r = schedule(pod("p", "1", "1Gi"), cluster, { kubernetesVersion: "1.36" });
    expect(r.nodeName).toBe("b");
    const totals = Object.fromEntries(r.explanation!.nodes.map((n) => [n.node, n.total]));
    expect(totals).toEqual({ a: 402, b: 452 });
    const a = r.explanation!.nodes.find((n) => n.node === "a")!;
    expect(Object.fromEntries(a.scores.map((s) => [s.plugin, s.weighted]))).toEqual({
      TaintToleration: 300,
      NodeResourcesFit: 31,
      // A Score plugin (weight 2) since v1.35; 0 for a pod without ResourceClaims.
      DynamicResources: 0,
      NodeResourcesBalancedAllocation: 71,
      ImageLocality: 0,
    });
  });

  it("v1.35 uses the legacy BalancedAllocation formula: S(requested) = 93 on both nodes", () => {
    const r = schedule(pod("p", "1", "1Gi"), cluster, { kubernetesVersion: "1.35" });
    const bal = r.explanation!.nodes.map((n) => n.scores.find((s) => s.plugin === "NodeResourcesBalancedAllocation")!.raw);
    expect(bal).toEqual([93, 93]);
  });

  it("skips NodeAffinity, PodTopologySpread and InterPodAffinity scoring for a pod without those constraints", () => {
    const r = schedule(pod("p", "1", "1Gi"), cluster);
    const skipped = r.explanation!.preScore.filter((p) => p.status.code === "Skip").map((p) => p.plugin);
    expect(skipped).toEqual(expect.arrayContaining(["NodeAffinity", "PodTopologySpread", "InterPodAffinity"]));
  });
});

describe("FailedScheduling messages end to end", () => {
  // 100 nodes with 100m free each, their pods as important as the replica: no room and no victims.
  const saturated = () => {
    const nodes = Array.from({ length: 100 }, (_, i) => node(`n${i}`, "2", "8Gi"));
    return createCluster({ nodes, pods: nodes.map((_, i) => pod(`busy-${i}`, "1900m", "1Gi", { spec: { nodeName: `n${i}` } })) });
  };

  it("v1.36, 100 saturated nodes: 0/100 nodes are available: 100 Insufficient cpu, then DynamicResources' and the preemption dry run's reasons", () => {
    const r = schedule(pod("replica", "500m", "128Mi"), saturated(), { kubernetesVersion: "1.36" });
    expect(r.status).toBe("Unschedulable");
    expect(r.message).toBe(
      "0/100 nodes are available: 100 Insufficient cpu. no new claims to deallocate, preemption: 0/100 nodes are available: 100 No preemption victims found for incoming pod.",
    );
    expect(r.reasons).toEqual([{ reason: "Insufficient cpu", nodes: 100 }]);
  });

  it("from v1.37 (the default) DynamicResources' PostFilter adds no reason for a pod without claims", () => {
    // dynamicresources.go PostFilter v1.37.1: the claim-less fast path returns Unschedulable without a message
    // (v1.36.0: "no new claims to deallocate"); RunPostFilterPlugins then joins DefaultPreemption's reason alone.
    const r = schedule(pod("replica", "500m", "128Mi"), saturated());
    expect(r.message).toBe("0/100 nodes are available: 100 Insufficient cpu. preemption: 0/100 nodes are available: 100 No preemption victims found for incoming pod.");
  });

  it("without DRA (1.33) the DynamicResources part is absent", () => {
    const cluster = createCluster({ nodes: [node("n", "1", "1Gi")] });
    const r = schedule(pod("p", "2"), cluster, { kubernetesVersion: "1.33" });
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  });

  it("before v1.37 a higher-priority pod that finds preemption candidates gets no PostFilter suffix", () => {
    const cluster = createCluster({ nodes: [node("n", "2", "4Gi")], pods: [pod("low", "2", undefined, { spec: { nodeName: "n", priority: 0 } })] });
    const r = schedule(pod("high", "1", undefined, { spec: { priority: 1000 } }), cluster, { kubernetesVersion: "1.36" });
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    expect(r.explanation!.preemptionCandidates).toEqual(["n"]);
  });

  it("from v1.37 (the default) the successful preemption names the nominated node and its victims", () => {
    // preemption.go Evaluator.Preempt v1.37.1: the Success status carries "found a potential placement…",
    // prefixed "preemption: " by default_preemption.go PostFilter; schedule_one.go keeps it as PostFilterMsg.
    const cluster = createCluster({ nodes: [node("n", "2", "4Gi")], pods: [pod("low", "2", undefined, { spec: { nodeName: "n", priority: 0 } })] });
    const r = schedule(pod("high", "1", undefined, { spec: { priority: 1000 } }), cluster);
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: found a potential placement for pod on node n, preempting 1 victims");
    expect(r.explanation!.preemptionCandidates).toEqual(["n"]);
  });

  it("preemptionPolicy Never is not eligible", () => {
    const cluster = createCluster({ nodes: [node("n", "1", "4Gi")] });
    // A stored pod (spec.priority set by admission): its preemptionPolicy is taken as it is.
    const r = schedule(pod("p", "1500m", undefined, { spec: { priority: 0, preemptionPolicy: "Never" } }), cluster);
    expect(r.message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
    );
  });

  it("a PreFilter rejection becomes the whole message", () => {
    const cluster = createCluster({ nodes: [node("a", "1", "1Gi"), node("b", "1", "1Gi")] });
    const p = pod("p", "100m", undefined, {
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [
                    { key: "metadata.name", operator: "In", values: ["a"] },
                    { key: "metadata.name", operator: "In", values: ["b"] },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    const r = schedule(p, cluster);
    expect(r.message.startsWith("0/2 nodes are available: pod affinity terms conflict.")).toBe(true);
  });

  it("no nodes at all leaves the pod unschedulable with upstream's ErrNoNodesAvailable text", () => {
    const r = schedule(pod("p", "1"), createCluster({ nodes: [] }));
    expect(r).toMatchObject({ status: "Unschedulable", message: "no nodes available to schedule pods", reasons: [], unschedulablePlugins: [] });
  });
});

describe("unschedulablePlugins: Diagnosis.UnschedulablePlugins, the plugins the scheduling queue asks for hints", () => {
  const taint = { key: "dedicated", value: "x", effect: "NoSchedule" };
  const cluster = createCluster({ nodes: [node("small", "1", "4Gi"), node("tainted", "8", "8Gi", { spec: { taints: [taint] } })] });

  it("every plugin that rejected some node, sorted", () => {
    const r = schedule(pod("p", "2", "1Gi"), cluster, { explain: false });
    expect(r.status).toBe("Unschedulable");
    expect(r.unschedulablePlugins).toEqual(["NodeResourcesFit", "TaintToleration"]);
  });

  it("a PreFilter restriction names the restricting plugin (pluginsWithNodes), with the Filter rejections", () => {
    const p = pod("p", "2", "1Gi", {
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["small"] }] }] } } } },
    });
    expect(schedule(p, cluster).unschedulablePlugins).toEqual(["NodeAffinity", "NodeResourcesFit"]);
  });

  it("a PreFilter's UnschedulableAndUnresolvable names only that plugin", () => {
    const p = pod("p", "1", "1Gi", {
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [] }] }] } } } },
    });
    const r = schedule(p, cluster);
    expect(r.status).toBe("Unschedulable");
    expect(r.unschedulablePlugins).toEqual(["NodeAffinity"]);
  });

  it("absent on scheduled pods", () => {
    expect(schedule(pod("p", "500m", "1Gi"), cluster).unschedulablePlugins).toBeUndefined();
  });
});

describe("scheduleAll assumes each placed pod before the next decision", () => {
  it("fills a node, then reports the rest unschedulable with the exact count", () => {
    const cluster = createCluster({ nodes: [node("n", "2", "8Gi")] });
    const pods = Array.from({ length: 5 }, (_, i) => pod(`r-${i}`, "500m"));
    const run = scheduleAll(pods, cluster);
    expect(run.results.map((r) => r.status)).toEqual(["Scheduled", "Scheduled", "Scheduled", "Scheduled", "Unschedulable"]);
    expect(run.summary).toMatchObject({ pods: 5, scheduled: 4, unschedulable: 1, errors: 0 });
    expect(run.summary.unschedulableByReason).toEqual([{ reason: "Insufficient cpu", pods: 1 }]);
    expect(run.summary.nodes[0]).toMatchObject({ node: "n", pods: 4, requestedMilliCPU: 2000 });
    // The input cluster is unchanged.
    expect(schedule(pod("again", "500m"), cluster).status).toBe("Scheduled");
  });

  it("orders the queue by priority, then creation time, then input order (PrioritySort)", () => {
    const cluster = createCluster({ nodes: [node("n", "8", "8Gi")] });
    const pods = [
      pod("late", "1", undefined, { metadata: { creationTimestamp: "2026-01-02T00:00:00Z" } }),
      pod("early", "1", undefined, { metadata: { creationTimestamp: "2026-01-01T00:00:00Z" } }),
      pod("urgent", "1", undefined, { spec: { priority: 10 }, metadata: { creationTimestamp: "2026-01-03T00:00:00Z" } }),
      pod("same-time", "1", undefined, { metadata: { creationTimestamp: "2026-01-02T00:00:00Z" } }),
    ];
    expect(scheduleAll(pods, cluster).results.map((r) => r.pod)).toEqual(["default/urgent", "default/early", "default/late", "default/same-time"]);
  });

  it("queues pods of one name in different namespaces, and next to a bound pod of that name in another namespace", () => {
    const cluster = createCluster({ nodes: [node("n", "8", "8Gi")], pods: [pod("p", "1", undefined, { spec: { nodeName: "n" } })] });
    const pods = [pod("p", "1", undefined, { metadata: { namespace: "a" } }), pod("p", "1", undefined, { metadata: { namespace: "b" } })];
    expect(scheduleAll(pods, cluster).results.map((r) => [r.pod, r.status])).toEqual([
      ["a/p", "Scheduled"],
      ["b/p", "Scheduled"],
    ]);
  });

  it("keeps anti-affine replicas apart", () => {
    const cluster = createCluster({ nodes: [node("a", "4", "8Gi"), node("b", "4", "8Gi")] });
    const anti = {
      labels: { app: "web" },
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }],
          },
        },
      },
    };
    const run = scheduleAll([pod("w0", "1", undefined, anti), pod("w1", "1", undefined, anti), pod("w2", "1", undefined, anti)], cluster);
    expect(new Set(run.results.slice(0, 2).map((r) => r.nodeName))).toEqual(new Set(["a", "b"]));
    expect(run.results[2]!.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });
});

describe("selection among equal top scores", () => {
  const cluster = createCluster({ nodes: Array.from({ length: 8 }, (_, i) => node(`n${i}`, "4", "8Gi")) });

  it("is reproducible for a seed and varies across seeds", () => {
    const pick = (seed: number) => schedule(pod("p", "1"), cluster, { seed }).nodeName;
    expect(pick(7)).toBe(pick(7));
    expect(new Set(Array.from({ length: 20 }, (_, s) => pick(s))).size).toBeGreaterThan(1);
  });

  it('"first" picks the first top node in examination order', () => {
    expect(schedule(pod("p", "1"), cluster, { tieBreak: "first" }).nodeName).toBe("n0");
  });

  it("lists every tied node in topNodes", () => {
    expect(schedule(pod("p", "1"), cluster).explanation!.topNodes).toHaveLength(8);
  });
});

describe("numFeasibleNodesToFind and the round-robin start index", () => {
  const cluster = createCluster(syntheticCluster({ nodes: 1000, seed: 3, maxPodsPerNode: 0 }));

  it("stops after 420 feasible nodes of 1000 (adaptive 42%) and starts the next cycle after them", () => {
    const s = new Scheduler(cluster, { explain: true });
    const r = s.schedule(pod("p", "100m"));
    expect(r.feasibleNodes).toBe(420);
    expect(r.explanation!.nodes[0]!.node).toBe("node-00000");
    expect(s.nextStartNodeIndex).toBe(r.evaluatedNodes % 1000);
    const r2 = s.schedule(pod("q", "100m"));
    expect(r2.explanation!.nodes[0]!.node).toBe(`node-${String(r.evaluatedNodes % 1000).padStart(5, "0")}`);
  });

  it("examines every node at percentageOfNodesToScore 100", () => {
    expect(schedule(pod("p", "100m"), cluster, { percentageOfNodesToScore: 100 }).evaluatedNodes).toBe(1000);
  });

  it("a profile's percentageOfNodesToScore wins over the global one", () => {
    const r = schedule(pod("p", "100m"), cluster, { percentageOfNodesToScore: 100, profile: { percentageOfNodesToScore: 10 } });
    expect(r.feasibleNodes).toBe(100);
  });
});

describe("profiles in KubeSchedulerConfiguration shape", () => {
  const cluster = createCluster({ nodes: [node("a", "4", "8Gi"), node("b", "4", "8Gi")], pods: [pod("x", "2", "4Gi", { spec: { nodeName: "a" } })] });

  it("MostAllocated packs onto the fuller node", () => {
    const profile = { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated" } } }] };
    expect(schedule(pod("p", "1", "1Gi"), cluster, { profile }).nodeName).toBe("a");
  });

  it("a weight set in multiPoint replaces the default weight in place", () => {
    const profile = { plugins: { multiPoint: { enabled: [{ name: "NodeResourcesFit", weight: 5 }] } } };
    const r = schedule(pod("p", "1", "1Gi"), cluster, { profile });
    expect(r.explanation!.scorePlugins.find((p) => p.plugin === "NodeResourcesFit")!.weight).toBe(5);
  });

  it("without score plugins the filter stops at the first feasible node, which is chosen unscored", () => {
    const profile = { plugins: { score: { disabled: [{ name: "*" }] }, preScore: { disabled: [{ name: "*" }] } } };
    const r = schedule(pod("p", "1", "1Gi"), cluster, { profile });
    expect(r).toMatchObject({ nodeName: "a", evaluatedNodes: 1, feasibleNodes: 1 });
    expect(r.explanation!.nodes.map((n) => n.total)).toEqual([null]);
  });
});

describe("bad input is an error naming the field and the value", () => {
  const nodes = [node("a", "1", "1Gi")];
  it.each([
    ["a duplicate node name", () => createCluster({ nodes: [node("a", "1", "1Gi"), node("a", "2", "1Gi")] }), 'nodes[1].metadata.name: "a" is a duplicate node name (also nodes[0])'],
    ["a pod bound to a node that does not exist (strict)", () => createCluster({ nodes, pods: [pod("p", "1", undefined, { spec: { nodeName: "ghost" } })] }, { strict: true }), 'pods[0].spec.nodeName: "ghost" is not a node of this cluster'],
    ["a duplicate pod", () => createCluster({ nodes, pods: [pod("p"), pod("p")] }), 'pods[1].metadata.name: "p" is a duplicate pod name in namespace "default" (also pods[0])'],
    ["a bad quantity in a pod to schedule", () => schedule(pod("p", "12x"), createCluster({ nodes })), 'pod.spec.containers[0].resources.requests.cpu: "12x" is not a Kubernetes quantity'],
    ["an unknown Kubernetes version", () => schedule(pod("p"), createCluster({ nodes }), { kubernetesVersion: "2.0" }), 'kubernetesVersion: "2.0" is not a Kubernetes version like "1.36" or "v1.34.2"'],
    ["an unsupported release", () => schedule(pod("p"), createCluster({ nodes }), { kubernetesVersion: "1.20" }), 'kubernetesVersion: "1.20" is outside the supported releases 1.30–1.37'],
    ["a percentage above 100", () => schedule(pod("p"), createCluster({ nodes }), { percentageOfNodesToScore: 101 }), "percentageOfNodesToScore: 101 is not a percentage (an integer 0..100)"],
    ["a NaN seed", () => schedule(pod("p"), createCluster({ nodes }), { seed: Number.NaN }), "seed: NaN is not a seed (an integer 0..2^32-1)"],
    ["an unknown tie-break", () => schedule(pod("p"), createCluster({ nodes }), { tieBreak: "last" as never }), 'tieBreak: "last" is not "random" or "first"'],
    ["an unknown plugin in a profile", () => schedule(pod("p"), createCluster({ nodes }), { profile: { plugins: { filter: { enabled: [{ name: "Nope" }] } } } }), 'profile.plugins.filter.enabled[0]: "Nope" is not a known plugin'],
    ["an out-of-range score weight", () => schedule(pod("p"), createCluster({ nodes }), { profile: { plugins: { multiPoint: { enabled: [{ name: "ImageLocality", weight: 101 }] } } } }), "profile.plugins.multiPoint.enabled[0].weight: 101 is not a score weight"],
    ["an unknown extension point", () => schedule(pod("p"), createCluster({ nodes }), { profile: { plugins: { scoring: {} } } }), 'profile.plugins: "scoring" is not an extension point'],
    ["pluginConfig for the same plugin twice", () => schedule(pod("p"), createCluster({ nodes }), { profile: { pluginConfig: [{ name: "NodeAffinity", args: {} }, { name: "NodeAffinity", args: {} }] } }), 'profile.pluginConfig[1].name: "NodeAffinity" is configured more than once'],
    ["an unknown feature gate", () => schedule(pod("p"), createCluster({ nodes }), { featureGates: { Warp: true } }), 'featureGates.Warp: "Warp" is not a feature gate schedkit models'],
    ["a non-boolean feature gate", () => schedule(pod("p"), createCluster({ nodes }), { featureGates: { PodLevelResources: "yes" } as never }), 'featureGates.PodLevelResources: "yes" is not a boolean'],
    ["something that is not a Cluster", () => schedule(pod("p"), {} as never), "cluster: an object is not a Cluster (use createCluster)"],
    // scheduleAll's pending list is checked as createCluster checks a cluster's pods (the API server's view).
    ["a pod twice in scheduleAll's list", () => scheduleAll([pod("p"), pod("q"), pod("p")], createCluster({ nodes })), 'pods[2].metadata.name: "p" is a duplicate pod name in namespace "default" (also pods[0])'],
    ["a string as scheduleAll's pods", () => scheduleAll("p" as never, createCluster({ nodes })), 'pods: "p" is not an array (or iterable) of pods'],
    ["a bad pod from an iterable, named by its position", () => scheduleAll(new Set([pod("p"), pod("q", "12x")]), createCluster({ nodes })), 'pods[1].spec.containers[0].resources.requests.cpu: "12x" is not a Kubernetes quantity'],
    ["a pending pod named like a bound pod", () => scheduleAll([pod("p")], createCluster({ nodes, pods: [pod("p", undefined, undefined, { spec: { nodeName: "a" } })] })), 'pods[0].metadata.name: "p" is a duplicate pod name in namespace "default" (also the pod bound to node "a")'],
    ["a pending pod with spec.nodeName", () => scheduleAll([pod("p", undefined, undefined, { spec: { nodeName: "a" } })], createCluster({ nodes })), 'pods[0].spec.nodeName: "a" is set: a pod to schedule is not bound to a node yet'],
    ["assuming onto a node that does not exist", () => new Scheduler(createCluster({ nodes })).assume(pod("p"), "ghost"), 'nodeName: "ghost" is not a node of this cluster'],
    ["a node total beyond the exact domain", () => schedule(pod("p"), createCluster({ nodes: [node("big", "1", "90000000000000")], pods: [pod("x", undefined, "50000000000000", { spec: { nodeName: "big" } }), pod("y", undefined, "50000000000000", { spec: { nodeName: "big" } })] })), "exceeds the exact domain"],
  ])("%s", (_name, fn, message) => {
    expect(fn).toThrow(SchedkitError);
    expect(fn).toThrow(message);
  });
});

describe("a pod that fails to prepare ends the queue there", () => {
  it("the pods queued before it are placed (a long-lived scheduler keeps them), then its error is thrown", () => {
    const scheduler = new Scheduler(createCluster({ nodes: [node("a", "4", "8Gi")] }));
    expect(() => scheduler.scheduleAll([pod("ok", "1"), pod("huge", "90071992547410"), pod("after", "1")])).toThrow('pods[1] requests.cpu: "90071992547410" exceeds the exact domain');
    expect(scheduler.scheduleAll([]).summary.nodes[0]).toMatchObject({ node: "a", pods: 1, requestedMilliCPU: 1000 });
  });

  it("a pending pod of the cluster is named by its namespace and name (the path is made when the error is)", () => {
    const cluster = createCluster({ nodes: [node("a", "4", "8Gi")], pods: [pod("ok", "1"), pod("huge", "90071992547410")] });
    expect(() => scheduleAll(undefined, cluster)).toThrow('pods["default/huge"] requests.cpu: "90071992547410" exceeds the exact domain');
  });
});

describe("scheduleAll takes its pods as any iterable, read once in order", () => {
  it("a generator's pods are scheduled as the same pods in an array are", () => {
    const cluster = createCluster(syntheticCluster({ nodes: 40, seed: 3 }));
    const options = { percentageOfNodesToScore: 0, seed: 5 } as const;
    const fromArray = scheduleAll(syntheticPods({ count: 300, seed: 9 }), cluster, options);
    // A new generator each time it is iterated: the engine parity suite (asm fixtures.parity.test.ts) runs
    // every scheduleAll of this file again on the other engine with the same argument.
    const fromStream = scheduleAll({ [Symbol.iterator]: () => syntheticPodStream({ count: 300, seed: 9 }) }, cluster, options);
    expect(fromStream).toStrictEqual(fromArray);
    expect(fromArray.summary.pods).toBe(300);
  });

  it("the stream checks its count when it is made, not at its first pod", () => {
    expect(() => syntheticPodStream({ count: -1 })).toThrow(SchedkitError);
  });
});

describe("keepResults: false holds a waiting pod's result without a copy of what pods rejected alike share", () => {
  const cluster = createCluster({ nodes: [node("a", "1", "1Gi"), node("b", "1", "1Gi")] });
  const pods = Array.from({ length: 20 }, (_, i) => pod(`p${i}`, "2"));

  it("each unschedulable pod's final result is the collected one", () => {
    const whole = scheduleAll(pods, cluster, { explain: false });
    const streamed: unknown[] = [];
    const run = scheduleAll(pods, cluster, { explain: false, keepResults: false, onResult: (r, i) => (streamed[i] = r) });
    expect(run.results).toEqual([]);
    expect(streamed).toStrictEqual(whole.results);
    expect(whole.summary.scheduled).toBe(0);
  });

  it("their message, reasons and rejecting plugins are one copy", () => {
    const streamed: ScheduleResult[] = [];
    scheduleAll(pods, cluster, { explain: false, keepResults: false, onResult: (r, i) => (streamed[i] = r) });
    const first = streamed[0]!;
    for (const r of streamed.slice(1)) {
      expect(r.reasons).toBe(first.reasons);
      expect(r.unschedulablePlugins).toBe(first.unschedulablePlugins);
    }
  });

  it("at most MAX_ALIKE_MESSAGES distinct messages are kept: the last one's pods still share, the next one's do not", () => {
    // Each pod asks for its own extended resource, which no node has: one distinct message per resource.
    const gpu = (name: string, r: number) => pod(name, undefined, undefined, { spec: { containers: [{ name: "c", resources: { requests: { [`example.com/r${r}`]: "1" } } }] } });
    const distinct = Array.from({ length: MAX_ALIKE_MESSAGES + 1 }, (_, r) => gpu(`d${r}`, r));
    const twins = [gpu("last-kept", MAX_ALIKE_MESSAGES - 1), gpu("past", MAX_ALIKE_MESSAGES), gpu("first-kept", 0)];
    const streamed: ScheduleResult[] = [];
    scheduleAll([...distinct, ...twins], cluster, { explain: false, keepResults: false, onResult: (r, i) => (streamed[i] = r) });
    const [lastKept, past, firstKept] = streamed.slice(distinct.length);
    expect(lastKept!.reasons).toBe(streamed[MAX_ALIKE_MESSAGES - 1]!.reasons);
    expect(firstKept!.reasons).toBe(streamed[0]!.reasons);
    expect(past!.reasons).not.toBe(streamed[MAX_ALIKE_MESSAGES]!.reasons);
    // Not shared is still the same result.
    expect(past!.reasons).toEqual(streamed[MAX_ALIKE_MESSAGES]!.reasons);
    expect(past!.message).toBe(streamed[MAX_ALIKE_MESSAGES]!.message);
    expect(past!.message).toMatch(new RegExp(`^0/2 nodes are available: 2 Insufficient example\\.com/r${MAX_ALIKE_MESSAGES}\\. `));
  });
});

describe("explanations a run keeps by default (SchedulerOptions.explain)", () => {
  // 1,000 nodes: the explanations of more than 4,294 pods pass the 1 GiB budget at about 250 bytes a node a pod.
  const cluster = createCluster(syntheticCluster({ nodes: 1000, seed: 1 }));
  const pods = syntheticPods({ count: 5000, seed: 2 });

  it("refuses before it starts a run whose default explanations would not fit, saying what to pass", () => {
    const e = (() => {
      try {
        scheduleAll(pods, cluster);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(SchedkitError);
    expect(e).toMatchObject({ path: "explain", value: true });
    expect((e as Error).message).toBe(
      "explain: true (the default) would keep the explanations of 5,000 pods on 1,000 nodes, about 1.2 GiB (about 250 bytes a node a pod): pass explain: false for a run this large (explainPod explains one pod), keepResults: false with onResult to stream them, or explain: true to keep them anyway",
    );
    expect(() => new Scheduler(cluster).scheduleMany(pods)).toThrow(/^explain: true \(the default\) would keep the explanations of 5,000 pods on 1,000 nodes/);
  });

  it("runs a run as large with explain: false, with results not kept, and one under the budget with the default", () => {
    expect(scheduleAll(pods, cluster, { explain: false }).results).toHaveLength(5000);
    // Each pod's final result reaches onResult (the WASM parity suite runs this file through both engines).
    const streamed = new Set<number>();
    expect(scheduleAll(pods.slice(0, 1000), cluster, { keepResults: false, onResult: (_r, i) => streamed.add(i) }).results).toEqual([]);
    expect(streamed.size).toBe(1000);
    const some = scheduleAll(pods.slice(0, 40), cluster);
    expect(some.results.every((r) => r.explanation !== null)).toBe(true);
  });

  it("leaves an explicit explain: true to the caller", () => {
    // Only the check: a run of this size with explanations would keep the gigabyte it asks for.
    expect(() => new Scheduler(cluster, { explain: true }).checkExplanations(5000)).not.toThrow();
    expect(() => new Scheduler(cluster).checkExplanations(5000)).toThrow(SchedkitError);
    expect(() => new Scheduler(cluster).checkExplanations(5000, { keepResults: "table" })).not.toThrow();
    expect(() => new Scheduler(cluster).checkExplanations(4294)).not.toThrow();
    expect(() => new Scheduler(cluster).checkExplanations(4295)).toThrow(SchedkitError);
  });
});
