// DefaultPreemption's dry run through the public API: victims (SelectVictimsOnNode with reprieve), the
// nomination (pickOneNodeForPreemption), the messages per release, and the host-port quirk of RemovePod.
import { describe, expect, it } from "vitest";
import { createCluster, schedule, Scheduler } from "../../index.js";
import { numPreemptionCandidates } from "./default-preemption.js";

type Json = Record<string, any>;

const node = (name: string, cpu: string, pods = "110"): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name } },
  status: { allocatable: { cpu, memory: "64Gi", pods } },
});
const pod = (name: string, cpu: string, extra: Json = {}): Json => ({
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "c", resources: { requests: { cpu, memory: "1Gi" } }, ...(extra.container ?? {}) }], ...(extra.spec ?? {}) },
  ...(extra.status === undefined ? {} : { status: extra.status }),
});
const bound = (name: string, nodeName: string, cpu: string, priority: number, extra: Json = {}): Json => {
  const p = pod(name, cpu, extra);
  return { ...p, spec: { ...p.spec, nodeName, priority }, status: { phase: "Running", ...(extra.status ?? {}) } };
};
const urgent = (cpu: string, priority = 1000) => pod("urgent", cpu, { spec: { priority } });
const V137 = { kubernetesVersion: "1.37.1" };

describe("SelectVictimsOnNode", () => {
  it("removes every lower-priority pod, then reprieves the most important first: only what must go is a victim", () => {
    // Full 4-cpu node. Without the three lower-priority pods 3 cpu are free; p10 comes back (2 free, the pod
    // fits), then neither p5 nor p1 can: they are the victims, most important first.
    const cluster = createCluster({
      nodes: [node("n", "4")],
      pods: [bound("high", "n", "1", 2000), bound("p10", "n", "1", 10), bound("p5", "n", "1", 5), bound("p1", "n", "1", 1)],
    });
    const r = schedule(urgent("2"), cluster, V137);
    expect(r.status).toBe("Unschedulable");
    expect(r.explanation!.nomination).toEqual({ node: "n", victims: ["default/p5", "default/p1"], ties: ["n"] });
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: found a potential placement for pod on node n, preempting 2 victims");
  });

  it("orders equal priorities by start time: the older pod is more important and is reprieved first", () => {
    const cluster = createCluster({
      nodes: [node("n", "2")],
      pods: [
        bound("young", "n", "1", 0, { status: { startTime: "2025-06-01T00:00:00Z" } }),
        bound("old", "n", "1", 0, { status: { startTime: "2025-01-01T00:00:00Z" } }),
      ],
    });
    expect(schedule(urgent("1"), cluster, V137).explanation!.nomination!.victims).toEqual(["default/young"]);
  });

  it("frees a host port another pod on the node also holds (NodeInfo.RemovePod deletes the set entry)", () => {
    const port = { container: { ports: [{ containerPort: 80, hostPort: 8080 }] } };
    const cluster = createCluster({
      nodes: [node("n", "4")],
      pods: [bound("keeper", "n", "100m", 2000, port), bound("victim", "n", "100m", 0, port)],
    });
    const r = schedule(pod("urgent", "100m", { spec: { priority: 1000 }, ...port }), cluster, V137);
    // The keeper still holds 8080, but once the victim's removal deleted the port entry the dry run sees it free.
    expect(r.explanation!.nodes[0]!.status.plugin).toBe("NodePorts");
    expect(r.explanation!.nomination).toEqual({ node: "n", victims: ["default/victim"], ties: ["n"] });
  });

  it("reports a node without lower-priority pods, and nodes preemption cannot help, in the message", () => {
    const cluster = createCluster({
      nodes: [node("a", "2"), node("b", "2"), { ...node("c", "8"), spec: { unschedulable: true } }],
      pods: [bound("peer", "a", "2", 1000), bound("low", "b", "1", 0), bound("peer2", "b", "1", 1000)],
    });
    const r = schedule(urgent("2"), cluster, V137);
    // a holds only a pod of equal priority; b lacks cpu even without its victim; c is cordoned
    // (UnschedulableAndUnresolvable), so it is not a potential node and gets the absent status.
    expect(r.message).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
    expect(r.explanation!.nomination).toBeNull();
  });
});

describe("pickOneNodeForPreemption", () => {
  const cluster = createCluster({
    nodes: [node("a", "2"), node("b", "2"), node("c", "2"), node("d", "2")],
    pods: [
      bound("a1", "a", "2", 50),
      bound("b1", "b", "1", 10),
      bound("b2", "b", "1", 10),
      bound("c1", "c", "2", 10),
      bound("d1", "d", "2", 10),
    ],
  });

  it("prefers the lowest highest-priority victim, then the lowest priority sum, then fewer victims; the rest tie", () => {
    // a: victim priority 50 (loses on criterion 2). b: two victims of 10 (sum 2·(10 + 2^31) loses on criterion 3).
    // c and d: one victim of priority 10 each, no start times: tied after every criterion.
    const r = schedule(urgent("2"), cluster, V137);
    expect(r.explanation!.preemptionCandidates).toEqual(["a", "b", "c", "d"]);
    expect(r.explanation!.nomination).toEqual({ node: "c", victims: ["default/c1"], ties: ["c", "d"] });
  });

  it("breaks the last tie by the latest start of the highest-priority victims", () => {
    const timed = createCluster({
      nodes: [node("c", "2"), node("d", "2")],
      pods: [
        bound("c1", "c", "2", 10, { status: { startTime: "2025-01-01T00:00:00Z" } }),
        bound("d1", "d", "2", 10, { status: { startTime: "2025-02-01T00:00:00Z" } }),
      ],
    });
    expect(schedule(urgent("2"), timed, V137).explanation!.nomination).toEqual({ node: "d", victims: ["default/d1"], ties: ["d"] });
  });
});

