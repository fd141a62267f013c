import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scenarioArbitrary } from "../arbitraries/index.js";
import { createCluster, SchedkitError, Scheduler, tsEngine } from "../index.js";
import { capacity, nodesToAdd } from "./index.js";
import { toKubeNode, toKubePod } from "../_test/kube.js";
import { assertProperty, propertySeeds, runParameters } from "../_test/long.js";

const node = (name: string, cpu: number, memory = 64 * 2 ** 30, extra: Record<string, unknown> = {}) =>
  toKubeNode({ name, allocatable: { cpu, memory, pods: 110 }, labels: { "kubernetes.io/hostname": name }, ...extra });
const pod = (name: string, cpu: number, memory = 2 ** 28, extra: Record<string, unknown> = {}) =>
  toKubePod({ name, containers: [{ requests: { cpu, memory } }], ...extra });
const bound = (name: string, nodeName: string, cpu: number) => toKubePod({ name, nodeName, containers: [{ requests: { cpu } }] });

describe("capacity: replicas of one shape until the first that does not fit", () => {
  const cluster = createCluster({ nodes: [node("a", 4000), node("b", 4000), node("c", 2000)], pods: [bound("busy", "a", 1500)] });

  it("counts what the nodes' free CPU takes and reports the first failure's FailedScheduling text", () => {
    const r = capacity(cluster, [pod("web", 1000)]);
    // a: 2500m free → 2, b: 4 , c: 2
    expect(r.shapes[0]).toMatchObject({ shape: "default/web", replicas: 8, stop: "unschedulable", failedPod: "default/web-capacity-8" });
    expect(r.shapes[0]!.message).toMatch(/^0\/3 nodes are available: 3 Insufficient cpu\./);
    expect(r.shapes[0]!.stoppedBy).toBe("3 Insufficient cpu");
    expect(r.shapes[0]!.placement).toEqual([
      { node: "a", replicas: 2 },
      { node: "b", replicas: 4 },
      { node: "c", replicas: 2 },
    ]);
    expect(r.total).toBe(8);
    expect(r.nodes).toBe(3);
  });

  it("stops at max without a failure", () => {
    const r = capacity(cluster, [pod("web", 1000)], { max: 5 });
    expect(r.shapes[0]).toMatchObject({ replicas: 5, stop: "max", failedPod: null, message: "", stoppedBy: "", reasons: [] });
  });

  it("leaves excluded nodes and their pods out", () => {
    const r = capacity(cluster, [pod("web", 1000)], { excludeNodes: ["b"] });
    expect(r.nodes).toBe(2);
    expect(r.shapes[0]!.replicas).toBe(4);
    expect(r.shapes[0]!.message).toMatch(/^0\/2 nodes are available: 2 Insufficient cpu\./);
  });

  it("names the binding reasons when several apply", () => {
    const tainted = createCluster({
      nodes: [node("a", 2000), node("t", 8000, 64 * 2 ** 30, { taints: [{ key: "gpu", value: "yes", effect: "NoSchedule" }] })],
      pods: [],
    });
    const r = capacity(tainted, [pod("web", 1000)]);
    expect(r.shapes[0]!.replicas).toBe(2);
    expect(r.shapes[0]!.stoppedBy).toBe("1 Insufficient cpu, 1 node(s) had untolerated taint(s)");
  });

  it("ignores the cluster's pending pods: the simulation starts from bound pods", () => {
    const c = createCluster({ nodes: [node("a", 4000)], pods: [pod("waiting", 3000)] });
    expect(capacity(c, [pod("web", 1000)]).shapes[0]!.replicas).toBe(4);
  });
});

