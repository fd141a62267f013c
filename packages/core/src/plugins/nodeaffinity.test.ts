import { describe, expect, it } from "vitest";
import { fakeNode, fakePod, pluginOf, podInfo, scoreAll, snapshotOf } from "../_test/plugin-fakes.js";
import { SchedkitError } from "../errors.js";
import { CycleState } from "../framework/interfaces.js";
import { SUCCESS } from "../framework/status.js";
import type { NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm, Pod } from "../model/types.js";
import {
  ERR_REASON_CONFLICT,
  ERR_REASON_ENFORCED,
  ERR_REASON_POD,
  NAME,
  nodeAffinity,
  parseNodeAffinityArgs,
  requiredNodeNames,
} from "./nodeaffinity.js";

const req = (key: string, operator: string, ...values: string[]): NodeSelectorRequirement => ({ key, operator, values });
const term = (matchExpressions: NodeSelectorRequirement[] = [], matchFields: NodeSelectorRequirement[] = []): NodeSelectorTerm => ({
  matchExpressions,
  matchFields,
});
const nameIn = (...names: string[]) => req("metadata.name", "In", ...names);
const labels = (o: Record<string, string>) => new Map(Object.entries(o));

function podWith(na: Partial<NodeAffinity> | null, nodeSelector: Record<string, string> = {}): Pod {
  const nodeAff = na === null ? null : { required: null, preferred: [], ...na };
  return fakePod({ nodeSelector: labels(nodeSelector), affinity: { nodeAffinity: nodeAff, podAffinity: null, podAntiAffinity: null } });
}
const required = (...terms: NodeSelectorTerm[]) => ({ required: { nodeSelectorTerms: terms } });

describe("NodeAffinity PreFilter", () => {
  const snap = snapshotOf([fakeNode()]);
  const run = (pod: Pod, args?: unknown) => pluginOf(nodeAffinity, args).preFilter!(new CycleState(), podInfo(pod), snap);

  it.each([
    { name: "skips a pod without selector or required affinity", pod: podWith(null), code: "Skip", names: null },
    { name: "skips a pod with only preferred terms", pod: podWith({ preferred: [{ weight: 1, preference: term([req("a", "Exists")]) }] }), code: "Skip", names: null },
    { name: "runs for a nodeSelector", pod: podWith(null, { a: "b" }), code: "Success", names: null },
    { name: "runs for an empty required term list (matches nothing later)", pod: podWith(required()), code: "Success", names: null },
    { name: "label-only terms admit all nodes", pod: podWith(required(term([req("a", "Exists")]))), code: "Success", names: null },
    { name: "one name", pod: podWith(required(term([], [nameIn("n1")]))), code: "Success", names: ["n1"] },
    { name: "names within a term intersect", pod: podWith(required(term([], [nameIn("n1", "n2"), nameIn("n2", "n3")]))), code: "Success", names: ["n2"] },
    { name: "names across terms unite", pod: podWith(required(term([], [nameIn("n1")]), term([], [nameIn("n2")]))), code: "Success", names: ["n1", "n2"] },
    { name: "a term without a name requirement admits all nodes", pod: podWith(required(term([], [nameIn("n1")]), term([req("a", "Exists")]))), code: "Success", names: null },
    { name: "NotIn on the name does not restrict", pod: podWith(required(term([], [req("metadata.name", "NotIn", "n1")]))), code: "Success", names: null },
    {
      name: "every term empty after intersection is a conflict",
      pod: podWith(required(term([], [nameIn("n1"), nameIn("n2")]))),
      code: "UnschedulableAndUnresolvable",
      names: null,
    },
  ])("$name", ({ pod, code, names }) => {
    const r = run(pod);
    expect(r.status.code).toBe(code);
    expect(r.nodeNames == null ? null : [...r.nodeNames].sort()).toEqual(names);
  });

  it("the conflict names upstream's reason", () => {
    const r = run(podWith(required(term([], [nameIn("n1"), nameIn("n2")]))));
    expect(r.status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_CONFLICT], plugin: NAME });
  });

  it("runs for a pod without constraints when the profile adds required affinity", () => {
    const args = { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "Exists" }] }] } } };
    expect(run(podWith(null), args).status).toBe(SUCCESS);
  });

  it("requiredNodeNames ignores other field keys and label expressions", () => {
    expect(requiredNodeNames([term([req("metadata.name", "In", "x")], [nameIn("n1")])])).toEqual(new Set(["n1"]));
  });
});

