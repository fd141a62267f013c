// scheduleAll carrying out preemption over successive cycles: the preemptor is nominated, its victims are
// evicted (prepareCandidate), and it is placed when retried after the queue pass (handleSchedulingFailure).
import { describe, expect, it } from "vitest";
import { createCluster, scheduleAll, Scheduler } from "./index.js";

type Json = Record<string, any>;

const node = (name: string, cpu: string): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name } },
  status: { allocatable: { cpu, memory: "64Gi", pods: "110" } },
});
const pod = (name: string, cpu: string, priority: number, extra: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name, namespace: "default", ...(extra.labels === undefined ? {} : { labels: extra.labels }), ...(extra.creationTimestamp === undefined ? {} : { creationTimestamp: extra.creationTimestamp }) },
  spec: { priority, containers: [{ name: "c", resources: { requests: { cpu, memory: "1Gi" } } }], ...(extra.spec ?? {}) },
});
const bound = (name: string, nodeName: string, cpu: string, priority: number, extra: Json = {}): Json => {
  const p = pod(name, cpu, priority, extra);
  return { ...p, spec: { ...p.spec, nodeName }, status: { phase: "Running", startTime: "2026-01-01T00:00:00Z" } };
};
const pdb = (app: string, allowed: number): Json => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: `pdb-${app}`, namespace: "default" },
  spec: { selector: { matchLabels: { app } } },
  status: { disruptionsAllowed: allowed },
});
const V137 = { kubernetesVersion: "1.37.1", tieBreak: "first" as const };
const list = (...items: Json[]) => createCluster({ kind: "List", items });

describe("a high-priority pod that does not fit", () => {
  const cluster = list(node("a", "4"), node("b", "4"), bound("a-low", "a", "2", 1), bound("a-mid", "a", "2", 50), bound("b-mid", "b", "2", 50), bound("b-mid2", "b", "2", 50), pod("urgent", "2", 1000));

  it("evicts the lowest-priority victims and lands on the nominated node", () => {
    const run = scheduleAll(undefined, cluster, V137);
    expect(run.evictions).toEqual([{ pod: "default/a-low", node: "a", preemptor: "default/urgent" }]);
    expect(run.results).toHaveLength(1);
    const r = run.results[0]!;
    expect(r).toMatchObject({ pod: "default/urgent", status: "Scheduled", nodeName: "a", nomination: { node: "a", victims: ["default/a-low"], evicted: true } });
    expect(run.summary).toMatchObject({ pods: 1, scheduled: 1, unschedulable: 0, preemptions: 1, evictions: 1 });
    // The victim's requests left node a; the preemptor's took their place.
    const a = run.summary.nodes.find((n) => n.node === "a")!;
    expect(a).toMatchObject({ pods: 2, requestedMilliCPU: 4000 });
  });

  it("the cluster object itself keeps its pods (each run works on its own copy)", () => {
    scheduleAll(undefined, cluster, V137);
    expect(cluster.boundPods.map((p) => p.name)).toContain("a-low");
  });

  it('"dry-run" keeps one cycle per pod: nothing is evicted and the preemptor stays Unschedulable with the nomination', () => {
    const run = scheduleAll(undefined, cluster, { ...V137, preemption: "dry-run" });
    expect(run.evictions).toEqual([]);
    const r = run.results[0]!;
    expect(r.status).toBe("Unschedulable");
    expect(r.nomination).toEqual({ node: "a", victims: ["default/a-low"], evicted: false });
    expect(r.explanation!.nomination).toMatchObject({ node: "a", victims: ["default/a-low"] });
    expect(r.message).toBe("0/2 nodes are available: 2 Insufficient cpu. preemption: found a potential placement for pod on node a, preempting 1 victims");
    expect(run.summary).toMatchObject({ preemptions: 0, evictions: 0, unschedulable: 1 });
  });

  it("an unknown mode is an error naming the option", () => {
    expect(() => scheduleAll(undefined, cluster, { ...V137, preemption: "yes" as never })).toThrow('preemption: "yes" is not "carry-out" or "dry-run"');
  });
});

