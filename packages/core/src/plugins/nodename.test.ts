import { describe, expect, it } from "vitest";
import { fakeNode, fakePod, pluginOf, podInfo, snapshotOf, testContext } from "../_test/plugin-fakes.js";
import { CycleState } from "../framework/interfaces.js";
import { SUCCESS } from "../framework/status.js";
import { ERR_REASON, NAME, nodeName } from "./nodename.js";

describe("NodeName Filter", () => {
  it.each([
    { name: "a pod without spec.nodeName fits any node", podNode: "", node: "foo", ok: true },
    { name: "the named node fits", podNode: "foo", node: "foo", ok: true },
    { name: "another node does not", podNode: "bar", node: "foo", ok: false },
    { name: "names compare exactly (case matters)", podNode: "Foo", node: "foo", ok: false },
  ])("$name", ({ podNode, node, ok }) => {
    const snap = snapshotOf([fakeNode({ name: node })]);
    const status = pluginOf(nodeName).filter!(new CycleState(), podInfo(fakePod({ nodeName: podNode })), snap.nodes[0]!);
    if (ok) expect(status).toBe(SUCCESS);
    else expect(status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON], plugin: NAME });
  });
});

describe("NodeName PreFilter (v1.37+)", () => {
  it.each([
    { name: "a pod without spec.nodeName is not restricted", version: "1.37.1", podNode: "", nodeNames: null },
    { name: "a pod naming a node restricts the search to it", version: "1.37.1", podNode: "foo", nodeNames: ["foo"] },
  ])("$name", ({ version, podNode, nodeNames }) => {
    const r = pluginOf(nodeName, undefined, testContext(version)).preFilter!(new CycleState(), podInfo(fakePod({ nodeName: podNode })), snapshotOf([]));
    expect(r.status).toBe(SUCCESS);
    expect(r.nodeNames === undefined ? null : [...r.nodeNames!]).toEqual(nodeNames);
  });

  it("does not exist before v1.37", () => {
    expect(pluginOf(nodeName, undefined, testContext("1.36")).preFilter).toBeUndefined();
  });
});
