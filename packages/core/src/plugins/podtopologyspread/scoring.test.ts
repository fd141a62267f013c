import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { DEFAULT_FEATURES, node, on, pod, runPlugin, sel, spread, type PodSpec } from "../../_test/plugin-harness.js";
import type { TopologySpreadConstraint } from "../../model/types.js";
import { goLog } from "../../util/golog.js";
import { filterConstraints } from "./common.js";
import { computePreScoreState } from "./scoring.js";
import { podTopologySpread } from "./plugin.js";
import { Snapshot, makePodInfo } from "../../framework/snapshot.js";
import { kernelRunParameters } from "../../_test/long.js";

const FOO = sel({ foo: "" });
const HOST = "kubernetes.io/hostname";
const foo = (nodeName: string, more: PodSpec = {}) => on(nodeName, { labels: { foo: "" }, ...more });
const times = (n: number, f: () => ReturnType<typeof on>) => Array.from({ length: n }, f);
const soft = (key: string, maxSkew = 1, more: Partial<TopologySpreadConstraint> = {}, selector = FOO) =>
  spread(key, maxSkew, "ScheduleAnyway", selector, more);
const z = (name: string, zone: string | null, extra: Record<string, string> = {}) =>
  node(name, { ...(zone === null ? {} : { zone }), [HOST]: name, ...extra });