describe("PodDisruptionBudgets in carried-out preemption", () => {
  const items = [node("a", "2"), node("b", "2"), bound("db-0", "a", "2", 0, { labels: { app: "db" } }), bound("web-0", "b", "2", 0, { labels: { app: "web" } }), pod("urgent", "2", 1000)];

  it("the pod a budget protects survives when another victim will do", () => {
    const run = scheduleAll(undefined, list(...items, pdb("db", 0)), V137);
    expect(run.evictions).toEqual([{ pod: "default/web-0", node: "b", preemptor: "default/urgent" }]);
    expect(run.results[0]).toMatchObject({ status: "Scheduled", nodeName: "b" });
  });

  it("when every candidate violates a budget, the budget is overridden (the fewest violations win)", () => {
    const run = scheduleAll(undefined, list(...items, pdb("db", 0), pdb("web", 0)), V137);
    expect(run.evictions).toEqual([{ pod: "default/db-0", node: "a", preemptor: "default/urgent" }]);
    expect(run.results[0]).toMatchObject({ status: "Scheduled", nodeName: "a" });
  });
});

describe("a preemptor that cannot be helped", () => {
  it("stays Unschedulable with upstream's message and evicts nothing", () => {
    // Only higher-priority pods run: removing them is not allowed, so no node is a candidate.
    const run = scheduleAll(undefined, list(node("a", "2"), bound("vip", "a", "2", 2000), pod("urgent", "2", 1000)), V137);
    expect(run.evictions).toEqual([]);
    expect(run.results[0]).toMatchObject({ status: "Unschedulable", message: "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod." });
    expect(run.results[0]!.nomination).toBeUndefined();
  });

  it("preemptionPolicy Never: not eligible, nothing evicted", () => {
    const run = scheduleAll(undefined, list(node("a", "2"), bound("low", "a", "2", 0), pod("urgent", "2", 1000, { spec: { preemptionPolicy: "Never" } })), V137);
    expect(run.evictions).toEqual([]);
    expect(run.results[0]!.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
  });
});

describe("the nominated node's room belongs to the preemptor until it is retried", () => {
  it("a lower-priority pod queued after the preemptor yields the room and cannot preempt for it", () => {
    const run = scheduleAll(undefined, list(node("a", "2"), bound("low", "a", "2", 0), pod("urgent", "1", 1000), pod("mid", "2", 500)), V137);
    expect(run.evictions).toEqual([{ pod: "default/low", node: "a", preemptor: "default/urgent" }]);
    // Queue order: urgent, mid. mid sees urgent's nomination (1 cpu) on the emptied node: 2 cpu do not fit.
    expect(run.results.map((r) => [r.pod, r.status, r.nodeName])).toEqual([
      ["default/urgent", "Scheduled", "a"],
      ["default/mid", "Unschedulable", null],
    ]);
    expect(run.results[1]!.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  });

  it("a lower-priority pod that fits beside the nomination is placed in the same pass", () => {
    const run = scheduleAll(undefined, list(node("a", "3"), bound("low", "a", "3", 0), pod("urgent", "2", 1000), pod("small", "1", 500)), V137);
    expect(run.results.map((r) => [r.pod, r.status, r.nodeName])).toEqual([
      ["default/urgent", "Scheduled", "a"],
      ["default/small", "Scheduled", "a"],
    ]);
  });
});

describe("chains of preemptions", () => {
  it("each preemptor evicts pods of lower priority than its own, in queue order, and all land", () => {
    // a: low (0) fills it; b: mid-bound (100) fills it. top (1000) preempts on one node, next (500) on the other.
    const run = scheduleAll(undefined, list(node("a", "2"), node("b", "2"), bound("low", "a", "2", 0), bound("b-100", "b", "2", 100), pod("top", "2", 1000), pod("next", "2", 500)), V137);
    expect(run.evictions).toEqual([
      { pod: "default/low", node: "a", preemptor: "default/top" },
      { pod: "default/b-100", node: "b", preemptor: "default/next" },
    ]);
    expect(run.results.map((r) => [r.pod, r.status, r.nodeName])).toEqual([
      ["default/top", "Scheduled", "a"],
      ["default/next", "Scheduled", "b"],
    ]);
    expect(run.summary).toMatchObject({ preemptions: 2, evictions: 2, scheduled: 2 });
  });

  it("a preemptor's victims can include several pods, most important first", () => {
    const run = scheduleAll(undefined, list(node("a", "3"), bound("p1", "a", "1", 1), bound("p5", "a", "1", 5), bound("p10", "a", "1", 10), pod("urgent", "2", 1000)), V137);
    expect(run.results[0]).toMatchObject({ status: "Scheduled", nodeName: "a", nomination: { node: "a", victims: ["default/p5", "default/p1"], evicted: true } });
  });
});

describe("Scheduler.scheduleOne in carry-out mode", () => {
  it("evicts at once and reports the evictions; the next cycle of the preemptor places it", () => {
    const s = new Scheduler(list(node("a", "2"), bound("low", "a", "2", 0)), V137);
    const u = pod("urgent", "2", 1000);
    expect(s.scheduleOne(u).status).toBe("Unschedulable");
    expect(s.evictions).toEqual([{ pod: "default/low", node: "a", preemptor: "default/urgent" }]);
    expect(s.scheduleOne(u)).toMatchObject({ status: "Scheduled", nodeName: "a" });
  });
});

describe("determinism", () => {
  it("the same input and seed give the same run, random tie-break included", () => {
    const items = [node("a", "2"), node("b", "2"), node("c", "2"), bound("la", "a", "2", 0), bound("lb", "b", "2", 0), bound("lc", "c", "2", 0), pod("u1", "2", 1000), pod("u2", "2", 900), pod("u3", "1", 800)];
    const runs = [1, 2].map(() => scheduleAll(undefined, list(...items), { kubernetesVersion: "1.37.1", seed: 7 }));
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]!.summary.scheduled).toBe(3);
  });
});

