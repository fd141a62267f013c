import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertProperty, propertySeeds, runParameters } from "../../_test/long.js";
import { changeCases, changedWorld, codes, node, on, pod, runPlugin, runWithChange, sel, spread, type PodSpec } from "../../_test/plugin-harness.js";
import type { Status } from "../../framework/status.js";
import type { LabelSelector, Pod } from "../../model/types.js";
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from "./filtering.js";
import { podTopologySpread } from "./plugin.js";

const FOO = sel({ foo: "" });
const zones = () => [
  node("a1", { zone: "z1", node: "a1" }),
  node("a2", { zone: "z1", node: "a2" }),
  node("b1", { zone: "z2", node: "b1" }),
];
const foo = (nodeName: string, more: PodSpec = {}) => on(nodeName, { labels: { foo: "" }, ...more });

describe("PodTopologySpread PreFilter", () => {
  it("skips pods without DoNotSchedule constraints (soft ones and defaults do not filter)", () => {
    const soft = pod({ labels: { foo: "" }, spread: [spread("zone", 1, "ScheduleAnyway", FOO)] });
    expect(runPlugin(podTopologySpread, soft, { nodes: zones() }).preFilter?.code).toBe("Skip");
    expect(runPlugin(podTopologySpread, pod(), { nodes: zones() }).preFilter?.code).toBe("Skip");
  });
});

