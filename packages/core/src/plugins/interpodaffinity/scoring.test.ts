import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { node, on, pod, runPlugin, sel, term, type PodSpec } from "../../_test/plugin-harness.js";
import type { PodAffinityTerm, WeightedPodAffinityTerm } from "../../model/types.js";
import { interPodAffinity } from "./plugin.js";
import { kernelRunParameters } from "../../_test/long.js";

const HOST = "kubernetes.io/hostname";
const n = (name: string, zone: string | null) => node(name, { ...(zone === null ? {} : { zone }), [HOST]: name });
const nodes = () => [n("a", "z1"), n("b", "z1"), n("c", "z2"), n("d", null)];
const DB = sel({ app: "db" });
const WEB = sel({ app: "web" });
const w = (weight: number, t: PodAffinityTerm): WeightedPodAffinityTerm => ({ weight, podAffinityTerm: t });
const prefer = (...preferred: WeightedPodAffinityTerm[]): PodSpec["affinity"] => ({ podAffinity: { required: [], preferred } });
const avoid = (...preferred: WeightedPodAffinityTerm[]): PodSpec["affinity"] => ({ podAntiAffinity: { required: [], preferred } });
const requireAff = (...required: PodAffinityTerm[]): PodSpec["affinity"] => ({ podAffinity: { required, preferred: [] } });
const db = (nodeName: string) => on(nodeName, { labels: { app: "db" } });
const web = pod({ labels: { app: "web" } });

describe("InterPodAffinity PreScore", () => {
  it.each([
    {
      name: "hardPodAffinityWeight 0 drops existing pods' required terms, so nothing contributes → Skip",
      incoming: web,
      pods: [on("a", { affinity: requireAff(term("zone", WEB)) })],
      args: { hardPodAffinityWeight: 0 },
    },
    {
      name: "ignorePreferredTermsOfExistingPods skips a pod without preferred terms, whatever existing pods prefer",
      incoming: web,
      pods: [on("a", { affinity: requireAff(term("zone", WEB)) })],
      args: { ignorePreferredTermsOfExistingPods: true },
    },
    {
      name: "pods on a node without labels contribute nothing → Skip",
      incoming: pod({ labels: { app: "web" }, affinity: prefer(w(5, term("zone", DB))) }),
      pods: [db("bare")],
      args: undefined,
    },
  ])("$name", ({ incoming, pods, args }) => {
    const run = runPlugin(interPodAffinity, incoming, { nodes: [...nodes(), node("bare")], pods }, args);
    expect(run.preScore?.code).toBe("Skip");
  });
});

describe("InterPodAffinity Score and NormalizeScore", () => {
  it.each([
    {
      name: "preferred affinity w5 (zone) to db: db once in z1, twice in z2 → z1 5, z2 10; raw 5,5,10,0 → 100·s/10 → 50,50,100,0",
      incoming: pod({ labels: { app: "web" }, affinity: prefer(w(5, term("zone", DB))) }),
      pods: [db("a"), db("c"), db("c")],
      args: undefined,
      raw: { a: 5, b: 5, c: 10, d: 0 },
      normalized: { a: 50, b: 50, c: 100, d: 0 },
    },
    {
      name: "preferred anti-affinity w3 (hostname) to web: a −3, others 0; min −3, max 0 → 0,100,100,100",
      incoming: pod({ labels: { app: "x" }, affinity: avoid(w(3, term(HOST, WEB))) }),
      pods: [on("a", { labels: { app: "web" } })],
      args: undefined,
      raw: { a: -3, b: 0, c: 0, d: 0 },
      normalized: { a: 0, b: 100, c: 100, d: 100 },
    },
    {
      name: "existing required affinity matched by the incoming pod adds hardPodAffinityWeight 1 (default) to its zone: z1 1 → 100,100,0,0",
      incoming: web,
      pods: [on("a", { affinity: requireAff(term("zone", WEB)) })],
      args: undefined,
      raw: { a: 1, b: 1, c: 0, d: 0 },
      normalized: { a: 100, b: 100, c: 0, d: 0 },
    },
    {
      name: "hardPodAffinityWeight 7: two such pods in z1, one in z2 → 14,14,7,0 → 100,100,trunc(100·7/14)=50,0",
      incoming: web,
      pods: [on("a", { affinity: requireAff(term("zone", WEB)) }), on("b", { affinity: requireAff(term("zone", WEB)) }), on("c", { affinity: requireAff(term("zone", WEB)) })],
      args: { hardPodAffinityWeight: 7 },
      raw: { a: 14, b: 14, c: 7, d: 0 },
      normalized: { a: 100, b: 100, c: 50, d: 0 },
    },
    {
      name: "existing preferred affinity +4 (z1) and preferred anti-affinity −2 (z2) towards the incoming pod: min −2, max 4, diff 6 → 100,100,0,trunc(100·2/6)=33",
      incoming: web,
      pods: [on("a", { affinity: prefer(w(4, term("zone", WEB))) }), on("c", { affinity: avoid(w(2, term("zone", WEB))) })],
      args: undefined,
      raw: { a: 4, b: 4, c: -2, d: 0 },
      normalized: { a: 100, b: 100, c: 0, d: 33 },
    },
    {
      name: "float truncation: hostname affinity w1 with 1,2,3,0 db pods → 100·(1/3)=33.3→33, 66.7→66, 100, 0",
      incoming: pod({ labels: { app: "web" }, affinity: prefer(w(1, term(HOST, DB))) }),
      pods: [db("a"), db("b"), db("b"), db("c"), db("c"), db("c")],
      args: undefined,
      raw: { a: 1, b: 2, c: 3, d: 0 },
      normalized: { a: 33, b: 66, c: 100, d: 0 },
    },
    {
      name: "with preferred terms the existing pods' terms still count: z1 +1 (hard) and z2 +1 (preferred) → 100,100,100,0",
      incoming: pod({ labels: { app: "web" }, affinity: prefer(w(1, term("zone", DB))) }),
      pods: [on("a", { affinity: requireAff(term("zone", WEB)) }), db("c")],
      args: { ignorePreferredTermsOfExistingPods: true },
      raw: { a: 1, b: 1, c: 1, d: 0 },
      normalized: { a: 100, b: 100, c: 100, d: 0 },
    },
  ])("$name", ({ incoming, pods, args, raw, normalized }) => {
    const run = runPlugin(interPodAffinity, incoming, { nodes: nodes(), pods }, args);
    expect(run.preScore?.code).toBe("Success");
    expect(Object.fromEntries(run.raw)).toEqual(raw);
    expect(Object.fromEntries(run.normalized)).toEqual(normalized);
  });

  it("gives every node 0 when all feasible scores are equal (max − min = 0)", () => {
    const incoming = pod({ labels: { app: "web" }, affinity: prefer(w(5, term("zone", DB))) });
    const run = runPlugin(interPodAffinity, incoming, { nodes: nodes(), pods: [db("a"), db("c")] }, undefined, ["a", "b", "c"]);
    expect(Object.fromEntries(run.raw)).toEqual({ a: 5, b: 5, c: 5 });
    expect(Object.fromEntries(run.normalized)).toEqual({ a: 0, b: 0, c: 0 });
  });

  it("counts pods on every node but normalizes over the feasible ones: z2 10 from infeasible c, feasible d, b → 0 / 100 within them", () => {
    const more = [...nodes(), n("e", "z2")];
    const incoming = pod({ labels: { app: "web" }, affinity: prefer(w(5, term("zone", DB))) });
    const run = runPlugin(interPodAffinity, incoming, { nodes: more, pods: [db("c"), db("c"), db("a")] }, undefined, ["b", "e"]);
    expect(Object.fromEntries(run.raw)).toEqual({ b: 5, e: 10 });
    expect(Object.fromEntries(run.normalized)).toEqual({ b: 0, e: 100 });
  });
});