describe("DefaultPreemption PostFilter message", () => {
  const cluster = createCluster({ nodes: [node("n", "1")], pods: [bound("low", "n", "1", 0)] });

  it("v1.37 names the nomination (Preempt's Success status got a message in v1.37.0)", () => {
    expect(schedule(urgent("1"), cluster, V137).message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: found a potential placement for pod on node n, preempting 1 victims",
    );
  });

  it("v1.36 ends after the histogram: RunPostFilterPlugins returns the Success status, which had no message", () => {
    expect(schedule(urgent("1"), cluster, { kubernetesVersion: "1.36" }).message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
  });

  it("preemptionPolicy Never is not eligible", () => {
    const never = pod("never", "1", { spec: { priority: 1000, preemptionPolicy: "Never" } });
    expect(schedule(never, cluster, V137).message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
  });
});

describe("calculateNumCandidates", () => {
  it.each([
    [1, 1],
    [99, 99],
    [100, 100],
    [1000, 100],
    [2000, 200],
  ])("%i potential nodes: %i candidates (10%%, at least 100, at most all)", (n, want) => {
    expect(numPreemptionCandidates(n)).toBe(want);
  });
});

describe("Scheduler.scheduleOne keeps the nomination", () => {
  it("a lower-priority pod then yields the nominated node's room to the nominated pod (dry run: the victim stays)", () => {
    const cluster = createCluster({ nodes: [node("n", "2")], pods: [bound("low", "n", "2", 0)] });
    const s = new Scheduler(cluster, { ...V137, preemption: "dry-run" });
    expect(s.scheduleOne(urgent("1", 1000)).explanation!.nomination!.node).toBe("n");
    // A pod of priority 500 could also preempt "low", but the node's room is the nominated pod's: after
    // evicting "low" the node would hold urgent (nominated, 1 cpu) + this pod (2 cpu) > 2.
    const r = s.scheduleOne(pod("mid", "2", { spec: { priority: 500 } }));
    expect(r.explanation!.nomination).toBeNull();
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.");
  });
});

describe("PodDisruptionBudgets in victim selection (FilterVictimsWithPDBViolation, pickOneNodeForPreemption)", () => {
  const labelled = (name: string, nodeName: string, cpu: string, priority: number, app: string, start: string) => {
    const p = bound(name, nodeName, cpu, priority, { status: { startTime: start } });
    return { ...p, metadata: { ...p.metadata, labels: { app } } };
  };
  const pdb = (app: string, allowed: number, disrupted: string[] = [], selector: Json | null = { matchLabels: { app } }) => ({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: `pdb-${app}`, namespace: "default" },
    spec: selector === null ? {} : { selector },
    status: { disruptionsAllowed: allowed, ...(disrupted.length > 0 ? { disruptedPods: Object.fromEntries(disrupted.map((n) => [n, "2026-01-01T00:00:00Z"])) } : {}) },
  });
  // Two equal nodes, each full with one low-priority pod; only the PDB tells them apart.
  const nodes = [node("a", "2"), node("b", "2")];
  const pods = [labelled("db-0", "a", "2", 0, "db", "2026-01-01T00:00:00Z"), labelled("web-0", "b", "2", 0, "web", "2026-01-01T00:00:00Z")];
  const nominated = (objects: Json[]) => schedule(urgent("2"), createCluster({ kind: "List", items: [...nodes, ...pods, ...objects] }), V137);

  it("prefers the node whose victims violate no budget (fewest violations first)", () => {
    expect(nominated([]).message).toContain("on node a, preempting 1 victims");
    expect(nominated([pdb("db", 0)]).message).toContain("on node b, preempting 1 victims");
  });

  it("a budget with disruptions left, a pod already in disruptedPods, or an empty selector is no violation", () => {
    expect(nominated([pdb("db", 1)]).message).toContain("on node a,");
    expect(nominated([pdb("db", 0, ["db-0"])]).message).toContain("on node a,");
    expect(nominated([pdb("db", 0, [], {})]).message).toContain("on node a,");
  });

  it("budgets are spent in victim order: the most important victims use up the allowed disruptions", () => {
    // Node a: three 1-cpu pods of one app under a budget allowing 1; the urgent pod needs 2 cpu: two must go.
    const three = [labelled("x1", "a", "1", 5, "x", "2026-01-01T00:00:00Z"), labelled("x2", "a", "1", 3, "x", "2026-01-01T00:00:00Z")];
    const cluster = createCluster({ kind: "List", items: [node("a", "2"), ...three, pdb("x", 1)] });
    const r = schedule(urgent("2"), cluster, V137);
    expect(r.explanation!.nomination!.victims).toEqual(["default/x1", "default/x2"]);
  });
});
