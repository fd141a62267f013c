// scheduleAll's scheduling queue (runPasses; docs/scheduler.md §9b): PreEnqueue holds gated pods back, a pod the
// filters reject waits in the unschedulable pool until a placement or an eviction its rejecting plugins' hints
// answer Queue for moves it to the backoff queue, and the backoff queue is popped once the active queue is empty:
// fewer failures first, then priority, then the earlier failure.
import { describe, expect, it } from "vitest";
import { createCluster, scheduleAll, Scheduler } from "./index.js";

type Json = Record<string, any>;

const node = (name: string, zone: string, cpu = "4"): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone } },
  status: { allocatable: { cpu, memory: "64Gi", pods: "110" } },
});
const pod = (name: string, cpu: string, o: { priority?: number; created?: string; labels?: Json; spec?: Json } = {}): Json => ({
  kind: "Pod",
  metadata: { name, namespace: "default", labels: o.labels ?? { app: name }, creationTimestamp: o.created ?? "2026-01-01T00:00:00Z" },
  spec: { priority: o.priority ?? 0, containers: [{ name: "c", resources: { requests: { cpu, memory: "1Gi" } } }], ...(o.spec ?? {}) },
});
const nearLeader = { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "leader" } }, topologyKey: "topology.kubernetes.io/zone" }] } } };
const leader = pod("leader", "100m", { created: "2026-01-02T00:00:00Z", spec: { nodeSelector: { "topology.kubernetes.io/zone": "b" } } });
const V137 = { kubernetesVersion: "1.37.1", tieBreak: "first" as const };
const list = (...items: Json[]) => createCluster({ kind: "List", items });

describe("a pod rejected before the pod it needs is retried once that pod binds (InterPodAffinity's AssignedPod/Add hint)", () => {
  const run = scheduleAll(undefined, list(node("a1", "a"), node("b1", "b"), pod("follower", "100m", { spec: nearLeader }), leader), V137);

  it("places the follower in the leader's zone on its retry", () => {
    expect(run.results.map((r) => [r.pod, r.status, r.nodeName])).toEqual([
      ["default/follower", "Scheduled", "b1"],
      ["default/leader", "Scheduled", "b1"],
    ]);
  });

  it("counts the retry as a cycle", () => {
    expect(run.summary).toMatchObject({ pods: 2, scheduled: 2, cycles: 3 });
  });

  it("numbers each result with the cycle of its last attempt: the leader is bound in cycle 2, the follower by its retry in cycle 3", () => {
    expect(run.results.map((r) => [r.pod, r.cycle])).toEqual([
      ["default/follower", 3],
      ["default/leader", 2],
    ]);
  });
});

describe("the cycle number orders the bindings", () => {
  it("results stay in queue order while their cycles give the binding order, in kept results, the table and onResult alike", () => {
    const cluster = list(node("a1", "a"), node("b1", "b"), pod("follower", "100m", { spec: nearLeader }), pod("solo", "100m"), leader);
    const kept = scheduleAll(undefined, cluster, V137);
    const bindingOrder = (rs: readonly { pod: string; cycle?: number; nodeName: string | null }[]) =>
      rs.filter((r) => r.nodeName !== null).sort((a, b) => a.cycle! - b.cycle!).map((r) => r.pod);
    expect(kept.results.map((r) => r.pod)).toEqual(["default/follower", "default/solo", "default/leader"]);
    expect(bindingOrder(kept.results)).toEqual(["default/solo", "default/leader", "default/follower"]);
    const table = scheduleAll(undefined, cluster, { ...V137, explain: false, keepResults: "table" }).table!;
    expect([...table].map((r) => r.cycle)).toEqual([4, 2, 3]);
    const streamed: { pod: string; cycle?: number; nodeName: string | null }[] = [];
    scheduleAll(undefined, cluster, { ...V137, keepResults: false, onResult: (r) => streamed.push(r) });
    expect(bindingOrder(streamed)).toEqual(["default/solo", "default/leader", "default/follower"]);
  });

  it("schedule and scheduleOne results carry no cycle (they are not part of a run)", () => {
    const s = new Scheduler(list(node("a1", "a")), V137);
    expect(s.scheduleOne(pod("one", "100m"))).not.toHaveProperty("cycle");
    expect(s.schedule(pod("two", "100m"))).not.toHaveProperty("cycle");
  });
});