describe("PodTopologySpread PreScore", () => {
  it("skips pods without ScheduleAnyway constraints; defaulted pods never get constraints (no Services/ReplicaSets are modelled)", () => {
    const nodes = [z("a", "z1")];
    const hard = pod({ labels: { foo: "" }, spread: [spread("zone", 1, "DoNotSchedule", FOO)] });
    expect(runPlugin(podTopologySpread, hard, { nodes }).preScore?.code).toBe("Skip");
    expect(runPlugin(podTopologySpread, pod(), { nodes }).preScore?.code).toBe("Skip");
    const list = { defaultingType: "List", defaultConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway" }] };
    expect(runPlugin(podTopologySpread, pod(), { nodes }, list).preScore?.code).toBe("Skip");
  });

  it("uses Go's math.Log for the weights ln(#domains + 2)", () => {
    const nodes = [z("a", "z1"), z("b", "z2")];
    const run = runPlugin(podTopologySpread, pod({ labels: { foo: "" }, spread: [soft("zone")] }), { nodes, pods: [foo("a")] });
    // one pod in z1: raw(a) = round(1 · ln 4) = round(1.386…) = 1
    expect(run.raw.get("a")).toBe(1);
    expect(goLog(4)).toBe(1.3862943611198906);
  });
});

describe("PodTopologySpread Score and NormalizeScore", () => {
  // Weights: ln 4 = 1.3862943611198906 (2 domains), ln 5 = 1.6094379124341003 (3 domains or 3 hostnames).
  it.each([
    {
      name: "zones 3/1, w = ln 4: raw z1 = round(4.159) = 4, z2 = round(1.386) = 1; norm 100·(4+1−s)/4 → 25, 25, 100",
      nodes: [z("a1", "z1"), z("a2", "z1"), z("b1", "z2")],
      pods: [foo("a1"), foo("a1"), foo("a2"), foo("b1")],
      constraints: [soft("zone")],
      raw: { a1: 4, a2: 4, b1: 1 },
      normalized: { a1: 25, a2: 25, b1: 100 },
    },
    {
      name: "maxSkew 3 adds 2: raw z1 = round(4.159+2) = 6, z2 = round(3.386) = 3; norm 100·(6+3−s)/6 → 50, 50, 100",
      nodes: [z("a1", "z1"), z("a2", "z1"), z("b1", "z2")],
      pods: [foo("a1"), foo("a1"), foo("a2"), foo("b1")],
      constraints: [soft("zone", 3)],
      raw: { a1: 6, a2: 6, b1: 3 },
      normalized: { a1: 50, a2: 50, b1: 100 },
    },
    {
      name: "hostname counts each node's own pods, w = ln(3 feasible + 2): 2,1,0 → raw 3, 2, 0; norm 100·(3+0−s)/3 → 0, 33, 100",
      nodes: [z("a", "z1"), z("b", "z1"), z("c", "z2")],
      pods: [foo("a"), foo("a"), foo("b")],
      constraints: [soft(HOST)],
      raw: { a: 3, b: 2, c: 0 },
      normalized: { a: 0, b: 33, c: 100 },
    },
    {
      name: "zone + hostname sum: a1 = round(3·ln4 + 2·ln5) = round(7.378) = 7, a2 = round(4.159+1.609) = 6, b1 = round(2.996) = 3; norm 100·(10−s)/7 → 42, 57, 100",
      nodes: [z("a1", "z1"), z("a2", "z1"), z("b1", "z2")],
      pods: [foo("a1"), foo("a1"), foo("a2"), foo("b1")],
      constraints: [soft("zone"), soft(HOST)],
      raw: { a1: 7, a2: 6, b1: 3 },
      normalized: { a1: 42, a2: 57, b1: 100 },
    },
    {
      name: "a feasible node missing a key is ignored: raw 0 and normalized 0, not a domain (w stays ln 4)",
      nodes: [z("a1", "z1"), z("a2", "z1"), z("b1", "z2"), z("x", null)],
      pods: [foo("a1"), foo("a1"), foo("a2"), foo("b1"), foo("x")],
      constraints: [soft("zone")],
      raw: { a1: 4, a2: 4, b1: 1, x: 0 },
      normalized: { a1: 25, a2: 25, b1: 100, x: 0 },
    },
    {
      name: "no matching pod anywhere: every raw score is 0, max = 0 → every node 100",
      nodes: [z("a1", "z1"), z("b1", "z2")],
      pods: [on("a1", { labels: { bar: "" } })],
      constraints: [soft("zone")],
      raw: { a1: 0, b1: 0 },
      normalized: { a1: 100, b1: 100 },
    },
    {
      name: "labelSelector {} counts no existing pod (Empty() quirk): raw = maxSkew−1 = 1 everywhere → 100·(1+1−1)/1 = 100",
      nodes: [z("a1", "z1"), z("b1", "z2")],
      pods: [foo("a1"), foo("a1")],
      constraints: [soft("zone", 2, {}, sel({}))],
      raw: { a1: 1, b1: 1 },
      normalized: { a1: 100, b1: 100 },
    },
    {
      name: "terminating pods and other namespaces are not counted: z1 1 pod, z2 0 → raw 1, 0 → 0, 100",
      nodes: [z("a1", "z1"), z("b1", "z2")],
      pods: [foo("a1"), foo("a1", { terminating: true }), foo("b1", { namespace: "other" })],
      constraints: [soft("zone")],
      raw: { a1: 1, b1: 0 },
      normalized: { a1: 0, b1: 100 },
    },
  ])("$name", ({ nodes, pods, constraints, raw, normalized }) => {
    const run = runPlugin(podTopologySpread, pod({ labels: { foo: "" }, spread: constraints }), { nodes, pods });
    expect(run.preScore?.code).toBe("Success");
    expect(Object.fromEntries(run.raw)).toEqual(raw);
    expect(Object.fromEntries(run.normalized)).toEqual(normalized);
  });

  it("counts only domains of feasible nodes, but every node's pods in those domains: z1 = 2+1 (a2 infeasible), z3 not a domain", () => {
    // feasible a1 (z1), b1 (z2) → 2 domains, w = ln 4; z1 = 3 → raw a1 = round(4.159) = 4, b1 = 0 → 100·(4−s)/4 → 0, 100
    const nodes = [z("a1", "z1"), z("a2", "z1"), z("b1", "z2"), z("c1", "z3")];
    const pods = [foo("a1"), foo("a1"), foo("a2"), ...times(5, () => foo("c1"))];
    const run = runPlugin(podTopologySpread, pod({ labels: { foo: "" }, spread: [soft("zone")] }), { nodes, pods }, undefined, ["a1", "b1"]);
    expect(Object.fromEntries(run.raw)).toEqual({ a1: 4, b1: 0 });
    expect(Object.fromEntries(run.normalized)).toEqual({ a1: 0, b1: 100 });
  });

  it("nodeTaintsPolicy Honor leaves untolerated nodes' pods out of domain counts, but hostname counts are per node", () => {
    const taint = { key: "t", value: "", effect: "NoSchedule" as const };
    // z1 = a1 (1 pod) + a2 (tainted, 2 pods excluded) = 1; z2 = 0 → zone raw: a1, a2 = round(1·ln 4) = 1, b1 = 0.
    const nodes = [z("a1", "z1"), node("a2", { zone: "z1", [HOST]: "a2" }, [taint]), z("b1", "z2")];
    const pods = [foo("a1"), foo("a2"), foo("a2")];
    const zone = runPlugin(podTopologySpread, pod({ labels: { foo: "" }, spread: [soft("zone", 1, { nodeTaintsPolicy: "Honor" })] }), { nodes, pods });
    expect(Object.fromEntries(zone.raw)).toEqual({ a1: 1, a2: 1, b1: 0 });
    // hostname, w = ln 5: a2 still counts its own 2 pods → round(3.219) = 3; a1 round(1.609) = 2.
    const host = runPlugin(podTopologySpread, pod({ labels: { foo: "" }, spread: [soft(HOST, 1, { nodeTaintsPolicy: "Honor" })] }), { nodes, pods });
    expect(Object.fromEntries(host.raw)).toEqual({ a1: 2, a2: 3, b1: 0 });
  });
});

describe("PodTopologySpread system-default scoring (requireAllTopologies = false)", () => {
  it("records zone-less feasible nodes under the value \"\", a pseudo-domain that collects zone-less nodes' pods", () => {
    const nodes = [z("a", "z1"), z("b", null), z("c", null), z("d", null)];
    const bound = [foo("a"), foo("b"), foo("c"), foo("c"), foo("d")].map((p, i) => makePodInfo(p, DEFAULT_FEATURES, `p${i}`, i + 1));
    const snap = Snapshot.build(nodes, bound, new Map());
    const incoming = makePodInfo(pod({ labels: { foo: "" } }), DEFAULT_FEATURES, "pod", 0);
    const constraints = filterConstraints([soft(HOST, 3), soft("zone", 5)], incoming.pod.labels, "ScheduleAnyway", true);
    const feasible = [snap.getNode("a")!, snap.getNode("b")!, snap.getNode("c")!];
    const s = computePreScoreState(constraints, incoming, feasible, snap.nodes, false, { nodeInclusionPolicy: true, taintComparisonOperators: false });
    expect([...s.ignored]).toEqual([0, 0, 0, 0]);
    // zone domains {z1, ""} → w = ln 4; "" holds b, c and the infeasible d: 1 + 2 + 1 = 4 pods.
    expect(Object.fromEntries(s.counts[1]!)).toEqual({ z1: 1, "": 4 });
    expect(s.weights[1]).toBe(goLog(4));
    // hostname: 3 feasible, none ignored → w = ln 5.
    expect(s.weights[0]).toBe(goLog(5));
  });
});

describe("PodTopologySpread scoring properties", () => {
  const arbCluster = fc.record({
    zones: fc.array(fc.constantFrom("z1", "z2", "z3", null), { minLength: 2, maxLength: 6 }),
    pods: fc.array(fc.record({ node: fc.nat(5), app: fc.constantFrom("a", "b"), ns: fc.constantFrom("default", "other"), term: fc.boolean() }), { maxLength: 14 }),
    constraints: fc.uniqueArray(
      fc.record({ key: fc.constantFrom("zone", HOST), hard: fc.boolean(), maxSkew: fc.integer({ min: 1, max: 3 }), sel: fc.constantFrom("a", "b", "{}") }),
      { minLength: 1, maxLength: 3, selector: (c) => `${c.key}/${c.hard}` },
    ),
    order: fc.array(fc.double({ noNaN: true }), { minLength: 6, maxLength: 6 }),
  });

  type Cluster = typeof arbCluster extends fc.Arbitrary<infer T> ? T : never;

  function build(c: Cluster, permute: boolean) {
    let nodes = c.zones.map((zone, i) => z(`n${i}`, zone));
    const pods = c.pods.map((p) => on(`n${p.node % c.zones.length}`, { labels: { app: p.app }, namespace: p.ns, terminating: p.term }));
    // Sort by random keys (ties by position): a random permutation of the snapshot's node order.
    if (permute) nodes = nodes.map((n, i) => ({ k: c.order[i]!, i, n })).sort((x, y) => x.k - y.k || x.i - y.i).map((t) => t.n);
    const constraints = c.constraints.map((k) =>
      spread(k.key, k.maxSkew, k.hard ? "DoNotSchedule" : "ScheduleAnyway", k.sel === "{}" ? sel({}) : sel({ app: k.sel })),
    );
    return runPlugin(podTopologySpread, pod({ labels: { app: "a" }, spread: constraints }), { nodes, pods });
  }

  test.prop([arbCluster], kernelRunParameters(100))("normalized scores are integers in [0, 100]", (c) => {
    for (const v of build(c, false).normalized.values()) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
  });

  test.prop([arbCluster], kernelRunParameters(100))("permuting the node order changes no node's filter status or scores", (c) => {
    const a = build(c, false);
    const b = build(c, true);
    expect(Object.fromEntries(b.filter)).toEqual(Object.fromEntries(a.filter));
    expect(Object.fromEntries(b.raw)).toEqual(Object.fromEntries(a.raw));
    expect(Object.fromEntries(b.normalized)).toEqual(Object.fromEntries(a.normalized));
  });
});
