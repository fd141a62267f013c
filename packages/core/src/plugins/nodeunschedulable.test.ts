import { describe, expect, it } from "vitest";
import { fakeNode, fakePod, pluginOf, podInfo, snapshotOf } from "../_test/plugin-fakes.js";
import { CycleState } from "../framework/interfaces.js";
import { SUCCESS } from "../framework/status.js";
import type { Toleration } from "../model/types.js";
import { ERR_REASON_UNSCHEDULABLE, NAME, nodeUnschedulable } from "./nodeunschedulable.js";

const tol = (t: Partial<Toleration>): Toleration => ({ key: "", operator: "", value: "", effect: "", ...t });
const CORDON = "node.kubernetes.io/unschedulable";

describe("NodeUnschedulable Filter", () => {
  it.each([
    { name: "schedulable node passes", unschedulable: false, tolerations: [], ok: true },
    { name: "cordoned node rejects a pod without tolerations", unschedulable: true, tolerations: [], ok: false },
    { name: "Equal toleration with the empty value tolerates", unschedulable: true, tolerations: [tol({ key: CORDON, effect: "NoSchedule" })], ok: true },
    { name: "Exists on the key tolerates", unschedulable: true, tolerations: [tol({ key: CORDON, operator: "Exists" })], ok: true },
    { name: "empty key with Exists tolerates everything", unschedulable: true, tolerations: [tol({ operator: "Exists" })], ok: true },
    { name: "a NoExecute-only toleration does not", unschedulable: true, tolerations: [tol({ key: CORDON, operator: "Exists", effect: "NoExecute" })], ok: false },
    { name: "a non-empty value does not match the taint's empty value", unschedulable: true, tolerations: [tol({ key: CORDON, value: "true" })], ok: false },
  ])("$name", ({ unschedulable, tolerations, ok }) => {
    const snap = snapshotOf([fakeNode({ unschedulable })]);
    const status = pluginOf(nodeUnschedulable).filter!(new CycleState(), podInfo(fakePod({ tolerations })), snap.nodes[0]!);
    if (ok) expect(status).toBe(SUCCESS);
    else expect(status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_UNSCHEDULABLE], plugin: NAME });
  });

  it("returns one shared rejection status (no allocation per node)", () => {
    const snap = snapshotOf([fakeNode({ name: "a", unschedulable: true }), fakeNode({ name: "b", unschedulable: true })]);
    const pl = pluginOf(nodeUnschedulable);
    const pod = podInfo(fakePod());
    expect(pl.filter!(new CycleState(), pod, snap.nodes[0]!)).toBe(pl.filter!(new CycleState(), pod, snap.nodes[1]!));
  });
});