describe("NodeAffinity Filter", () => {
  function filter(pod: Pod, nodeLabels: Record<string, string>, nodeName = "node", args?: unknown) {
    const snap = snapshotOf([fakeNode({ name: nodeName, labels: labels(nodeLabels) })]);
    const pl = pluginOf(nodeAffinity, args);
    const state = new CycleState();
    const pi = podInfo(pod);
    const pre = pl.preFilter!(state, pi, snap);
    expect(pre.status.code).not.toBe("Error");
    return pl.filter!(state, pi, snap.nodes[0]!);
  }
  const podReject = { code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_POD], plugin: NAME };

  it.each([
    { name: "nodeSelector subset of labels passes", pod: podWith(null, { a: "1" }), labels: { a: "1", b: "2" }, ok: true },
    { name: "nodeSelector value mismatch fails", pod: podWith(null, { a: "1" }), labels: { a: "2" }, ok: false },
    { name: "selector and affinity are ANDed", pod: podWith(required(term([req("b", "Exists")])), { a: "1" }), labels: { a: "1" }, ok: false },
    { name: "terms are ORed", pod: podWith(required(term([req("x", "Exists")]), term([req("a", "In", "1")]))), labels: { a: "1" }, ok: true },
    { name: "an empty term list matches no node", pod: podWith(required()), labels: { a: "1" }, ok: false },
    { name: "an empty term is skipped, not a match", pod: podWith(required(term())), labels: {}, ok: false },
    { name: "a broken term never matches but others still count", pod: podWith(required(term([req("a", "Gt", "x")]), term([req("a", "Exists")]))), labels: { a: "1" }, ok: true },
    { name: "Gt compares integers", pod: podWith(required(term([req("v", "Gt", "0204")]))), labels: { v: "0206" }, ok: true },
    { name: "matchFields compares the node name", pod: podWith(required(term([], [nameIn("node")]))), labels: {}, ok: true },
  ])("$name", ({ pod, labels: l, ok }) => {
    const status = filter(pod, l as Record<string, string>);
    if (ok) expect(status).toBe(SUCCESS);
    else expect(status).toEqual(podReject);
  });

  it("checks scheduler-enforced affinity before the pod's own", () => {
    const args = { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["bar"] }] }] } } };
    expect(filter(podWith(null, { a: "1" }), { zone: "foo" }, "node", args)).toEqual({
      code: "UnschedulableAndUnresolvable",
      reasons: [ERR_REASON_ENFORCED],
      plugin: NAME,
    });
    expect(filter(podWith(null, { a: "1" }), { zone: "bar" }, "node", args)).toEqual(podReject);
  });

  it("matches without PreFilter (upstream fallback)", () => {
    const snap = snapshotOf([fakeNode({ labels: labels({ a: "1" }) })]);
    const status = pluginOf(nodeAffinity).filter!(new CycleState(), podInfo(podWith(null, { a: "1" })), snap.nodes[0]!);
    expect(status).toBe(SUCCESS);
  });
});

describe("NodeAffinity Score", () => {
  const nodes = [fakeNode({ name: "n1", labels: labels({ a: "1" }) }), fakeNode({ name: "n2", labels: labels({ a: "1", b: "2" }) }), fakeNode({ name: "n3" })];
  const pref = (weight: number, ...exprs: NodeSelectorRequirement[]) => ({ weight, preference: term(exprs) });

  it.each([
    {
      name: "sums the weights of matching terms and scales by the maximum",
      preferred: [pref(2, req("a", "Exists")), pref(4, req("b", "Exists"))],
      raw: [2, 6, 0],
      normalized: [33, 100, 0],
    },
    { name: "weight-0 and empty preferences are ignored", preferred: [pref(0, req("a", "Exists")), pref(5)], raw: [0, 0, 0], normalized: [0, 0, 0] },
  ])("$name", ({ preferred, raw, normalized }) => {
    const got = scoreAll(pluginOf(nodeAffinity), podInfo(podWith({ preferred })), snapshotOf(nodes));
    expect(got).toEqual({ preScore: "Success", raw, normalized });
  });

  it("skips a pod without preferred terms", () => {
    expect(scoreAll(pluginOf(nodeAffinity), podInfo(podWith(null)), snapshotOf(nodes)).preScore).toBe("Skip");
  });

  it("scores added preferred terms for every pod", () => {
    const args = { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: { matchExpressions: [{ key: "b", operator: "Exists" }] } }] } };
    const got = scoreAll(pluginOf(nodeAffinity, args), podInfo(podWith({ preferred: [pref(1, req("a", "Exists"))] })), snapshotOf(nodes));
    expect(got).toEqual({ preScore: "Success", raw: [1, 4, 0], normalized: [25, 100, 0] });
  });

  it("a broken preferred term is an Error status at PreScore", () => {
    const pod = podWith({ preferred: [pref(2, req("invalid key", "In", "bar"))] });
    const status = pluginOf(nodeAffinity).preScore!(new CycleState(), podInfo(pod), [], snapshotOf(nodes));
    expect(status.code).toBe("Error");
    expect(status.plugin).toBe(NAME);
    expect(status.reasons[0]).toContain("invalid key");
  });
});

describe("NodeAffinity args", () => {
  it.each([
    { name: "no args", args: undefined },
    { name: "null addedAffinity", args: { addedAffinity: null } },
    { name: "typed args with apiVersion/kind", args: { apiVersion: "kubescheduler.config.k8s.io/v1", kind: "NodeAffinityArgs" } },
  ])("accepts $name", ({ args }) => {
    expect(parseNodeAffinityArgs(args, "args").addedAffinity).toBeNull();
    expect(() => pluginOf(nodeAffinity, args)).not.toThrow();
  });

  it.each([
    { name: "args that are not an object", args: 3, path: "args" },
    { name: "a non-array term list", args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: {} } } }, path: "args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms" },
    { name: "a non-string operator", args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "a", operator: 1 }] }] } } }, path: "args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator" },
    { name: "a fractional weight", args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1.5, preference: {} }] } }, path: "args.addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight" },
    { name: "an invalid required term (NewNodeSelector is strict)", args: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "a", operator: "In" }] }] } } }, path: "args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution" },
    { name: "an invalid preferred term", args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "bad key", operator: "Exists" }] } }] } }, path: "args.addedAffinity.preferredDuringSchedulingIgnoredDuringExecution" },
  ])("rejects $name", ({ args, path }) => {
    try {
      pluginOf(nodeAffinity, args);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SchedkitError);
      expect((e as SchedkitError).path).toBe(path);
    }
  });
});