describe("capacity: several shapes", () => {
  const cluster = createCluster({ nodes: [node("a", 4000, 8 * 2 ** 30), node("b", 4000, 8 * 2 ** 30)], pods: [] });

  it("in order: each shape runs to its end on top of the shapes before it", () => {
    const r = capacity(cluster, [pod("cpu-heavy", 1500), pod("small", 500)]);
    expect(r.shapes.map((s) => s.replicas)).toEqual([4, 4]);
    expect(r.total).toBe(8);
  });

  it("interleaved: one replica of each shape in turn", () => {
    const r = capacity(cluster, [pod("cpu-heavy", 1500), pod("small", 500)], { interleave: true });
    // Rounds of 2000m: two rounds fill 4000m of 8000m, a third round too; then 1500m doesn't fit, 500m does.
    expect(r.interleave).toBe(true);
    expect(r.shapes.map((s) => s.replicas)).toEqual([4, 4]);
    const oneNode = createCluster({ nodes: [node("a", 3000)], pods: [] });
    expect(capacity(oneNode, [pod("x", 1000), pod("y", 1500)], { interleave: true }).shapes.map((s) => s.replicas)).toEqual([1, 1]);
    expect(capacity(oneNode, [pod("x", 1000), pod("y", 1500)]).shapes.map((s) => s.replicas)).toEqual([3, 0]);
  });

  it("interleaved in chunks: the replicas, placements and stops of one replica of each shape in turn, pod by pod", () => {
    // The middle shape fails first (the next chunk resumes the round after it), the others later or at max,
    // nodes with few pod slots; and a profile without NodeResourcesFit, which places replicas past the last
    // free pod slot ("unbounded"). Checked against the definition: one scheduleOne per turn.
    const nodes = Array.from({ length: 12 }, (_, i) => node(`n${i}`, 2000 + 1000 * (i % 5), 16 * 2 ** 30, { allocatable: { cpu: 2000 + 1000 * (i % 5), memory: 16 * 2 ** 30, pods: i % 3 === 0 ? 4 : 110 } }));
    const c = createCluster({ nodes, pods: [bound("busy", "n1", 700)] });
    const shapes = [pod("mid", 600), pod("big", 1700, 2 ** 31), pod("tiny", 50, 2 ** 20)];
    const noFit = { plugins: { multiPoint: { disabled: [{ name: "NodeResourcesFit" }] } } };
    const few = createCluster({ nodes: [node("x", 1000, 2 ** 30, { allocatable: { cpu: 1000, memory: 2 ** 30, pods: 3 } })], pods: [] });
    const cases = [
      { cluster: c, max: Infinity, profile: undefined },
      { cluster: c, max: 40, profile: undefined },
      { cluster: few, max: 150, profile: noFit },
    ];
    for (const { cluster, max, profile } of cases) {
      const options = { seed: 3, ...(profile === undefined ? {} : { profile }) };
      const got = capacity(cluster, shapes, { interleave: true, ...options, ...(max === Infinity ? {} : { max }) });
      const s = new Scheduler(cluster, { ...options, explain: false });
      const want = shapes.map(() => ({ replicas: 0, stop: "", nodes: new Map<string, number>() }));
      for (let active = true; active; ) {
        active = false;
        shapes.forEach((shape, j) => {
          const w = want[j]!;
          if (w.stop !== "") return;
          if (w.replicas >= max) {
            w.stop = "max";
            return;
          }
          active = true;
          const replica = { ...shape, metadata: { ...(shape as { metadata: object }).metadata, name: `${(shape as { metadata: { name: string } }).metadata.name}-capacity-${w.replicas}` } };
          const noSlot = s.snapshot.nodes.reduce((n, ni) => n + Math.max(0, ni.allocatable.allowedPodNumber - ni.pods.length), 0) === 0;
          const r = s.scheduleOne(replica);
          if (r.nodeName === null) {
            w.stop = "unschedulable";
            s.nominate(replica, null);
            return;
          }
          w.replicas++;
          w.nodes.set(r.nodeName, (w.nodes.get(r.nodeName) ?? 0) + 1);
          if (noSlot) w.stop = "unbounded";
        });
      }
      expect(got.shapes.map((x) => x.replicas)).toEqual(want.map((w) => w.replicas));
      expect(got.shapes.map((x) => new Map(x.placement.map((p) => [p.node, p.replicas])))).toEqual(want.map((w) => w.nodes));
      expect(got.shapes.map((x) => x.stop)).toEqual(want.map((w) => w.stop));
    }
  });

  it("max applies to each shape", () => {
    expect(capacity(cluster, [pod("x", 100), pod("y", 100)], { max: 3 }).shapes.map((s) => s.replicas)).toEqual([3, 3]);
  });
});