describe("a pod no event can help keeps its first result", () => {
  it("a nodeSelector no node matches is not retried when other pods bind (NodeAffinity registers node events only)", () => {
    const run = scheduleAll(undefined, list(node("a1", "a"), pod("lost", "100m", { spec: { nodeSelector: { pool: "gpu" } } }), pod("later", "100m", { created: "2026-01-02T00:00:00Z" })), V137);
    expect(run.results.map((r) => r.status)).toEqual(["Unschedulable", "Scheduled"]);
    expect(run.summary.cycles).toBe(2);
  });

  it("a follower whose leader never comes stays unschedulable with its one cycle", () => {
    const run = scheduleAll(undefined, list(node("a1", "a"), pod("follower", "100m", { spec: nearLeader }), pod("other", "100m", { created: "2026-01-02T00:00:00Z" })), V137);
    expect(run.results[0]).toMatchObject({ pod: "default/follower", status: "Unschedulable", message: "0/1 nodes are available: 1 node(s) didn't match pod affinity rules. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling." });
    expect(run.summary.cycles).toBe(2);
  });
});

describe("the backoff queue is popped in backoff-window order, then by priority, then by the earlier failure", () => {
  it("of two followers moved by the same binding, the higher-priority one is retried first and takes the last room", () => {
    // b1 has room for the leader and one follower; both followers are queued before the leader (higher priority).
    const cluster = list(
      node("b1", "b", "1"),
      pod("f-low", "800m", { priority: 5, spec: nearLeader }),
      pod("f-high", "800m", { priority: 10, spec: nearLeader }),
      leader,
    );
    const run = scheduleAll(undefined, cluster, V137);
    expect(run.results.map((r) => [r.pod, r.status])).toEqual([
      ["default/f-high", "Scheduled"],
      ["default/f-low", "Unschedulable"],
      ["default/leader", "Scheduled"],
    ]);
    // Evicting the leader (priority 0) would free 100m of the 800m it lacks (kube-scheduler v1.37.1 says the same).
    expect(run.results[1]!.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.");
    expect(run.summary.cycles).toBe(5);
  });
});

describe("scheduling gates (SchedulingGates PreEnqueue)", () => {
  const gated = pod("held", "100m", { spec: { schedulingGates: [{ name: "example.com/quota" }, { name: "review" }] } });

  it("a gated pod is not scheduled: listed in gated with kube-scheduler's message, counted apart from the queued pods", () => {
    const run = scheduleAll(undefined, list(node("a1", "a"), gated, pod("free", "100m")), V137);
    expect(run.results.map((r) => r.pod)).toEqual(["default/free"]);
    expect(run.gated).toEqual([{ pod: "default/held", plugin: "SchedulingGates", message: "waiting for scheduling gates: [example.com/quota review]" }]);
    expect(run.summary).toMatchObject({ pods: 1, scheduled: 1, gated: 1 });
  });

  it("Scheduler.preEnqueue says the same for one pod, and null for a pod without gates", () => {
    const s = new Scheduler(list(node("a1", "a")), V137);
    expect(s.preEnqueue(gated)).toEqual({ pod: "default/held", plugin: "SchedulingGates", message: "waiting for scheduling gates: [example.com/quota review]" });
    expect(s.preEnqueue(pod("free", "100m"))).toBeNull();
  });

  it("a profile that disables SchedulingGates schedules the gated pod", () => {
    const profile = { plugins: { multiPoint: { disabled: [{ name: "SchedulingGates" }] } } };
    const run = scheduleAll(undefined, list(node("a1", "a"), gated), { ...V137, profile });
    expect(run.gated).toEqual([]);
    expect(run.results[0]).toMatchObject({ pod: "default/held", status: "Scheduled" });
  });

  it("a gate that is not a qualified name, or a duplicate gate, is rejected naming the field", () => {
    const bad = (gates: Json[]) => () => list(node("a1", "a"), pod("p", "1", { spec: { schedulingGates: gates } }));
    expect(bad([{ name: "not a name" }])).toThrow('items[1].spec.schedulingGates[0].name: "not a name"');
    expect(bad([{ name: "a" }, { name: "a" }])).toThrow('items[1].spec.schedulingGates[1].name: "a" is a duplicate scheduling gate');
  });
});