describe("a victim already terminating gets no second deletion (executor.go prepareCandidate)", () => {
  // Node a's only lower-priority pod is being deleted already; upstream's executor skips it ("Victim Pod is
  // already being deleted, skipping the API call for it"), so the pod stays until its graceful termination ends.
  const terminating = (name: string, nodeName: string, cpu: string, priority: number): Json => {
    const p = bound(name, nodeName, cpu, priority);
    return { ...p, metadata: { ...p.metadata, deletionTimestamp: "2026-01-02T00:00:00Z" } };
  };

  it("a preemption whose victims are all terminating evicts nothing: the preemptor stays nominated and Unschedulable, and no event retries it", () => {
    const run = scheduleAll(undefined, list(node("a", "4"), terminating("a-going", "a", "4", 1), pod("urgent", "2", 1000)), V137);
    expect(run.evictions).toEqual([]);
    expect(run.results[0]).toMatchObject({
      pod: "default/urgent",
      status: "Unschedulable",
      nomination: { node: "a", victims: ["default/a-going"], evicted: false },
      message: "0/1 nodes are available: 1 Insufficient cpu. preemption: found a potential placement for pod on node a, preempting 1 victims",
    });
    expect(run.summary).toMatchObject({ preemptions: 0, evictions: 0, cycles: 1 });
    expect(run.summary.nodes[0]).toMatchObject({ pods: 1, requestedMilliCPU: 4000 });
  });

  it("beside a victim that is not terminating, only that one is evicted and recorded", () => {
    const run = scheduleAll(undefined, list(node("a", "4"), terminating("a-going", "a", "2", 1), bound("a-low", "a", "2", 1), pod("urgent", "4", 1000)), V137);
    expect(run.evictions).toEqual([{ pod: "default/a-low", node: "a", preemptor: "default/urgent" }]);
    expect(run.results[0]).toMatchObject({ status: "Unschedulable", nomination: { node: "a", victims: ["default/a-low"], evicted: true } });
    expect(run.summary).toMatchObject({ preemptions: 1, evictions: 1, cycles: 2 });
  });
});

describe("a pod whose nomination a preemption cleared before its turn", () => {
  // Found by a generated whole run (seed 1153572384); the oracle (`oracle -run` on this List) gives the same.
  const two = (name: string): Json => ({ ...node(name, "8"), status: { allocatable: { cpu: "8", memory: "64Gi", pods: "2" } } });
  const nominated = (name: string, priority: number, nodeName: string): Json => ({ ...pod(name, "1", priority), status: { nominatedNodeName: nodeName } });

  it("is popped as the queue holds it then, and the preemption of its own cycle retries it once its victim is gone", () => {
    const run = scheduleAll(undefined, list(two("n"), bound("lowest", "n", "1", -100), bound("low", "n", "1", 0), pod("big", "1", 1000), nominated("mid", 5, "n")), V137);
    expect(run.evictions).toEqual([
      { pod: "default/lowest", node: "n", preemptor: "default/big" },
      { pod: "default/low", node: "n", preemptor: "default/mid" },
    ]);
    expect(run.results.map((r) => [r.pod, r.status, r.nodeName, r.cycle])).toEqual([
      ["default/big", "Scheduled", "n", 3],
      ["default/mid", "Scheduled", "n", 4],
    ]);
  });
});