describe("PodTopologySpread Filter", () => {
  const hard = (s: Parameters<typeof spread>[4] = {}, selector: LabelSelector | null = FOO, key = "zone", maxSkew = 1) =>
    pod({ labels: { foo: "", rev: "2" }, spread: [spread(key, maxSkew, "DoNotSchedule", selector, s)] });

  it.each([
    {
      name: "zones 2/1, maxSkew 1: z1 skew 2+1−1=2 > 1 fails, z2 skew 1+1−1=1 passes",
      incoming: hard(),
      pods: [foo("a1"), foo("a2"), foo("b1")],
      want: { a1: "Unschedulable", a2: "Unschedulable", b1: "Success" },
    },
    {
      name: "zones 2/1, maxSkew 2: z1 skew 2 ≤ 2 passes everywhere",
      incoming: hard({}, FOO, "zone", 2),
      pods: [foo("a1"), foo("a2"), foo("b1")],
      want: { a1: "Success", a2: "Success", b1: "Success" },
    },
    {
      name: "terminating pods and pods of other namespaces are not counted: zones 0/1 → z1 skew 0+1−0=1, z2 skew 1+1−0=2",
      incoming: hard(),
      pods: [foo("a1", { terminating: true }), foo("a2", { namespace: "other" }), foo("b1")],
      want: { a1: "Success", a2: "Success", b1: "Unschedulable" },
    },
    {
      name: "minDomains 3 with 2 domains treats the global minimum as 0: zones 1/1 → skew 1+1−0=2 > 1 everywhere",
      incoming: hard({ minDomains: 3 }),
      pods: [foo("a1"), foo("b1")],
      want: { a1: "Unschedulable", a2: "Unschedulable", b1: "Unschedulable" },
    },
    {
      name: "minDomains 2 with 2 domains keeps the real minimum: zones 1/1 → skew 1+1−1=1 passes",
      incoming: hard({ minDomains: 2 }),
      pods: [foo("a1"), foo("b1")],
      want: { a1: "Success", a2: "Success", b1: "Success" },
    },
    {
      name: "labelSelector {} counts no existing pod (countPodsMatchSelector Empty() quirk): zones 0/0 → skew 0+1−0=1 passes",
      incoming: hard({}, sel({})),
      pods: [foo("a1"), foo("a2"), foo("a2")],
      want: { a1: "Success", a2: "Success", b1: "Success" },
    },
    {
      name: "the same pods under matchLabels {foo} are counted: zones 3/0 → z1 skew 3+1−0=4 fails",
      incoming: hard(),
      pods: [foo("a1"), foo("a2"), foo("a2")],
      want: { a1: "Unschedulable", a2: "Unschedulable", b1: "Success" },
    },
    {
      name: "matchLabelKeys [rev] adds rev In (2): only rev=2 pods count, zones 0/1 → z2 skew 1+1−0=2 fails",
      incoming: hard({ matchLabelKeys: ["rev"] }),
      pods: [foo("a1", { labels: { foo: "", rev: "1" } }), foo("a2", { labels: { foo: "", rev: "1" } }), foo("b1", { labels: { foo: "", rev: "2" } })],
      want: { a1: "Success", a2: "Success", b1: "Unschedulable" },
    },
    {
      name: "a nil labelSelector matches nothing, itself included: skew 0+0−0 passes",
      incoming: hard({}, null),
      pods: [foo("a1"), foo("a2")],
      want: { a1: "Success", a2: "Success", b1: "Success" },
    },
  ])("$name", ({ incoming, pods, want }) => {
    expect(codes(runPlugin(podTopologySpread, incoming, { nodes: zones(), pods }))).toEqual(want);
  });

  it("rejects a node without the topology key as unresolvable, and skew failures as unschedulable, with upstream reasons", () => {
    const nodes = [...zones(), node("x", { node: "x" })];
    const run = runPlugin(podTopologySpread, hard(), { nodes, pods: [foo("a1"), foo("a2"), foo("b1")] });
    expect(run.filter.get("x")).toMatchObject({ code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_NODE_LABEL_NOT_MATCH], plugin: "PodTopologySpread" });
    expect(run.filter.get("a1")).toMatchObject({ code: "Unschedulable", reasons: [ERR_REASON_CONSTRAINTS_NOT_MATCH], plugin: "PodTopologySpread" });
  });

  it("does not count a node lacking a key of another hard constraint (it is no domain at all)", () => {
    // x is in z1 but has no "node" label, so its 2 pods are not counted: zones 0/1 (not 2/1) → z1 skew 0+1−0 = 1
    // passes, z2 skew 1+1−0 = 2 fails; x passes the zone constraint and then fails on its missing "node" key.
    const nodes = [...zones(), node("x", { zone: "z1" })];
    const incoming = pod({
      labels: { foo: "" },
      spread: [spread("zone", 1, "DoNotSchedule", FOO), spread("node", 5, "DoNotSchedule", FOO)],
    });
    const run = runPlugin(podTopologySpread, incoming, { nodes, pods: [foo("b1"), foo("x"), foo("x")] });
    expect(codes(run)).toEqual({ a1: "Success", a2: "Success", b1: "Unschedulable", x: "UnschedulableAndUnresolvable" });
  });

  describe("node inclusion policies", () => {
    const taint = { key: "t", value: "", effect: "NoSchedule" as const };
    const nodes = () => [node("a1", { zone: "z1" }, [taint]), node("b1", { zone: "z2" }), node("c1", { zone: "z3", pool: "x" })];
    const pods = [foo("b1"), foo("c1")];
    it.each([
      {
        name: "nodeTaintsPolicy Ignore (default): tainted z1 is a domain with 0 → z2 skew 1+1−0=2 fails",
        s: {},
        features: {},
        want: { a1: "Success", b1: "Unschedulable", c1: "Unschedulable" },
      },
      {
        name: "nodeTaintsPolicy Honor: untolerated z1 is no domain, min 1 → z2 skew 1+1−1=1 passes; z1 0+1−1=0",
        s: { nodeTaintsPolicy: "Honor" as const },
        features: {},
        want: { a1: "Success", b1: "Success", c1: "Success" },
      },
      {
        name: "without the NodeInclusionPolicy gate the policies are ignored (taints Ignore)",
        s: { nodeTaintsPolicy: "Honor" as const },
        features: { nodeInclusionPolicyInPodTopologySpread: false },
        want: { a1: "Success", b1: "Unschedulable", c1: "Unschedulable" },
      },
    ])("$name", ({ s, features, want }) => {
      const incoming = pod({ labels: { foo: "" }, spread: [spread("zone", 1, "DoNotSchedule", FOO, s)] });
      expect(codes(runPlugin(podTopologySpread, incoming, { nodes: nodes(), pods, features }))).toEqual(want);
    });

    it.each([
      {
        name: "nodeAffinityPolicy Honor (default): only pool=x nodes are domains, {z3: 1} → z3 skew 1+1−1=1 passes, others 0+1−1",
        s: {},
        features: {},
        want: { a1: "Success", b1: "Success", c1: "Success" },
      },
      {
        name: "nodeAffinityPolicy Ignore: every node is a domain, min 0 → z2, z3 skew 2 fail",
        s: { nodeAffinityPolicy: "Ignore" as const },
        features: {},
        want: { a1: "Success", b1: "Unschedulable", c1: "Unschedulable" },
      },
      {
        name: "without the gate the pod's node affinity always restricts the domains (as Honor)",
        s: { nodeAffinityPolicy: "Ignore" as const },
        features: { nodeInclusionPolicyInPodTopologySpread: false },
        want: { a1: "Success", b1: "Success", c1: "Success" },
      },
    ])("$name", ({ s, features, want }) => {
      const incoming = pod({ labels: { foo: "" }, nodeSelector: { pool: "x" }, spread: [spread("zone", 1, "DoNotSchedule", FOO, s)] });
      expect(codes(runPlugin(podTopologySpread, incoming, { nodes: nodes(), pods, features }))).toEqual(want);
    });
  });
});