describe("capacity and preemption: replicas count only where they fit beside the running pods, unless asked", () => {
  // a is full with a low-priority pod; the urgent shape could preempt it, the filler (priority 0) could not.
  const urgent = pod("urgent", 1000, 2 ** 28, { priority: 1000 });
  const filler = pod("filler", 1000);
  const full = createCluster({ nodes: [node("a", 2000)], pods: [toKubePod({ name: "low", nodeName: "a", containers: [{ requests: { cpu: 2000 } }] })] });

  it("by default a replica that would have to preempt stops the shape, its message saying what preemption would do", () => {
    // v1.37 names the nomination in the message (Preempt's Success status got a message in v1.37.0).
    const r = capacity(full, [urgent], { kubernetesVersion: "1.37" });
    expect(r.shapes[0]).toMatchObject({ replicas: 0, stop: "unschedulable", failedPod: "default/urgent-capacity-0", evictions: [] });
    expect(r.shapes[0]!.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: found a potential placement for pod on node a, preempting 1 victims");
  });

  it("by default nothing is evicted: the next shape still finds the node full", () => {
    expect(capacity(full, [urgent, filler]).shapes.map((s) => s.replicas)).toEqual([0, 0]);
    expect(capacity(full, [urgent, filler], { interleave: true }).shapes.map((s) => s.replicas)).toEqual([0, 0]);
  });

  it('"carry-out": replicas evict lower-priority pods, are counted where they land, and name their victims', () => {
    const r = capacity(full, [urgent], { preemption: "carry-out" });
    expect(r.shapes[0]).toMatchObject({ replicas: 2, stop: "unschedulable", failedPod: "default/urgent-capacity-2", placement: [{ node: "a", replicas: 2 }] });
    expect(r.shapes[0]!.evictions).toEqual([{ pod: "default/low", node: "a", preemptor: "default/urgent-capacity-0" }]);
    // Once the low-priority pod is gone only equal priorities remain: the last replica finds no victims.
    expect(r.shapes[0]!.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  });

  it('"carry-out", interleaved: a replica evicted by another shape\'s preemption no longer counts', () => {
    const empty = createCluster({ nodes: [node("a", 2000)], pods: [] });
    const r = capacity(empty, [urgent, filler], { preemption: "carry-out", interleave: true });
    // urgent-0, filler-0, then urgent-1 evicts filler-0; filler-1 finds no victims (both replicas are urgent).
    expect(r.shapes.map((s) => s.replicas)).toEqual([2, 0]);
    expect(r.shapes[0]!.evictions).toEqual([{ pod: "default/filler-capacity-0", node: "a", preemptor: "default/urgent-capacity-1" }]);
    expect(r.shapes[1]).toMatchObject({ placement: [], failedPod: "default/filler-capacity-1" });
  });

  // A preemption frees what its victims held: the next replicas are sized (and "unbounded" told) by the room
  // they left. Here replicas land after the evictions without preempting, on pod slots and CPU the victims
  // held; counting the victims as still there would size the next call at no slot left, and a replica placed
  // then would read as a profile that counts no pods ("unbounded").
  const slots4 = (name: string) => node(name, 4000, 64 * 2 ** 30, { allocatable: { cpu: 4000, memory: 64 * 2 ** 30, pods: 4 } });

  it('"carry-out": a bound victim\'s pod slot and CPU count again for the replicas after it', () => {
    const c = createCluster({ nodes: [slots4("a")], pods: [toKubePod({ name: "low", nodeName: "a", containers: [{ requests: { cpu: 3000 } }] })] });
    const r = capacity(c, [urgent], { preemption: "carry-out" });
    // urgent-0 beside low; urgent-1 evicts low; urgent-2 and -3 take the freed slots; urgent-4 finds none.
    expect(r.shapes[0]).toMatchObject({ replicas: 4, stop: "unschedulable", failedPod: "default/urgent-capacity-4", placement: [{ node: "a", replicas: 4 }] });
    expect(r.shapes[0]!.evictions).toEqual([{ pod: "default/low", node: "a", preemptor: "default/urgent-capacity-1" }]);
  });

  it('"carry-out", in order: replicas of an earlier shape evicted by a later one free their room and stop counting', () => {
    const c = createCluster({ nodes: [slots4("a")], pods: [] });
    const small = pod("small", 500, 2 ** 28, { priority: 1000 });
    const r = capacity(c, [pod("wide", 2000), small], { preemption: "carry-out" });
    // wide-0 and -1 fill the CPU; small-0 evicts one, small-1 and -2 fit beside, small-3 evicts the other,
    // small-4 finds no slot and nothing of lower priority.
    expect(r.shapes.map((s) => [s.replicas, s.stop])).toEqual([
      [0, "unschedulable"],
      [4, "unschedulable"],
    ]);
    expect(r.shapes[0]!.placement).toEqual([]);
    expect(r.shapes[1]!.evictions.map((e) => e.preemptor)).toEqual(["default/small-capacity-0", "default/small-capacity-3"]);
    expect(r.shapes[1]!.evictions.map((e) => e.pod).sort()).toEqual(["default/wide-capacity-0", "default/wide-capacity-1"]);
    expect(r.shapes[1]).toMatchObject({ failedPod: "default/small-capacity-4", placement: [{ node: "a", replicas: 4 }] });
  });

  it("nodesToAdd counts the same way: without evicting by default", () => {
    const template = node("pool", 2000);
    expect(nodesToAdd(full, urgent, template, 2)).toMatchObject({ fitsNow: 0, nodes: 1 });
    expect(nodesToAdd(full, urgent, template, 2, { preemption: "carry-out" })).toMatchObject({ fitsNow: 2, nodes: 0 });
  });

  it("an unknown mode is an error naming the option", () => {
    expect(() => capacity(full, [urgent], { preemption: "yes" as never })).toThrow('preemption: "yes" is not "carry-out" or "dry-run"');
  });
});

describe("capacity: bad input", () => {
  const cluster = createCluster({ nodes: [node("a", 4000)], pods: [] });
  it.each([
    ["no shapes", () => capacity(cluster, []), /^shapes: an array is not a non-empty array of pods/],
    ["a negative max", () => capacity(cluster, [pod("x", 1)], { max: -1 }), /^max: -1 is not an integer >= 0/],
    ["an unknown excluded node", () => capacity(cluster, [pod("x", 1)], { excludeNodes: ["zz"] }), /^excludeNodes\[0\]: "zz" is not a node of this cluster/],
    ["a bound shape", () => capacity(cluster, [bound("x", "a", 1)]), /^shapes\[0\]\.spec\.nodeName: "a" is set/],
    ["a shape without a name", () => capacity(cluster, [{ kind: "Pod", spec: { containers: [{ name: "c" }] } }]), /^shapes\[0\]\.metadata\.name/],
    ["duplicate shapes", () => capacity(cluster, [pod("x", 1), pod("x", 2)]), /^shapes\[1\]\.metadata\.name: "x" is a duplicate shape/],
    ["an engine without scheduler()", () => capacity(cluster, [pod("x", 1)], { engine: { name: "x", schedule: tsEngine.schedule, scheduleAll: tsEngine.scheduleAll } }), /^engine: /],
  ])("rejects %s with the field named", (_name, f, message) => {
    expect(f).toThrow(SchedkitError);
    expect(f).toThrow(message);
  });
});

// The reference answer as cluster-capacity computes it: one copy at a time through Scheduler.scheduleOne
// until the first that does not fit.
function referenceCapacity(s: { cluster: { nodes: object[]; pods: object[]; namespaces: object[] }; options: object }, max: number) {
  const isBound = (p: object) => typeof (p as { spec?: { nodeName?: unknown } }).spec?.nodeName === "string" && (p as { spec: { nodeName: string } }).spec.nodeName !== "";
  const shape = s.cluster.pods.find((p) => !isBound(p)) as { metadata: { name: string; namespace?: string } };
  const { status: _status, ...rest } = shape as unknown as Record<string, unknown>;
  const c = createCluster({ ...s.cluster, pods: s.cluster.pods.filter(isBound) });
  const sched = new Scheduler(c, { ...s.options, explain: false });
  const perNode = new Map<string, number>();
  let message = "";
  let failed = "";
  let n = 0;
  for (; n < max; n++) {
    const r = sched.scheduleOne({ ...rest, metadata: { ...shape.metadata, uid: undefined, name: `${shape.metadata.name}-capacity-${n}` } });
    if (r.nodeName === null) {
      message = r.message;
      failed = r.status;
      break;
    }
    perNode.set(r.nodeName, (perNode.get(r.nodeName) ?? 0) + 1);
  }
  return {
    replicas: n,
    message,
    failed,
    placement: c.nodes.filter((x) => perNode.has(x.name)).map((x) => ({ node: x.name, replicas: perNode.get(x.name)! })),
  };
}

describe("capacity equals copies scheduled one by one until the first failure", () => {
  it.each(propertySeeds(20261204))("on random scenarios (%s %i)", (kind, seed) => {
    let checked = 0;
    assertProperty(
      `capacity reference (${kind})`,
      fc.property(scenarioArbitrary({ maxNodes: 8 }), fc.integer({ min: 0, max: 40 }), (s, max) => {
        const shape = s.cluster.pods.find((p) => (p as { spec: { nodeName?: string } }).spec.nodeName === undefined);
        if (shape === undefined) return;
        const outcome = <T>(f: () => T): T | { error: string } => {
          try {
            return f();
          } catch (e) {
            expect(e).toBeInstanceOf(SchedkitError);
            return { error: (e as Error).message };
          }
        };
        const ref = outcome(() => referenceCapacity(s, max)!);
        const got = outcome(() => capacity(createCluster(s.cluster), [shape], { ...s.options, max }).shapes[0]!);
        if ("stop" in got && got.stop === "unbounded") {
          // No NodeResourcesFit: capacity stops once a replica lands past every node's resources; the
          // reference run goes on to max (or past the exact domain).
          expect(got.replicas).toBeLessThanOrEqual(max);
          expect("error" in ref || ref.replicas === max).toBe(true);
          return;
        }
        if ("error" in ref || "error" in got) {
          // Input outside the exact domain (replicas summing past it on one node) is the same error in both.
          expect(got).toEqual(ref);
          return;
        }
        expect({ replicas: got.replicas, message: got.message, placement: got.placement }).toEqual({ replicas: ref.replicas, message: ref.message, placement: ref.placement });
        // A cycle Error in generated input is upstream's own: DRA's claim limit for a DeviceClass-backed resource.
        // (The same limit met only in preemption's dry run is in an Unschedulable pod's message.)
        expect(got.stop).toBe(got.replicas === max ? "max" : ref.failed === "Error" ? "error" : "unschedulable");
        if (ref.failed === "Error") expect(got.message).toMatch(/exceeds the claim limit of 32/);
        checked++;
      }),
      runParameters(150, seed),
    );
    expect(checked).toBeGreaterThan(50);
  });
});

describe("nodesToAdd: the fewest template nodes that make the target fit", () => {
  const cluster = createCluster({ nodes: [node("a", 4000)], pods: [] });
  const template = node("pool", 4000);

  it("adds nodes until the target fits, says what fit before and what binds after", () => {
    const r = nodesToAdd(cluster, pod("web", 1000), template, 10);
    expect(r).toMatchObject({ shape: "default/web", target: 10, fitsNow: 4, nodes: 2, addedNodes: ["pool-1", "pool-2"] });
    expect(r.withOneFewer).toMatchObject({ replicas: 8, stoppedBy: "2 Insufficient cpu" });
    expect(r.after).toMatchObject({ replicas: 12, stoppedBy: "3 Insufficient cpu" });
  });

  it("needs no node when the target already fits", () => {
    expect(nodesToAdd(cluster, pod("web", 1000), template, 4)).toMatchObject({ nodes: 0, fitsNow: 4, addedNodes: [] });
  });

  it("finds exact counts over a range of targets", () => {
    for (const target of [5, 8, 9, 33, 101]) expect(nodesToAdd(cluster, pod("web", 1000), template, target).nodes).toBe(Math.ceil((target - 4) / 4));
  });

  it("answers null when no number of template nodes helps (a taint the shape does not tolerate)", () => {
    const tainted = node("pool", 4000, 2 ** 34, { taints: [{ key: "dedicated", value: "x", effect: "NoSchedule" }] });
    expect(nodesToAdd(cluster, pod("web", 1000), tainted, 10, { maxNodes: 64 })).toMatchObject({ nodes: null, fitsNow: 4 });
  });

  it("rejects a bad target and a template name the cluster already uses", () => {
    expect(() => nodesToAdd(cluster, pod("web", 1000), template, 0)).toThrow(/^target: 0 is not an integer >= 1/);
    const clash = createCluster({ nodes: [node("pool-1", 1000)], pods: [] });
    expect(() => nodesToAdd(clash, pod("web", 1000), template, 10)).toThrow(/^template\.metadata\.name: "pool" makes node name "pool-1"/);
    expect(() => nodesToAdd(cluster, pod("web", 1000), { kind: "Node" }, 10)).toThrow(/^template\.metadata\.name/);
  });
});
