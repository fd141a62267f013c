import { describe, expect, it } from "vitest";
import { fakeNode, fakePod, pluginOf, podInfo, scoreAll, snapshotOf, testContext } from "../_test/plugin-fakes.js";
import { CycleState } from "../framework/interfaces.js";
import { PluginStatusError, SUCCESS } from "../framework/status.js";
import { parseKubeVersion } from "../framework/version.js";
import type { Taint, Toleration } from "../model/types.js";
import { ERR_REASON_UNTOLERATED, NAME, genericTaintReason, legacyTaintReason, taintToleration } from "./tainttoleration.js";

const tol = (t: Partial<Toleration>): Toleration => ({ key: "", operator: "", value: "", effect: "", ...t });
const taint = (key: string, value: string, effect: Taint["effect"]): Taint => ({ key, value, effect });

describe("TaintToleration reason by version", () => {
  // CHANGELOG-1.34: #135023 (back-port of #134740) shipped in v1.34.2; v1.35 has it from the start.
  it.each([
    { version: "1.30", generic: false },
    { version: "1.33", generic: false },
    { version: "1.34.0", generic: false },
    { version: "1.34.1", generic: false },
    { version: "1.34.2", generic: true },
    { version: "1.34", generic: true },
    { version: "1.35.0", generic: true },
    { version: "1.37", generic: true },
  ])("v$version generic=$generic", ({ version, generic }) => {
    expect(genericTaintReason(parseKubeVersion(version))).toBe(generic);
  });

  it("legacy reason embeds the taint as {key: value}, an empty value included", () => {
    expect(legacyTaintReason(taint("node-role.kubernetes.io/control-plane", "", "NoSchedule"))).toBe(
      "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
    );
  });
});

describe("TaintToleration Filter", () => {
  const taints = [taint("a", "1", "NoSchedule"), taint("b", "2", "NoExecute"), taint("c", "3", "NoSchedule")];

  it.each([
    { name: "no taints pass", taints: [], tolerations: [], version: "1.36", reason: null },
    { name: "PreferNoSchedule never filters", taints: [taint("x", "y", "PreferNoSchedule")], tolerations: [], version: "1.36", reason: null },
    { name: "all tolerated pass", taints, tolerations: [tol({ operator: "Exists" })], version: "1.36", reason: null },
    { name: "the generic reason on current releases", taints, tolerations: [tol({ key: "a", value: "1" })], version: "1.36", reason: ERR_REASON_UNTOLERATED },
    // Taints are walked in node order; the first untolerated one (b, NoExecute) is reported.
    { name: "the first untolerated taint in node order on old releases", taints, tolerations: [tol({ key: "a", value: "1" })], version: "1.33", reason: "node(s) had untolerated taint {b: 2}" },
    { name: "an empty toleration effect matches NoExecute too", taints: [taint("b", "2", "NoExecute")], tolerations: [tol({ key: "b", value: "2" })], version: "1.36", reason: null },
  ])("$name", ({ taints, tolerations, version, reason }) => {
    const snap = snapshotOf([fakeNode({ taints })]);
    const pl = pluginOf(taintToleration, undefined, testContext(version));
    const status = pl.filter!(new CycleState(), podInfo(fakePod({ tolerations })), snap.nodes[0]!);
    if (reason === null) expect(status).toBe(SUCCESS);
    else expect(status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: [reason], plugin: NAME });
  });

  it.each([
    { gate: false, ok: false },
    { gate: true, ok: true },
  ])("Gt toleration needs the TaintTolerationComparisonOperators gate (gate=$gate)", ({ gate, ok }) => {
    const snap = snapshotOf([fakeNode({ taints: [taint("gpu-mem", "16", "NoSchedule")] })]);
    const pl = pluginOf(taintToleration, undefined, testContext("1.36", { taintTolerationComparisonOperators: gate }));
    const status = pl.filter!(new CycleState(), podInfo(fakePod({ tolerations: [tol({ key: "gpu-mem", operator: "Gt", value: "8" })] })), snap.nodes[0]!);
    expect(status.code).toBe(ok ? "Success" : "UnschedulableAndUnresolvable");
  });

  it("shares one rejection status across nodes on current releases", () => {
    const snap = snapshotOf([fakeNode({ name: "a", taints }), fakeNode({ name: "b", taints })]);
    const pl = pluginOf(taintToleration);
    const pod = podInfo(fakePod());
    expect(pl.filter!(new CycleState(), pod, snap.nodes[0]!)).toBe(pl.filter!(new CycleState(), pod, snap.nodes[1]!));
  });
});

describe("TaintToleration Score", () => {
  const prefer = (k: string, v: string) => taint(k, v, "PreferNoSchedule");

  it.each([
    {
      name: "counts intolerable PreferNoSchedule taints, then reverses",
      tolerations: [],
      nodes: [[], [prefer("a", "1")], [prefer("a", "1"), prefer("b", "2")]],
      raw: [0, 1, 2],
      normalized: [100, 50, 0],
    },
    {
      name: "NoSchedule taints do not count",
      tolerations: [],
      nodes: [[taint("a", "1", "NoSchedule")], [prefer("a", "1")]],
      raw: [0, 1],
      normalized: [100, 0],
    },
    {
      name: "a NoSchedule-only toleration is not used for scoring",
      tolerations: [tol({ key: "a", operator: "Exists", effect: "NoSchedule" })],
      nodes: [[prefer("a", "1")], []],
      raw: [1, 0],
      normalized: [0, 100],
    },
    {
      name: "an empty-effect toleration is used for scoring",
      tolerations: [tol({ key: "a", operator: "Exists" })],
      nodes: [[prefer("a", "1")], []],
      raw: [0, 0],
      normalized: [100, 100],
    },
  ])("$name", ({ tolerations, nodes, raw, normalized }) => {
    const snap = snapshotOf(nodes.map((taints, i) => fakeNode({ name: `n${i}`, taints })));
    const got = scoreAll(pluginOf(taintToleration), podInfo(fakePod({ tolerations })), snap);
    expect(got).toEqual({ preScore: "Success", raw, normalized });
  });

  it("Score without PreScore is an Error status, as upstream", () => {
    const snap = snapshotOf([fakeNode()]);
    expect(() => pluginOf(taintToleration).score!(new CycleState(), podInfo(fakePod()), snap.nodes[0]!)).toThrow(PluginStatusError);
  });
});

describe("TaintToleration legacy reason", () => {
  it("is built once per taint and shared across pods", () => {
    const snap = snapshotOf([fakeNode({ taints: [taint("k", "v", "NoSchedule")] })]);
    const pl = pluginOf(taintToleration, undefined, testContext("1.33"));
    const a = pl.filter!(new CycleState(), podInfo(fakePod()), snap.nodes[0]!);
    const b = pl.filter!(new CycleState(), podInfo(fakePod({ name: "other" })), snap.nodes[0]!);
    expect(a.reasons).toEqual(["node(s) had untolerated taint {k: v}"]);
    expect(b).toBe(a);
  });
});