// PreFilterExtensions (filtering.go AddPod / RemovePod → updateWithPod): how the state PreFilter counted changes
// when a nominated pod joins a node (RunFilterPluginsWithNominatedPods) or a victim leaves it (SelectVictimsOnNode).
describe("PodTopologySpread AddPod / RemovePod", () => {
  const world = (pods: Pod[]) => ({ nodes: zones(), pods });
  const hard = (more: Parameters<typeof spread>[4] = {}, selector: LabelSelector = FOO) => pod({ labels: { foo: "" }, spread: [spread("zone", 1, "DoNotSchedule", selector, more)] });
  const filterCodes = (m: Map<string, Status> | null) => (m === null ? null : Object.fromEntries([...m].map(([k, v]) => [k, v.code])));

  it("AddPod counts the pod in its node's domain: z1 2/1 after a foo pod joins a1 fails z1", () => {
    const incoming = hard();
    const base = world([foo("a1"), foo("b1")]);
    expect(codes(runPlugin(podTopologySpread, incoming, base))).toEqual({ a1: "Success", a2: "Success", b1: "Success" });
    expect(filterCodes(runWithChange(podTopologySpread, incoming, base, { add: foo("a2") }))).toEqual({ a1: "Unschedulable", a2: "Unschedulable", b1: "Success" });
  });

  it("RemovePod lowers the global minimum through the critical paths: z2 0/…, so z1 at 1 fails", () => {
    const incoming = hard();
    const base = world([foo("a1"), foo("b1")]);
    expect(filterCodes(runWithChange(podTopologySpread, incoming, base, { remove: 1 }))).toEqual({ a1: "Unschedulable", a2: "Unschedulable", b1: "Success" });
  });

  it("a pod of another namespace, or not matching the selector, changes nothing", () => {
    const incoming = hard();
    const base = world([foo("a1"), foo("b1")]);
    const want = codes(runPlugin(podTopologySpread, incoming, base));
    expect(filterCodes(runWithChange(podTopologySpread, incoming, base, { add: foo("a2", { namespace: "other" }) }))).toEqual(want);
    expect(filterCodes(runWithChange(podTopologySpread, incoming, base, { add: on("a2", { labels: { bar: "" } }) }))).toEqual(want);
  });

  it("under an empty selector ({}) AddPod counts the pod, though PreFilter counts no existing pod (countPodsMatchSelector's Empty())", () => {
    const incoming = hard({}, sel({}));
    const base = world([foo("a1"), foo("a2")]);
    // PreFilter: every domain 0, so every node passes (0 + 1 − 0).
    expect(codes(runPlugin(podTopologySpread, incoming, base))).toEqual({ a1: "Success", a2: "Success", b1: "Success" });
    // AddPod on a1: z1 1 + 1 − 0 = 2 > 1.
    expect(filterCodes(runWithChange(podTopologySpread, incoming, base, { add: foo("a1") }))).toEqual({ a1: "Unschedulable", a2: "Unschedulable", b1: "Success" });
  });

  it("RemovePod uncounts a terminating pod, which PreFilter skipped: z1 drops below z2", () => {
    const incoming = hard();
    const base = world([foo("a1"), foo("a2", { terminating: true }), foo("b1")]);
    // PreFilter: z1 1 (the terminating pod skipped), z2 1.
    expect(codes(runPlugin(podTopologySpread, incoming, base))).toEqual({ a1: "Success", a2: "Success", b1: "Success" });
    // RemovePod of the terminating pod: z1 0, minimum 0, z2 1 + 1 − 0 = 2 > 1.
    expect(filterCodes(runWithChange(podTopologySpread, incoming, base, { remove: 1 }))).toEqual({ a1: "Success", a2: "Success", b1: "Unschedulable" });
  });

  it("minDomains: the domain count does not change, so the minimum stays 0 below it", () => {
    const incoming = hard({ minDomains: 3 });
    const base = world([foo("a1"), foo("b1")]);
    // 2 domains < 3: minimum 0; z1 1 + 1 − 0 = 2 > 1 already, and removing b1's pod leaves z2 passing.
    expect(filterCodes(runWithChange(podTopologySpread, incoming, base, { remove: 1 }))).toEqual({ a1: "Unschedulable", a2: "Unschedulable", b1: "Success" });
  });

  // Away from those two differences, the state AddPod / RemovePod leave filters exactly as PreFilter counting the
  // changed cluster from scratch.
  const arbitraries = () => {
    const names = ["n0", "n1", "n2", "n3", "n4"];
    const app = fc.constantFrom("a", "b", null);
    const labels = app.map((v): Record<string, string> => (v === null ? {} : { app: v }));
    const nodes = fc.integer({ min: 1, max: 5 }).chain((count) =>
      fc.tuple(...names.slice(0, count).map((name) => fc.record({ zone: fc.option(fc.constantFrom("z1", "z2", "z3"), { freq: 4 }), host: fc.boolean() }).map(({ zone, host }) => node(name, { ...(zone === null ? {} : { zone }), ...(host || zone === null ? { node: name } : {}) })))),
    );
    const podOn = (count: number) => fc.record({ node: fc.nat(count - 1), ns: fc.constantFrom("default", "default", "other"), labels }).map((p) => on(`n${p.node}`, { namespace: p.ns, labels: p.labels }));
    const constraint = fc.record({ key: fc.constantFrom("zone", "node"), maxSkew: fc.integer({ min: 1, max: 2 }), app: fc.constantFrom("a", "b"), minDomains: fc.option(fc.integer({ min: 1, max: 3 })) });
    return changeCases(nodes, podOn, fc.record({ labels, constraints: fc.array(constraint, { minLength: 1, maxLength: 2 }) }));
  };
  for (const [name, seed] of propertySeeds(20261205)) {
    it(`agrees with PreFilter counting the changed cluster from scratch (${name})`, () => {
      assertProperty(
        `PodTopologySpread AddPod / RemovePod = PreFilter from scratch (${name})`,
        fc.property(arbitraries(), (c) => {
          const incoming = pod({
            labels: c.incoming.labels,
            spread: c.incoming.constraints.map((k) => spread(k.key, k.maxSkew, "DoNotSchedule", sel({ app: k.app }), { minDomains: k.minDomains })),
          });
          const got = runWithChange(podTopologySpread, incoming, c.world, c.change);
          const want = runPlugin(podTopologySpread, incoming, changedWorld(c.world, c.change)).filter;
          expect(got).toEqual(want);
        }),
        runParameters(1000, seed),
      );
    });
  }
});