describe("InterPodAffinity scoring properties", () => {
  const arbTerm = fc.record({ key: fc.constantFrom("zone", HOST), app: fc.constantFrom("a", "b"), weight: fc.integer({ min: 1, max: 100 }) });
  const arbCluster = fc.record({
    zones: fc.array(fc.constantFrom("z1", "z2", "z3", null), { minLength: 2, maxLength: 6 }),
    pods: fc.array(
      fc.record({
        node: fc.nat(5),
        app: fc.constantFrom("a", "b"),
        prefer: fc.array(arbTerm, { maxLength: 2 }),
        avoid: fc.array(arbTerm, { maxLength: 2 }),
        require: fc.array(arbTerm, { maxLength: 1 }),
      }),
      { maxLength: 12 },
    ),
    prefer: fc.array(arbTerm, { maxLength: 2 }),
    avoid: fc.array(arbTerm, { maxLength: 2 }),
    hard: fc.integer({ min: 0, max: 100 }),
    order: fc.array(fc.double({ noNaN: true }), { minLength: 6, maxLength: 6 }),
  });
  type Cluster = typeof arbCluster extends fc.Arbitrary<infer T> ? T : never;
  type T = { key: string; app: string; weight: number };
  const weighted = (ts: T[]) => ts.map((t) => w(t.weight, term(t.key, sel({ app: t.app }))));
  const affinityOf = (p: { prefer: T[]; avoid: T[]; require?: T[] }): PodSpec["affinity"] => ({
    podAffinity: { required: (p.require ?? []).map((t) => term(t.key, sel({ app: t.app }))), preferred: weighted(p.prefer) },
    podAntiAffinity: { required: [], preferred: weighted(p.avoid) },
  });

  function build(c: Cluster, permute: boolean) {
    let ns = c.zones.map((zone, i) => n(`n${i}`, zone));
    const pods = c.pods.map((p) => on(`n${p.node % c.zones.length}`, { labels: { app: p.app }, affinity: affinityOf(p) }));
    // Sort by random keys (ties by position): a random permutation of the snapshot's node order.
    if (permute) ns = ns.map((x, i) => ({ k: c.order[i]!, i, x })).sort((x, y) => x.k - y.k || x.i - y.i).map((t) => t.x);
    return runPlugin(interPodAffinity, pod({ labels: { app: "a" }, affinity: affinityOf(c) }), { nodes: ns, pods }, { hardPodAffinityWeight: c.hard });
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
    expect(b.preScore?.code).toBe(a.preScore?.code);
    expect(Object.fromEntries(b.filter)).toEqual(Object.fromEntries(a.filter));
    expect(Object.fromEntries(b.raw)).toEqual(Object.fromEntries(a.raw));
    expect(Object.fromEntries(b.normalized)).toEqual(Object.fromEntries(a.normalized));
  });
});
