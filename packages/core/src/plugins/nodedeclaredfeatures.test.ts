// NodeDeclaredFeatures (component-helpers nodedeclaredfeatures registry per release) through the public API.
import { describe, expect, it } from "vitest";
import { createCluster, schedule } from "../index.js";

type Json = Record<string, any>;
const node = (name: string, declaredFeatures?: string[]): Json => ({
  kind: "Node",
  metadata: { name },
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, ...(declaredFeatures === undefined ? {} : { declaredFeatures }) },
});
const pod = (spec: Json = {}, container: Json = {}): Json => ({ kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", ...container }], ...spec } });
const restartAll = pod({}, { restartPolicyRules: [{ action: "RestartAllContainers", exitCodes: { operator: "In", values: [42] } }] });
const hostNetworkUserNs = pod({ hostNetwork: true, hostUsers: false });
const bindMount = pod({}, { volumeMounts: [{ name: "v", mountPath: "/v", bindMountOptions: ["ro"] }] });

describe("NodeDeclaredFeatures", () => {
  const cluster = createCluster({
    nodes: [node("plain"), node("restart", ["RestartAllContainersOnContainerExits"]), node("all", ["RestartAllContainersOnContainerExits", "UserNamespacesHostNetworkSupport", "VolumeBindMountOptions"])],
  });
  const feasible = (p: Json, version: string) => schedule(p, cluster, { kubernetesVersion: version, percentageOfNodesToScore: 100 }).explanation!.nodes.filter((n) => n.status.code === "Success").map((n) => n.node);

  it("Skips a pod that needs no feature (every node fits)", () => {
    const e = schedule(pod(), cluster, { kubernetesVersion: "1.37.1" }).explanation!;
    expect(e.preFilter.find((p) => p.plugin === "NodeDeclaredFeatures")!.status.code).toBe("Skip");
  });

  it.each([
    ["restartPolicyRules RestartAllContainers", restartAll, "1.36", ["restart", "all"]],
    ["hostNetwork with hostUsers false", hostNetworkUserNs, "1.36", ["all"]],
    ["bindMountOptions (registered in v1.37)", bindMount, "1.37.1", ["all"]],
    ["bindMountOptions before v1.37: not a required feature", bindMount, "1.36", ["plain", "restart", "all"]],
  ])("%s on v%s fits %j", (_name, p, version, nodes) => {
    expect(feasible(p, version)).toEqual(nodes);
  });

  it("rejects with UnschedulableAndUnresolvable and upstream's reason, as the last Filter", () => {
    const r = schedule(restartAll, createCluster({ nodes: [node("plain")] }), { kubernetesVersion: "1.37.1" });
    expect(r.explanation!.nodes[0]!.status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match Pod's required features"], plugin: "NodeDeclaredFeatures" });
  });

  it("is off by default before v1.36 (alpha in v1.35)", () => {
    expect(feasible(restartAll, "1.35")).toEqual(["plain", "restart", "all"]);
  });
});
